"""Crosswalk neighbours of a requirement, with relationship types."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.operations.requirements import CrosswalkNeighbour
from api.schemas import errors

router = APIRouter(prefix="/crosswalk", tags=["crosswalk"])
StandardName = Literal["iso42001", "iso27001", "euaiact"]


@router.get(
    "/{notation}",
    response_model=list[CrosswalkNeighbour],
    responses=errors(),
    summary="Crosswalk of a requirement",
)
def crosswalk(
    notation: str,
    ws: WorkspaceDep,
    _: Viewer,
    standard: Annotated[StandardName, Query(description="The standard of NOTATION.")] = "iso42001",
    to: Annotated[StandardName | None, Query(description="Only edges to this standard.")] = None,
) -> list[CrosswalkNeighbour]:
    """Every typed mapping touching the requirement, both directions, strongest first."""
    return ws.crosswalk(notation, standard, to)
