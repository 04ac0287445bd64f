"""The graph as RDF: ``aimsgraph export`` and ``GET /api/export`` write the same formats.

``trig``, ``nquads`` and ``jsonld`` keep the named graphs; ``turtle`` merges them into one
graph (graph names are lost). Only aimsgraph's graphs (``…/graph/…``) are exported, sorted,
so the same data gives the same bytes on every engine; a remote store is read in pages, each
graph checked against its ``COUNT`` (an engine's row limit fails the export loudly). With ``graph``, only that named graph (by IRI or short name:
``org``, ``std/iso42001``, ``crosswalk/iso42001-euaiact``, ``vocabulary``).

Queries (``aimsgraph query``, ``/sparql``) go through :meth:`GraphOperations.query`.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

from api.operations.state import WorkspaceBase
from ontology.errors import InputError, NotFoundError
from ontology.namespaces import GRAPH, PREFIXES
from ontology.store import GraphStore, canonical_term, to_oxigraph

if TYPE_CHECKING:
    from api.sparql_endpoint import SparqlAnswer
    from ontology.reference import LoadResult

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
    if not store.ask(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
        raise NotFoundError(
            f"no such graph, or it is empty: {graph}",
            hint="named graphs: " + ", ".join(store.named_graphs(str(GRAPH))),
        )
    out.write(_serialize(store, [str(graph)], fmt))


def _export_all(store: GraphStore, fmt: str, out: IO[bytes]) -> None:
    """aimsgraph's named graphs (an engine's own, e.g. Virtuoso's, stay out); turtle merges
    them into one graph (graph names are lost)."""
    out.write(_serialize(store, store.named_graphs(str(GRAPH)), fmt))


def _serialize(store: GraphStore, graphs: list[str], fmt: str) -> bytes:
    """The quads of ``graphs``, sorted, in ``fmt``: the same data gives the same bytes on
    every engine. Built in memory first, so a failed read writes nothing."""
    if fmt in {"trig", "nquads"}:
        buffer = BytesIO()
        store.dump(fmt, buffer, graphs)
        return buffer.getvalue()
    quads = sorted(
        (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object), quad)
        for name in sorted(graphs)
        for quad in _quads(store, name)
    )
    if fmt == "turtle":
        triples = sorted({item[1:4]: item[4].triple for item in quads}.items())
        text = ox.serialize((t for _, t in triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return text or b""
    return ox.serialize((item[4] for item in quads), format=ox.RdfFormat.JSON_LD) or b""


def _quads(store: GraphStore, name: str) -> Iterator[ox.Quad]:
    target = ox.NamedNode(name)
    for s, p, o in store.graph_triples(name):
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(canonical_term(o)), target)


class GraphOperations(WorkspaceBase):
    """The graph as a whole: load its reference data, export it as RDF, query it in SPARQL."""

    def load_reference(self, force: bool = False) -> list[LoadResult]:
        """Load or upgrade the vocabulary, standards and crosswalks (``aimsgraph init``): a
        graph is reloaded only when its packaged file changed (every one with ``force``).
        After an upgrade, evidence is propagated again over the changed crosswalks."""
        from mapping.evidence.propagation import propagate_evidence
        from ontology.reference import load_reference

        with self.lock:
            results = load_reference(self.store, force=force)
            if any(r.action == "upgraded" for r in results):
                propagate_evidence(self.store)
        return results

    def query(self, text: str, accept: str) -> SparqlAnswer:
        """Run a read-only SPARQL query within the limits, serialised in the first media
        type of ``accept`` that suits its form (``answer.form``).

        The one query path: ``aimsgraph query`` calls it, ``/sparql`` runs the same service
        (:class:`api.sparql_endpoint.SparqlService`) asynchronously; both check and run the
        query in an isolated worker process.
        """
        return self.sparql.run(self.store, text, accept)

    def export(self, fmt: str, out: IO[bytes], graph: str | None = None) -> None:
        """Write every named graph (or ``graph``) to ``out`` as ``fmt``."""
        if fmt not in EXPORT_FORMATS:
            raise InputError(
                f"unknown export format {fmt!r}", hint="use " + ", ".join(EXPORT_FORMATS)
            )
        if graph:
            _export_graph(self.store, graph_iri(graph), fmt, out)
        else:
            _export_all(self.store, fmt, out)
        out.flush()
