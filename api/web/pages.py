"""Pages of the web UI: sign-in, dashboard, documents, jobs, requirements, gaps, console.

Each page renders the same data function its JSON route returns (``api.routes.*``); the
review queue and the SoA editor live in :mod:`api.web.review_pages`.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.auth import SESSION_COOKIE, Principal, Role, check_csrf, require
from api.dependencies import JobsDep, WorkspaceDep
from api.errors import PermissionDeniedError
from api.jobs import discard_upload
from api.operations.assessment import GAP_PAGE
from api.operations.documents import (
    DocumentEdit,
    check_upload_fields,
)
from api.uploads import receive_upload, start_ingest
from api.web.examples import example_queries
from api.web.render import render
from ingest.metadata import ARTEFACT_TYPES
from ontology.errors import InputError, NotFoundError

router = APIRouter(include_in_schema=False)
PRESESSION_COOKIE = "aimsgraph_presession"

PageViewer = Annotated[Principal, Depends(require(Role.viewer))]
PageReviewer = Annotated[Principal, Depends(require(Role.reviewer))]
PageAdmin = Annotated[Principal, Depends(require(Role.admin))]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a signed-in user to another host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return "/"  # browsers read "/\\evil.example" and "/<TAB>/evil.example" as "//evil.example"
    parts = urlsplit(target)
    return parts.path + (f"?{parts.query}" if parts.query else "") if not parts.netloc else "/"


#: What ``/signin?message=`` may say: a code picks one of these; the page never shows text
#: taken from the address (anyone can send a link with any text in it).
SIGNIN_MESSAGES = {
    "signed-out": "You are signed out.",
    "session-ended": "Your session has ended; sign in again.",
}


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = "/", message: str | None = None) -> Response:
    """The sign-in page; ``message`` is a code from :data:`SIGNIN_MESSAGES` (others: none)."""
    return signin_page(request, next, SIGNIN_MESSAGES.get(message or ""))


def signin_page(request: Request, next: str = "/", message: str | None = None) -> Response:
    presession = request.cookies.get(PRESESSION_COOKIE) or secrets.token_urlsafe(24)
    page = render(
        request, "signin.html", next=_safe_next(next), presession=presession, message=message
    )
    page.set_cookie(PRESESSION_COOKIE, presession, httponly=True, samesite="strict", max_age=3600)
    return page


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    """Exchange a token for an HttpOnly, SameSite=Strict session cookie."""
    form = await request.form()
    presented, expected = str(form.get("csrf", "")), request.cookies.get(PRESESSION_COOKIE, "")
    if not expected or not secrets.compare_digest(presented, expected):
        raise PermissionDeniedError(
            "the sign-in form expired", hint="reload the sign-in page and try again"
        )
    principal = request.app.state.tokens.verify(str(form.get("token", "")))
    if principal is None:
        return signin_page(
            request, str(form.get("next", "/")), "That token is unknown or was revoked."
        )
    response = RedirectResponse(_safe_next(str(form.get("next", "/"))), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        request.app.state.sessions.issue(principal.token_id),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=request.app.state.sessions.max_age_s,
    )
    response.delete_cookie(PRESESSION_COOKIE)
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    request.app.state.sessions.end(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/signin?message=signed-out", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, ws: WorkspaceDep, principal: PageViewer) -> Response:
    return render(request, "dashboard.html", principal, data=ws.dashboard().model_dump())


#: Documents the documents page lists at once.
DOCUMENTS_PAGE = 100


@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request,
    ws: WorkspaceDep,
    jobs: JobsDep,
    principal: PageViewer,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    return render(
        request,
        "documents.html",
        principal,
        documents=[d.model_dump() for d in ws.documents(limit=DOCUMENTS_PAGE, offset=offset)],
        total=ws.count_documents(),
        offset=offset,
        page_size=DOCUMENTS_PAGE,
        jobs=[j.to_json() for j in jobs.list()[:10]],
        max_bytes=ws.settings.max_upload_bytes,
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(
    request: Request,
    document_id: str,
    ws: WorkspaceDep,
    principal: PageViewer,
    saved: str | None = None,
) -> Response:
    return _document_page(request, ws, principal, document_id, saved=saved is not None)


def _document_page(
    request: Request,
    ws: WorkspaceDep,
    principal: Principal,
    document_id: str,
    *,
    saved: bool = False,
    edit_error: str | None = None,
    edit_values: dict[str, str] | None = None,
) -> Response:
    view = ws.document_view(document_id).model_dump()  # as GET /api/documents/{id}/view
    doc = view["doc"]
    values = edit_values or {k: doc.get(k) or "" for k in EDIT_FIELDS}
    return render(
        request,
        "document.html",
        principal,
        status=422 if edit_error else 200,
        **view,
        passages=doc["passage_list"],
        saved=saved,
        edit_error=edit_error,
        edit=values,
        types=ARTEFACT_TYPES,
    )


#: The fields of the document edit form.
EDIT_FIELDS = ("title", "type", "owner", "version", "effective_date", "review_date")


@router.post("/documents/{document_id}/edit")
async def edit_document(
    request: Request, document_id: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    """The document page's metadata form: saved, then back to the page with a notice; a bad
    value re-renders the page with the error beside the form and the input kept."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    values = {k: str(form.get(k, "")).strip() for k in EDIT_FIELDS}
    try:
        edit = DocumentEdit.model_validate(values)
        doc = ws.edit_document(document_id, edit, principal.actor)
    except ValidationError as error:
        problem = error.errors()[0]
        message = f"{problem['loc'][0]}: {problem['msg']}"
        return _document_page(
            request, ws, principal, document_id, edit_error=message, edit_values=values
        )
    except InputError as error:
        return _document_page(
            request, ws, principal, document_id, edit_error=str(error), edit_values=values
        )
    return RedirectResponse(f"/documents/{doc.id}?saved=1", status_code=303)


