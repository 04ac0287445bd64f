"""Upload and body-size probes: files whose type sniffing once froze every route, and bodies
too large to read.

- ``<!---->`` ×26 (183 bytes), 20 KB of newlines, ~40 comments, 64 KB of ``,"`` for the
  CSV sniffer: each uploaded (waiting for its job) while ``/api/health`` is polled; the
  slowest health answer is printed. Harmless: the upload gets an answer below 500 and
  health never failed.
- A real policy upload (ingest and suggestions run for seconds): health is polled likewise.
- A JSON body declaring 300 MB, and one sent chunked with no length: refused with 413, the
  first from its headers alone; the server's memory before and after is printed.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx

from benchmarks.security_probes.harness import LiveServer, Outcome

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_docs" / "ai-policy.md"

HOSTILE = {
    "<!----> x26 (183 bytes)": ("comments.html", b"<!---->" * 26 + b"x"),
    "20 KB of newlines": ("newlines.txt", b"\n" * 20_000 + b"x"),
    "40 HTML comments": ("comments-40.txt", b"<!---->" * 40),
    '64 KB of ,"': ("quotes.csv", (b',"' * 650 + b"\n") * 50),
    "2 MB of newlines": ("newlines-2mb.txt", b"\n" * 2_000_000 + b"x"),
}


def run(server: LiveServer) -> list[Outcome]:
    outcomes = [_upload(server, label, *HOSTILE[label]) for label in HOSTILE]
    if DEMO.exists():
        outcomes.append(
            _upload(server, "a real policy (ingest + suggest)", DEMO.name, DEMO.read_bytes())
        )
    outcomes.append(_declared_huge(server))
    outcomes.append(_chunked_huge(server))
    return outcomes


def _upload(server: LiveServer, label: str, name: str, data: bytes) -> Outcome:
    with server.watch() as watch, server.client("reviewer", timeout=600) as client:
        answer = client.post(
            "/api/documents?wait=true", files={"file": (name, data, "application/octet-stream")}
        )
    code = answer.json().get("error", {}).get("code", "") if answer.status_code >= 400 else ""
    return Outcome(
        probe="upload",
        tried=f"{label} ({len(data):,} bytes)",
        answer=f"{answer.status_code} {code}".strip(),
        refused_or_harmless=answer.status_code < 500 and watch.failures == 0,
        health_max_ms=watch.slowest_ms,
        health_failures=watch.failures,
        server_alive=server.alive(),
    )


def _rss_mib(server: LiveServer) -> float:
    pid = server.process.pid if server.process else 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _declared_huge(server: LiveServer) -> Outcome:
    port = int(server.base.rsplit(":", 1)[1])
    before = _rss_mib(server)
    head = (
        "POST /api/reviews/bulk HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {server.tokens['reviewer']}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {300 * 1024 * 1024}\r\n\r\n"
    )
    with server.watch() as watch, socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        raw.sendall(head.encode() + b'{"links": ["' + b"a" * 65536)
        reply = raw.recv(65536).decode("latin-1")
    status = reply.split(" ", 2)[1] if reply.startswith("HTTP/") else "no answer"
    return Outcome(
        probe="body limit",
        tried="a JSON body declaring 300 MB (64 KB sent)",
        answer=f"{status}; server RSS {before:.0f} -> {_rss_mib(server):.0f} MiB",
        refused_or_harmless=status == "413",
        health_max_ms=watch.slowest_ms,
        health_failures=watch.failures,
        server_alive=server.alive(),
    )


def _chunked_huge(server: LiveServer) -> Outcome:
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(300 * 16):  # 300 MB in 64 KB chunks, if the server kept reading
            sent += 65536
            yield b" " * 65536

    with server.watch() as watch, server.client("reviewer", timeout=120) as client:
        try:
            answer = client.post(
                "/api/reviews/bulk",
                content=chunks(),
                headers={"Content-Type": "application/json"},
            )
            got = str(answer.status_code)
        except httpx.HTTPError as error:  # the server may close the connection after 413
            got = f"connection closed ({error.__class__.__name__})"
    return Outcome(
        probe="body limit",
        tried="a chunked JSON body with no length (up to 300 MB)",
        answer=f"{got} after {sent / 2**20:.1f} MiB sent",
        refused_or_harmless=got == "413" or sent < 300 * 2**20,
        health_max_ms=watch.slowest_ms,
        health_failures=watch.failures,
        server_alive=server.alive(),
    )
