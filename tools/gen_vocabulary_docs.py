"""Regenerate the term reference of docs/vocabulary.md from ontology/aims.ttl.

The hand-written parts of docs/vocabulary.md stay as they are; only the text between the
``<!-- BEGIN TERMS -->`` and ``<!-- END TERMS -->`` markers is replaced, with one table per
kind of term (classes, object properties, datatype properties, individuals by class) built
from each term's label, definition, domain and range. Re-run after changing aims.ttl:

    .venv/bin/python tools/gen_vocabulary_docs.py          # rewrite docs/vocabulary.md
    .venv/bin/python tools/gen_vocabulary_docs.py --check  # exit 1 when it is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "ontology" / "aims.ttl"
DOC = ROOT / "docs" / "vocabulary.md"
AIMS = "https://w3id.org/aimsgraph/ns#"
BEGIN, END = "<!-- BEGIN TERMS -->", "<!-- END TERMS -->"
PREFIXES = {
    AIMS: "aims:",
    str(SKOS): "skos:",
    str(RDFS): "rdfs:",
    str(OWL): "owl:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://purl.org/dc/terms/": "dct:",
    "http://www.w3.org/ns/prov#": "prov:",
    "https://w3id.org/airo#": "airo:",
    "https://w3id.org/dpv#": "dpv:",
}


def curie(node: object) -> str:
    text = str(node)
    for namespace, prefix in PREFIXES.items():
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return f"<{text}>"


def terms(graph: Graph) -> list[URIRef]:
    """Every term the vocabulary declares in the aims: namespace."""
    return sorted(
        {
            s
            for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(AIMS)
        }
    )


def cell(graph: Graph, term: URIRef, prop: URIRef) -> str:
    values = sorted(
        curie(v) if isinstance(v, URIRef) else str(v) for v in graph.objects(term, prop)
    )
    return ", ".join(values).replace("|", "\\|").replace("\n", " ")


def describe(graph: Graph, term: URIRef) -> str:
    text = cell(graph, term, SKOS.definition) or cell(graph, term, RDFS.comment)
    extra = (
        [f"subclass of {cell(graph, term, RDFS.subClassOf)}"]
        if (term, RDFS.subClassOf, None) in graph
        else []
    )
    extra += (
        [f"same as {cell(graph, term, OWL.equivalentClass)}"]
        if (term, OWL.equivalentClass, None) in graph
        else []
    )
    extra += (
        [f"sub-property of {cell(graph, term, RDFS.subPropertyOf)}"]
        if (term, RDFS.subPropertyOf, None) in graph
        else []
    )
    return text + (f" ({'; '.join(extra)})" if extra else "")


def label(graph: Graph, term: URIRef) -> str:
    return cell(graph, term, RDFS.label) or cell(graph, term, SKOS.prefLabel)


def table(graph: Graph, heading: str, members: list[URIRef], with_range: bool) -> list[str]:
    if not members:
        return []
    lines = [f"### {heading}", ""]
    if with_range:
        lines += ["| term | label | meaning | domain → range |", "|---|---|---|---|"]
    else:
        lines += ["| term | label | meaning |", "|---|---|---|"]
    for term in members:
        row = f"| `{curie(term)}` | {label(graph, term)} | {describe(graph, term)} |"
        if with_range:
            domain = cell(graph, term, RDFS.domain) or "any"
            row += f" {domain} → {cell(graph, term, RDFS.range) or 'any'} |"
        lines.append(row)
    return [*lines, ""]


def render(graph: Graph) -> str:
    """The generated term reference, in markdown."""
    by_type: dict[str, list[URIRef]] = {}
    for term in terms(graph):
        kinds = sorted(curie(t) for t in graph.objects(term, RDF.type))
        by_type.setdefault(kinds[0], []).append(term)
    lines = [BEGIN, "", "_Generated from ontology/aims.ttl by tools/gen_vocabulary_docs.py._", ""]
    lines += table(graph, "Classes", by_type.pop("owl:Class", []), with_range=False)
    lines += table(graph, "Object properties", by_type.pop("owl:ObjectProperty", []), True)
    lines += table(graph, "Datatype properties", by_type.pop("owl:DatatypeProperty", []), True)
    for kind in sorted(by_type):
        name = "Other individuals" if kind == "owl:NamedIndividual" else f"Values of {kind}"
        lines += table(graph, name, by_type[kind], with_range=False)
    return "\n".join([*lines, END])


def updated(document: str, generated: str) -> str:
    if BEGIN not in document or END not in document:
        raise SystemExit(f"{DOC} lacks the {BEGIN} … {END} markers")
    head, rest = document.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return head + generated + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the doc is stale")
    args = parser.parse_args(argv)
    graph = Graph().parse(VOCABULARY, format="turtle")
    current = DOC.read_text(encoding="utf-8")
    fresh = updated(current, render(graph))
    if args.check:
        if fresh != current:
            print(f"{DOC} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