@router.post("/documents/{document_id}/delete")
async def delete_document(
    request: Request, document_id: str, ws: WorkspaceDep, principal: PageAdmin
) -> Response:
    """The document page's delete form (admins): CSRF-checked, confirmed by a checkbox."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    if form.get("confirm") != "yes":
        raise InputError(
            "the document was not deleted: the confirmation box was not ticked",
            hint="tick the box to confirm, then press Delete again",
        )
    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(ws.delete_document, ws.document(document_id).id)
    return RedirectResponse("/documents", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str, jobs: JobsDep, principal: PageViewer) -> Response:
    return render(request, "job.html", principal, job=jobs.get(job_id).to_json())


@router.get("/requirements", response_class=HTMLResponse)
def requirements(
    request: Request, ws: WorkspaceDep, principal: PageViewer, standard: str = "iso42001"
) -> Response:
    items = [i.model_dump() for i in ws.requirements(standard, None)]
    return render(request, "requirements.html", principal, items=items, standard=standard)


@router.get("/requirements/{standard}/{notation}", response_class=HTMLResponse)
def requirement(
    request: Request,
    standard: str,
    notation: str,
    ws: WorkspaceDep,
    principal: PageViewer,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    view = ws.requirement_view(notation, standard, offset)
    return render(request, "requirement.html", principal, **view.model_dump())


@router.get("/gaps", response_class=HTMLResponse)
def gaps(
    request: Request,
    ws: WorkspaceDep,
    principal: PageViewer,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The gap report, :data:`GAP_PAGE` rows of each list at a time (``?offset=``)."""
    report = ws.gap_page(offset, GAP_PAGE).model_dump()
    paging = report.pop("paging")  # the report as the API gives it, its window apart
    longest = max([paging["issues"], *(max(s.values()) for s in paging["standards"].values())])
    return render(
        request,
        "gaps.html",
        principal,
        report=report,
        paging=paging,
        offset=offset,
        page_size=GAP_PAGE,
        more=offset + GAP_PAGE < longest,
    )


@router.get("/console", response_class=HTMLResponse)
def console(request: Request, principal: PageViewer, example: str | None = None) -> Response:
    examples = example_queries()
    chosen = next((e for e in examples if e["name"] == example), examples[0] if examples else None)
    return render(request, "console.html", principal, examples=examples, chosen=chosen)


@router.post("/documents/upload")
async def upload(
    request: Request, ws: WorkspaceDep, jobs: JobsDep, principal: PageReviewer
) -> Response:
    """The upload form without JavaScript: receive, queue, and show the job's page."""
    received = await receive_upload(request, ws)
    try:
        check_csrf(request, received.csrf)
        check_upload_fields(received.fields)
        await run_in_threadpool(ws.check_revision_of, received.fields)
    except (PermissionDeniedError, InputError, NotFoundError):
        discard_upload(received.path)
        raise
    reader = request.app.state.reader
    job = await run_in_threadpool(start_ingest, jobs, ws, received, principal.name, reader)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)
