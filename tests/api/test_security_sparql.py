"""SPARQL endpoint abuse: SERVICE and updates hidden by odd casing, comments that end at a
carriage return, IRIs that are not IRIs, nested queries; CONSTRUCT and DESCRIBE results are
capped like SELECT rows. A real HTTP server counts any request the endpoint makes on a
query's behalf: there must be none."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from rdflib import Graph

from tests.api.conftest import ApiEnv
from tests.api.test_app_errors import assert_error


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server and the paths it was asked for."""
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", hits
    server.shutdown()
    thread.join(timeout=5)


SNEAKY = [
    "SELECT * WHERE {{ #hidden\rSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ sErViCe <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ SERVICE#c\n<{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ VALUES ?v {{ e:x }} FILTER(1<2)SERVICE?v{{?a?b?c}}"
    "FILTER(?a>2) }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
]
UPDATES = [
    "#x\rINSERT DATA { <urn:sec> <urn:sec> <urn:sec> }",
    "PREFIX a: <urn:select> insert data { <urn:sec> <urn:sec> <urn:sec> }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:sec> <urn:sec> <urn:sec> }",
    "load <http://127.0.0.1:9/x.ttl>",
    "CLEAR ALL",
]


@pytest.mark.parametrize("template", SNEAKY)
def test_service_is_refused_however_it_is_spelt(
    api_env: ApiEnv, listener: tuple[str, list[str]], template: str
) -> None:
    url, hits = listener
    query = template.format(url=url)
    for response in (
        api_env.client.get("/sparql", params={"query": query}, headers=api_env.headers("viewer")),
        api_env.client.post("/sparql", data={"query": query}, headers=api_env.headers("viewer")),
    ):
        assert_error(response, 400, "read_only")
    assert hits == []


@pytest.mark.parametrize("update", UPDATES)
def test_updates_in_disguise_are_refused(api_env: ApiEnv, update: str) -> None:
    response = api_env.client.post(
        "/sparql", data={"query": update}, headers=api_env.headers("viewer")
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]["hint"]
    assert not api_env.workspace.store.ask("ASK { GRAPH ?g { <urn:sec> ?p ?o } }")


@pytest.mark.parametrize(
    "query", ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE { ?s ?p ?o }"]
)
def test_graph_results_respect_the_limit(api_env: ApiEnv, query: str) -> None:
    response = api_env.client.get(
        "/sparql",
        params={"query": query},
        headers=api_env.headers("viewer") | {"Accept": "application/n-triples"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["aimsgraph-result-truncated"] == "50"
    assert len(Graph().parse(data=response.text, format="nt")) <= 50
