"""The review queue (keyboard-driven); the Statement of Applicability editor is in
:mod:`api.web.lead_pages`.

The queue shows one suggested link at a time: the cited passage between its neighbours in
the document, the requirement with its description, the confidence, the link's decision
history, and three actions — confirm (``c``), reject (``r``), re-target (``t``) — plus a
comment; ``j``/``k`` move through the queue. Filters (document, requirement group, a
minimum confidence with a default cut) narrow it; the list beside it pages through every
item and ticks items for a bulk confirm or reject with a reason.

Each action is an ordinary form post carrying the CSRF token, the id of the item the page
showed and its version: an item decided since (another tab, another reviewer, Back after a
confirm) is not decided again but answered with a notice. After a decision the queue names
what was decided, with an Undo button (an ``undo`` decision in the link's history); after a
bulk confirm or reject, with *Undo all*.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.auth import Principal, Role, check_csrf, require
from api.dependencies import WorkspaceDep
from api.operations.queue_documents import MAX_DOCUMENT_QUERY
from api.operations.review_queue import DEFAULT_MIN_SCORE
from api.operations.views import MAX_BULK_UNDO, QUEUE_FILTERS, ReviewQuery, decision_ids
from api.schemas import BulkDecision, Decision
from api.web.render import render
from ontology.errors import ConflictError, InputError, NotFoundError
from ontology.namespaces import STANDARDS

router = APIRouter(include_in_schema=False)
PageViewer = Annotated[Principal, Depends(require(Role.viewer))]
PageReviewer = Annotated[Principal, Depends(require(Role.reviewer))]


#: The filters a queue page keeps across its links and forms.
FILTERS = QUEUE_FILTERS


def queue_url(filters: Mapping[str, object], **extra: object) -> str:
    """``/review?…`` keeping the queue's filters, plus ``extra`` (empty values left out)."""
    query = {k: str(v) for k, v in {**filters, **extra}.items() if v not in (None, "")}
    if query.get("standard") == "iso42001":
        query.pop("standard")
    return "/review" + ("?" + urlencode(query) if query else "")


@router.get("/review", response_class=HTMLResponse)
def review(
    request: Request,
    ws: WorkspaceDep,
    principal: PageViewer,
    query: Annotated[ReviewQuery, Query()],
) -> Response:
    """The review queue: ``ws.review_view`` (:mod:`api.operations.views`), as ``GET
    /api/review-view`` returns it, rendered with the page's URL builder."""
    return _queue(request, ws, principal, query)


def _queue(
    request: Request,
    ws: WorkspaceDep,
    principal: Principal,
    query: ReviewQuery,
    problem: dict[str, str] | None = None,
) -> Response:
    """The queue page; ``problem``: a decision refused, shown beside its field with what
    was typed kept (422)."""
    from api.web.verify_pages import queue_verdict  # the optional language-model check

    view = ws.review_view(query, focus=problem.get("link") if problem else None)
    current = view.current.model_dump() if view.current else None
    response = render(
        request,
        "review.html",
        principal,
        status=422 if problem else 200,
        problem=problem,
        queue_url=queue_url,
        shared_titles=_shared_titles(view.view.get("documents") or {}),
        doc_q_max=MAX_DOCUMENT_QUERY,
        **view.model_dump(),
        **queue_verdict(request, ws, current),
    )
    response.headers["Cache-Control"] = "no-store"  # Back shows the queue as it is now
    return response


def _shared_titles(documents: Mapping[str, str]) -> set[str]:
    """Titles more than one document of the filter's list has (those show their ids too)."""
    counts = Counter(documents.values())
    return {title for title, count in counts.items() if count > 1}


def _filters(form: Mapping[str, object]) -> dict[str, str]:
    return {k: str(form.get(k, "") or "") for k in FILTERS}


def _message(error: InputError | NotFoundError) -> str:
    """An error as one sentence for a form, with its suggestions and hint."""
    close = getattr(error, "suggestions", None)
    text = error.message[:1].upper() + error.message[1:]
    if close:
        text += " — did you mean " + ", ".join(close) + "?"
    elif error.hint:
        text += f" — {error.hint}"
    return text


def _queue_again(
    request: Request,
    ws: WorkspaceDep,
    principal: Principal,
    form: Mapping[str, Any],
    *,
    problem: dict[str, str],
) -> Response:
    """The queue as the form showed it, with ``problem`` beside its field (422)."""
    chosen = _filters(form)
    index = str(form.get("i", "0"))
    query = ReviewQuery(
        i=int(index) if index.isdigit() else 0,
        document=chosen["document"] or None,
        standard=chosen["standard"] or "iso42001",
        group=chosen["group"] or None,
        min_score=chosen["min_score"] or None,
        verdict=chosen["verdict"] or None,
        order=chosen["order"] or None,
    )
    return _queue(request, ws, principal, query, problem=problem)


