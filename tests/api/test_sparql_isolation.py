"""The SPARQL endpoint against a real ``aimsgraph serve`` (and the CLI): queries that once
crashed the parser, fetched other hosts or held every slot are refused or stopped, and the
server stays up and answers ``/api/health`` throughout.

The probes are those of ``benchmarks.security_probes.sparql``; a loopback listener records
any request the server makes on a query's behalf (there must be none).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks.security_probes.harness import AIMSGRAPH, LiveServer, aimsgraph
from benchmarks.security_probes.sparql import (
    CARTESIAN,
    DEEP,
    NORMAL,
    Listener,
    _refused,
    _runaway,
    probe,
    service_queries,
)

TIMEOUT_S = "3"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("isolation") / "data", env={"AIMSGRAPH_SPARQL_TIMEOUT": TIMEOUT_S}
    )
    live.prepare()
    live.start()
    yield live
    live.stop()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    with Listener() as running:
        yield running


def _workers_of(pid: int) -> list[int]:
    """Process ids of the query workers started by ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"api.query_worker" in argv and str(pid).encode() in argv:
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_or_huge_queries_are_refused_and_the_server_stays_up(
    server: LiveServer, name: str
) -> None:
    outcome = probe(server, name, "", lambda: _refused(server, DEEP[name], "query_too_complex"))
    assert outcome.refused_or_harmless, outcome.line()
    assert outcome.server_alive and outcome.health_failures == 0, outcome.line()
    print(outcome.line())


@pytest.mark.parametrize("index", range(len(service_queries("x"))))
def test_service_in_disguise_fetches_nothing(
    server: LiveServer, listener: Listener, index: int
) -> None:
    query = list(service_queries(listener.url).values())[index]
    with server.client() as client:
        for response in (
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", data={"query": query}),
            client.post(
                "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
            ),
        ):
            assert response.status_code == 400, response.text
            error = response.json()["error"]
            assert error["code"] == "read_only" and "SERVICE" in error["message"]
    assert listener.hits == []
    assert server.alive()


def test_runaway_queries_are_stopped_and_the_next_one_is_answered(server: LiveServer) -> None:
    outcome = probe(server, "four cartesian products", CARTESIAN, lambda: _runaway(server))
    print(outcome.line())
    assert outcome.refused_or_harmless, outcome.line()
    assert outcome.server_alive and outcome.health_failures == 0, outcome.line()
    assert server.process is not None
    deadline = time.monotonic() + 30
    while len(_workers_of(server.process.pid)) > 4:  # killed workers are gone, not piling up
        assert time.monotonic() < deadline, _workers_of(server.process.pid)
        time.sleep(0.2)


def _crash_a_running_query(server: LiveServer) -> httpx.Response:
    """Send a runaway query, then kill the server's query workers with SIGSEGV."""
    assert server.process is not None
    answers: list[httpx.Response] = []

    def runaway() -> None:
        with server.client() as client:
            answers.append(client.get("/sparql", params={"query": CARTESIAN}))

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(1.5)  # the query is running in a worker by now
    for pid in _workers_of(server.process.pid):
        os.kill(pid, signal.SIGSEGV)
    thread.join()
    return answers[0]


def test_a_crashed_worker_is_a_clear_error_and_the_server_stays_up(server: LiveServer) -> None:
    for _ in range(3):  # on a loaded machine the query may not have reached its worker yet
        answer = _crash_a_running_query(server)
        if answer.status_code != 503:
            break
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] == "query_crashed" and "SIGSEGV" in error["message"]
    assert "server is unaffected" in error["message"] and error["hint"]
    with server.client() as client:
        assert client.get("/sparql", params={"query": NORMAL}).status_code == 200
        assert client.get("/api/health").status_code == 200
    assert server.alive()


# ------------------------------------------------------------------------------- the CLI


@pytest.fixture(scope="module")
def cli_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("isolation-cli") / "data"
    aimsgraph(data, "init")
    return data


def _cli_query(data: Path, query: str) -> tuple[int, str, int]:
    """Exit code, stderr and process id of ``aimsgraph query`` on ``data``."""
    process = subprocess.Popen(
        [*AIMSGRAPH, "--data-dir", str(data), "query", query],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "AIMSGRAPH_SPARQL_TIMEOUT": "2"},
    )
    _, err = process.communicate(timeout=300)
    return process.returncode, err, process.pid


@pytest.mark.parametrize("name", ["3,000 nested groups", "deep FILTER((((", "nested OPTIONAL"])
def test_cli_refuses_deep_queries(cli_data: Path, name: str) -> None:
    code, err, _ = _cli_query(cli_data, DEEP[name])
    assert code == 2 and "64 deep" in err and "Traceback" not in err


def test_cli_refuses_service_in_disguise(cli_data: Path, listener: Listener) -> None:
    for query in service_queries(listener.url).values():
        code, err, _ = _cli_query(cli_data, query)
        assert code == 2 and "SERVICE" in err and "Traceback" not in err
    assert listener.hits == []


def test_cli_stops_a_runaway_query(cli_data: Path) -> None:
    code, err, pid = _cli_query(cli_data, CARTESIAN)
    assert code == 2 and "time limit" in err and "stopped" in err
    deadline = time.monotonic() + 10
    while _workers_of(pid):  # no worker outlives the command
        assert time.monotonic() < deadline
        time.sleep(0.2)
    code, err, _ = _cli_query(cli_data, NORMAL)
    assert code == 0, err


# -------------------------------------------------- parameters that reach the project's SPARQL

HUGE = str(10**30)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/export", {"graph": "org\x01"}),
        ("/api/export", {"graph": "a%zz"}),
        ("/api/export", {"graph": "org#frag#x"}),
        ("/api/export", {"graph": "http://["}),
        ("/api/search", {"q": "policy", "offset": HUGE}),
        ("/api/audit", {"page": HUGE}),
        ("/search", {"q": "policy", "offset": HUGE}),
        ("/audit", {"page": HUGE}),
    ],
)
def test_parameters_never_surface_as_malformed_sparql(
    server: LiveServer, path: str, params: dict[str, str]
) -> None:
    with server.client() as client:
        response = client.get(path, params=params, headers={"Accept": "application/json"})
    assert response.status_code == 422, response.text
    assert "malformed" not in response.text and "bad_query" not in response.text
