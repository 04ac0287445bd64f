"""One suite, three backends: the embedded Oxigraph store, a real `oxigraph serve` and a real
Virtuoso 7.

The ``store`` fixture (tests/conftest.py) runs every test taking it on both.
"""

from __future__ import annotations

import csv as csvlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ontology.errors import (
    QueryError,
    ReadOnlyQueryError,
    StoreLockedError,
    StoreUnreachableError,
)
from ontology.store import (
    EmbeddedStore,
    GraphStore,
    RemoteStore,
    check_read_only,
    open_store,
    query_form,
)
from tests.conftest import ROOT, SparqlServer, free_port

G1 = URIRef("https://example.org/graph/one")
G2 = URIRef("https://example.org/graph/two")
EX = "https://example.org/"


def sample() -> Graph:
    graph = Graph()
    a = URIRef(EX + "a")
    graph.add((a, RDF.type, SKOS.Concept))
    graph.add((a, SKOS.prefLabel, Literal("Alpha", lang="en")))
    graph.add((a, SKOS.notation, Literal("A.1")))
    graph.add((a, URIRef(EX + "order"), Literal(3)))
    graph.add((a, URIRef(EX + "ok"), Literal(True)))
    return graph


def test_select_returns_rdflib_terms(store: GraphStore) -> None:
    store.add(G1, sample())
    rows = store.select(
        f"SELECT ?s ?label ?n ?order ?missing WHERE {{ ?s <{SKOS.prefLabel}> ?label ; "
        f"<{SKOS.notation}> ?n ; <{EX}order> ?order . OPTIONAL {{ ?s <{EX}none> ?missing }} }}"
    )
    assert rows == [
        {
            "s": URIRef(EX + "a"),
            "label": Literal("Alpha", lang="en"),
            "n": Literal("A.1"),
            "order": Literal(3, datatype=XSD.integer),
        }
    ]
    assert "missing" not in rows[0]
    assert rows[0]["order"].toPython() == 3  # type: ignore[union-attr]


def test_default_graph_is_the_union_of_named_graphs(store: GraphStore) -> None:
    store.add(G1, sample())
    other = Graph()
    other.add((URIRef(EX + "b"), RDF.type, SKOS.Concept))
    store.add(G2, other)
    rows = store.select(f"SELECT ?s WHERE {{ ?s a <{SKOS.Concept}> }} ORDER BY ?s")
    assert [str(r["s"]) for r in rows] == [EX + "a", EX + "b"]
    # Virtuoso keeps graphs of its own: ask for ours.
    assert store.named_graphs(EX) == sorted([str(G1), str(G2)])


def test_ask(store: GraphStore) -> None:
    assert store.ask(f"ASK {{ <{EX}a> ?p ?o }}") is False
    store.add(G1, sample())
    assert store.ask(f"ASK {{ <{EX}a> ?p ?o }}") is True


def test_construct_returns_a_graph(store: GraphStore) -> None:
    store.add(G1, sample())
    graph = store.construct(
        f"CONSTRUCT {{ ?s <{EX}label> ?l }} WHERE {{ ?s <{SKOS.prefLabel}> ?l }}"
    )
    assert isinstance(graph, Graph)
    assert set(graph) == {(URIRef(EX + "a"), URIRef(EX + "label"), Literal("Alpha", lang="en"))}


def test_query_serialized(store: GraphStore) -> None:
    store.add(G1, sample())
    csv = store.query_serialized(f"SELECT ?n WHERE {{ ?s <{SKOS.notation}> ?n }}", "text/csv")
    # Engines quote CSV fields differently (Virtuoso quotes every string): read it as CSV.
    assert list(csvlib.reader(csv.decode().splitlines())) == [["n"], ["A.1"]]
    turtle = store.query_serialized(
        f"CONSTRUCT {{ ?s <{SKOS.notation}> ?n }} WHERE {{ ?s <{SKOS.notation}> ?n }}",
        "text/turtle",
    )
    assert len(Graph().parse(data=turtle.decode(), format="turtle")) == 1


