"""An online, consistent backup of the data directory (admins): ``ws.backup``."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.auth import Admin
from api.dependencies import WorkspaceDep
from api.operations.backup import Backup
from api.schemas import errors

router = APIRouter(prefix="/backup", tags=["export"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Backup,
    responses=errors(),
    summary="Back up",
)
def backup(ws: WorkspaceDep, _: Admin) -> Backup:
    """A consistent copy of the data directory under ``DATA_DIR/backups/<time>/``."""
    return ws.backup()
