"""User SPARQL queries run in worker processes, where a crash or a runaway query cannot
take the server (or the CLI) down.

A worker is ``python -m api.query_worker``: it reads jobs from its standard input and
writes answers to its standard output, one frame each (two big-endian lengths, a JSON
header, a body). For each job it judges the query on its parsed form
(:func:`ontology.query_safety.check_query`), negotiates the media type, runs the query and
serialises at most ``limit`` results, so parsing, evaluation and rendering all happen
outside the server process.

- Embedded store: the worker opens a *snapshot* of the store read-only. The server makes
  it with Oxigraph's backup (a RocksDB checkpoint: hard links to the store's immutable
  files) once per store revision (:mod:`ontology.store_revision`), so a job sees every
  write made before it starts, and never reads files the server is writing (opening a live
  store read-only from another process is undefined behaviour in Oxigraph). Jobs of one
  revision share the snapshot and a worker keeps it open between them; an outdated one is
  removed once no job reads it (:class:`Snapshots`).
- Remote store: the worker makes the HTTP call, with the time left as its timeout.

:class:`WorkerPool` hands each job to an idle worker and waits for the answer until the
job's deadline. Past it, the worker is killed and replaced, so the time limit really frees
the slot. A worker that dies (a parser crash, out of memory) gives a
:class:`~api.errors.QueryCrashedError` and is replaced the same way.
"""

from __future__ import annotations

import json
import logging
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import IO, Any

from api.errors import NotAcceptableError, QueryCrashedError, QueryTimeoutError
from ontology.errors import (
    AimsgraphError,
    QueryError,
    QueryTooComplexError,
    ReadOnlyQueryError,
    StoreError,
    StoreUnreachableError,
)

log = logging.getLogger("aimsgraph.sparql")

_LENGTHS = struct.Struct(">II")
#: Longest wait for a worker process to start (its imports); not part of a query's time.
STARTUP_LIMIT_S = 60.0
#: Errors a worker reports by code, rebuilt on the server's side.
_ERRORS: dict[str, type[AimsgraphError]] = {
    cls.code: cls
    for cls in (
        QueryError,
        ReadOnlyQueryError,
        QueryTooComplexError,
        NotAcceptableError,
        StoreError,
        StoreUnreachableError,
    )
}
Frame = tuple[dict[str, Any], bytes]


class WorkerTimedOut(Exception):
    """The job's deadline passed before its answer came."""


class WorkerDied(Exception):
    """The worker exited (or broke the protocol) before answering."""


# ------------------------------------------------------------------------ the worker side


def _write_frame(out: IO[bytes], header: dict[str, Any], body: bytes = b"") -> None:
    data = json.dumps(header).encode("utf-8")
    out.write(_LENGTHS.pack(len(data), len(body)) + data + body)
    out.flush()


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


#: The snapshot this worker has open, kept between jobs: (its path, the store).
_opened: list[tuple[str, Any]] = []


def _open_store(spec: dict[str, Any]) -> Any:
    """The store a job names: an embedded snapshot (read-only; the one opened for the last
    job when the job names the same, else that one is closed first) or a remote endpoint."""
    import pyoxigraph as ox

    from ontology.store import RemoteStore

    if spec["kind"] != "embedded":
        return RemoteStore(spec["query_url"], spec["update_url"], timeout=max(spec["timeout"], 0.1))
    if _opened and _opened[0][0] == spec["path"]:
        return _opened[0][1]
    _opened.clear()  # the old snapshot's files are released with its store
    store = ox.Store.read_only(spec["path"])
    _opened.append((spec["path"], store))
    return store


def _answer(job: dict[str, Any]) -> Frame:
    """Check, negotiate, run and serialise one job (in the worker)."""
    from api.sparql_endpoint import negotiate, run_query
    from ontology.query_safety import check_bounds, check_query

    if job.get("form"):  # this very text passed the whole check before: bounds only
        form, text = str(job["form"]), check_bounds(job["query"])
    else:
        form, text = check_query(job["query"])
    media = negotiate(form, job.get("accept"), job.get("short"))
    store = _open_store(job["store"])
    try:
        answer = run_query(store, text, media, int(job["limit"]), form=form)
    finally:
        if job["store"]["kind"] != "embedded":
            store.close()
    header = {"ok": True, "media": answer.media_type, "truncated": answer.truncated, "form": form}
    return header, answer.body


