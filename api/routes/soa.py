"""The Statement of Applicability: read, set a row (admins), export CSV / XLSX / JSON."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import Admin, Viewer
from api.dependencies import WorkspaceDep
from api.schemas import Open, SoaUpdate, errors
from api.workspace import Workspace
from mapping.soa import list_soa, set_soa, write_soa

router = APIRouter(prefix="/soa", tags=["soa"])

EXPORT_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def soa_rows(ws: Workspace) -> list[dict[str, Any]]:
    """One row per Annex A control (shared by the API and the SoA editor)."""
    return [row.to_dict() for row in list_soa(ws.store)]


def set_row(ws: Workspace, notation: str, update: SoaUpdate) -> dict[str, Any]:
    """Set one row (shared by the API and the SoA editor)."""
    row = set_soa(
        ws.store,
        notation,
        applicable=update.applicable,
        justification=update.justification,
        status=update.implementation_status,
    )
    return row.to_dict()


@router.get("", response_model=list[Open], responses=errors(), summary="Statement of Applicability")
def get_soa(ws: WorkspaceDep, _: Viewer) -> list[dict[str, Any]]:
    """Every Annex A control: applicable or excluded, justification, status, evidence."""
    return soa_rows(ws)


@router.put("/{notation}", response_model=Open, responses=errors(), summary="Set one SoA row")
def put_soa(notation: str, body: SoaUpdate, ws: WorkspaceDep, _: Admin) -> dict[str, Any]:
    """Mark a control applicable or excluded (an exclusion needs a justification)."""
    return set_row(ws, notation, body)


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
        write_soa(list_soa(ws.store), format, target)
        data = target.read_bytes()
    return Response(
        data,
        media_type=EXPORT_MEDIA[format],
        headers={
            "Content-Disposition": f'attachment; filename="statement-of-applicability.{format}"'
        },
    )
