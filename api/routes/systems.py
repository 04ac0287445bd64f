"""The register of AI systems: list, create, edit, delete, import / export, documents, obligations."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.auth import Admin, Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.errors import UploadTooLargeError
from api.operations.systems import INVENTORY_MEDIA, SystemDocument
from api.schemas import errors
from ontology.register.inventory import ImportResult
from ontology.register.links_to_systems import SystemLinkResult
from ontology.register.obligations import SystemReport
from ontology.register.systems import AISystem

router = APIRouter(prefix="/systems", tags=["systems"])
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


@router.get("", response_model=list[AISystem], responses=errors(), summary="List AI systems")
def get_systems(ws: WorkspaceDep, _: Viewer) -> list[AISystem]:
    """Every AI system of the register, by name."""
    return ws.systems()


@router.post(
    "", status_code=201, response_model=AISystem, responses=errors(409), summary="Add an AI system"
)
def post_system(body: SystemBody, ws: WorkspaceDep, _: Admin) -> AISystem:
    """Add a system (name, roles and risk_class required); every bad field is named."""
    return ws.create_system(body.given())


@router.get(
    "/report",
    response_model=list[SystemReport],
    responses=errors(),
    summary="Per-system completeness",
)
def get_report(ws: WorkspaceDep, _: Viewer) -> list[SystemReport]:
    """For each system: obligations and impact-assessment controls, evidenced, stale or missing."""
    return ws.system_reports()


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {"content": {m.split(";")[0]: {} for m in INVENTORY_MEDIA.values()}},
        **errors(),
    },
    summary="Export the register",
)
def export_systems(
    ws: WorkspaceDep,
    _: Viewer,
    format: Annotated[Literal["csv", "xlsx"], Query(description="File format.")] = "csv",
) -> Response:
    """The register as a CSV or XLSX file in the columns import reads."""
    export = ws.export_inventory(format)
    return Response(
        export.content,
        media_type=export.media_type,
        headers={"Content-Disposition": f'attachment; filename="{export.file_name}"'},
    )


@router.post(
    "/import", response_model=ImportResult, responses=errors(413), summary="Import the register"
)
async def import_systems(
    request: Request,
    ws: WorkspaceDep,
    _: Admin,
    format: Annotated[
        Literal["csv", "xlsx"], Query(description="File format of the body.")
    ] = "csv",
) -> ImportResult:
    """Import a CSV or XLSX inventory sent as the request body; all rows or none.

    Bad rows answer 422 with ``error.problems``: ``[{"row", "field", "message"}]``.
    """
    data = await request.body()
    if len(data) > ws.settings.max_upload_bytes:
        raise UploadTooLargeError(
            f"the inventory is larger than {ws.settings.max_upload_bytes} bytes",
            hint="split it into smaller files",
        )
    return await run_in_threadpool(ws.import_inventory, data, format)


@router.get(
    "/{system_id}", response_model=SystemReport, responses=errors(), summary="One AI system"
)
def get_one(system_id: str, ws: WorkspaceDep, _: Viewer) -> SystemReport:
    """The system with its obligations and controls (the ``systems show`` JSON)."""
    return ws.system(system_id)


@router.patch(
    "/{system_id}", response_model=AISystem, responses=errors(), summary="Edit an AI system"
)
def patch_system(system_id: str, body: SystemBody, ws: WorkspaceDep, _: Admin) -> AISystem:
    """Change the given fields; the id stays."""
    return ws.edit_system(system_id, body.given())


@router.delete("/{system_id}", status_code=204, responses=errors(), summary="Delete an AI system")
def remove_system(system_id: str, ws: WorkspaceDep, _: Admin) -> Response:
    """Remove the system and the document links to it."""
    ws.delete_system(system_id)
    return Response(status_code=204)


@router.get(
    "/{system_id}/documents",
    response_model=list[SystemDocument],
    responses=errors(),
    summary="Documents naming a system",
)
def get_documents(system_id: str, ws: WorkspaceDep, _: Viewer) -> list[SystemDocument]:
    """Documents whose passages name the system or an alias, with ``linked`` where confirmed."""
    return ws.system_documents(system_id)


@router.post(
    "/{system_id}/links",
    response_model=SystemLinkResult,
    responses=errors(),
    summary="Link a document",
)
def post_link(
    system_id: str, body: SystemLink, ws: WorkspaceDep, who: Reviewer
) -> SystemLinkResult:
    """Confirm (or remove) that a document covers the system; recorded as a review decision."""
    return ws.link_system_document(system_id, body.document, who.name, remove=body.remove)
