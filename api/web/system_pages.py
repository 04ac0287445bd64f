"""Web pages of the AI-system register: the list with a create form, a system page with its
edit form, its obligations and controls (evidenced, stale, missing) and documents to link.

Faces only: the same core functions as ``/api/systems`` and ``aimsgraph systems``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import Principal, Role, check_csrf, require
from api.dependencies import WorkspaceDep
from api.web.render import render
from mapping.links_to_systems import decide_system_link, suggest_documents
from mapping.obligations import system_reports
from mapping.systems import (
    FIELDS,
    RISK_CLASSES,
    ROLES,
    STAGES,
    create_system,
    get_system,
    update_system,
)

router = APIRouter(include_in_schema=False)
PageViewer = Annotated[Principal, Depends(require(Role.viewer))]
PageReviewer = Annotated[Principal, Depends(require(Role.reviewer))]
PageAdmin = Annotated[Principal, Depends(require(Role.admin))]
CHOICES: dict[str, Any] = {"roles": ROLES, "risk_classes": list(RISK_CLASSES), "stages": STAGES}


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


@router.get("/systems", response_class=HTMLResponse)
def systems_page(request: Request, ws: WorkspaceDep, principal: PageViewer) -> Response:
    reports = system_reports(ws.store)
    return render(request, "systems.html", principal, reports=reports, **CHOICES)


@router.post("/systems")
async def create_page(request: Request, ws: WorkspaceDep, principal: PageAdmin) -> Response:
    system = create_system(ws.store, await _form(request))
    return RedirectResponse(f"/systems/{system.id}", status_code=303)


@router.get("/systems/{system_id}", response_class=HTMLResponse)
def system_page(
    request: Request, system_id: str, ws: WorkspaceDep, principal: PageViewer
) -> Response:
    get_system(ws.store, system_id)
    [report] = system_reports(ws.store, system_ids=[system_id])
    documents = suggest_documents(ws.store, system_id)
    return render(request, "system.html", principal, report=report, documents=documents, **CHOICES)


@router.post("/systems/{system_id}")
async def edit_page(
    request: Request, system_id: str, ws: WorkspaceDep, principal: PageAdmin
) -> Response:
    values = await _form(request)
    values.pop("id", None)
    update_system(ws.store, system_id, values)
    return RedirectResponse(f"/systems/{system_id}", status_code=303)


@router.post("/systems/{system_id}/links")
async def link_page(
    request: Request, system_id: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    remove = str(form.get("remove", "")) == "yes"
    decide_system_link(
        ws.store, system_id, str(form.get("document", "")), principal.name, remove=remove
    )
    return RedirectResponse(f"/systems/{system_id}#documents", status_code=303)
