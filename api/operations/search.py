"""Global search, for the workspace: ``mapping.retrieval.search`` over its store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mapping.retrieval.search import SearchResult

if TYPE_CHECKING:
    from api.workspace import Workspace

__all__ = ["SearchResult", "search"]


def search(ws: Workspace, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
    """Documents, passages and requirements matching ``query`` (``limit`` of each kind;
    ``offset`` pages through the passages)."""
    from mapping.retrieval.search import search as found

    return found(ws.store, query, limit, offset)
