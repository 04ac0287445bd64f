"""Pages of the compliance lead: decisions taken on a requirement's page (its evidence shown
with its basis), the Statement of Applicability editor with inline validation, access
tokens, global search and the audit log.

Faces only: each page renders a workspace operation's result, each form posts to a route
that calls one, and every form answers with a redirect (post-redirect-get), so a reload
never repeats it.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api.auth import Principal, Role, check_csrf, require
from api.dependencies import WorkspaceDep
from api.schemas import Decision
from ontology.errors import InputError

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
    item = ws.requirement(notation, standard)
    if link not in {e.id for e in item.evidence}:
        raise InputError(
            f"link {link!r} is not evidence of {standard} {notation}",
            hint="open the requirement's page again and decide from there",
        )
    outcome = ws.decide(decision, principal.name)
    query = urlencode({"decided": outcome.decision, "link": link, "status": outcome.status})
    target = f"/requirements/{quote(item.standard)}/{quote(item.notation)}?{query}#link-{link}"
    return RedirectResponse(target, status_code=303)
