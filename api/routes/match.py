"""Rank requirements for a free text (what `aimsgraph match` does): ``ws.match``."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.operations.match import MatchResult
from api.schemas import MatchRequest, errors

router = APIRouter(prefix="/match", tags=["match"])


@router.post("", response_model=MatchResult, responses=errors(), summary="Match a text")
def match(body: MatchRequest, ws: WorkspaceDep, _: Viewer) -> MatchResult:
    """``{"matches": [{"notation", "standard", "label", "score"}…]}``, best first."""
    return ws.match(body.text, body.standard, body.top_k)
