"""The real thing once: `aimsgraph serve` in its own process, on a free loopback port."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from tests.cli_support import run_cli
from tests.conftest import free_port, wait_until_serving

AIMSGRAPH = [sys.executable, "-c", "from api.cli import main; main()"]


def _run(data_dir: Path, *args: str) -> str:
    """Set-up commands in this process; only ``serve`` below gets a process of its own."""
    done = run_cli("--data-dir", data_dir, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_serve_answers_over_real_http(tmp_path: Path) -> None:
    _run(tmp_path, "init")
    token = json.loads(
        _run(
            tmp_path,
            "token",
            "create",
            "--role",
            "viewer",
            "--name",
            "Http Test",
            "--format",
            "json",
        )
    )["token"]
    port = free_port()
    server = subprocess.Popen(
        [
            *AIMSGRAPH,
            "--data-dir",
            str(tmp_path),
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server, 60)
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
            assert client.get("/api/me").json()["name"] == "Http Test"
            controls = client.get("/api/requirements", params={"kind": "control"}).json()
            assert len(controls) == 38
            answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()
            assert answer["boolean"] is True
            assert client.get("/openapi.json").json()["info"]["title"] == "aimsgraph"
            docs = client.get("/docs").text
            assert "/docs-assets/swagger-ui-bundle.js" in docs
            assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
        unauthenticated = httpx.get(f"{base}/api/documents", timeout=30)
        assert (
            unauthenticated.status_code == 401
            and unauthenticated.json()["error"]["code"] == "unauthenticated"
        )
        assert httpx.get(f"{base}/", timeout=30).status_code == 303
    finally:
        server.terminate()
        server.wait(timeout=30)
