"""The pages' data as JSON: each returns exactly what its web page renders.

``GET /api/review-view`` is the ``/review`` page for the same query string;
``GET /api/documents/{id}/view`` is the ``/documents/{id}`` page;
``GET /api/requirements/{notation}/view?standard=`` is the
``/requirements/{standard}/{notation}`` page (see :mod:`api.operations.views`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.operations.views import DocumentView, RequirementView, ReviewQuery, ReviewView
from api.routes.documents import DocumentId
from api.routes.requirements import StandardName
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


@router.get(
    "/requirements/{notation}/view",
    response_model=RequirementView,
    responses=errors(404),
    summary="The requirement page",
)
def requirement_view(
    notation: str,
    ws: WorkspaceDep,
    _: Viewer,
    standard: Annotated[StandardName, Query(description="The standard of NOTATION.")] = "iso42001",
    offset: Annotated[int, Query(ge=0, description="Evidence links to skip (paging).")] = 0,
) -> RequirementView:
    """The requirement with a page of its evidence links, the decisions on them and each
    one's newest verdict, as ``/requirements/{standard}/{notation}`` shows them."""
    return ws.requirement_view(notation, standard, offset)
