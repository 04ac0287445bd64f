"""The graph as RDF: ``aimsgraph export`` and ``GET /api/export`` write the same formats.

``trig``, ``nquads`` and ``jsonld`` keep the named graphs; ``turtle`` merges them into one
graph (graph names are lost). With ``graph``, only that named graph (by IRI or short name:
``org``, ``std/iso42001``, ``crosswalk/iso42001-euaiact``, ``vocabulary``).
"""

from __future__ import annotations

from io import BytesIO
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from ontology.errors import InputError, NotFoundError
from ontology.namespaces import GRAPH, PREFIXES
from ontology.store import GraphStore

if TYPE_CHECKING:
    from api.workspace import Workspace

#: Export format -> (rdflib serializer, media type, file extension).
EXPORT_MEDIA = {
    "trig": ("application/trig", "trig"),
    "turtle": ("text/turtle", "ttl"),
    "jsonld": ("application/ld+json", "jsonld"),
    "nquads": ("application/n-quads", "nq"),
}
EXPORT_FORMATS = {"trig": "trig", "turtle": "turtle", "jsonld": "json-ld", "nquads": "nquads"}


def graph_iri(name: str) -> URIRef:
    """A named graph by full IRI or by its short name (``org``, ``std/iso42001``).

    The IRI is checked by parsing it (RFC 3987, as the store's SPARQL parser reads IRIs),
    so a name the store would refuse is an input error here, not a SPARQL error later.
    """
    iri = name if "://" in name else f"{GRAPH}{name.strip('/')}"
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise InputError(
            f"not a graph name or IRI: {name!r} ({error})", hint="e.g. org or std/iso42001"
        ) from None
    return URIRef(iri)


def _export_graph(store: GraphStore, graph: URIRef, fmt: str, out: IO[bytes]) -> None:
    """One named graph; dataset formats keep its name."""
    data = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    if len(data) == 0:
        raise NotFoundError(
            f"no such graph, or it is empty: {graph}",
            hint="named graphs: " + ", ".join(store.named_graphs()),
        )
    if fmt in {"trig", "nquads", "jsonld"}:
        dataset = Dataset()
        target = dataset.graph(graph)
        for triple in data:
            target.add(triple)
        data = dataset
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace)
    out.write(data.serialize(format=EXPORT_FORMATS[fmt], encoding="utf-8"))


def _export_all(store: GraphStore, fmt: str, out: IO[bytes]) -> None:
    """Every named graph; turtle merges them into one graph (graph names are lost)."""
    if fmt in {"trig", "nquads"}:
        store.dump(fmt, out)
        return
    if fmt == "turtle":
        data: Graph = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    else:
        data = Dataset()
        data.parse(data=_dump_text(store), format="nquads")
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace)
    out.write(data.serialize(format=EXPORT_FORMATS[fmt], encoding="utf-8"))


def _dump_text(store: GraphStore) -> str:
    buffer = BytesIO()
    store.dump("nquads", buffer)
    return buffer.getvalue().decode("utf-8")


def export(ws: Workspace, fmt: str, out: IO[bytes], graph: str | None = None) -> None:
    """Write every named graph (or ``graph``) to ``out`` as ``fmt``."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint="use " + ", ".join(EXPORT_FORMATS))
    if graph:
        _export_graph(ws.store, graph_iri(graph), fmt, out)
    else:
        _export_all(ws.store, fmt, out)
    out.flush()
