"""A real ``aimsgraph serve`` on a free loopback port, and a watch on ``/api/health``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

AIMSGRAPH = [sys.executable, "-c", "from api.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def aimsgraph(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI on ``data_dir``; its standard output (raises on a non-zero exit)."""
    done = subprocess.run(
        [*AIMSGRAPH, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"aimsgraph {' '.join(args)} failed: {done.stderr}")
    return done.stdout


@dataclass
class Outcome:
    """One probe: what was tried, what came back, and how the server fared meanwhile."""

    probe: str
    tried: str
    answer: str
    refused_or_harmless: bool
    health_max_ms: float = 0.0
    health_failures: int = 0
    server_alive: bool = True

    def line(self) -> str:
        verdict = "ok" if self.refused_or_harmless and self.server_alive else "PROBLEM"
        return (
            f"[{verdict}] {self.probe}: tried {self.tried}; got {self.answer}; "
            f"/api/health slowest {self.health_max_ms:.0f} ms, {self.health_failures} failed; "
            f"server {'up' if self.server_alive else 'DOWN'}"
        )


@dataclass
class HealthWatch:
    """Polls ``/api/health`` every ``interval`` seconds until stopped."""

    base: str
    interval: float = 0.05
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> HealthWatch:
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    ok = client.get("/api/health").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.latencies_ms.append((time.perf_counter() - started) * 1000)
                self.failures += 0 if ok else 1
                self._stop.wait(self.interval)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    @property
    def slowest_ms(self) -> float:
        return max(self.latencies_ms, default=0.0)


class LiveServer:
    """``aimsgraph serve`` on a prepared data directory, with a token per role."""

    def __init__(self, data_dir: Path, *, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.env = {**os.environ, **(env or {})}
        self.tokens: dict[str, str] = {}
        self.process: subprocess.Popen[str] | None = None
        self.base = ""

    def prepare(self) -> None:
        """Load the reference graph (``aimsgraph init``) and create a viewer, a reviewer and an
        admin token in the token store the server reads (as ``aimsgraph token create`` does,
        without an interpreter start per token)."""
        from api.tokens import TokenStore

        aimsgraph(self.data_dir, "init", env=self.env)
        tokens = TokenStore.for_data_dir(
            Path(self.env.get("AIMSGRAPH_SHARED_DIR") or self.data_dir)
        )
        for role in ("viewer", "reviewer", "admin"):
            self.tokens[role] = tokens.create(f"Probe {role}", role)[1]

    def start(self) -> None:
        port = free_port()
        self.process = subprocess.Popen(
            [
                *AIMSGRAPH,
                "--data-dir",
                str(self.data_dir),
                "serve",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=self.env,
        )
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        with httpx.Client(timeout=2) as health:  # one client: each new one loads the CA file
            while time.monotonic() < deadline:
                if not self.alive():
                    raise RuntimeError("aimsgraph serve exited while starting")
                try:
                    if health.get(f"{self.base}/api/health").status_code == 200:
                        return
                except httpx.HTTPError:
                    time.sleep(0.2)
        raise RuntimeError("aimsgraph serve did not answer within 120 s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def client(self, role: str = "viewer", timeout: float = 60) -> httpx.Client:
        auth = {"Authorization": f"Bearer {self.tokens[role]}"}
        return httpx.Client(base_url=self.base, headers=auth, timeout=timeout)

    def watch(self) -> HealthWatch:
        return HealthWatch(self.base)

    def stop(self) -> None:
        if self.process is not None and self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
