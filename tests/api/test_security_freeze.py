"""An upload cannot freeze the server (issue 18, item 3), over real HTTP to `aimsgraph serve`.

While uploads are in flight (the hostile reproductions, and a real policy whose ingest and
suggestion run for seconds), ``/api/health`` keeps answering: the test asserts that health
answered while the upload request was still running and prints how long each answer took
(never asserting a time). A 300 MB JSON body is refused with 413 from its headers alone.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import DEMO_DOCS
from tests.api.test_uvicorn import AIMSGRAPH, _run
from tests.conftest import free_port, wait_until_serving

HOSTILE = {
    "comments-26.html": b"<!---->" * 26 + b"x",
    "newlines.txt": b"\n" * 20_000 + b"x",
    "comments-40.txt": b"<!---->" * 40,
    "csv-quotes.csv": (b',"' * 650 + b"\n") * 50,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, int]]:
    """``aimsgraph serve`` on a fresh data directory: (base URL, reviewer token, pid)."""
    data_dir = tmp_path_factory.mktemp("freeze-data")
    _run(data_dir, "init")
    made = _run(
        data_dir,
        "token",
        "create",
        "--role",
        "reviewer",
        "--name",
        "Freeze Test",
        "--format",
        "json",
    )
    port = free_port()
    process = subprocess.Popen(
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process)
        yield base, json.loads(made)["token"], process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _upload_while_polling(base: str, token: str, name: str, data: bytes) -> tuple[int, list[float]]:
    """Upload ``data`` (waiting for its job) in a thread; poll health until it is done.
    Returns the upload's status and the time of each health answer given meanwhile."""
    status: list[int] = []

    def send() -> None:
        answer = httpx.post(
            f"{base}/api/documents?wait=true",
            files={"file": (name, data, "application/octet-stream")},
            headers={"Authorization": f"Bearer {token}"},
            timeout=600,
        )
        status.append(answer.status_code)

    thread = threading.Thread(target=send)
    thread.start()
    answered: list[float] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        while thread.is_alive():
            started = time.perf_counter()
            health = client.get("/api/health")
            took = time.perf_counter() - started
            if thread.is_alive():  # answered while the upload request was still running
                assert health.status_code == 200
                answered.append(took)
            time.sleep(0.01)
    thread.join()
    return status[0], answered


def test_health_answers_while_a_real_upload_is_processed(server: tuple[str, str, int]) -> None:
    base, token, _ = server
    policy = (DEMO_DOCS / "ai-policy.md").read_bytes()
    status, answered = _upload_while_polling(base, token, "ai-policy.md", policy)
    assert status == 201
    assert answered, "health never answered while the upload was running"
    print(
        f"real policy upload: {len(answered)} health answers during it, "
        f"slowest {max(answered) * 1000:.1f} ms, median "
        f"{sorted(answered)[len(answered) // 2] * 1000:.1f} ms"
    )


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_uploads_leave_the_server_responsive(
    server: tuple[str, str, int], name: str
) -> None:
    base, token, _ = server
    status, answered = _upload_while_polling(base, token, name, HOSTILE[name])
    assert status < 500
    slowest = f"{max(answered) * 1000:.1f} ms" if answered else "n/a (upload done first)"
    print(
        f"{name}: upload -> {status}; health answers during it: {len(answered)}, slowest {slowest}"
    )
    assert httpx.get(f"{base}/api/health", timeout=10).status_code == 200


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _read_reply(raw: socket.socket) -> str:
    """One HTTP response (head and its Content-Length of body) from a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += raw.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = raw.recv(65536)
        if not chunk:
            break
        body += chunk
    return (head + b"\r\n\r\n" + body).decode("latin-1")


def test_a_300_mb_json_body_is_refused_from_its_headers(server: tuple[str, str, int]) -> None:
    base, token, pid = server
    port = int(base.rsplit(":", 1)[1])
    before = _rss_kib(pid)
    declared = 300 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        raw.sendall(
            (
                f"POST /api/reviews/bulk HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {declared}\r\n\r\n"
            ).encode()
            + b'{"links": ["'
            + b"a" * 65536
        )
        reply = _read_reply(raw)
    assert reply.startswith("HTTP/1.1 413"), reply[:200]
    assert "too_large" in reply and "nosniff" in reply
    print(f"server RSS before {before} KiB, after {_rss_kib(pid)} KiB (300 MB declared)")
