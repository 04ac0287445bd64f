"""The review queue (keyboard-driven); the Statement of Applicability editor is in
:mod:`api.web.lead_pages`.

The queue shows one suggested link at a time: the cited passage between its neighbours in
the document, the requirement with its description, the confidence, and three actions —
confirm (``c``), reject (``r``), re-target (``t``) — plus a comment; ``j``/``k`` move through
the queue. Each action is an ordinary form post carrying the CSRF token and the link version
the page showed, so a decision made meanwhile by someone else is refused (409), not
overwritten.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.auth import Principal, Role, check_csrf, require
from api.dependencies import WorkspaceDep
from api.schemas import Decision
from api.web.render import render
from ontology.errors import InputError
from ontology.namespaces import STANDARDS

router = APIRouter(include_in_schema=False)
PageViewer = Annotated[Principal, Depends(require(Role.viewer))]
PageReviewer = Annotated[Principal, Depends(require(Role.reviewer))]


@router.get("/review", response_class=HTMLResponse)
def review(
    request: Request,
    ws: WorkspaceDep,
    principal: PageViewer,
    i: int = 0,
    document: str | None = None,
    standard: str = "iso42001",
) -> Response:
    """One standard's queue at a time (crosswalk suggestions wait in the others' queues)."""
    queue = [link.model_dump() for link in ws.review_queue(document, standard)]
    index = max(0, min(i, len(queue) - 1)) if queue else 0
    current = queue[index] if queue else None
    return render(
        request,
        "review.html",
        principal,
        queue=queue,
        index=index,
        current=current,
        context=ws.review_context(current) if current else None,
        document=document,
        standard=standard,
    )


@router.post("/review/{link}")
async def decide(
    request: Request, link: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    version = str(form.get("saw_version", ""))
    try:
        decision = Decision(
            link=link,
            decision=str(form.get("decision", "")),  # type: ignore[arg-type]
            comment=str(form.get("comment", "")).strip() or None,
            saw_version=int(version) if version.isdigit() else None,
            retarget_to=str(form.get("retarget_to", "")).strip() or None,
        )
    except ValidationError:
        raise InputError(
            "unknown decision", hint="use confirm, reject, retarget or comment"
        ) from None
    ws.decide(decision, principal.name)
    index = str(form.get("i", "0"))
    query = {"i": index if index.isdigit() else "0", "standard": str(form.get("standard", ""))}
    query["document"] = str(form.get("document", ""))
    target = "/review?" + urlencode({k: v for k, v in query.items() if v})
    return RedirectResponse(target, status_code=303)


@router.post("/review-more")
async def review_more(request: Request, ws: WorkspaceDep, principal: PageReviewer) -> Response:
    """The document's next suggestions down its ranking join the queue; shows the first."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    document = str(form.get("document", "")).strip()
    standard = str(form.get("standard", "")) or "iso42001"
    if not document:
        raise InputError("no document to suggest more for", hint="open a document's queue first")
    if standard not in STANDARDS:
        raise InputError(f"unknown standard {standard!r}", hint="use " + ", ".join(STANDARDS))
    written = ws.more_suggestions(document, standard=standard)
    queue = ws.review_queue(document, standard)
    first = next((i for i, link in enumerate(queue) if written and link.id == written[0].id), 0)
    query = {"i": str(first), "standard": standard, "document": document}
    return RedirectResponse("/review?" + urlencode(query), status_code=303)
