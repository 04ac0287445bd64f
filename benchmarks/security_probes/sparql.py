"""SPARQL probes: queries that crashed the parser, fetched other hosts, or held every slot.

- Deep nesting (3,000 groups, ``FILTER((((…``, nested OPTIONAL) and an oversized query:
  refused with 400 ``query_too_complex`` before any parser sees them.
- SERVICE in disguise (the ``ex:a\\#`` bypass, a ``\\u`` escape only one parser reads as a
  newline, SERVICE in a sub-select under OPTIONAL): refused with 400 ``read_only``, and a
  loopback HTTP listener records that nothing was fetched.
- Four cartesian products at once: each stopped at the time limit (503), then a normal
  query is answered.
Throughout, ``/api/health`` is polled; its slowest answer is printed.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from types import TracebackType

import httpx

from benchmarks.security_probes.harness import LiveServer, Outcome

#: Queries nested or sized past the limits (64 levels, 64 KB).
DEEP = {
    "3,000 nested groups": "SELECT * WHERE { " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000 + " }",
    "deep FILTER((((": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "?o" + ")" * 3000 + ") }",
    "nested OPTIONAL": "SELECT * WHERE { ?s ?p ?o "
    + "OPTIONAL { ?s ?p ?o " * 2000
    + "}" * 2000
    + " }",
    "70 KB of VALUES": "SELECT * WHERE { VALUES ?x { " + '"x" ' * 17500 + "} }",
}
#: Every row pairs with every row: far past any time limit on the reference graph.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
NORMAL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def service_queries(url: str) -> dict[str, str]:
    """Ways to hide SERVICE <url> from a check that reads text rather than the parse."""
    return {
        "SERVICE after ex:a\\# (the textual check took it for a comment)": (
            "PREFIX ex: <http://e/> SELECT ?x WHERE { OPTIONAL { ?s ex:a\\# ?o } "
            f"SERVICE <{url}> {{ ?x ?y ?z }} }}"
        ),
        "SERVICE after a \\u000A0000 escape in a comment": (
            f"SELECT * WHERE {{ ?s ?p ?o # \\u000A0000 }} SERVICE <{url}> {{ ?a ?b ?c }}\n}}"
        ),
        "SERVICE SILENT in a sub-select under OPTIONAL": (
            "SELECT * WHERE { { SELECT * WHERE { OPTIONAL { "
            f"SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }} }}"
        ),
        "SERVICE with a \\u0053 escape for its S": (
            f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}"
        ),
    }


class Listener:
    """A loopback HTTP server that records every request made to it."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                hits.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[]}}')

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Listener:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


def _described(response: httpx.Response) -> tuple[int, str]:
    code = ""
    if response.headers.get("content-type", "").startswith("application/json"):
        code = str(response.json().get("error", {}).get("code", ""))
    return response.status_code, code


def probe(
    server: LiveServer, name: str, tried: str, act: Callable[[], tuple[str, bool]]
) -> Outcome:
    """Run ``act`` (returning what came back and whether that is safe) under a health watch."""
    with server.watch() as watch:
        answer, safe = act()
    return Outcome(name, tried, answer, safe, watch.slowest_ms, watch.failures, server.alive())


def _refused(server: LiveServer, query: str, code: str) -> tuple[str, bool]:
    with server.client() as client:
        status, got = _described(client.post("/sparql", data={"query": query}))
    return f"{status} {got}", status == 400 and got == code


def _runaway(server: LiveServer) -> tuple[str, bool]:
    statuses: list[tuple[int, str]] = []

    def one() -> None:
        with server.client() as client:
            statuses.append(_described(client.post("/sparql", data={"query": CARTESIAN})))

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with server.client() as client:
        after = client.get("/sparql", params={"query": NORMAL})
    stopped = all(s == (503, "query_timeout") for s in statuses)
    answer = f"{sorted(statuses)}, then a normal query: {after.status_code}"
    return answer, stopped and after.status_code == 200


def run(server: LiveServer) -> list[Outcome]:
    outcomes = []
    for name, query in DEEP.items():
        tried = f"{len(query):,} characters"
        outcomes.append(
            probe(server, name, tried, lambda q=query: _refused(server, q, "query_too_complex"))  # type: ignore[misc]
        )
    with Listener() as listener:
        for name, query in service_queries(listener.url).items():

            def act(q: str = query) -> tuple[str, bool]:
                answer, refused = _refused(server, q, "read_only")
                return f"{answer}, listener hit {len(listener.hits)} time(s)", refused

            outcomes.append(probe(server, name, f"SERVICE <{listener.url}>", act))
            outcomes[-1].refused_or_harmless &= not listener.hits
    outcomes.append(
        probe(server, "four cartesian products at once", CARTESIAN, lambda: _runaway(server))
    )
    return outcomes
