"""Errors of the HTTP face, and the one place every failure becomes a response.

The JSON API answers every failure with one body::

    {"error": {"code": "not_found", "message": "no such document 'abc'", "hint": "…"}}

The web UI answers with one HTML error page carrying the same three fields (and sends a
signed-out browser to the sign-in page instead of showing a 401).

Errors the HTTP face raises itself, below :class:`ontology.errors.AimsgraphError`::

    AimsgraphError
    ├── AuthError                  401: no token, an unknown or revoked token, expired session
    ├── PermissionDeniedError      403: the token's role may not do this (or a bad CSRF token)
    ├── UploadTooLargeError        413: an upload over ``max_upload_bytes``
    ├── UnsupportedMediaError      415: content that no reader understands
    ├── NotAcceptableError         406: no representation matches the Accept header
    ├── QueryTimeoutError          503: a SPARQL query ran past the time limit, or too many run
    └── QueryCrashedError          400: a SPARQL query made its worker process die (server is fine)
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the web parts load with the app; the query worker needs only the errors
    from fastapi import FastAPI, Request
    from fastapi.responses import Response
    from starlette.exceptions import HTTPException as StarletteHTTPException

from ontology.errors import AimsgraphError

log = logging.getLogger("aimsgraph.api")

#: Path prefixes answered in JSON; everything else is the web UI.
JSON_PREFIXES = ("/api", "/sparql", "/openapi.json", "/docs", "/redoc", "/static")


class AuthError(AimsgraphError):
    code = "unauthenticated"
    status = 401


class PermissionDeniedError(AimsgraphError):
    code = "forbidden"
    status = 403


class UploadTooLargeError(AimsgraphError):
    code = "too_large"
    status = 413


class UnsupportedMediaError(AimsgraphError):
    code = "unsupported_media_type"
    status = 415


class NotAcceptableError(AimsgraphError):
    code = "not_acceptable"
    status = 406


class QueryTimeoutError(AimsgraphError):
    code = "query_timeout"
    status = 503


class QueryCrashedError(AimsgraphError):
    code = "query_crashed"
    status = 400


_HTTP_CODES = {
    400: ("bad_request", None),
    401: ("unauthenticated", "send 'Authorization: Bearer <token>'"),
    403: ("forbidden", None),
    404: ("not_found", "check the URL; the API is described at /docs"),
    405: ("method_not_allowed", "see /docs for the methods each path accepts"),
    406: ("not_acceptable", None),
    409: ("conflict", None),
    413: ("too_large", None),
    415: ("unsupported_media_type", None),
    422: ("invalid_request", None),
}

#: Error codes of lower layers that name an unsupported file type (415, not 422).
UNSUPPORTED_TYPE_CODES = {"unsupported_type", "unsupported_format", "unsupported_media_type"}


def error_body(code: str, message: str, hint: str | None = None, **extra: Any) -> dict[str, Any]:
    """The one JSON error body of the API."""
    body: dict[str, Any] = {"code": code, "message": message, "hint": hint}
    body.update(extra)
    return {"error": body}


def status_of(error: AimsgraphError) -> int:
    """HTTP status of an aimsgraph error: its own, with unsupported file types as 415."""
    if error.code in UNSUPPORTED_TYPE_CODES:
        return 415
    return int(error.status)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(JSON_PREFIXES)


def _render(request: Request, status: int, body: dict[str, Any]) -> Response:
    """JSON for the API, the error page (or a sign-in redirect) for the UI."""
    from fastapi.responses import JSONResponse, RedirectResponse

    headers = {"WWW-Authenticate": 'Bearer realm="aimsgraph"'} if status == 401 else None
    if _wants_json(request):
        return JSONResponse(body, status_code=status, headers=headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)
    templates = getattr(request.app.state, "templates", None)
    if templates is None:  # pragma: no cover - the UI always has templates
        return JSONResponse(body, status_code=status)
    context = {"status": status, "error": body["error"]} | _page_context(request)
    page: Response = templates.TemplateResponse(request, "error.html", context, status_code=status)
    return page


def _page_context(request: Request) -> dict[str, Any]:
    """What the layout needs to show its navigation on an error page: who is signed in
    (whether or not the failing route got as far as checking), the CSRF token, the path."""
    from api.auth import csrf_token, session_principal

    principal = getattr(request.state, "principal", None)
    try:
        principal = principal or session_principal(request)
        csrf = csrf_token(request) if principal else ""
    except Exception:  # an error page must render even when the session store fails
        principal, csrf = None, ""
    return {"principal": principal, "csrf": csrf, "path": request.url.path}


async def _on_aimsgraph_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, AimsgraphError)
    extra: dict[str, Any] = {}
    suggestions = getattr(error, "suggestions", None)
    if suggestions:
        extra["suggestions"] = list(suggestions)
    problems = getattr(error, "problems", None)
    if problems:  # row-level errors of an AI-system import: [{"row", "field", "message"}]
        extra["problems"] = list(problems)
    return _render(
        request, status_of(error), error_body(error.code, error.message, error.hint, **extra)
    )


async def _on_http_error(request: Request, error: Exception) -> Response:
    from starlette.exceptions import HTTPException as StarletteHTTPException

    assert isinstance(error, StarletteHTTPException)
    return render_http_error(request, error)


def render_http_error(request: Request, error: StarletteHTTPException) -> Response:
    """The error body or page for an HTTP error (a 404, or a 413 from the body limit)."""
    code, hint = _HTTP_CODES.get(error.status_code, ("http_error", None))
    close = error.status_code == 413
    if close:
        hint = (
            "send a smaller body (files go to the upload and import routes); the operator can "
            "raise AIMSGRAPH_MAX_BODY_BYTES or AIMSGRAPH_MAX_UPLOAD_BYTES"
        )
    detail = error.detail if isinstance(error.detail, str) else str(error.detail)
    response = _render(request, error.status_code, error_body(code, detail, hint))
    for name, value in (error.headers or {}).items():
        response.headers.setdefault(name, value)
    if close:  # the rest of the body is not wanted: the server closes instead of draining it
        response.headers["Connection"] = "close"
    return response


def _describe_validation(errors: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    details = []
    for item in errors[:20]:
        where = ".".join(str(part) for part in item.get("loc", ()))
        details.append({"field": where, "problem": str(item.get("msg", "invalid"))})
    first = details[0] if details else {"field": "request", "problem": "invalid"}
    return f"invalid {first['field']}: {first['problem']}", details


async def _on_validation_error(request: Request, error: Exception) -> Response:
    from fastapi.exceptions import RequestValidationError

    assert isinstance(error, RequestValidationError)
    message, details = _describe_validation(list(error.errors()))
    body = error_body(
        "invalid_request", message, "see /docs for this endpoint's parameters", details=details
    )
    return _render(request, 422, body)


async def _on_unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    body = error_body(
        "internal_error",
        f"an unexpected error occurred ({error.__class__.__name__})",
        "this is a bug; the server log has the details",
    )
    response = _render(request, 500, body)
    # the 500 handler runs outside every middleware: the headers are set here
    from api.guards import security_headers

    security_headers(request.url.path, response.headers)
    return response


def install_error_handlers(app: FastAPI) -> None:
    """Translate every failure once, at the edge."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    app.add_exception_handler(AimsgraphError, _on_aimsgraph_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)
