"""The completeness (gap) report: ``ws.gaps``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import errors
from shapes.report import GapReport

#: Most rows of each list in one page.
MAX_GAP_PAGE = 1000

router = APIRouter(prefix="/validation", tags=["validation"])


@router.get("", response_model=GapReport, responses=errors(), summary="Gap report")
def validation(
    ws: WorkspaceDep,
    _: Viewer,
    offset: Annotated[
        int | None, Query(ge=0, description="Rows of each list to skip (paging).")
    ] = None,
    limit: Annotated[
        int | None,
        Query(ge=1, le=MAX_GAP_PAGE, description="Rows of each list to show (paging)."),
    ] = None,
) -> GapReport:
    """``conforms``, and per standard the ``coverage`` and every gap with what would close it.

    With ``offset`` or ``limit`` (default 100) the report is paged: each standard's ``gaps``
    and ``evidence`` and the ``issues`` show that window, and ``paging`` holds the whole
    report's totals; without them every row is there, as ``aimsgraph validate`` prints it."""
    return ws.gap_page(offset, limit)