def test_update_and_count(store: GraphStore) -> None:
    store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <{EX}x> <{EX}p> "v" , "w" }} }}')
    assert store.count(G1) == 2
    store.update(f'DELETE DATA {{ GRAPH <{G1}> {{ <{EX}x> <{EX}p> "v" }} }}')
    assert store.count(G1) == 1
    assert store.count(G2) == 0


def test_replace_graph_touches_only_its_graph(store: GraphStore) -> None:
    store.add(G1, sample())
    store.add(G2, sample())
    replacement = Graph()
    replacement.add((URIRef(EX + "z"), RDF.type, SKOS.Concept))
    store.replace_graph(G1, replacement)
    assert store.count(G1) == 1
    assert store.count(G2) == len(sample())


def test_replace_graph_with_many_triples(store: GraphStore) -> None:
    """More triples than one remote INSERT chunk, and blank nodes."""
    big = Graph()
    for i in range(12_000):
        big.add((URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(i)))
    node = BNode()
    big.add((URIRef(EX + "s0"), URIRef(EX + "q"), node))
    big.add((node, URIRef(EX + "r"), Literal("in a blank node")))
    store.replace_graph(G1, big)
    assert store.count(G1) == 12_002
    rows = store.select(f"SELECT ?v WHERE {{ <{EX}s0> <{EX}q> ?b . ?b <{EX}r> ?v }}")
    assert rows == [{"v": Literal("in a blank node")}]


def test_add_is_additive(store: GraphStore) -> None:
    store.add(G1, sample())
    extra = Graph()
    extra.add((URIRef(EX + "b"), RDF.type, SKOS.Concept))
    store.add(G1, extra)
    assert store.count(G1) == len(sample()) + 1


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dump_round_trips(store: GraphStore, fmt: str) -> None:
    store.add(G1, sample())
    store.add(G2, sample())
    out = io.BytesIO()
    store.dump(fmt, out)
    dataset = Dataset()
    dataset.parse(data=out.getvalue().decode(), format=fmt)
    assert len(dataset.graph(G1)) == len(sample())
    assert len(dataset.graph(G2)) == len(sample())
    assert (URIRef(EX + "a"), SKOS.prefLabel, Literal("Alpha", lang="en")) in dataset.graph(G1)


def test_malformed_query_names_line_and_column(store: GraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        store.select("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }")
    assert "line 3" in caught.value.message  # and the column, where the engine gives it
    assert "\n" not in caught.value.message


def test_malformed_update_names_line_and_column(store: GraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        store.update("INSERT DATA {\n <http://a> <http://b> }")
    assert "line 2" in caught.value.message


def test_wrong_query_form_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError):
        store.ask("SELECT * WHERE { ?s ?p ?o }")


def test_unreachable_endpoint_is_one_clear_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(url, timeout=5)
    with pytest.raises(StoreUnreachableError) as caught:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    store.close()
    assert url in caught.value.message
    assert "\n" not in str(caught.value)
    assert caught.value.hint


def test_open_store_picks_the_backend(tmp_path: Path, oxigraph_server: str) -> None:
    remote = open_store(tmp_path, oxigraph_server + "/query")
    assert isinstance(remote, RemoteStore)
    assert remote.update_url == oxigraph_server + "/update"
    remote.close()
    embedded = open_store(tmp_path)
    assert isinstance(embedded, EmbeddedStore)
    assert embedded.path == tmp_path / "oxigraph"
    embedded.close()


_HOLDER = """
import sys
from pathlib import Path
from ontology.store import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
store.close()
"""


def test_locked_data_directory_names_the_holder(tmp_path: Path) -> None:
    location = tmp_path / "oxigraph"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(location)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"ready"
        with pytest.raises(StoreLockedError) as caught:
            EmbeddedStore(location)
        assert f"pid {holder.pid}" in caught.value.message
        assert "only one process" in (caught.value.hint or "")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    # Once the holder has gone, the directory opens again.
    EmbeddedStore(location).close()


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    store.add(G1, sample())
    store.close()
    again = EmbeddedStore(tmp_path / "oxigraph")
    assert again.count(G1) == len(sample())
    again.close()
    again.close()  # a second close is harmless


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://g>",
        "CREATE GRAPH <http://g>",
        "COPY <http://a> TO <http://b>",
        "SELECT * WHERE { SERVICE <http://other.example/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://other.example/sparql> { ?s ?p ?o } }",
    ],
)
def test_check_read_only_refuses_writes_and_remote_calls(query: str) -> None:
    with pytest.raises(ReadOnlyQueryError):
        check_read_only(query)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT ?load WHERE { ?load <http://x/service> 'INSERT DATA' }", "SELECT"),
        ("PREFIX load: <http://x/> SELECT * WHERE { ?s load:service ?o } # DELETE", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x/a>", "DESCRIBE"),
    ],
)
def test_check_read_only_lets_reads_through(query: str, form: str) -> None:
    assert check_read_only(query) == form
    assert query_form(query) == form


