"""The queue's *Verify* button: ask the configured language model about the item shown.

The verdict is machine-drafted and shown beside the passage (its reason, and the quote
highlighted where the code found it verbatim); it never confirms or rejects the link. The
button appears only when ``AIMSGRAPH_LLM_URL`` is set.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.auth import check_csrf
from api.dependencies import WorkspaceDep
from api.jobs import Progress
from api.operations.views import PAGE_SIZE
from api.web.render import render
from api.web.review_pages import FILTERS, PageReviewer, PageViewer, queue_url
from ontology.errors import InputError

router = APIRouter(include_in_schema=False)
#: Most items one *Verify this page* verifies (a queue page lists this many).
PAGE_LIMIT = PAGE_SIZE


def queue_verdict(request: Request, ws: Any, current: dict[str, Any] | None) -> dict[str, Any]:
    """What the queue page shows of verification: whether it is on, and the item's verdict."""
    enabled = bool(getattr(request.app.state.settings, "llm_url", None))
    if current is None:
        return {"llm_enabled": enabled, "verdict": None}
    found = ws.shown_verdict(current["link"])
    return {"llm_enabled": enabled, "verdict": found.model_dump() if found else None}


@router.post("/review-verify/{link}")
async def review_verify(
    request: Request, link: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    """Verify one queue item, then show the queue at the same place with the verdict."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    await run_in_threadpool(ws.verify, request.app.state.settings, link=link)
    filters = {k: str(form.get(k, "") or "") for k in FILTERS}
    return RedirectResponse(queue_url(filters, i=str(form.get("i", "") or "")), status_code=303)


@router.post("/review-verify-page")
async def review_verify_page(
    request: Request, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    """*Verify this page*: one background job over the page's items; shows its progress."""
    from api.operations.verification import llm_client, verdict_counts, verify_jobs

    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    settings = request.app.state.settings
    llm_client(settings).close()  # no endpoint: the error page says so at once
    links = [str(v) for v in form.getlist("link") if str(v).strip()][:PAGE_LIMIT]
    if not links:
        raise InputError("no queue items to verify", hint="open the review queue first")

    def work(report: Progress) -> dict[str, Any]:
        found = ws.verify(settings, link=links, progress=report)
        return {"verdicts": [v.model_dump() for v in found], "counts": verdict_counts(found)}

    job = verify_jobs(request.app.state).submit("verify", "this queue page", principal.name, work)
    back = queue_url({k: str(form.get(k, "") or "") for k in FILTERS})
    return RedirectResponse(f"/review-verify-jobs/{job.id}?{urlencode({'back': back})}", 303)


@router.get("/review-verify-jobs/{job_id}", response_class=HTMLResponse)
def verify_job_page(
    request: Request, job_id: str, principal: PageViewer, back: str = "/review"
) -> Response:
    """The verify job's progress (the page reloads itself until the job ends)."""
    from api.operations.verification import verify_jobs

    job = verify_jobs(request.app.state).get(job_id).to_json()
    target = back if back.startswith("/review") and "//" not in back else "/review"
    return render(request, "verify_job.html", principal, job=job, back=target)