def _serve(source: IO[bytes], out: IO[bytes]) -> None:
    while True:
        lengths = _read_exactly(source, _LENGTHS.size)
        if lengths is None:
            return
        head_size, body_size = _LENGTHS.unpack(lengths)
        job = json.loads(_read_exactly(source, head_size) or b"{}")
        _read_exactly(source, body_size)
        try:
            header, body = _answer(job)
        except AimsgraphError as error:
            header, body = {"ok": False, "code": error.code, "message": error.message}, b""
            header["hint"] = error.hint
        except Exception as error:  # noqa: BLE001 - reported to the server, which stays up
            detail = " ".join(str(error).split())[:300]
            header = {"ok": False, "code": "bad_query", "message": f"the query failed: {detail}"}
            body = b""
        _write_frame(out, header, body)


def _die_with_parent(parent: int) -> None:
    """End this process soon after the server dies, even in the middle of a query."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ready(out: IO[bytes]) -> None:
    """Import what a job needs (rdflib builds its grammar on import), then say so."""
    import rdflib.plugins.sparql.parser  # noqa: F401

    import api.sparql_endpoint  # noqa: F401
    import ontology.query_safety  # noqa: F401

    _write_frame(out, {"ready": True})


def main() -> None:
    """Serve jobs on stdin/stdout until stdin closes (``python -m api.query_worker PARENT``)."""
    _die_with_parent(int(sys.argv[1]))
    frames = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints cannot corrupt frames
    _ready(frames)
    _serve(sys.stdin.buffer, frames)


# ------------------------------------------------------------------------ the server side


class WorkerProcess:
    """One worker process and its pipes."""

    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.query_worker", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # a Ctrl-C in the terminal goes to the CLI, not here
        )
        self.ready = False

    def _read(self, size: int, deadline: float) -> bytes:
        stdout = self.process.stdout
        assert stdout is not None
        data = b""
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerTimedOut
            ready, _, _ = select.select([stdout], [], [], left)
            if not ready:
                raise WorkerTimedOut
            chunk = os.read(stdout.fileno(), size - len(data))
            if not chunk:
                raise WorkerDied
            data += chunk
        return data

    def wait_ready(self) -> float:
        """Wait (at most :data:`STARTUP_LIMIT_S`) until the worker has started; the seconds
        waited, which do not count against a query's time limit."""
        if self.ready:
            return 0.0
        started = time.monotonic()
        try:
            head_size, _ = _LENGTHS.unpack(self._read(_LENGTHS.size, started + STARTUP_LIMIT_S))
            self._read(head_size, started + STARTUP_LIMIT_S)
        except WorkerTimedOut:
            raise WorkerDied from None
        self.ready = True
        return time.monotonic() - started

    def ask(self, job: dict[str, Any], deadline: float) -> Frame:
        """Send ``job`` and wait for its answer until ``deadline`` (monotonic seconds)."""
        try:
            assert self.process.stdin is not None
            _write_frame(self.process.stdin, job)
        except (BrokenPipeError, OSError) as error:
            raise WorkerDied from error
        head_size, body_size = _LENGTHS.unpack(self._read(_LENGTHS.size, deadline))
        header = json.loads(self._read(head_size, deadline))
        return header, self._read(body_size, deadline) if body_size else b""

    def how_it_ended(self) -> str:
        code = self.process.poll()
        if code is not None and code < 0:
            return f"signal {signal.Signals(-code).name}"
        return f"exit status {code}" if code is not None else "still running"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


