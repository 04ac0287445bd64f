"""Render pages: one Jinja2 environment with autoescaping, and the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.auth import Principal, csrf_token
from ingest.citations import cite


def _percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "–"


def _score(value: Any) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return "–"


def make_templates(directory: Path) -> Jinja2Templates:
    """Templates with autoescaping on for every file (passages and names are user data)."""
    templates = Jinja2Templates(directory=str(directory))
    env = templates.env
    env.autoescape = True
    env.filters["percent"] = _percent
    env.filters["score"] = _score
    env.filters["cite"] = cite
    return templates


def render(
    request: Request,
    template: str,
    principal: Principal | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page with the signed-in principal and the session's CSRF token in its context."""
    templates: Jinja2Templates = request.app.state.templates
    context.update(principal=principal, csrf=csrf_token(request), path=request.url.path)
    response: HTMLResponse = templates.TemplateResponse(
        request, template, context, status_code=status
    )
    return response
