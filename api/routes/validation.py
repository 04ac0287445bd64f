"""The completeness (gap) report."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import Open, errors
from api.workspace import Workspace
from shapes.report import validate_aims

router = APIRouter(prefix="/validation", tags=["validation"])


def gap_report(ws: Workspace) -> dict[str, Any]:
    """The gap report as JSON (shared by the API, the gap page and the dashboard), with
    ``systems``: per AI system its obligations and A.5.x controls not yet evidenced."""
    from mapping.obligations import system_reports

    report: dict[str, Any] = validate_aims(ws.store).to_json()
    report["systems"] = [r.summary() for r in system_reports(ws.store)]
    return report


@router.get("", response_model=Open, responses=errors(), summary="Gap report")
def validation(ws: WorkspaceDep, _: Viewer) -> dict[str, Any]:
    """``conforms``, and per standard the ``coverage`` and every gap with what would close it."""
    return gap_report(ws)
