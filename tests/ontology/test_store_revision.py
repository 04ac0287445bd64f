"""The store's revision changes with every write and with no read, on every backend; a
second client of the same remote store sees the first one's writes; the embedded store
tells which declared scopes changed; ``pairs`` reads a property completely; the embedded
store's stamp outlives the process and every later write replaces it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ontology.store import EmbeddedStore, GraphStore, RemoteStore

G = URIRef("https://example.org/graph/rev")
EX = "https://example.org/"


def _graph(n: int) -> Graph:
    graph = Graph()
    for i in range(n):
        node = URIRef(f"{EX}item{i}")
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.notation, Literal(f"N.{i}")))
    return graph


def test_every_write_changes_the_revision_and_no_read_does(store: GraphStore) -> None:
    seen = [store.revision()]
    writes: list[Callable[[], None]] = [
        lambda: store.add(G, _graph(2)),
        lambda: store.update(f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}x> <{EX}p> 'v' }} }}"),
        lambda: store.replace_graph(G, _graph(3)),
        lambda: store.replace_graph_ntriples(G, _graph(1).serialize(format="nt")),
        lambda: store.replace_graph(G, Graph()),
    ]
    for write in writes:
        store.select(f"SELECT * WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}")
        store.ask("ASK { ?s ?p ?o }")
        assert store.revision() == seen[-1], "a read changed the revision"
        write()
        seen.append(store.revision())
        assert seen[-1] not in seen[:-1], "a write left the revision as it was"


def test_a_second_client_sees_the_first_ones_writes(store: GraphStore) -> None:
    if not isinstance(store, RemoteStore):
        pytest.skip("one process owns the embedded store")
    other = RemoteStore(store.query_url, store.update_url)
    try:
        before = other.revision()
        store.add(G, _graph(1))
        assert other.revision() != before
        assert other.changes_since(before) is None  # a remote change is never scoped
    finally:
        other.close()


def test_declared_scopes_are_reported_since_a_revision(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        start = store.revision()
        assert store.changes_since(start) == []
        with store.declaring([f"{EX}a"]):
            store.add(G, _graph(1))
            with store.declaring([f"{EX}b"]):
                store.add(G, _graph(2))
        middle = store.revision()
        both = frozenset({f"{EX}a", f"{EX}b"})
        assert store.changes_since(start) == [frozenset({f"{EX}a"}), both]
        store.add(G, _graph(3))  # undeclared: anything may have changed
        assert store.changes_since(middle) == [None]
        assert store.changes_since("another-store-7") is None
    finally:
        store.close()


def test_pairs_reads_a_property_completely(store: GraphStore) -> None:
    store.add(G, _graph(7))
    if isinstance(store, RemoteStore):  # pages of 3 rows: the paging is exercised
        store = RemoteStore(store.query_url, store.update_url, page_rows=3)
    expected = {(f"{EX}item{i}", f"N.{i}") for i in range(7)}
    assert store.pairs(str(SKOS.notation)) == expected
    typed = store.pairs(str(RDF.type), str(SKOS.Concept))
    assert typed == {(f"{EX}item{i}", str(SKOS.Concept)) for i in range(7)}


# -- the stamp that outlives the process (what api/kept.py checks a kept copy against) -------


def _write(store: EmbeddedStore, n: int) -> None:
    store.update(f'INSERT DATA {{ GRAPH <{G}> {{ <{EX}s{n}> <{EX}p> "{n}" }} }}')


def test_a_seal_stamps_the_state_and_any_later_write_replaces_it(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        assert store.stamp() is None  # never sealed
        _write(store, 1)
        before = store.revision()
        stamp = store.seal(before)
        assert stamp is not None and store.stamp() == stamp
        assert store.revision() == before  # a seal is not a write of data
        _write(store, 2)
        assert store.stamp() not in {None, stamp}
        assert store.seal(before) is None  # the store moved past that revision
    finally:
        store.close()


def test_the_first_write_of_the_next_opening_replaces_the_stamp(tmp_path: Path) -> None:
    """As a CLI command after the server stopped: the stamp the server sealed survives the
    restart until the first write, which replaces it before it writes."""
    store = EmbeddedStore(tmp_path / "oxigraph")
    stamp = store.seal(store.revision())
    store.close()
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        assert store.stamp() == stamp
        store.add(G, _graph(1))
        assert store.stamp() not in {None, stamp}
    finally:
        store.close()
