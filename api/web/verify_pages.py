"""The queue's *Verify* button: ask the configured language model about the item shown.

The verdict is machine-drafted and shown beside the passage (its reason, and the quote
highlighted where the code found it verbatim); it never confirms or rejects the link. The
button appears only when ``AIMSGRAPH_LLM_URL`` is set.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.auth import check_csrf
from api.dependencies import WorkspaceDep
from api.web.review_pages import FILTERS, PageReviewer, queue_url

router = APIRouter(include_in_schema=False)


def queue_verdict(request: Request, ws: Any, current: dict[str, Any] | None) -> dict[str, Any]:
    """What the queue page shows of verification: whether it is on, and the item's verdict."""
    from api.operations.verification import verdicts_of

    enabled = bool(getattr(request.app.state.settings, "llm_url", None))
    if current is None:
        return {"llm_enabled": enabled, "verdict": None}
    found = verdicts_of(ws, [current["link"]]).get(current["link"])
    return {"llm_enabled": enabled, "verdict": found.to_json() if found else None}


@router.post("/review-verify/{link}")
async def review_verify(
    request: Request, link: str, ws: WorkspaceDep, principal: PageReviewer
) -> Response:
    """Verify one queue item, then show the queue at the same place with the verdict."""
    from api.operations.verification import verify

    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    await run_in_threadpool(verify, ws, request.app.state.settings, link=link)
    filters = {k: str(form.get(k, "") or "") for k in FILTERS}
    return RedirectResponse(queue_url(filters, i=str(form.get("i", "") or "")), status_code=303)
