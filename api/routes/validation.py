"""The completeness (gap) report: ``ws.gaps``."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import errors
from shapes.report import GapReport

router = APIRouter(prefix="/validation", tags=["validation"])


@router.get("", response_model=GapReport, responses=errors(), summary="Gap report")
def validation(ws: WorkspaceDep, _: Viewer) -> GapReport:
    """``conforms``, and per standard the ``coverage`` and every gap with what would close it."""
    return ws.gaps()
