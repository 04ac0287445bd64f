"""Web pages of the AI-system register: the list with a create form and an inventory import
form, a system page with its edit form, its obligations and controls (evidenced, stale,
missing) and documents to link.

Faces only: the same workspace operations (:mod:`api.operations.systems`) as
``/api/systems`` and ``aimsgraph systems``; each page's context is their result.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.auth import Principal, Role, check_csrf, require
from api.dependencies import WorkspaceDep
from api.operations.systems import inventory_format
from api.uploads import receive_form_file
from api.web.render import render
from ontology.errors import RegisterInputError
from ontology.register.systems import FIELDS, RISK_CLASSES, ROLES, STAGES

router = APIRouter(include_in_schema=False)
PageViewer = Annotated[Principal, Depends(require(Role.viewer))]
PageReviewer = Annotated[Principal, Depends(require(Role.reviewer))]
PageAdmin = Annotated[Principal, Depends(require(Role.admin))]
CHOICES: dict[str, Any] = {
    "roles": ROLES,
    "risk_classes": list(RISK_CLASSES),
    "stages": STAGES,
    "columns": FIELDS,
}
Count = Annotated[int | None, Query(ge=0)]


async def _form(request: Request) -> dict[str, Any]:
    """The submitted system fields (CSRF checked); roles from the check boxes."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    values: dict[str, Any] = {
        k: str(form.get(k, "")).strip() for k in FIELDS if k not in ("roles", "in_scope")
    }
    values["roles"] = [str(r) for r in form.getlist("roles")]
    values["in_scope"] = "yes" if form.get("in_scope") else "no"
    return {k: v for k, v in values.items() if v not in ("", [])}


def _register(
    request: Request, ws: WorkspaceDep, principal: Principal, status: int = 200, **extra: Any
) -> Response:
    """The register page: every system's report, the forms, and ``extra`` (notice, problems)."""
    reports = [r.model_dump() for r in ws.system_reports()]
    context = {"notice": None, "problems": [], **CHOICES, **extra}
    return render(request, "systems.html", principal, status, reports=reports, **context)


@router.get("/systems", response_class=HTMLResponse)
def systems_page(
    request: Request,
    ws: WorkspaceDep,
    principal: PageViewer,
    created: Count = None,
    updated: Count = None,
    unchanged: Count = None,
) -> Response:
    notice = None
    if created is not None or updated is not None:
        notice = f"Imported {created or 0} new and {updated or 0} updated AI systems"
        notice += f"; {unchanged} unchanged." if unchanged else "."
    return _register(request, ws, principal, notice=notice)


@router.post("/systems")
async def create_page(request: Request, ws: WorkspaceDep, principal: PageAdmin) -> Response:
    system = ws.create_system(await _form(request))
    return RedirectResponse(f"/systems/{system.id}", status_code=303)


@router.post("/systems/inventory/import")
async def import_page(request: Request, ws: WorkspaceDep, principal: PageAdmin) -> Response:
    """Import a CSV or XLSX inventory; bad rows are listed on the page and nothing is written."""
    upload = await receive_form_file(request, ws.settings.max_upload_bytes)
    check_csrf(request, upload.csrf)
    try:
        result = await run_in_threadpool(
            ws.import_inventory, upload.data, inventory_format(upload.name)
        )
    except RegisterInputError as error:
        return _register(request, ws, principal, 422, problems=error.problems, file=upload.name)
    counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    done = "/systems?" + "&".join(f"{name}={len(ids)}" for name, ids in counts.items())
    return RedirectResponse(done, status_code=303)


@router.get("/systems/{system_id}", response_class=HTMLResponse)
def system_page(
    request: Request, system_id: str, ws: WorkspaceDep, principal: PageViewer
) -> Response:
    report = ws.system(system_id).model_dump()
    documents = [d.model_dump() for d in ws.system_documents(system_id)]
    return render(request, "system.html", principal, report=report, documents=documents, **CHOICES)


@router.post("/systems/{system_id}")
async def edit_page(
    request: Request, system_id: str, ws: WorkspaceDep, principal: PageAdmin
) -> Response:
    values = await _form(request)
    values.pop("id", None)
    ws.edit_system(system_id, values)
    return RedirectResponse(f"/systems/{system_id}", status_code=303)


@router.post("/systems/{system_id}/links")
async def link_page(
    request: Request, system_id: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    remove = str(form.get("remove", "")) == "yes"
    ws.link_system_document(
        system_id, str(form.get("document", "")), principal.actor, remove=remove
    )
    return RedirectResponse(f"/systems/{system_id}#documents", status_code=303)
