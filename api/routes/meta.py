"""Service routes: health (no token needed) and who the caller is."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import Health, Me, errors

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health, summary="Is the service up")
def health(request: Request, ws: WorkspaceDep) -> Health:
    """Liveness and the store in use; needs no token (for load balancers)."""
    return Health(status="ok", version=request.app.version, store=ws.store.description)


@router.get("/me", response_model=Me, responses=errors(), summary="The caller's identity")
def me(principal: Viewer) -> Me:
    """The token's name (recorded as reviewer in the audit graph) and role."""
    return Me(name=principal.name, role=principal.role.value, token_id=principal.token_id)