class WorkerPool:
    """At most ``size`` busy worker processes; a killed or dead one is replaced at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: list[WorkerProcess] = []
        self._lock = threading.Lock()
        self._closed = False

    def warm(self) -> None:
        """Start an idle worker ahead of the first job."""
        with self._lock:
            if not self._idle and not self._closed:
                self._idle.append(WorkerProcess())

    def _take(self) -> WorkerProcess:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                worker.kill()
        return WorkerProcess()

    def _give_back(self, worker: WorkerProcess) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self.size:
                self._idle.append(worker)
                return
        worker.kill()

    def run(self, job: dict[str, Any], deadline: float, timeout_s: float) -> Frame:
        """The answer to ``job``; the worker is killed and replaced past ``deadline``."""
        worker = self._take()
        try:
            deadline += worker.wait_ready()
            header, body = worker.ask(job, deadline)
        except WorkerTimedOut:
            worker.kill()
            self._give_back(WorkerProcess())
            raise timed_out(timeout_s) from None
        except WorkerDied:
            worker.kill()
            ended = worker.how_it_ended()
            log.warning("a SPARQL query worker died (%s); replaced", ended)
            self._give_back(WorkerProcess())
            raise QueryCrashedError(
                f"the query stopped the process that ran it ({ended}); the server is unaffected",
                hint="simplify the query (less nesting, fewer alternatives) and try again",
            ) from None
        self._give_back(worker)
        if not header.get("ok"):
            error_type = _ERRORS.get(str(header.get("code")), QueryError)
            raise error_type(str(header.get("message")), hint=header.get("hint"))
        return header, body

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


def timed_out(timeout_s: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query did not finish within the time limit of {timeout_s:g} s; it was stopped",
        hint="narrow the query (fewer joins, a LIMIT) or ask the operator to raise "
        "AIMSGRAPH_SPARQL_TIMEOUT",
    )


class Snapshots:
    """Read-only snapshots of an embedded store under ``<store>.queries``, one per store
    revision: queries asked while the store is unchanged share the newest snapshot (a worker
    keeps it open between jobs), and a write makes the next query take a new one. An older
    snapshot is removed once no query reads it. One instance per store folder in a process
    (:meth:`of`), shared by every service that queries it."""

    _all: dict[Path, Snapshots] = {}
    _all_lock = threading.Lock()

    def __init__(self, store_path: Path) -> None:
        self.folder = store_path.parent / (store_path.name + ".queries")
        self._swept = False
        self._lock = threading.Lock()
        self._current: tuple[str, Path] | None = None  # (revision, snapshot)
        self._readers: dict[Path, int] = {}

    @classmethod
    def of(cls, store_path: Path) -> Snapshots:
        """The snapshots of the store at ``store_path``."""
        with cls._all_lock:
            return cls._all.setdefault(store_path, cls(store_path))

    def _sweep_once(self) -> None:
        """Remove what a crashed process left (this one owns the store), before the first
        snapshot."""
        if not self._swept:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            self._swept = True

    def take(self, store: Any) -> Path:
        """A snapshot of ``store`` (an :class:`~ontology.store.EmbeddedStore`) as of its
        revision now, shared while that revision lasts; hand it back with :meth:`release`.

        The revision is read before the backup, so a write racing with it can only make the
        snapshot newer than its label (the next query then takes another), never older."""
        revision = store.revision()
        with self._lock:  # one backup at a time: queries arriving together share it
            self._sweep_once()
            if self._current is None or self._current[0] != revision:
                target = self.folder / uuid.uuid4().hex
                try:
                    store.backup(target)
                except OSError as error:
                    shutil.rmtree(target, ignore_errors=True)
                    raise StoreError(f"cannot snapshot the store for a query: {error}") from error
                old, self._current = self._current, (revision, target)
                if old is not None and not self._readers.get(old[1]):
                    self._drop(old[1])
            path = self._current[1]
            self._readers[path] = self._readers.get(path, 0) + 1
            return path

    def release(self, path: Path) -> None:
        """A query is done with ``path``; an outdated snapshot nobody reads is removed."""
        with self._lock:
            left = self._readers.get(path, 0) - 1
            if left > 0:
                self._readers[path] = left
                return
            self._readers.pop(path, None)
            if self._current is None or self._current[1] != path:
                self._drop(path)

    def close(self) -> None:
        """Retire the current snapshot (a service stops): removed now unless a query still
        reads it, then when that query ends; the next query takes a new one."""
        with self._lock:
            current, self._current = self._current, None
            if current is not None and not self._readers.get(current[1]):
                self._drop(current[1])

    @staticmethod
    def _drop(path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
