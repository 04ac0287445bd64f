"""The Statement of Applicability: read, set a row (admins), export CSV / XLSX / JSON."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import Admin, Viewer
from api.dependencies import WorkspaceDep
from api.schemas import SoaUpdate, errors
from mapping.evidence.soa import SoaRow

router = APIRouter(prefix="/soa", tags=["soa"])

EXPORT_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get(
    "", response_model=list[SoaRow], responses=errors(), summary="Statement of Applicability"
)
def get_soa(ws: WorkspaceDep, _: Viewer) -> list[SoaRow]:
    """Every Annex A control: applicable or excluded, justification, status, evidence."""
    return ws.soa()


@router.put("/{notation}", response_model=SoaRow, responses=errors(), summary="Set one SoA row")
def put_soa(notation: str, body: SoaUpdate, ws: WorkspaceDep, principal: Admin) -> SoaRow:
    """Mark a control applicable or excluded (an exclusion needs a justification); the
    token's name is recorded with the setting (the audit log lists every setting)."""
    return ws.set_soa_row(notation, body, principal.actor)


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {m.split(";")[0]: {} for m in EXPORT_MEDIA.values()}}, **errors()},
    summary="Export the SoA",
)
def export_soa(
    ws: WorkspaceDep,
    _: Viewer,
    format: Annotated[Literal["csv", "xlsx", "json"], Query(description="File format.")] = "csv",
) -> Response:
    """The Statement of Applicability as a CSV, XLSX or JSON file."""
    with tempfile.TemporaryDirectory(dir=ws.data_dir) as folder:
        target = Path(folder) / f"soa.{format}"
        ws.export_soa(format, target)
        data = target.read_bytes()
    return Response(
        data,
        media_type=EXPORT_MEDIA[format],
        headers={
            "Content-Disposition": f'attachment; filename="statement-of-applicability.{format}"'
        },
    )
