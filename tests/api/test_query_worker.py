"""The isolated query path: a worker sees the data as it is when the query starts (embedded
snapshot, shared by the queries of one store revision), runs against a remote endpoint too, keeps the result limit, and leaves nothing
behind."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from api.query_worker import Snapshots
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
        # one snapshot per revision, kept while it is current; the outdated ones are gone
        assert len(list((tmp_path / "oxigraph.queries").iterdir())) == 1
        service.shutdown()
        assert list((tmp_path / "oxigraph.queries").iterdir()) == []
    finally:
        store.close()


def test_queries_share_a_snapshot_until_a_write(tmp_path: Path, service: SparqlService) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    snapshots = Snapshots.of(store.path)
    try:
        store.add(G, _triples(2))
        first = snapshots.take(store)
        assert snapshots.take(store) == first  # same revision: shared
        store.oxigraph.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("1")))
        store.note_write()
        second = snapshots.take(store)
        assert second != first
        snapshots.release(first)
        assert first.is_dir()  # still read by the other query that took it
        snapshots.release(first)
        assert not first.is_dir() and second.is_dir()
        snapshots.release(second)
        assert second.is_dir()  # current: kept for the next query
        # a worker that kept the old snapshot open reads the new one after a write
        assert _count(service, store) == 2
        store.add(G, _triples(3, start=2))
        assert _count(service, store) == 5
        store.update(f"DELETE DATA {{ GRAPH <{G}> {{ <urn:s0> <urn:p> 0 }} }}")
        assert _count(service, store) == 4
    finally:
        snapshots.close()
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
