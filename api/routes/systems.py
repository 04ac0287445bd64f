"""The register of AI systems: list, create, edit, delete, import / export, documents, obligations."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Admin, Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.errors import UploadTooLargeError
from api.schemas import Open, errors
from mapping.inventory import export_inventory, import_inventory
from mapping.links_to_systems import decide_system_link, suggest_documents
from mapping.obligations import system_reports
from mapping.systems import create_system, delete_system, get_system, list_systems, update_system

router = APIRouter(prefix="/systems", tags=["systems"])
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Text = Annotated[str | None, Field(default=None, max_length=4000)]


class SystemBody(BaseModel):
    """Fields of an AI system; lists may also be ``;``-separated text. Checked by the core."""

    model_config = ConfigDict(extra="forbid")
    id: Text = None
    name: Text = None
    purpose: Text = None
    domain: Text = None
    owner: Text = None
    lifecycle_stage: Text = Field(default=None, examples=["operation"])
    risk_class: Text = Field(default=None, examples=["high-risk-annex-iii"])
    roles: list[str] | str | None = Field(default=None, examples=[["provider"]])
    aliases: list[str] | str | None = None
    affected_persons: list[str] | str | None = None
    in_scope: bool | None = None

    def given(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class SystemLink(BaseModel):
    """A reviewer's decision that a document covers a system."""

    model_config = ConfigDict(extra="forbid")
    document: str = Field(max_length=200)
    remove: bool = False


@router.get("", response_model=list[Open], responses=errors(), summary="List AI systems")
def get_systems(ws: WorkspaceDep, _: Viewer) -> list[dict[str, Any]]:
    """Every AI system of the register, by name."""
    return [s.to_dict() for s in list_systems(ws.store)]


@router.post(
    "", status_code=201, response_model=Open, responses=errors(409), summary="Add an AI system"
)
def post_system(body: SystemBody, ws: WorkspaceDep, _: Admin) -> dict[str, Any]:
    """Add a system (name, roles and risk_class required); every bad field is named."""
    return create_system(ws.store, body.given()).to_dict()


@router.get(
    "/report", response_model=list[Open], responses=errors(), summary="Per-system completeness"
)
def get_report(ws: WorkspaceDep, _: Viewer) -> list[dict[str, Any]]:
    """For each system: obligations and impact-assessment controls, evidenced, stale or missing."""
    return [r.to_dict() for r in system_reports(ws.store)]


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()}}, **errors()},
    summary="Export the register",
)
def export_systems(
    ws: WorkspaceDep,
    _: Viewer,
    format: Annotated[Literal["csv", "xlsx"], Query(description="File format.")] = "csv",
) -> Response:
    """The register as a CSV or XLSX file in the columns import reads."""
    return Response(
        export_inventory(ws.store, format),
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="ai-systems.{format}"'},
    )


@router.post("/import", response_model=Open, responses=errors(413), summary="Import the register")
async def import_systems(
    request: Request,
    ws: WorkspaceDep,
    _: Admin,
    format: Annotated[
        Literal["csv", "xlsx"], Query(description="File format of the body.")
    ] = "csv",
) -> dict[str, Any]:
    """Import a CSV or XLSX inventory sent as the request body; all rows or none.

    Bad rows answer 422 with ``error.problems``: ``[{"row", "field", "message"}]``.
    """
    data = await request.body()
    if len(data) > ws.settings.max_upload_bytes:
        raise UploadTooLargeError(
            f"the inventory is larger than {ws.settings.max_upload_bytes} bytes",
            hint="split it into smaller files",
        )
    return import_inventory(ws.store, data, format).to_dict()


@router.get("/{system_id}", response_model=Open, responses=errors(), summary="One AI system")
def get_one(system_id: str, ws: WorkspaceDep, _: Viewer) -> dict[str, Any]:
    """The system with its obligations and controls (the ``systems show`` JSON)."""
    get_system(ws.store, system_id)
    return system_reports(ws.store, system_ids=[system_id])[0].to_dict()


@router.patch("/{system_id}", response_model=Open, responses=errors(), summary="Edit an AI system")
def patch_system(system_id: str, body: SystemBody, ws: WorkspaceDep, _: Admin) -> dict[str, Any]:
    """Change the given fields; the id stays."""
    return update_system(ws.store, system_id, body.given()).to_dict()


@router.delete("/{system_id}", status_code=204, responses=errors(), summary="Delete an AI system")
def remove_system(system_id: str, ws: WorkspaceDep, _: Admin) -> Response:
    """Remove the system and the document links to it."""
    delete_system(ws.store, system_id)
    return Response(status_code=204)


@router.get(
    "/{system_id}/documents",
    response_model=list[Open],
    responses=errors(),
    summary="Documents naming a system",
)
def get_documents(system_id: str, ws: WorkspaceDep, _: Viewer) -> list[dict[str, Any]]:
    """Documents whose passages name the system or an alias, with ``linked`` where confirmed."""
    return suggest_documents(ws.store, system_id)


@router.post(
    "/{system_id}/links", response_model=Open, responses=errors(), summary="Link a document"
)
def post_link(system_id: str, body: SystemLink, ws: WorkspaceDep, who: Reviewer) -> dict[str, Any]:
    """Confirm (or remove) that a document covers the system; recorded as a review decision."""
    return decide_system_link(
        ws.store, system_id, body.document, who.name, remove=body.remove
    ).to_dict()
