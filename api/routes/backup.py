"""An online, consistent backup of the data directory (admins)."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, status

from api.auth import Admin
from api.dependencies import WorkspaceDep
from api.schemas import Open, errors
from api.workspace import Workspace
from ontology.errors import InputError
from ontology.store import EmbeddedStore

router = APIRouter(prefix="/backup", tags=["export"])
KEPT_FILES = ("tokens.json", "session.key")


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # originals never change: a hard link is a safe, cheap copy
    except OSError:
        shutil.copy2(source, target)


def write_backup(ws: Workspace) -> dict[str, Any]:
    """Copy the store (Oxigraph's consistent backup), originals, tokens and session key to
    ``data_dir/backups/<UTC time>/``; the vector index is rebuilt from the graph on restore."""
    if not isinstance(ws.store, EmbeddedStore):
        raise InputError(
            "the graph lives in a remote SPARQL store: back it up on that server",
            hint="GET /api/export?format=trig gives a portable copy of every graph",
        )
    target = ws.data_dir / "backups" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target.mkdir(parents=True)
    ws.store.backup(target / "oxigraph")
    originals = target / "originals"
    originals.mkdir()
    count = 0
    for source in (ws.data_dir / "originals").iterdir():
        if source.is_file() and not source.name.startswith("."):
            _link_or_copy(source, originals / source.name)
            count += 1
    for name in KEPT_FILES:
        if (ws.data_dir / name).exists():
            shutil.copy2(ws.data_dir / name, target / name)
    return {"path": str(target), "originals": count}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Open,
    responses=errors(),
    summary="Back up",
)
def backup(ws: WorkspaceDep, _: Admin) -> dict[str, Any]:
    """A consistent copy of the data directory under ``DATA_DIR/backups/<time>/``."""
    return write_backup(ws)
