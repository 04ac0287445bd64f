"""Rank requirements for a free text (what `aimsgraph match` does)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import MatchRequest, Open, errors
from mapping.match import match_text

router = APIRouter(prefix="/match", tags=["match"])


@router.post("", response_model=Open, responses=errors(), summary="Match a text")
def match(body: MatchRequest, ws: WorkspaceDep, _: Viewer) -> dict[str, Any]:
    """``{"matches": [{"notation", "standard", "label", "score"}…]}``, best first."""
    return match_text(
        ws.store, ws.index, ws.embedder, body.text, standard=body.standard, top_k=body.top_k
    )
