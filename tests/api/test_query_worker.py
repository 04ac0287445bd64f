"""The isolated query path: a worker sees the data as it is when the query starts (embedded
snapshot), runs against a remote endpoint too, keeps the result limit, and leaves nothing
behind."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from api.sparql_endpoint import SparqlService
from ontology.errors import ReadOnlyQueryError
from ontology.store import EmbeddedStore, RemoteStore

JSON = "application/sparql-results+json"
G = URIRef("urn:test:graph")
# the test graph only: a remote store also holds the store-revision token (its own graph)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:test:graph> { ?s ?p ?o } }"


def _triples(n: int, start: int = 0) -> Graph:
    graph = Graph()
    for i in range(start, start + n):
        graph.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    return graph


def _count(service: SparqlService, store: EmbeddedStore | RemoteStore) -> int:
    answer = service.run(store, COUNT, JSON)
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture()
def service() -> Iterator[SparqlService]:
    running = SparqlService(timeout_s=60, result_limit=5, workers=2)
    yield running
    running.shutdown()


def test_a_worker_sees_each_write_before_its_query(tmp_path: Path, service: SparqlService) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        store.add(G, _triples(3))
        assert _count(service, store) == 3
        store.add(G, _triples(4, start=3))
        assert _count(service, store) == 7
        answer = service.run(store, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
        assert answer.truncated and answer.form == "SELECT"
        assert len(answer.body.decode().splitlines()) == 1 + 5
        with pytest.raises(ReadOnlyQueryError):
            service.run(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", JSON)
        assert _count(service, store) == 7
        assert list((tmp_path / "oxigraph.queries").iterdir()) == []  # snapshots removed
    finally:
        store.close()


def test_a_worker_queries_a_remote_store(oxigraph_server: str, service: SparqlService) -> None:
    store = RemoteStore(oxigraph_server + "/query", oxigraph_server + "/update")
    try:
        store.update("DROP SILENT ALL")
        store.add(G, _triples(6))
        assert _count(service, store) == 6
        answer = service.run(store, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
        assert answer.form == "CONSTRUCT" and answer.truncated
        assert len(Graph().parse(data=answer.body.decode(), format="nt")) == 5
    finally:
        store.update("DROP SILENT ALL")
        store.close()
