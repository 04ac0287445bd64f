"""The SPARQL 1.1 Protocol endpoint: operations, content negotiation, read-only, limits,
and real clients (SPARQLWrapper, rdflib's SPARQLStore) against a real server."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from api import sparql_results as results
from api.errors import QueryTimeoutError
from api.sparql_endpoint import SparqlService, run_query
from ontology.store import to_rdflib
from tests.api.conftest import ApiEnv
from tests.api.test_app_errors import assert_error

CONTROLS = """PREFIX aims: <https://w3id.org/aimsgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation ?label WHERE {
  ?c a aims:Control ; skos:inScheme/skos:notation "iso42001" ; skos:notation ?notation ; skos:prefLabel ?label
} ORDER BY ?notation"""
CONSTRUCT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?c skos:prefLabel ?l } WHERE {
  ?c skos:notation "A.6.2.4" ; skos:inScheme/skos:notation "iso42001" ; skos:prefLabel ?l }"""
A624 = URIRef("https://w3id.org/aimsgraph/std/iso42001/A.6.2.4")
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u }"


def _get(api_env: ApiEnv, query: str, accept: str | None = None, **params: str):  # type: ignore[no-untyped-def]
    headers = api_env.headers("viewer") | ({"Accept": accept} if accept else {})
    return api_env.client.get("/sparql", params={"query": query, **params}, headers=headers)


def test_get_post_form_and_post_body_agree(api_env: ApiEnv) -> None:
    viewer = api_env.headers("viewer")
    by_get = _get(api_env, CONTROLS).json()
    by_form = api_env.client.post("/sparql", data={"query": CONTROLS}, headers=viewer).json()
    by_body = api_env.client.post(
        "/sparql",
        content=CONTROLS.encode(),
        headers=viewer | {"Content-Type": "application/sparql-query"},
    ).json()
    assert by_get == by_form == by_body
    assert len(by_get["results"]["bindings"]) == 38
    assert by_get["head"]["vars"] == ["notation", "label"]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ],
)
def test_select_content_negotiation(api_env: ApiEnv, accept: str, media: str) -> None:
    response = _get(api_env, CONTROLS, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "A.6.2.4" in response.text


def test_csv_and_tsv_follow_the_spec(api_env: ApiEnv) -> None:
    rows = list(csv.reader(io.StringIO(_get(api_env, CONTROLS, "text/csv").text)))
    assert rows[0] == ["notation", "label"] and len(rows) == 39
    tsv = _get(api_env, CONTROLS, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?notation\t?label" and tsv[1].startswith('"A.10.2"')


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        (None, "text/turtle", "turtle"),
    ],
)
def test_construct_content_negotiation(
    api_env: ApiEnv, accept: str | None, media: str, fmt: str
) -> None:
    response = _get(api_env, CONSTRUCT, accept)
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.text, format=fmt)
    assert len(graph) == 1 and next(iter(graph))[0] == A624


def test_format_parameter_and_ask(api_env: ApiEnv) -> None:
    assert _get(api_env, CONTROLS, format="csv").headers["content-type"].startswith("text/csv")
    ask = _get(api_env, "ASK { ?s a <https://w3id.org/aimsgraph/ns#Control> }").json()
    assert ask == {"head": {}, "boolean": True}
    assert (
        "<boolean>true</boolean>" in _get(api_env, "ASK {}", "application/sparql-results+xml").text
    )


def test_406_when_nothing_acceptable(api_env: ApiEnv) -> None:
    error = assert_error(_get(api_env, CONTROLS, "image/png"), 406, "not_acceptable")
    assert "application/sparql-results+json" in (error["hint"] or "")


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://example.org/data.ttl>",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_writes_and_remote_reads_are_refused(api_env: ApiEnv, query: str) -> None:
    error = assert_error(_get(api_env, query), 400, "read_only")
    assert "refused" in error["message"]
    count = _get(api_env, "SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }").json()
    assert count["results"]["bindings"][0]["n"]["value"] == "0"


def test_update_operations_are_refused(api_env: ApiEnv) -> None:
    viewer = api_env.headers("viewer")
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert_error(
        api_env.client.post("/sparql", data={"update": update}, headers=viewer), 400, "read_only"
    )
    as_body = api_env.client.post(
        "/sparql",
        content=update.encode(),
        headers=viewer | {"Content-Type": "application/sparql-update"},
    )
    assert_error(as_body, 400, "read_only")


def test_protocol_errors(api_env: ApiEnv) -> None:
    viewer = api_env.headers("viewer")
    error = assert_error(_get(api_env, "SELECT * WHERE { ?s ?p }"), 400, "bad_query")
    assert "line 1, column" in error["message"]
    assert_error(api_env.client.get("/sparql", headers=viewer), 400, "bad_query")
    assert_error(_get(api_env, "ASK {}", **{"default-graph-uri": "urn:g"}), 400, "bad_query")
    plain = api_env.client.post(
        "/sparql", content=b"ASK {}", headers=viewer | {"Content-Type": "text/plain"}
    )
    assert_error(plain, 415)
    assert_error(api_env.client.get("/sparql", params={"query": "ASK {}"}), 401)


