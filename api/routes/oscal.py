"""OSCAL 1.2 exchange: export a catalog, the crosswalks, the SoA's assessment results or the
POA&M; import a mapping-collection as candidate crosswalk edges (docs/oscal.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.auth import Admin, Viewer
from api.dependencies import WorkspaceDep
from api.exchange.oscal.errors import OscalImportError
from api.exchange.oscal.importer import OscalImport
from api.schemas import errors

router = APIRouter(prefix="/oscal", tags=["oscal"])

Model = Literal["catalog", "mapping-collection", "assessment-results", "poam"]
Standard = Literal["iso42001", "iso27001", "euaiact"]


@router.get(
    "/{model}",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}, **errors()},
    summary="Export an OSCAL document",
)
def export_oscal(
    model: Model,
    ws: WorkspaceDep,
    _: Viewer,
    standard: Annotated[
        Standard | None,
        Query(
            description="catalog: which standard (default iso42001); mapping-collection, "
            "poam: only this standard's crosswalks or gaps."
        ),
    ] = None,
) -> Response:
    """The OSCAL JSON document, as a download; the same graph gives the same bytes."""
    document = ws.oscal_export(model, standard)
    return Response(
        document.to_json().encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{document.file_name}"'},
    )


@router.post(
    "/import",
    response_model=OscalImport,
    responses=errors(),
    summary="Import a mapping-collection",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "An OSCAL 1.2 mapping-collection in JSON.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def import_oscal(request: Request, ws: WorkspaceDep, _: Admin) -> OscalImport:
    """Add the file's edges as candidate crosswalk edges; any problem: 422 and nothing written."""
    limit = ws.settings.max_upload_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise OscalImportError(
            [f"the file is {int(declared):,} bytes; the importer reads at most {limit:,}"],
            hint="split the mapping-collection into smaller files",
        )
    return await run_in_threadpool(ws.oscal_import, await request.body())
