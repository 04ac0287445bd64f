"""The dashboard's figures: ``ws.dashboard`` (coverage, Annex A groups, the review queue)."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.operations.assessment import Dashboard
from api.schemas import errors

router = APIRouter(prefix="/dashboard", tags=["validation"])


@router.get("", response_model=Dashboard, responses=errors(), summary="Dashboard figures")
def dashboard(ws: WorkspaceDep, _: Viewer) -> Dashboard:
    """``coverage`` per standard, ``annex_a`` groups (a heat map), ``queue`` (links to review)."""
    return ws.dashboard()
