"""Reviewer decisions on evidence links: one, many, and a link's history.

The reviewer recorded in the audit graph is the name of the caller's token.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.auth import Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.operations.review_queue import QueueItem
from api.operations.reviews import HistoryEntry
from api.schemas import BulkDecision, BulkUndo, Decision, errors
from mapping.evidence.review import BulkOutcome, DecisionOutcome

router = APIRouter(prefix="/reviews", tags=["reviews"])
#: The review queue's page size when the request names none (the review page's too).
QUEUE_PAGE = 50
#: The queue's verdict filter (mapping.llm.verdicts.VERDICT_FILTERS).
VerdictFilter = Literal["supports", "partly", "does_not_support", "unverifiable", "none"]


@router.post("", response_model=DecisionOutcome, responses=errors(409), summary="Decide one link")
def decide(body: Decision, ws: WorkspaceDep, principal: Reviewer) -> DecisionOutcome:
    """Confirm, reject, re-target or comment on one evidence link.

    Name the version you saw in ``saw_version``: if someone decided the link since, the
    answer is 409 and nothing is recorded.
    """
    return ws.decide(body, principal.actor)


@router.post("/bulk", response_model=BulkOutcome, responses=errors(), summary="Decide many links")
def decide_bulk(body: BulkDecision, ws: WorkspaceDep, principal: Reviewer) -> BulkOutcome:
    """The same decision on many links; each link succeeds or fails on its own."""
    return ws.decide_many(body, principal.actor)


@router.get(
    "/queue", response_model=list[QueueItem], responses=errors(), summary="The review queue"
)
def queue(
    ws: WorkspaceDep,
    _: Viewer,
    response: Response,
    document: Annotated[str | None, Query(description="Only this document's links.")] = None,
    standard: Annotated[
        Literal["iso42001", "iso27001", "euaiact"] | None,
        Query(description="One standard's queue; omit for all."),
    ] = "iso42001",
    group: Annotated[
        str | None,
        Query(description="Only one requirement group's: A.6 (Annex A) or 6 (clause 6)."),
    ] = None,
    min_score: Annotated[
        float | None, Query(ge=0, le=1, description="Only links scoring at least this.")
    ] = None,
    verdict: Annotated[
        VerdictFilter | None,
        Query(
            description="Only links whose latest language-model verdict is this; none: links "
            "never checked."
        ),
    ] = None,
    order: Annotated[
        Literal["best", "doubts"],
        Query(description="best first, or the model's doubts first (does_not_support, partly)."),
    ] = "best",
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many.")] = QUEUE_PAGE,
    offset: Annotated[int, Query(ge=0, description="Links to skip (paging).")] = 0,
) -> list[QueueItem]:
    """Links waiting for a decision (suggested, or needing review again), best first;
    ``limit`` of them from ``offset``. Each carries its latest machine-drafted ``verdict``
    (or null): a hint, never a decision. ``X-Total-Count`` holds how many pass the filters."""
    total = ws.count_review_queue(document, standard, group, min_score, verdict=verdict)
    response.headers["X-Total-Count"] = str(total)
    return ws.review_queue(
        document,
        standard,
        group,
        min_score,
        offset=offset,
        limit=limit,
        verdict=verdict,
        order=order,
    )


@router.post(
    "/decisions/undo",
    response_model=BulkOutcome,
    responses=errors(),
    summary="Undo several decisions",
)
def undo_many(body: BulkUndo, ws: WorkspaceDep, principal: Reviewer) -> BulkOutcome:
    """Undo several confirms or rejects (e.g. a bulk decision), each on its own: one decided
    since, or of another kind, is listed in ``failed`` (with ``decision``, ``error``,
    ``message``) and the others are undone."""
    return ws.undo_decisions(body.decisions, principal.actor)


@router.post(
    "/decisions/{decision_id}/undo",
    response_model=DecisionOutcome,
    responses=errors(409),
    summary="Undo a decision",
)
def undo(decision_id: str, ws: WorkspaceDep, principal: Reviewer) -> DecisionOutcome:
    """Undo a confirm or reject: the link returns to the status that decision found.

    Recorded as an ``undo`` decision in the link's history (both stay). Only a link's latest
    decision can be undone: 409 when someone decided the link since.
    """
    return ws.undo_decision(decision_id, principal.actor)


@router.get(
    "/{link}", response_model=list[HistoryEntry], responses=errors(), summary="A link's decisions"
)
def history(link: str, ws: WorkspaceDep, _: Viewer) -> list[HistoryEntry]:
    """Every decision on a link, oldest first (the audit trail)."""
    return ws.history(link)
