"""Rank requirements for a free text (what `aimsgraph match` does).

Building a :class:`mapping.match.Matcher` fits the scorer to the organisation's passages
and reviewer feedback, which takes seconds; matching with a built one takes milliseconds.
The app keeps one matcher per standard and rebuilds it only when the passages or the
decisions have changed (a cheap count over the graph), never while an ingest job writes
the vector index.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request

from api.auth import Viewer
from api.dependencies import JobsDep, WorkspaceDep
from api.jobs import JobRunner
from api.schemas import MatchRequest, Open, errors
from api.workspace import Workspace
from mapping.match import Matcher
from ontology.namespaces import AIMS, AUDIT_GRAPH, ORG_GRAPH

router = APIRouter(prefix="/match", tags=["match"])

_FINGERPRINT = f"""SELECT (COUNT(DISTINCT ?p) AS ?passages) (COUNT(DISTINCT ?d) AS ?decisions) WHERE {{
  {{ GRAPH <{ORG_GRAPH}> {{ ?p a <{AIMS.Passage}> }} }}
  UNION {{ GRAPH <{AUDIT_GRAPH}> {{ ?d a <{AIMS.ReviewDecision}> }} }}
}}"""


class MatcherCache:
    """One fitted matcher per standard, refitted when passages or decisions change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._matchers: dict[str, tuple[str, Matcher]] = {}

    def get(self, ws: Workspace, jobs: JobRunner, standard: str) -> Matcher:
        row = ws.store.select(_FINGERPRINT)[0]
        fingerprint = f"{row.get('passages')}/{row.get('decisions')}"
        with self._lock:
            cached = self._matchers.get(standard)
            if cached is not None and cached[0] == fingerprint:
                return cached[1]
            with jobs.exclusive():
                matcher = Matcher.open(ws.store, ws.index, ws.embedder, standard)
            self._matchers[standard] = (fingerprint, matcher)
            return matcher


def _cache(request: Request) -> MatcherCache:
    cache: MatcherCache = request.app.state.matchers
    return cache


@router.post("", response_model=Open, responses=errors(), summary="Match a text")
def match(
    body: MatchRequest, request: Request, ws: WorkspaceDep, jobs: JobsDep, _: Viewer
) -> dict[str, Any]:
    """``{"matches": [{"notation", "standard", "label", "score"}…]}``, best first."""
    matcher = _cache(request).get(ws, jobs, body.standard)
    return {"matches": matcher.match([body.text], body.top_k)[0]}
