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

import re
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.auth import Principal, Role, check_csrf, require
from api.dependencies import WorkspaceDep
from api.operations.reviews import DEFAULT_MIN_SCORE, QueueView
from api.schemas import BulkDecision, Decision
from api.web.render import render
from ontology.errors import ConflictError, InputError
from ontology.namespaces import STANDARDS

router = APIRouter(include_in_schema=False)
PageViewer = Annotated[Principal, Depends(require(Role.viewer))]
PageReviewer = Annotated[Principal, Depends(require(Role.reviewer))]


#: Items of the queue listed per page beside the current one.
PAGE_SIZE = 50
#: The filters a queue page keeps across its links and forms.
FILTERS = ("standard", "document", "group", "min_score")


def _cut(raw: str | None) -> float | None:
    """The confidence cut from the query: the default when absent, none when ``all``."""
    if raw is None or raw == "":
        return DEFAULT_MIN_SCORE
    if raw == "all":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InputError(
            f"the minimum confidence {raw!r} is not a number", hint="use a number from 0 to 1"
        ) from None
    if not 0 <= value <= 1:
        raise InputError(f"the minimum confidence {raw} is not between 0 and 1", hint="use 0–1")
    return value


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
    i: int = 0,
    document: str | None = None,
    standard: str = "iso42001",
    group: str | None = None,
    min_score: str | None = None,
    link: str | None = None,
    decided: str | None = None,
    stale: str | None = None,
    bulk: str | None = None,
    done: int = 0,
    failed: int = 0,
    undo: str | None = None,
) -> Response:
    """One standard's queue at a time (crosswalk suggestions wait in the others' queues),
    filtered; after a decision, a notice naming it with an Undo button."""
    notice = ws.decision_notice(link, decided).model_dump() if link else None
    # the undone item is the one to look at again
    focus = notice["link"] if notice and notice["type"] == "undo" else None
    cut = _cut(min_score)
    view, index = _queue_page(ws, (document or None, standard, group or None, cut), i, focus)
    queue = [item.model_dump() for item in view.items]
    page_start = view.offset
    current = queue[index - page_start] if queue else None
    filters = {"standard": standard, "document": document, "group": group, "min_score": min_score}
    shown = [current["document"]] if current else []
    states = {d.id: d.review_state for d in ws.documents(ids=shown)}
    from api.web.verify_pages import queue_verdict  # the optional language-model check

    response = render(
        request,
        "review.html",
        principal,
        queue=queue,
        index=index,
        current=current,
        context=ws.review_context(current) if current else None,
        document=document,
        standard=standard,
        view=view.model_dump(),
        cut=cut,
        filters=filters,
        queue_url=queue_url,
        page_start=page_start,
        page_size=PAGE_SIZE,
        total=view.total,
        notice=notice,
        stale=stale is not None,
        bulk={"decision": bulk, "done": done, "failed": failed, "undo": _decision_ids(undo)}
        if bulk
        else None,
        states=states,
        history=[h.model_dump() for h in ws.history(current["id"])] if current else [],
        **queue_verdict(request, ws, current),
    )
    response.headers["Cache-Control"] = "no-store"  # Back shows the queue as it is now
    return response


def _filters(form: Mapping[str, object]) -> dict[str, str]:
    return {k: str(form.get(k, "") or "") for k in FILTERS}


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
    if not picked:
        raise InputError("no items were ticked", hint="tick the items to decide in the list")
    if not reason:
        raise InputError(
            f"a bulk {decision} needs a reason", hint="write why, e.g. 'covered by the policy'"
        )
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


#: Most decisions the bulk notice offers to undo at once (the ids travel in its URL).
MAX_BULK_UNDO = 100
_DECISION_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _decision_ids(value: str | None) -> list[str]:
    """The well-formed decision ids of a notice's ``undo`` parameter (others ignored)."""
    ids = [v.strip() for v in (value or "").split(",")]
    return [v for v in ids if _DECISION_ID.match(v)][:MAX_BULK_UNDO]


@router.post("/review-bulk-undo")
async def undo_bulk(request: Request, ws: WorkspaceDep, principal: PageReviewer) -> Response:
    """Undo the decisions of a bulk confirm or reject (the notice's *Undo all*)."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    ids = _decision_ids(",".join(str(v) for v in form.getlist("decision")))
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


def _queue_page(
    ws: WorkspaceDep, filters: tuple[Any, ...], i: int, focus: str | None
) -> tuple[QueueView, int]:
    """The page of the queue holding item ``i`` (or link ``focus``), and the item's index;
    only that page's links are read with their passages."""
    start = max(0, i) - max(0, i) % PAGE_SIZE
    view = ws.queue_view(*filters, offset=start, limit=PAGE_SIZE, focus=focus)
    at = next((n for n, item in enumerate(view.items) if item.id == focus), None)
    if focus is not None and at is not None:
        return view, view.offset + at
    index = max(0, min(i, view.total - 1)) if view.total else 0
    if index - index % PAGE_SIZE != view.offset:  # past the end: the last page
        view = ws.queue_view(*filters, offset=index - index % PAGE_SIZE, limit=PAGE_SIZE)
    return view, index


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
    # further down the ranking may be below the default cut: show them all
    query = {"i": str(first), "standard": standard, "document": document, "min_score": "0"}
    return RedirectResponse("/review?" + urlencode(query), status_code=303)
