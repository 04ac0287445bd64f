"""The graph as RDF (what `aimsgraph export` writes, in the same formats): ``ws.export``."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.operations.graph import EXPORT_MEDIA
from api.schemas import errors

router = APIRouter(prefix="/export", tags=["export"])


@router.get(
    "",
    response_class=Response,
    responses={200: {"content": {m: {} for m, _ in EXPORT_MEDIA.values()}}, **errors()},
    summary="Export the graph",
)
def export(
    ws: WorkspaceDep,
    _: Viewer,
    format: Annotated[
        Literal["trig", "turtle", "jsonld", "nquads"],
        Query(description="trig, nquads and jsonld keep named graphs; turtle merges them."),
    ] = "trig",
    graph: Annotated[
        str | None,
        Query(description="Only this named graph: an IRI or a short name such as org."),
    ] = None,
) -> Response:
    """Every named graph (vocabulary, reference, crosswalks, organisation, audit), or one."""
    out = io.BytesIO()
    ws.export(format, out, graph=graph)
    media, extension = EXPORT_MEDIA[format]
    return Response(
        out.getvalue(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="aimsgraph.{extension}"'},
    )
