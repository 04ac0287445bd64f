"""The embedded store's lock file: one process opens a data directory at a time, and the
next one is told which process holds it."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
from pathlib import Path
from typing import IO

from ontology.errors import StoreLockedError


class _Lock:
    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def close(self) -> None:
        with contextlib.suppress(Exception):
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()


def _describe_holder(recorded: str) -> str:
    """``pid 123: aimsgraph serve`` from what the holder wrote into the lock file."""
    try:
        info = json.loads(recorded)
        return f"pid {info['pid']}: {info.get('command') or 'unknown command'}"
    except (ValueError, KeyError, TypeError):
        return recorded.strip() or "unknown process"


def acquire_lock(path: Path) -> _Lock:
    """Take an exclusive lock on ``path`` or say which process holds it."""
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held while the store is open
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = _describe_holder(handle.read())
        handle.close()
        raise StoreLockedError(
            f"the data directory {path.parent} is in use by another aimsgraph process ({holder})",
            hint="stop that process (e.g. a running `aimsgraph serve`) or query it over HTTP; "
            "only one process may open the embedded store",
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": os.getpid(), "command": " ".join(sys.argv)[:200]}))
    handle.flush()
    return _Lock(handle)
