"""A real ``aimsgraph serve`` for the benchmarks, which also says when its warm-up ended.

:func:`served` starts ``python -m benchmarks.scale.server --data-dir DIR serve`` (uvicorn, its
own process, a free loopback port). Run as a module, this file is the ordinary CLI with one
addition: the warm-up's log lines (:mod:`api.warmup`, which ``serve`` runs while it starts
listening, and which says whether it started from the copy the last run kept) go to stderr,
where :class:`Served` reads them. So a benchmark can time
pages right after the server answers ``/api/health``, or once the warm-up has finished,
without changing what the server does.
"""

from __future__ import annotations

import logging
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
_WARM_DONE = re.compile(r"warm-up done in ([0-9.]+) s")
_WARM_STOPPED = "warm-up stopped"
_KEPT = "first pages ready from the kept copy"


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running server: its process, address and what its stderr said about the warm-up."""

    process: subprocess.Popen[str]
    base: str
    started: float = field(default_factory=time.perf_counter)
    #: Seconds from the start to the first ``/api/health`` answer.
    listening: float | None = None
    #: The warm-up's own duration as it logged it; None until done (or when it stopped).
    warm_up: float | None = None
    #: Seconds from the start until the warm-up's line was read.
    warm_at: float | None = None
    warm_failed: str = ""
    #: Whether it started from the copy the last run kept (api/kept.py); read by
    #: :meth:`wait_warm` or :meth:`read_lines`.
    kept: bool = False
    _lines: queue.Queue[str | None] = field(default_factory=queue.Queue)

    def wait_listening(self, timeout: float) -> float:
        """Poll ``/api/health`` until it answers 200; seconds since the start."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=1) as client:  # one client: each new one loads the CA file
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    returncode = self.process.returncode
                    raise RuntimeError(f"the server exited ({returncode}) while starting")
                try:
                    if client.get(f"{self.base}/api/health").status_code == 200:
                        self.listening = time.perf_counter() - self.started
                        return self.listening
                except httpx.HTTPError:
                    time.sleep(0.02)
        raise RuntimeError(f"the server did not answer /api/health within {timeout:g} s")

    def wait_warm(self, timeout: float) -> bool:
        """Wait for the warm-up's line (done or stopped); False if it did not come in time."""
        deadline = time.monotonic() + timeout
        while self.warm_at is None:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                return False
            if line is None:  # the process ended
                return False
            self._read(line)
        return not self.warm_failed

    def read_lines(self) -> None:
        """Read what the server has said so far, without waiting."""
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return
            if line is not None:
                self._read(line)

    def _read(self, line: str) -> None:
        self.kept = self.kept or _KEPT in line
        found = _WARM_DONE.search(line)
        if found or _WARM_STOPPED in line:
            self.warm_at = time.perf_counter() - self.started
        if found:
            self.warm_up = float(found.group(1))
        elif _WARM_STOPPED in line:
            self.warm_failed = line.strip()

    def stop(self) -> None:
        """Politely, then (busy with an abandoned request) by force."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def served(data_dir: Path, listen_timeout: float = 300.0) -> Iterator[Served]:
    """``aimsgraph serve`` on ``data_dir``, answering ``/api/health``; stopped afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "benchmarks.scale.server", "--data-dir", str(data_dir)]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    server = Served(process, f"http://127.0.0.1:{port}")

    def pump() -> None:  # drained always, so a chatty server never blocks on a full pipe
        assert process.stderr is not None
        for line in process.stderr:
            server._lines.put(line)
        server._lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        server.wait_listening(listen_timeout)
        yield server
    finally:
        server.stop()


def main() -> None:
    """The CLI (``aimsgraph …``) with the warm-up's log line on stderr."""
    from api.cli import main as cli

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    log = logging.getLogger("api.warmup")
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    cli()


if __name__ == "__main__":
    main()
