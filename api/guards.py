"""ASGI guards wrapped around the whole app: request body limits and security headers.

Both are plain ASGI middleware, so they see every response the app sends, error pages and
the early 413 included:

* :class:`BodyLimit` refuses a body over its route's limit with 413 *before* reading it
  when ``Content-Length`` declares it, and otherwise stops reading at the first chunk past
  the limit (a chunked body gets no further). File routes allow ``max_upload_bytes`` (plus
  the multipart framing for uploads in a form); every other route (JSON, forms, SPARQL)
  allows ``max_body_bytes``. The limit is checked before authentication: an oversized body
  is refused whoever sends it.
* :class:`SecurityHeaders` adds ``nosniff``, framing, referrer and cache headers to every
  response and the content security policy to every HTML page. The 500 page is made by
  Starlette's outermost handler, outside any middleware, so :func:`security_headers` is
  also applied there (:mod:`api.errors`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Routes that take a file in a multipart form (the file may be ``max_upload_bytes``, plus
#: the form's framing) and routes whose raw body is a file (up to ``max_upload_bytes``);
#: every other route gets the smaller body limit.
FORM_FILE_ROUTES = frozenset({"/api/documents", "/documents/upload", "/systems/inventory/import"})
RAW_FILE_ROUTES = frozenset({"/api/systems/import", "/api/oscal/import"})

#: The UI's content security policy: everything from this origin, nothing inline but styles
#: set by attributes (the coverage bars).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


class BodyTooLargeError(HTTPException):
    """A request body past its route's limit (413); an HTTP error so that FastAPI's body
    parsing passes it on instead of calling it a malformed body."""

    def __init__(self, limit: int, file_limit: int | None = None) -> None:
        message = (
            f"the request body is larger than the limit of {limit:,} bytes"
            if file_limit is None
            else f"the upload is larger than the limit of {file_limit:,} bytes for one file"
        )
        super().__init__(413, message)
        self.limit = limit


def security_headers(path: str, headers: MutableHeaders) -> None:
    """Set the headers that keep browsers from sniffing types, framing pages or loading
    foreign code, unless the response set its own."""
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if not path.startswith("/static/"):  # a new token's secret is never cached
        headers.setdefault("Cache-Control", "no-store")
    if headers.get("content-type", "").startswith("text/html") and path != "/docs":
        headers.setdefault("Content-Security-Policy", CSP)


class SecurityHeaders:
    """Add :func:`security_headers` to every HTTP response the wrapped app starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                security_headers(path, MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse request bodies over ``limit_for(path)`` bytes with 413, early."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], tuple[int, int | None]]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, file_limit = self.limit_for(str(scope.get("path", "")))
        declared = Request(scope).headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, receive, send, BodyTooLargeError(limit, file_limit))
            return
        await self.app(scope, _counting(receive, limit, file_limit), send)


def _counting(receive: Receive, limit: int, file_limit: int | None) -> Receive:
    """``receive`` that raises :class:`BodyTooLargeError` at the first chunk past ``limit``."""
    seen = 0

    async def limited() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLargeError(limit, file_limit)
        return message

    return limited


async def _refuse(scope: Scope, receive: Receive, send: Send, error: BodyTooLargeError) -> None:
    """Answer 413 through the app's own error rendering (JSON for the API, a page for the
    UI) without reading the body."""
    from api.errors import render_http_error

    response = render_http_error(Request(scope, receive), error)
    await response(scope, receive, send)


def limits(
    max_upload_bytes: int, max_body_bytes: int, form_slack: int
) -> Callable[[str], tuple[int, int | None]]:
    """The body limit of a path, and the file limit to name when it is a file route: files
    get the upload limit (plus multipart framing in a form)."""

    def limit_for(path: str) -> tuple[int, int | None]:
        route = path.rstrip("/")
        if route in FORM_FILE_ROUTES:
            return max_upload_bytes + form_slack, max_upload_bytes
        if route in RAW_FILE_ROUTES:
            return max_upload_bytes, max_upload_bytes
        return max_body_bytes, None

    return limit_for


def install_guards(app: Any, max_upload_bytes: int, max_body_bytes: int, form_slack: int) -> None:
    """Wrap ``app`` in the body limit, then the security headers (outermost of the two)."""
    app.add_middleware(BodyLimit, limit_for=limits(max_upload_bytes, max_body_bytes, form_slack))
    app.add_middleware(SecurityHeaders)
