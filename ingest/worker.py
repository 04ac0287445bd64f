"""Run readers in a child process, bounded in time and memory.

Parsers of untrusted files can loop or balloon (deeply nested PDFs, crafted fonts). A
:class:`ReaderWorker` keeps one child (``python -m ingest.worker``) that parses documents sent
to it over a pipe; the parent waits at most ``timeout_s`` for each answer and kills the child
when it runs over (the next document gets a fresh one). The child caps its own address space
at ``memory_bytes`` and dies with its parent (:func:`die_with_parent`), so a killed ingest
never leaves a parser running. Errors come back by their code, so the caller sees the same
:mod:`ingest.errors` classes as when parsing in-process.

A plain subprocess (not :mod:`multiprocessing`) is used on purpose: it never re-imports the
caller's ``__main__`` module, so any script or server may ingest without special guards.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from ingest.errors import ERRORS_BY_CODE, IngestError, ParseTimeoutError
from ingest.readers import ReaderLimits, read_document
from ingest.readers.base import Extraction
from ingest.readers.failures import translate

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_BYTES = 3 * 1024**3
_HEADER = struct.Struct("!Q")
_HINT = "the file is too complex to read safely; re-save or simplify it"


def _send(stream: IO[bytes], value: object) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    """Read ``size`` bytes from ``fd``; raise TimeoutError past ``deadline``, EOFError at end."""
    chunks: list[bytes] = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int, deadline: float | None) -> Any:
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    return pickle.loads(_read_exact(fd, size, deadline))  # noqa: S301 - our own child's answer


def serve(memory_bytes: int, parent: int | None = None) -> None:
    """Child loop: parse each (data, media type, name, limits) read from stdin; answer on stdout."""
    import resource

    die_with_parent(os.getppid() if parent is None else parent)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the answer stream
    requests = sys.stdin.buffer.fileno()
    while True:
        try:
            request = _receive(requests, None)
        except EOFError:
            return
        if request is None:
            return
        _send(answers, _parse(*request))


#: How often (seconds) the child checks that its parent is still alive.
PARENT_CHECK_S = 0.5


def die_with_parent(parent: int) -> None:
    """End this process as soon as ``parent`` dies, even in the middle of a parse.

    A daemon thread polls the parent's id: when the parent dies the child is re-parented,
    so it never outlives the parent by more than :data:`PARENT_CHECK_S`. (Linux's
    ``PR_SET_PDEATHSIG`` is not used: it fires when the *thread* that started the child
    exits, which in a server is not the process ending.)
    """
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _parse(data: bytes, media_type: str, file_name: str, limits: ReaderLimits) -> tuple[Any, ...]:
    try:
        return ("ok", read_document(data, media_type, file_name, limits))
    except IngestError as error:
        return ("error", error.code, error.problem, error.hint)
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad file, in our words
        failure = translate(error, media_type, file_name)
        return ("error", failure.code, failure.problem, failure.hint)


class ReaderWorker:
    """One child process that parses documents with a time and memory bound.

    Safe to share between threads (an upload job and the upload form's look-up of earlier
    versions run at once in a server): one document at a time goes through the child, the
    others wait their turn, so no answer is read by the wrong caller."""

    def __init__(
        self, timeout_s: float = DEFAULT_TIMEOUT_S, memory_bytes: int = DEFAULT_MEMORY_BYTES
    ) -> None:
        self.timeout_s = timeout_s
        self.memory_bytes = memory_bytes
        self._process: subprocess.Popen[bytes] | None = None
        self._turn = threading.Lock()  # one request and its answer at a time on the pipes

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "ingest.worker", str(self.memory_bytes), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        return self._process

    def read(
        self, data: bytes, media_type: str, file_name: str, limits: ReaderLimits
    ) -> Extraction:
        """Parse in the child; raise the reader's error, or ParseTimeoutError when it runs over."""
        with self._turn:
            answer = self._exchange(data, media_type, file_name, limits)
        if answer[0] == "ok":
            result: Extraction = answer[1]
            return result
        _, code, problem, hint = answer
        raise ERRORS_BY_CODE.get(code, IngestError)(file_name, problem, hint=hint)

    def _exchange(
        self, data: bytes, media_type: str, file_name: str, limits: ReaderLimits
    ) -> tuple[Any, ...]:
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        try:
            _send(process.stdin, (data, media_type, file_name, limits))
            answer = _receive(process.stdout.fileno(), time.monotonic() + self.timeout_s)
        except TimeoutError:
            self._kill()
            raise ParseTimeoutError(
                file_name, f"parsing took longer than {self.timeout_s:g} s", hint=_HINT
            ) from None
        except (EOFError, OSError, pickle.UnpicklingError):
            self._kill()
            raise ParseTimeoutError(
                file_name, "the parser crashed or ran out of memory", hint=_HINT
            ) from None
        return tuple(answer)

    def _kill(self) -> None:
        if self._process is not None:
            with contextlib.suppress(OSError):
                self._process.kill()
            self._process.wait(5)
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        self._process = None

    def close(self) -> None:
        """Stop the child process (after the document being read, if any)."""
        with self._turn:
            self._close()

    def _close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            with contextlib.suppress(OSError):
                assert self._process.stdin is not None
                _send(self._process.stdin, None)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(5)
        self._kill()

    def __enter__(self) -> ReaderWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve(
        int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MEMORY_BYTES,
        int(sys.argv[2]) if len(sys.argv) > 2 else None,
    )
