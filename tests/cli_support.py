"""``aimsgraph ARGS`` run in the test process, through the console entry point.

:func:`run_cli` calls :func:`api.cli.main` (the function the installed ``aimsgraph`` script
calls) with click's stream isolation, so a test sees the same exit status, stdout and
``error:``/``hint:`` lines as from a real process, without starting an interpreter and
loading the model again. A few tests keep real processes on purpose: the installed script,
exit codes through the interpreter, a server, crashes and concurrent writers.

In the same spirit, :func:`shared_query_workers` lets each in-process command's query
service take its worker processes from one pool kept for the whole test process, instead of
starting (and importing into) a fresh ``python -m api.query_worker`` per command: every
query still runs in a real worker process, with its own time limit, snapshot and checks.
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import api.sparql_endpoint
from api.cli import main
from api.query_worker import WorkerPool


@dataclass(frozen=True)
class CliRun:
    """What one command did; named like :class:`subprocess.CompletedProcess`."""

    returncode: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


class _ProcessPool(WorkerPool):
    """The test process's one pool of query workers: a command's shutdown leaves it running
    (a worker killed at a time limit or by a crash is still replaced, as in any pool)."""

    def shutdown(self) -> None:
        pass

    def close(self) -> None:
        WorkerPool.shutdown(self)


_POOL: list[_ProcessPool] = []


def _process_pool(size: int) -> WorkerPool:
    if not _POOL:
        _POOL.append(_ProcessPool(size))
        atexit.register(_POOL[0].close)
    return _POOL[0]


@contextmanager
def shared_query_workers() -> Iterator[None]:
    """While in the block, query services started in this process use :func:`_process_pool`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api.sparql_endpoint, "WorkerPool", _process_pool)
        yield


def run_cli(*args: str | Path) -> CliRun:
    """Run ``aimsgraph ARGS`` in this process; never raises for the command's failure."""
    with shared_query_workers(), CliRunner().isolation() as (stdout, stderr, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        out = stdout.getvalue().decode("utf-8", errors="replace")
        err = stderr.getvalue().decode("utf-8", errors="replace")
    return CliRun(code, out, err)
