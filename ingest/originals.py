"""Original uploads, content-addressed by SHA-256, with their extracted text beside them.

``<dir>/<sha256>`` holds the bytes exactly as uploaded and ``<dir>/<sha256>.txt`` the extracted
text that passage offsets index into. Writes go to a temporary file in the same directory,
are flushed to disk, then renamed into place, so a reader never sees half a file and a crash
leaves at most a ``.tmp-*`` file, which :meth:`OriginalStore.sweep_temporary` removes. File
names are digests we computed, never names a user gave.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ontology.atomic import write_atomically

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str | None, fallback: str = "upload") -> str:
    """A file name safe on any file system and in a header: no directories, no controls.

    >>> safe_name("../../etc/passwd")
    'passwd'
    >>> safe_name('Politique "IA" é.pdf')
    'Politique_IA_e.pdf'
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._")
    cleaned = re.sub(r"_+", "_", cleaned)
    return cleaned[:120] or fallback


class OriginalStore:
    """A directory of originals keyed by the SHA-256 of their bytes."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, digest: str, suffix: str = "") -> Path:
        if not _DIGEST.match(digest):
            raise ValueError(f"not a SHA-256 hex digest: {digest!r}")
        return self.directory / (digest + suffix)

    def put(self, data: bytes, text: str) -> str:
        """Store ``data`` and its extracted ``text``; return the digest. Idempotent."""
        digest = sha256_hex(data)
        if not self._path(digest, ".txt").exists():
            write_atomically(self._path(digest, ".txt"), text.encode("utf-8"))
        if not self._path(digest).exists():
            write_atomically(self._path(digest), data)
        return digest

    def has(self, digest: str) -> bool:
        return self._path(digest).exists()

    def read(self, digest: str) -> bytes:
        return self._path(digest).read_bytes()

    def read_text(self, digest: str) -> str:
        """The extracted text of an original (what passage offsets index into)."""
        return self._path(digest, ".txt").read_text(encoding="utf-8")

    def path(self, digest: str) -> Path:
        """Where the original's bytes lie (for serving a download)."""
        return self._path(digest)

    def remove(self, digest: str) -> None:
        """Delete an original and its text; missing files are fine."""
        for suffix in (".txt", ""):
            with contextlib.suppress(FileNotFoundError):
                self._path(digest, suffix).unlink()

    def digests(self) -> Iterator[str]:
        """Digests of every stored original (or lone text file)."""
        seen: set[str] = set()
        for entry in self.directory.iterdir():
            digest = entry.name.removesuffix(".txt")
            if _DIGEST.match(digest) and digest not in seen:
                seen.add(digest)
                yield digest

    def age_s(self, digest: str) -> float:
        """Seconds since the original (or its lone text) was last written."""
        for suffix in ("", ".txt"):
            with contextlib.suppress(FileNotFoundError):
                return time.time() - self._path(digest, suffix).stat().st_mtime
        return float("inf")

    def sweep_temporary(self, min_age_s: float = 0.0) -> int:
        """Remove temporary files a crashed write left behind (older than ``min_age_s``:
        another process sharing the folder may be writing one); return how many."""
        removed = 0
        for entry in self.directory.glob(".tmp-*"):
            with contextlib.suppress(FileNotFoundError):
                if min_age_s and time.time() - entry.stat().st_mtime < min_age_s:
                    continue
                entry.unlink()
                removed += 1
        return removed