def test_check_read_only_refuses_non_queries() -> None:
    with pytest.raises(QueryError):
        check_read_only("hello world")


def test_replace_graph_from_ntriples(store: GraphStore) -> None:
    store.add(G1, sample())
    store.replace_graph_ntriples(G1, f'<{EX}n> <{EX}p> "one" .\n<{EX}n> <{EX}p> _:b .\n')
    assert store.count(G1) == 2
    assert store.select(f"SELECT ?o WHERE {{ <{EX}n> <{EX}p> ?o FILTER(isLiteral(?o)) }}") == [
        {"o": Literal("one")}
    ]


def _numbered(count: int, prefix: str = "s") -> Graph:
    graph = Graph()
    for i in range(count):
        graph.add((URIRef(f"{EX}{prefix}{i}"), URIRef(EX + "p"), Literal(i)))
    return graph


class _DroppedAfter(RemoteStore):
    """A real remote store whose connection drops at the ``n``-th update request."""

    def __init__(self, server: SparqlServer) -> None:
        super().__init__(server.query_url, server.update_url, batch_triples=100, request_batches=2)
        self.left = -1

    def update(self, update: str) -> None:
        self.left -= 1
        if self.left == 0:
            raise StoreUnreachableError("the connection dropped")
        super().update(update)


@pytest.mark.parametrize("drop_at", [1, 3, 5])
def test_a_broken_replacement_leaves_the_graph_as_it_was(
    sparql_server: SparqlServer, drop_at: int
) -> None:
    """Ten batches in five requests, the last one also moving the staging graph into place:
    a failure at any request leaves the graph's old content and no staging graph."""
    from ontology.remote import STAGING

    with _DroppedAfter(sparql_server) as store:
        store.add(G1, sample())
        assert len(store.insert_operations(G1, _numbered(1000))) == 10
        store.left = drop_at
        with pytest.raises(StoreUnreachableError):
            store.replace_graph(G1, _numbered(1000))
        assert store.count(G1) == len(sample())
        assert store.named_graphs(STAGING) == []


def test_a_many_batch_add_lands_whole_and_leaves_no_staging_graph(store: GraphStore) -> None:
    from ontology.remote import STAGING

    if isinstance(store, RemoteStore):
        store.batch_triples, store.request_batches = 100, 3
        assert len(store.insert_operations(G1, _numbered(1000))) == 10
    store.add(G1, sample())
    store.add(G1, _numbered(1000))
    assert store.count(G1) == len(sample()) + 1000
    assert store.named_graphs(STAGING) == []


def test_stale_staging_graphs_are_dropped(store: GraphStore) -> None:
    from ontology.remote import STAGING

    old, fresh = URIRef(f"{STAGING}1000-dead"), URIRef(f"{STAGING}{10**15}-live")
    for graph in (old, fresh):
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}x> <{EX}p> 1 }} }}")
    dropped = store.drop_stale_staging()
    if isinstance(store, RemoteStore):
        assert dropped == [str(old)]
        assert store.named_graphs(STAGING) == [str(fresh)]
    else:  # the embedded store writes in one transaction: it never stages
        assert dropped == []


def test_a_remote_time_out_says_no_answer_not_unreachable() -> None:
    """A server that accepts the connection and never answers."""
    import socket

    from ontology.errors import StoreTimeoutError

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        store = RemoteStore(url, timeout=1)
        with pytest.raises(StoreTimeoutError) as caught:
            store.ask("ASK {}")
        store.close()
    assert "no answer within 1 s" in caught.value.message
    assert "unreachable" not in caught.value.message