def test_result_limit_caps_rows_and_says_so(api_env: ApiEnv) -> None:
    response = _get(api_env, "SELECT * WHERE { ?s ?p ?o }")
    assert len(response.json()["results"]["bindings"]) == 50
    assert response.headers["aimsgraph-result-truncated"] == "50"
    assert "aimsgraph-result-truncated" not in _get(api_env, CONTROLS).headers


#: Runs far past any time limit (a three-way cross join of every typed resource).
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u . ?c a ?v }"


def test_time_limit_queueing_and_busy(api_env: ApiEnv) -> None:
    # The running query holds its slot for the whole limit (2 s, not a few ms), so the third
    # call finds two in flight however slowly a loaded machine schedules the three.
    service = SparqlService(timeout_s=2, result_limit=10, workers=1, max_waiting=2)
    store = api_env.workspace.store

    async def three_at_once() -> list[BaseException | object]:
        calls = [service.answer(store, ENDLESS, None, None) for _ in range(3)]
        return await asyncio.gather(*calls, return_exceptions=True)

    first, second, third = asyncio.run(three_at_once())
    assert isinstance(first, QueryTimeoutError) and "time limit" in first.message
    assert isinstance(second, QueryTimeoutError) and "time limit" in second.message  # waited
    assert isinstance(third, QueryTimeoutError) and "busy" in third.message
    deadline = time.monotonic() + 120
    while service.in_flight():  # the running query is stopped; the waiting one never ran
        assert time.monotonic() < deadline
        time.sleep(0.1)
    service.timeout_s = 30
    assert asyncio.run(service.answer(store, "ASK {}", None, None)).body.startswith(b"{")
    service.shutdown()


def test_sparqlwrapper_client(api_env: ApiEnv, live_url: str) -> None:
    client = SPARQLWrapper(f"{live_url}/sparql")
    client.addCustomHttpHeader("Authorization", f"Bearer {api_env.tokens['viewer']}")
    client.setQuery(CONTROLS)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert len(rows) == 38
    client.setReturnFormat(XML)
    assert len(client.queryAndConvert().getElementsByTagName("result")) == 38  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().startswith("notation,label")  # type: ignore[union-attr]
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    assert (A624, None, None) in Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    client.setMethod("POST")
    client.setQuery(CONTROLS)
    client.setReturnFormat(JSON)
    assert len(client.queryAndConvert()["results"]["bindings"]) == 38  # type: ignore[index]
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_rdflib_sparqlstore_client(api_env: ApiEnv, live_url: str) -> None:
    for method in ("GET", "POST"):
        store = SPARQLStore(
            f"{live_url}/sparql", auth=("auditor", api_env.tokens["viewer"]), method=method
        )
        graph = Graph(store=store)
        rows = list(graph.query(CONTROLS))
        assert len(rows) == 38 and str(rows[0][0]) == "A.10.2"
        assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
        assert len(graph.query(CONSTRUCT).graph) == 1  # type: ignore[arg-type]
        store.close()


def test_sparql_json_over_the_wire(live_url: str, api_env: ApiEnv) -> None:
    import httpx

    response = httpx.get(
        f"{live_url}/sparql",
        params={"query": "ASK {}"},
        headers=api_env.headers("viewer"),
        timeout=30,
    )
    assert json.loads(response.content) == {"head": {}, "boolean": True}


def test_json_answers_are_the_bytes_rdflib_terms_give(tmp_path: Path) -> None:
    """The JSON writer reads IRIs, blank nodes and plain strings straight from Oxigraph and
    every other literal through rdflib: the same bytes as through rdflib terms throughout."""
    store = ox.Store(str(tmp_path / "store"))
    xsd = "http://www.w3.org/2001/XMLSchema#"
    values: list[ox.NamedNode | ox.BlankNode | ox.Literal] = [
        ox.NamedNode("urn:o"),
        ox.BlankNode("b1"),
        ox.Literal('plain "quoted" Grüße'),
        ox.Literal("Grüße", language="de-DE"),
        ox.Literal("01", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("0.50", datatype=ox.NamedNode(xsd + "decimal")),
        ox.Literal("2026-01-01T00:00:00Z", datatype=ox.NamedNode(xsd + "dateTime")),
        ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("x", datatype=ox.NamedNode("urn:datatype")),
    ]
    for n, value in enumerate(values):
        store.add(
            ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode(f"urn:p{n}"), value, ox.NamedNode("urn:g"))
        )
    query = "SELECT ?p ?o ?none WHERE { ?s ?p ?o } ORDER BY ?p"
    answer = run_query(store, query, results.JSON, 100)
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = [{name: to_rdflib(solution[name]) for name in ("p", "o")} for solution in solutions]
    assert answer.body == results.write_select(["p", "o", "none"], rows, results.JSON)
    assert len(json.loads(answer.body)["results"]["bindings"]) == len(values)


def test_sparql_sees_each_write_at_once(api_env: ApiEnv) -> None:
    """Queries share one store snapshot while the store is unchanged; a write makes the
    next query read a new one."""
    graph = URIRef("urn:test:sparql-writes")
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    store = api_env.workspace.store

    def counted() -> int:
        return int(_get(api_env, count).json()["results"]["bindings"][0]["n"]["value"])

    try:
        assert counted() == 0
        for n in (1, 2):
            store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:s{n}> <urn:p> {n} }} }}")
            assert counted() == n
            assert counted() == n  # asked again on the same revision
    finally:
        store.update(f"DROP SILENT GRAPH <{graph}>")
    assert counted() == 0
