"""Global search, for the workspace (:class:`SearchOperations`): ``mapping.retrieval.search``
over its store."""

from __future__ import annotations

from api.operations.state import WorkspaceBase
from mapping.retrieval.search import SearchResult

__all__ = ["SearchOperations", "SearchResult"]


class SearchOperations(WorkspaceBase):
    """Search the library's text."""

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
        """Documents, passages and requirements matching ``query`` (``limit`` of each kind;
        ``offset`` pages through the passages)."""
        from mapping.retrieval.search import search as found

        return found(self.store, query, limit, offset)
