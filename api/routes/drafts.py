"""Machine-drafted SoA justifications: drafted from confirmed evidence by the optional
language model (503 ``llm_not_configured`` without one), accepted only by an admin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import Field

from api.auth import Admin, Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.operations.base import Result
from api.schemas import errors

router = APIRouter(prefix="/soa", tags=["soa"])


class DraftOut(Result):
    """One drafted justification."""

    id: str
    notation: str
    text: str
    cites: list[str] = Field(description="IRIs of the confirmed evidence links it rests on.")
    model: str
    status: str = Field(description="draft, or accepted once an admin accepted it.")
    accepted_by: str | None = None
    accepted_at: str | None = None
    machine_drafted: bool = True


@router.post(
    "/{notation}/draft",
    response_model=DraftOut,
    status_code=201,
    responses=errors(404, 502, 503, 504),
    summary="Draft a control's justification from its confirmed evidence",
)
def draft(request: Request, notation: str, ws: WorkspaceDep, _: Reviewer) -> dict[str, Any]:
    """Only applicable controls with confirmed evidence (else 422); the draft cites the
    links it rests on and changes nothing until an admin accepts it."""
    return ws.draft_soa(request.app.state.settings, notation).to_json()


@router.get("/drafts", response_model=list[DraftOut], responses=errors(), summary="SoA drafts")
def drafts(
    ws: WorkspaceDep,
    _: Viewer,
    control: Annotated[str | None, Query(description="Only this control's drafts.")] = None,
) -> list[dict[str, Any]]:
    """Drafted justifications, newest first."""
    return [d.to_json() for d in ws.soa_drafts(control)]


@router.post(
    "/drafts/{draft_id}/accept",
    response_model=DraftOut,
    responses=errors(404, 409),
    summary="Accept a drafted justification",
)
def accept(draft_id: str, ws: WorkspaceDep, who: Admin) -> dict[str, Any]:
    """The draft becomes its row's justification: an SoA change in the audit log naming the
    admin; 409 when it was accepted already."""
    return ws.accept_soa_draft(draft_id, who.name).to_json()
