"""Pages of the compliance lead: decisions taken on a requirement's page (its evidence shown
with its basis), the Statement of Applicability editor with inline validation, access
tokens, global search and the audit log.

Faces only: each page renders a workspace operation's result, each form posts to a route
that calls one, and every form answers with a redirect (post-redirect-get), so a reload
never repeats it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.auth import Principal, Role, check_csrf, require
from api.dependencies import WorkspaceDep
from api.schemas import Decision, SoaUpdate
from api.web.render import render
from mapping.errors import SoaRowError
from ontology.errors import InputError, NotFoundError

router = APIRouter(include_in_schema=False)
PageViewer = Annotated[Principal, Depends(require(Role.viewer))]
PageReviewer = Annotated[Principal, Depends(require(Role.reviewer))]
PageAdmin = Annotated[Principal, Depends(require(Role.admin))]


@router.post("/requirements/{standard}/{notation}/links/{link}")
async def decide_on_requirement(
    request: Request,
    standard: str,
    notation: str,
    link: str,
    ws: WorkspaceDep,
    principal: PageReviewer,
) -> Response:
    """Confirm or reject a suggestion from the requirement's page, then show it again."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    version = str(form.get("saw_version", ""))
    try:
        decision = Decision(
            link=link,
            decision=str(form.get("decision", "")),  # type: ignore[arg-type]
            comment=str(form.get("comment", "")).strip() or None,
            saw_version=int(version) if version.isdigit() else None,
        )
    except ValidationError:
        raise InputError("unknown decision", hint="use confirm, reject or comment") from None
    item = ws.requirement(notation, standard, limit=1)
    if not ws.requirement_has_link(item.notation, item.standard, link):
        raise InputError(
            f"link {link!r} is not evidence of {standard} {notation}",
            hint="open the requirement's page again and decide from there",
        )
    outcome = ws.decide(decision, principal.actor)
    shown = str(form.get("offset", ""))
    params = {"decided": outcome.decision, "link": link, "status": outcome.status}
    query = urlencode(params | ({"offset": shown} if shown.isdigit() and shown != "0" else {}))
    target = f"/requirements/{quote(item.standard)}/{quote(item.notation)}?{query}#link-{link}"
    return RedirectResponse(target, status_code=303)


def _soa_page(
    request: Request,
    ws: WorkspaceDep,
    principal: Principal,
    *,
    status: int = 200,
    problem: dict[str, Any] | None = None,
) -> Response:
    # the page shows each row's evidence counts, not the references themselves: leaving the
    # list out keeps the page's cost to its rows (a control's references grow with the library)
    rows = [r.model_dump(exclude={"evidence"}) for r in ws.soa()]
    saved = request.query_params.get("saved")
    return render(
        request, "soa.html", principal, status=status, rows=rows, problem=problem, saved=saved
    )


@router.get("/soa", response_class=HTMLResponse)
def soa(request: Request, ws: WorkspaceDep, principal: PageViewer) -> Response:
    return _soa_page(request, ws, principal)


#: What the SoA editor says beside a row the core refused, by the field at fault.
SOA_PROBLEMS = {
    "justification": "Excluding a control needs a justification: say why it does not apply.",
    "implementation_status": "An excluded control has no implementation status: choose –.",
    "implemented": "Implemented needs current evidence (confirmed, from a document with a "
    "current review date) or a justification saying what shows it is in place.",
}


@router.post("/soa/{notation}")
async def soa_set(
    request: Request, notation: str, ws: WorkspaceDep, principal: PageAdmin
) -> Response:
    """Save one row; a refused row comes back in the page with the problem beside it and
    what was typed kept (422); a saved one redirects to the page with a notice."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    kept = {
        "applicable": str(form.get("applicable", "")) == "yes",
        "justification": str(form.get("justification", "")).strip() or None,
        "implementation_status": str(form.get("implementation_status", "")).strip() or None,
    }
    try:
        update = SoaUpdate.model_validate(kept)
        ws.set_soa_row(notation, update, principal.actor)
    except ValidationError:
        message = "Unknown implementation status: choose one from the list."
        problem = {"notation": notation, "field": "implementation_status", "message": message}
        return _soa_page(request, ws, principal, status=422, problem=problem | kept)
    except SoaRowError as error:
        claimed = kept["applicable"] and kept["implementation_status"] == "implemented"
        message = SOA_PROBLEMS["implemented" if claimed else error.field]
        problem = {"notation": notation, "field": error.field, "message": message}
        return _soa_page(request, ws, principal, status=422, problem=problem | kept)
    return RedirectResponse(f"/soa?saved={quote(notation)}#row-{quote(notation)}", status_code=303)


def _token_record(request: Request, token_id: str) -> dict[str, str]:
    record = request.app.state.tokens.get(token_id)
    if record is None:
        raise NotFoundError(f"no such token {token_id!r}", hint="it may have been revoked")
    public: dict[str, str] = record.public()
    return public


@router.get("/tokens", response_class=HTMLResponse)
def tokens(
    request: Request, principal: PageAdmin, notice: str | None = None, revoked: str | None = None
) -> Response:
    """The tokens; a new token's secret once, right after it was created (never again)."""
    created = request.app.state.notices.take(principal.token_id, notice)
    records = [r.public() for r in request.app.state.tokens.list()]
    return render(
        request,
        "tokens.html",
        principal,
        tokens=records,
        new_token=created["secret"] if created else None,
        new_record=created["record"] if created else None,
        revoked=revoked,
    )


@router.post("/tokens")
async def create_token(request: Request, principal: PageAdmin) -> Response:
    """Create a token, then redirect: a reload of the answer page creates no second one."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    record, secret = request.app.state.tokens.create(
        str(form.get("name", "")), str(form.get("role", ""))
    )
    key = request.app.state.notices.leave(
        principal.token_id, {"secret": secret, "record": record.public()}
    )
    return RedirectResponse(f"/tokens?notice={quote(key)}", status_code=303)


@router.get("/tokens/{token_id}/revoke", response_class=HTMLResponse)
def confirm_revoke(request: Request, token_id: str, principal: PageAdmin) -> Response:
    """Ask before revoking: the token's name and role, and what revoking does."""
    record = _token_record(request, token_id)
    return render(request, "tokens.html", principal, tokens=[], confirm=record)


@router.post("/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: str, principal: PageAdmin) -> Response:
    """Revoke once confirmed (``confirm=yes``, the confirmation page's button)."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    if token_id == principal.token_id:
        raise InputError(
            "you cannot revoke the token you are signed in with",
            hint="sign in with another admin token",
        )
    record = _token_record(request, token_id)
    if form.get("confirm") != "yes":
        return render(request, "tokens.html", principal, tokens=[], confirm=record)
    request.app.state.tokens.revoke(token_id)
    return RedirectResponse(f"/tokens?revoked={quote(record['name'])}", status_code=303)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, ws: WorkspaceDep, principal: PageViewer, q: str = "", offset: int = 0
) -> Response:
    """The search page: its form, and what matched once there is a text."""
    result = ws.search(q, offset=offset).model_dump() if q.strip() else None
    return render(request, "search.html", principal, q=q, result=result)


@router.get("/audit", response_class=HTMLResponse)
def audit(
    request: Request,
    ws: WorkspaceDep,
    principal: PageViewer,
    kind: str | None = None,
    page: int = 1,
) -> Response:
    """The audit log, newest first, a page at a time, one kind of event or all."""
    from mapping.record.audit_log import KINDS

    log = ws.audit(kind or None, page).model_dump()
    return render(request, "audit.html", principal, log=log, kinds=KINDS)
