"""Requirements (clauses, controls, articles) with coverage, evidence and crosswalks."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.operations.requirements import Requirement, RequirementDetail
from api.schemas import errors

router = APIRouter(prefix="/requirements", tags=["requirements"])
StandardName = Literal["iso42001", "iso27001", "euaiact"]
KindName = Literal["clause", "objective", "control", "article"]


@router.get("", response_model=list[Requirement], responses=errors(), summary="List requirements")
def requirements(
    ws: WorkspaceDep,
    _: Viewer,
    standard: Annotated[
        StandardName | None, Query(description="Standard; omit for all.")
    ] = "iso42001",
    kind: Annotated[KindName | None, Query(description="Only this kind.")] = None,
) -> list[Requirement]:
    """``notation``, ``standard``, ``kind``, ``label`` and ``evidence`` counts, in printed order."""
    return ws.requirements(standard, kind)


@router.get(
    "/{notation}", response_model=RequirementDetail, responses=errors(), summary="One requirement"
)
def requirement(
    notation: str,
    ws: WorkspaceDep,
    _: Viewer,
    response: Response,
    standard: Annotated[StandardName, Query(description="The standard of NOTATION.")] = "iso42001",
    limit: Annotated[int, Query(ge=1, le=1000, description="Evidence links to show.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Evidence links to skip (paging).")] = 0,
) -> RequirementDetail:
    """The requirement, ``limit`` of its evidence links from ``offset`` (best first) with
    ``evidence_counts`` per status, crosswalk neighbours and derived-evidence paths.
    ``X-Total-Count`` holds how many evidence links it has."""
    item = ws.requirement(notation, standard, limit=limit, offset=offset)
    response.headers["X-Total-Count"] = str(item.evidence_total)
    return item
