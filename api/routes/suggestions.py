"""Evidence links suggested by the mapper (and their decided successors)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.auth import Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.operations.evidence import EvidenceLink
from api.routes.reviews import VerdictFilter
from api.schemas import errors
from mapping.evidence.recovery import MissingSuggestions

router = APIRouter(prefix="/suggestions", tags=["suggestions"])
StatusName = Literal["suggested", "confirmed", "rejected", "derived", "needsReview", "carriedOver"]


@router.get(
    "", response_model=list[EvidenceLink], responses=errors(), summary="List evidence links"
)
def suggestions(
    ws: WorkspaceDep,
    _: Viewer,
    response: Response,
    document: Annotated[str | None, Query(description="Only this document's links.")] = None,
    control: Annotated[
        str | None, Query(description="Only links to this notation, e.g. A.6.2.4.")
    ] = None,
    status: Annotated[StatusName | None, Query(description="Only links with this status.")] = None,
    standard: Annotated[Literal["iso42001", "iso27001", "euaiact"] | None, Query()] = None,
    verdict: Annotated[
        VerdictFilter | None,
        Query(
            description="Only links whose latest language-model verdict is this; none: links "
            "never checked (as the review queue's filter)."
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Annotated[int, Query(ge=0, description="Links to skip (paging).")] = 0,
) -> list[EvidenceLink]:
    """``id``, ``document``, ``notation``, ``standard``, ``status``, ``score``, ``passages``,
    ``verdict`` (the latest machine-drafted check in brief, or null); ``limit`` links from
    ``offset``. ``X-Total-Count`` holds how many pass the filters."""
    filters = {
        "document": document,
        "control": control,
        "status": status,
        "standard": standard,
        "verdict": verdict,
    }
    response.headers["X-Total-Count"] = str(ws.count_suggestions(**filters))
    return ws.suggestions(**filters, limit=limit, offset=offset)


@router.post(
    "/missing",
    response_model=MissingSuggestions,
    responses=errors(),
    summary="Suggest evidence for documents that have none",
)
def suggest_missing_documents(ws: WorkspaceDep, _: Reviewer) -> MissingSuggestions:
    """Completes documents an interrupted ingest left without suggestions (the same as
    ``aimsgraph suggest --missing``): ``documents`` (ids), ``written``, ``unchanged``,
    ``embedded``."""
    return ws.suggest_missing()


@router.post(
    "/more",
    response_model=list[EvidenceLink],
    responses=errors(404),
    summary="More suggestions for one document",
)
def more(
    ws: WorkspaceDep,
    _: Reviewer,
    document: Annotated[str, Query(description="The document's id.")],
    count: Annotated[int, Query(ge=1, le=50, description="How many more.")] = 5,
) -> list[EvidenceLink]:
    """Write the next ``count`` requirements down the document's ranking as suggestions
    (those it has no link to yet) and return them as links, best first."""
    return ws.more_suggestions(document, count=count)
