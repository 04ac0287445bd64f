"""A backup of the data directory (``aimsgraph backup``, ``POST /api/backup``)."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase

#: Files of the data directory a backup keeps besides the store and the originals.
KEPT_FILES = ("tokens.json", "session.key")


class Backup(Result):
    """Where a backup went."""

    path: str
    originals: int = Field(description="Original files copied (hard-linked where possible).")


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # originals never change: a hard link is a safe, cheap copy
    except OSError:
        shutil.copy2(source, target)


class BackupOperations(WorkspaceBase):
    """A consistent copy of the data directory."""

    def backup(self) -> Backup:
        """Copy the store (Oxigraph's consistent backup), originals, tokens and session key to
        ``data_dir/backups/<UTC time>/``; the vector index is rebuilt from the graph on restore."""
        from ontology.errors import InputError
        from ontology.store import EmbeddedStore

        if not isinstance(self.store, EmbeddedStore):
            raise InputError(
                "the graph lives in a remote SPARQL store: back it up on that server",
                hint="GET /api/export?format=trig gives a portable copy of every graph",
            )
        target = self.data_dir / "backups" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target.mkdir(parents=True)
        with self.lock:
            self.store.backup(target / "oxigraph")
        originals = target / "originals"
        originals.mkdir()
        count = 0
        for source in self.originals.directory.iterdir():
            if source.is_file() and not source.name.startswith("."):
                _link_or_copy(source, originals / source.name)
                count += 1
        for name in KEPT_FILES:
            if (self.shared_dir / name).exists():
                shutil.copy2(self.shared_dir / name, target / name)
        return Backup(path=str(target), originals=count)