@router.post("/review/{link}")
async def decide(
    request: Request, link: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    """One decision on the item the page showed (its id in the path, its version in the
    form); an item decided since answers with a notice on the queue, recording nothing."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    version = str(form.get("saw_version", ""))
    if not version.isdigit():
        raise InputError(
            "the decision did not say which version of the item you saw",
            hint="reload the review queue and decide again",
        )
    try:
        decision = Decision(
            link=link,
            decision=str(form.get("decision", "")),  # type: ignore[arg-type]
            comment=str(form.get("comment", "")).strip() or None,
            saw_version=int(version),
            retarget_to=str(form.get("retarget_to", "")).strip() or None,
        )
    except ValidationError:
        raise InputError(
            "unknown decision", hint="use confirm, reject, retarget or comment"
        ) from None
    index = str(form.get("i", "0"))
    back = {"i": index if index.isdigit() else "0"}
    try:
        done = await run_in_threadpool(ws.decide, decision, principal.actor)
    except ConflictError:
        return RedirectResponse(
            queue_url(_filters(form), **back, link=link, stale=1), status_code=303
        )
    except (NotFoundError, InputError) as error:  # e.g. a mistyped re-target: stay in the form
        problem = {
            "link": link,
            "field": "retarget_to" if decision.decision == "retarget" else "comment",
            "message": _message(error),
            "comment": decision.comment or "",
            "retarget_to": decision.retarget_to or "",
        }
        return _queue_again(request, ws, principal, form, problem=problem)
    target = queue_url(_filters(form), **back, link=done.link_id, decided=done.decision_id)
    return RedirectResponse(target, status_code=303)


@router.post("/review-undo/{decision_id}")
async def undo(
    request: Request, decision_id: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    """The notice's Undo button: the link goes back to the queue, shown as the current item."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    done = await run_in_threadpool(ws.undo_decision, decision_id, principal.actor)
    target = queue_url(_filters(form), link=done.link_id, decided=done.decision_id)
    return RedirectResponse(target, status_code=303)


@router.post("/review-bulk")
async def decide_bulk(request: Request, ws: WorkspaceDep, principal: PageReviewer) -> Response:
    """Confirm or reject the items ticked in the queue list, with one reason for all."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    decision = str(form.get("decision", ""))
    reason = str(form.get("reason", "")).strip()
    picked = [str(v) for v in form.getlist("pick")]
    if decision not in ("confirm", "reject"):
        raise InputError("unknown bulk decision", hint="use confirm or reject")
    refused = None
    if not picked:
        refused = f"Nothing was {decision}ed: tick the items to {decision} in the list first."
    elif not reason:
        refused = f"Nothing was {decision}ed: a bulk {decision} needs a reason (recorded on each)."
    if refused:
        problem = {
            "field": "bulk",
            "message": refused,
            "reason": reason,
            "picked": ",".join(picked),
        }
        return _queue_again(request, ws, principal, form, problem=problem)
    versions = dict(_id_version(v) for v in picked)
    body = BulkDecision(
        links=list(versions),
        decision=decision,  # type: ignore[arg-type]
        comment=reason,
        saw_versions=versions,
    )
    outcome = await run_in_threadpool(ws.decide_many, body, principal.actor)
    extra = {"bulk": decision, "done": len(outcome.decided), "failed": len(outcome.failed)}
    if 0 < len(outcome.decided) <= MAX_BULK_UNDO:  # the notice offers to undo them all
        extra["undo"] = ",".join(d.decision_id for d in outcome.decided)
    return RedirectResponse(queue_url(_filters(form), **extra), status_code=303)


@router.post("/review-bulk-undo")
async def undo_bulk(request: Request, ws: WorkspaceDep, principal: PageReviewer) -> Response:
    """Undo the decisions of a bulk confirm or reject (the notice's *Undo all*)."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    ids = decision_ids(",".join(str(v) for v in form.getlist("decision")))
    if not ids:
        raise InputError("no decisions to undo", hint="undo from the notice after a bulk decision")
    outcome = await run_in_threadpool(ws.undo_decisions, ids, principal.actor)
    extra = {"bulk": "undo", "done": len(outcome.decided), "failed": len(outcome.failed)}
    return RedirectResponse(queue_url(_filters(form), **extra), status_code=303)


def _id_version(value: str) -> tuple[str, int]:
    """A ticked item: ``<link id>:<version shown>``."""
    link, _, version = value.partition(":")
    if not version.isdigit():
        raise InputError(f"a ticked item {value!r} is malformed", hint="reload the queue")
    return link, int(version)


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
    written = await run_in_threadpool(ws.more_suggestions, document, standard=standard)
    focus = written[0].id if written else None
    found = (
        await run_in_threadpool(ws.queue_view, document, standard, limit=1, focus=focus)
        if focus
        else None
    )
    first = found.offset if found is not None and found.items and found.items[0].id == focus else 0
    # further down the ranking may be below the default cut: then the cut is off, and said so
    below = sum(1 for link in written if (link.score or 0) < DEFAULT_MIN_SCORE)
    query = {
        "i": str(first),
        "standard": standard,
        "document": document,
        "more": str(len(written)),
        "below": str(below),
    }
    if below:
        query["min_score"] = "0"
    return RedirectResponse("/review?" + urlencode(query), status_code=303)
