"""Reviewer decisions on evidence links: one, many, and a link's history.

The reviewer recorded in the audit graph is the name of the caller's token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.schemas import BulkDecision, Decision, Open, errors
from mapping import review

router = APIRouter(prefix="/reviews", tags=["reviews"])


def record_decision(ws: Any, decision: Decision, reviewer: str) -> dict[str, Any]:
    """Record one decision (shared by the API and the review queue page)."""
    result = review.decide(
        ws.store,
        decision.link,
        decision.decision,
        reviewer,
        comment=decision.comment,
        saw_version=decision.saw_version,
        retarget_to=decision.retarget_to,
    )
    outcome: dict[str, Any] = result.to_dict()
    return outcome


@router.post("", response_model=Open, responses=errors(409), summary="Decide one link")
def decide(body: Decision, ws: WorkspaceDep, principal: Reviewer) -> dict[str, Any]:
    """Confirm, reject, re-target or comment on one evidence link.

    Name the version you saw in ``saw_version``: if someone decided the link since, the
    answer is 409 and nothing is recorded.
    """
    return record_decision(ws, body, principal.name)


@router.post("/bulk", response_model=Open, responses=errors(), summary="Decide many links")
def decide_bulk(body: BulkDecision, ws: WorkspaceDep, principal: Reviewer) -> dict[str, Any]:
    """The same decision on many links; each link succeeds or fails on its own."""
    outcome = review.decide_many(
        ws.store,
        body.links,
        body.decision,
        principal.name,
        comment=body.comment,
        saw_versions=body.saw_versions,
        retarget_to=body.retarget_to,
    )
    return {"decided": [d.to_dict() for d in outcome.decided], "failed": list(outcome.failed)}


@router.get("/{link}", response_model=list[Open], responses=errors(), summary="A link's decisions")
def history(link: str, ws: WorkspaceDep, _: Viewer) -> list[dict[str, Any]]:
    """Every decision on a link, oldest first (the audit trail)."""
    return review.decision_history(ws.store, link)
