"""The whole graph as RDF (what `aimsgraph export` writes)."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import errors

router = APIRouter(prefix="/export", tags=["export"])

MEDIA = {"trig": "application/trig", "nquads": "application/n-quads"}


@router.get(
    "",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}, **errors()},
    summary="Export the graph",
)
def export(
    ws: WorkspaceDep,
    _: Viewer,
    format: Annotated[Literal["trig", "nquads"], Query(description="File format.")] = "trig",
) -> Response:
    """Every named graph (vocabulary, reference, crosswalks, organisation, audit)."""
    out = io.BytesIO()
    ws.store.dump(format, out)
    name = f"aimsgraph.{'trig' if format == 'trig' else 'nq'}"
    return Response(
        out.getvalue(),
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
