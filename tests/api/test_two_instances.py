"""Beyond one machine: two real `aimsgraph serve` processes (two data directories, one
shared folder) on one remote store, on each engine (`oxigraph serve`, Virtuoso 7). Each sees every document, suggestion and decision
the other wrote; the compare-and-set lets exactly one of two racing decisions win."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.cli_support import run_cli
from tests.conftest import SparqlServer, free_port, wait_until_serving

AIMSGRAPH = [sys.executable, "-c", "from api.cli import main; main()"]


def _env(server: SparqlServer, shared: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AIMSGRAPH_STORE=server.query_url,
        AIMSGRAPH_STORE_UPDATE=server.update_url,
        AIMSGRAPH_SHARED_DIR=str(shared),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    return env


def _cli(env: dict[str, str], data_dir: Path, *args: str) -> str:
    """``aimsgraph --data-dir DATA_DIR ARGS`` in this process, with the instance's settings
    (the servers below are real processes)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        done = run_cli("--data-dir", data_dir, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _serve(env: dict[str, str], data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            *AIMSGRAPH,
            "--data-dir",
            str(data_dir),
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base, proc)
    return proc, base


@pytest.fixture
def two(
    sparql_server: SparqlServer, tmp_path: Path
) -> Iterator[tuple[httpx.Client, httpx.Client, Path]]:
    """Instances A and B on one remote store (`oxigraph serve`, then Virtuoso 7), one token
    valid on both."""
    shared = tmp_path / "shared"
    env = _env(sparql_server, shared)
    _cli(env, tmp_path / "a", "init")
    made = _cli(
        env,
        tmp_path / "a",
        "token",
        "create",
        "--role",
        "admin",
        "--name",
        "Ines",
        "--format",
        "json",
    )
    auth = {"Authorization": f"Bearer {json.loads(made)['token']}"}
    procs = [_serve(env, tmp_path / name) for name in ("a", "b")]
    clients = [httpx.Client(base_url=base, headers=auth, timeout=300) for _, base in procs]
    try:
        yield clients[0], clients[1], shared
    finally:
        for client in clients:
            client.close()
        for proc, _ in procs:
            proc.terminate()
            proc.wait(timeout=30)


POLICY = """# Model lifecycle procedure

## Verification and validation
Before release every AI model is tested against documented acceptance criteria: accuracy,
robustness and fairness measures, with results recorded and approved by the model owner.

## Impact assessment
An AI system impact assessment is carried out for each new system and when its intended use
changes; it covers individuals, groups and society and is reviewed annually.
"""


def test_two_instances_see_each_others_writes(
    two: tuple[httpx.Client, httpx.Client, Path],
) -> None:
    a, b, shared = two
    up = a.post(
        "/api/documents",
        params={"wait": "true"},
        files={"file": ("lifecycle.md", POLICY.encode(), "text/markdown")},
    )
    assert up.status_code == 201, up.text
    document = up.json()["result"]["document"]
    # B sees the document, its original (shared folder) and its suggestions.
    assert document in {d["id"] for d in b.get("/api/documents").json()}
    original = b.get(f"/api/documents/{document}/original")
    assert original.status_code == 200 and original.content == POLICY.encode()
    queue_b = b.get("/api/reviews/queue", params={"document": document})
    queue_a = a.get("/api/reviews/queue", params={"document": document})
    assert queue_b.status_code == 200 and queue_b.json()
    assert {link["id"] for link in queue_b.json()} == {link["id"] for link in queue_a.json()}
    # B has no vectors of its own for A's passages: it rebuilds them from the graph.
    more = b.post("/api/suggestions/more", params={"document": document, "count": 2})
    assert more.status_code == 200, more.text
    assert (Path(shared) / "originals").is_dir()
    # Two reviewers, one on each instance, decide the same link at once: one wins.
    link = queue_a.json()[0]
    body = {"link": link["id"], "saw_version": link.get("version", 0)}
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(
                lambda pair: pair[0].post("/api/reviews", json={**body, "decision": pair[1]}),
                ((a, "confirm"), (b, "reject")),
            )
        )
    assert sorted(r.status_code for r in answers) == [200, 409], [r.text for r in answers]
    winner = next(r for r in answers if r.status_code == 200).json()
    # Each instance reads the one decision the other recorded, and drops the link from its queue.
    for client in (a, b):
        history = client.get(f"/api/reviews/{link['id']}").json()
        assert [(h["type"], h["status"]) for h in history] == [
            (winner["decision"], winner["status"])
        ]
        queue = client.get("/api/reviews/queue", params={"document": document})
        assert link["id"] not in {x["id"] for x in queue.json()}
