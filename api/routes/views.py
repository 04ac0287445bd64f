"""The pages' data as JSON: each returns exactly what its web page renders.

``GET /api/review-view`` is the ``/review`` page for the same query string;
``GET /api/documents/{id}/view`` is the ``/documents/{id}`` page (see
:mod:`api.operations.views`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.operations.views import DocumentView, ReviewQuery, ReviewView
from api.routes.documents import DocumentId
from api.schemas import errors

router = APIRouter(tags=["views"])


@router.get(
    "/review-view", response_model=ReviewView, responses=errors(), summary="The review page"
)
def review_view(ws: WorkspaceDep, _: Viewer, query: Annotated[ReviewQuery, Query()]) -> ReviewView:
    """This page of the queue, the current item with its context and history, the counts
    the confidence cut hides, and the notice after a decision, as ``/review`` shows them."""
    return ws.review_view(query)


@router.get(
    "/documents/{document_id}/view",
    response_model=DocumentView,
    responses=errors(404),
    summary="The document page",
)
def document_view(document_id: DocumentId, ws: WorkspaceDep, _: Viewer) -> DocumentView:
    """The document with its passages, its evidence links, the links citing each passage
    (by passage IRI) and the decisions on them, as ``/documents/{id}`` shows them."""
    return ws.document_view(document_id)
