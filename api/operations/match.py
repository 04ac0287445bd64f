"""Rank requirements for a free text (``aimsgraph match``, ``POST /api/match``).

Building a :class:`mapping.retrieval.match.Matcher` fits the scorer to the organisation's passages
and reviewer feedback, which takes seconds; matching with a built one takes milliseconds.
The workspace keeps one matcher per standard and rebuilds it only when the passages or the
decisions have changed (a cheap count over the graph), never while an ingest writes the
vector index (it builds under the workspace's write lock).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase
from ontology.query_files import load_query

if TYPE_CHECKING:
    from mapping.retrieval.match import Matcher


class Match(Result):
    """One requirement ranked for the text."""

    notation: str
    standard: str
    label: str | None = None
    score: float = Field(description="A 0-1 confidence.")


class MatchResult(Result):
    """The requirements of a standard ranked for a text, best first."""

    matches: list[Match]


class MatcherCache:
    """One fitted matcher per standard, refitted when passages or decisions change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._matchers: dict[str, tuple[str, Matcher]] = {}

    def get(self, ws: WorkspaceBase, standard: str) -> Matcher:
        from mapping.retrieval.match import Matcher

        row = ws.store.select(load_query("api", "match_fingerprint"))[0]
        fingerprint = f"{row.get('passages')}/{row.get('decisions')}"
        with self._lock:
            cached = self._matchers.get(standard)
            if cached is not None and cached[0] == fingerprint:
                return cached[1]
            with ws.lock:
                matcher = Matcher.open(ws.store, ws.index, ws.embedder, standard)
            self._matchers[standard] = (fingerprint, matcher)
            return matcher


class MatchOperations(WorkspaceBase):
    """Rank requirements for a text, with matchers kept fitted."""

    @cached_property
    def matchers(self) -> MatcherCache:
        """Fitted matchers, one per standard, kept while passages and decisions stay."""
        return MatcherCache()

    def match(self, text: str, standard: str = "iso42001", top_k: int = 10) -> MatchResult:
        """The ``top_k`` requirements of ``standard`` for ``text``."""
        from ontology.errors import InputError

        if not text.strip():
            raise InputError("no text to match", hint="give a text of at least one word")
        found = self.matchers.get(self, standard).match([text], top_k)[0]
        return MatchResult(matches=[Match.model_validate(m) for m in found])

    def match_batch(
        self, items: Iterable[tuple[str, str]], standard: str = "iso42001", top_k: int = 10
    ) -> Iterator[tuple[str, MatchResult]]:
        """Each (id, text) of ``items`` with its ``top_k`` requirements, as it comes, from one
        matcher fitted once (``aimsgraph match --jsonl``)."""
        matcher = self.matchers.get(self, standard)
        return (
            (item_id, MatchResult(matches=[Match.model_validate(m) for m in found]))
            for item_id, text in items
            for found in matcher.match([text], top_k)
        )

    def best_passages(
        self,
        notation: str,
        standard: str = "iso42001",
        limit: int = 10,
        document: str | None = None,
    ) -> list[dict[str, Any]]:
        """The passages across all documents that best match one requirement (of ``document``
        only, where given): ``aimsgraph suggestions --passages``."""
        from mapping.retrieval.match import search_passages

        hits = search_passages(
            self.store, self.index, self.embedder, notation, standard=standard, limit=limit
        )
        return [h for h in hits if document is None or h.get("document") == document]
