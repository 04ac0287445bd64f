"""Evidence links suggested by the mapper (and their decided successors)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.auth import Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.schemas import Open, errors
from mapping.suggest import list_suggestions, more_suggestions

router = APIRouter(prefix="/suggestions", tags=["suggestions"])
StatusName = Literal["suggested", "confirmed", "rejected", "derived", "needsReview", "carriedOver"]


@router.get("", response_model=list[Open], responses=errors(), summary="List evidence links")
def suggestions(
    ws: WorkspaceDep,
    _: Viewer,
    document: Annotated[str | None, Query(description="Only this document's links.")] = None,
    control: Annotated[
        str | None, Query(description="Only links to this notation, e.g. A.6.2.4.")
    ] = None,
    status: Annotated[StatusName | None, Query(description="Only links with this status.")] = None,
    standard: Annotated[Literal["iso42001", "iso27001", "euaiact"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[dict[str, Any]]:
    """``id``, ``document``, ``notation``, ``standard``, ``status``, ``score``, ``passages``."""
    return list_suggestions(
        ws.store, document=document, control=control, status=status, standard=standard, limit=limit
    )


@router.post(
    "/more",
    response_model=list[Open],
    responses=errors(404),
    summary="More suggestions for one document",
)
def more(
    ws: WorkspaceDep,
    _: Reviewer,
    document: Annotated[str, Query(description="The document's id.")],
    count: Annotated[int, Query(ge=1, le=50, description="How many more.")] = 5,
) -> list[dict[str, Any]]:
    """Write the next ``count`` requirements down the document's ranking as suggestions
    (those it has no link to yet) and return them as links, best first."""
    written = more_suggestions(ws.store, ws.index, ws.embedder, document, count=count)
    ids = {s.id for s in written}
    links = list_suggestions(ws.store, document=document, status="suggested")
    return [link for link in links if link["id"] in ids]
