"""Global search over documents, passages and requirements: ``ws.search``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import errors
from mapping.retrieval.search import MAX_LIMIT, MAX_OFFSET, MAX_QUERY, SearchResult

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=SearchResult, responses=errors(), summary="Search")
def search(
    ws: WorkspaceDep,
    _: Viewer,
    q: Annotated[str, Query(description="Text to find (case-insensitive).", max_length=MAX_QUERY)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most results per kind.")] = 20,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Passages to skip (paging).")
    ] = 0,
) -> SearchResult:
    """Documents (title, file, owner, id), passages (text) and requirements (notation,
    title, description) that contain ``q``; ``more`` says where there is a next page."""
    return ws.search(q, limit, offset)
