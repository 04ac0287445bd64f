"""Write SPARQL SELECT and ASK results as SPARQL 1.1 JSON, XML, CSV and TSV.

The endpoint caps the rows it returns, so it serialises the rows it kept itself rather
than handing the store's whole result to a serialiser.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
RESULT_TYPES = (JSON, XML, CSV, TSV)

Row = dict[str, Node]


def json_term(term: Node) -> dict[str, str]:
    """One term as SPARQL 1.1 JSON writes it."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_select(variables: Sequence[str], rows: Sequence[Row], media_type: str) -> bytes:
    """``rows`` (unbound variables absent) in ``media_type``."""
    if media_type == JSON:
        return write_json(variables, [{k: json_term(v) for k, v in row.items()} for row in rows])
    if media_type == XML:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append(
            "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>"
        )
        out.append("<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items()
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>")
        return "\n".join(out).encode("utf-8")
    if media_type == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_value(row.get(v)) for v in variables])
        return buffer.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_value(row.get(v)) for v in variables) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_json(variables: Sequence[str], bindings: Sequence[dict[str, dict[str, str]]]) -> bytes:
    """SPARQL 1.1 JSON of rows already in its term form (:func:`json_term`), without spaces
    (as Oxigraph writes it, and as the embedded store's own writer in
    :mod:`api.sparql_endpoint` does: the same bytes on every store)."""
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": list(bindings)}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_ask(answer: bool, media_type: str) -> bytes:
    """A boolean result; CSV and TSV (not defined for ASK by the spec) as one ``_askResult``."""
    if media_type == JSON:
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    if media_type == XML:
        text = "true" if answer else "false"
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>"
        ).encode()
    separator = "\r\n" if media_type == CSV else "\n"
    header = "_askResult" if media_type == CSV else "?_askResult"
    return f"{header}{separator}{'true' if answer else 'false'}{separator}".encode()
