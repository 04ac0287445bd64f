"""Terms between pyoxigraph, rdflib and SPARQL 1.1 JSON results, in the forms every engine
agrees on (plain literals for ``xsd:string``, booleans as words, UTC times ending in ``Z``)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ontology.errors import StoreError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def to_rdflib(term: Any) -> Node:
    """Convert a pyoxigraph term to its rdflib equivalent."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            # Plain literals, as SPARQL JSON results give them, so both backends agree.
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unsupported RDF term {term!r}")


_XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def canonical_term(term: Node) -> Node:
    """``term`` in the one lexical form every engine agrees on, for exports: a UTC time ends
    in ``Z`` (Virtuoso rewrites ``+00:00`` so), a language tag is lower case (Virtuoso
    lowers it; tags are case-insensitive). Same value, same bytes.

    >>> canonical_term(Literal("2026-06-01T10:00:00+00:00", datatype=URIRef(_XSD_DATETIME)))
    rdflib.term.Literal('2026-06-01T10:00:00Z', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#dateTime'))
    """
    if not isinstance(term, Literal):
        return term
    if term.language:
        return Literal(str(term), lang=term.language.lower())
    if term.datatype is not None and str(term.datatype) == _XSD_DATETIME:
        text = str(term)
        for utc in ("+00:00", "-00:00"):
            if text.endswith(utc):
                # normalize=False: rdflib would otherwise write the time back as +00:00
                return Literal(text[: -len(utc)] + "Z", datatype=term.datatype, normalize=False)
    return term


def to_oxigraph(term: Node) -> Any:
    """Convert an rdflib term to its pyoxigraph equivalent."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported RDF term {term!r}")


def term_from_json(value: dict[str, str]) -> Node:
    """The rdflib term of one binding of a SPARQL 1.1 JSON result."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    if value.get("datatype") == _XSD_BOOLEAN and value["value"] in {"0", "1"}:
        # Virtuoso answers booleans as 0 and 1 (valid, not canonical): read them as words.
        return Literal(value["value"] == "1")
    if "datatype" in value and value["datatype"] != _XSD_STRING:
        return Literal(value["value"], datatype=URIRef(value["datatype"]))
    return Literal(value["value"])
