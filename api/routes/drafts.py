"""Machine-drafted SoA justifications: drafted from confirmed evidence by the optional
language model (503 ``llm_not_configured`` without one), accepted only by an admin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.auth import Admin, Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.schemas import errors
from mapping.llm.drafts import JustificationDraft

router = APIRouter(prefix="/soa", tags=["soa"])


@router.post(
    "/{notation}/draft",
    response_model=JustificationDraft,
    status_code=201,
    responses=errors(404, 502, 503, 504),
    summary="Draft a control's justification from its confirmed evidence",
)
def draft(request: Request, notation: str, ws: WorkspaceDep, _: Reviewer) -> JustificationDraft:
    """Only applicable controls with confirmed evidence (else 422); the draft cites the
    links it rests on and changes nothing until an admin accepts it."""
    return ws.draft_soa(request.app.state.settings, notation)


@router.get(
    "/drafts", response_model=list[JustificationDraft], responses=errors(), summary="SoA drafts"
)
def drafts(
    ws: WorkspaceDep,
    _: Viewer,
    control: Annotated[str | None, Query(description="Only this control's drafts.")] = None,
) -> list[JustificationDraft]:
    """Drafted justifications, newest first."""
    return ws.soa_drafts(control)


@router.post(
    "/drafts/{draft_id}/accept",
    response_model=JustificationDraft,
    responses=errors(404, 409),
    summary="Accept a drafted justification",
)
def accept(draft_id: str, ws: WorkspaceDep, who: Admin) -> JustificationDraft:
    """The draft becomes its row's justification: an SoA change in the audit log naming the
    admin; 409 when it was accepted already."""
    return ws.accept_soa_draft(draft_id, who.name)
