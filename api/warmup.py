"""Warm-up when ``serve`` starts: what the first pages read is built in the background.

After a restart the first review-queue page would build the evidence index (seconds at a
thousand documents) and the first dashboard would run the gap report; :func:`warm_up` does
both (and the SoA) in a daemon thread while the server starts listening, so the first user
rarely waits. A request that arrives meanwhile waits for the same work rather than doing it
twice (the index and the kept values are built under their locks).

Given the app, it first has the app work out its routes (:func:`prepare_routes`), and last
describes the head of the default review queue (its passages, bases and history, kept until a
write touches them) and compiles every template of the web UI, so the first page after the
warm-up costs what a later one does.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.types import Message

    from api.workspace import Workspace

log = logging.getLogger(__name__)
#: A path no route serves: asking for it walks every router (see :func:`prepare_routes`).
NO_ROUTE = "/.aimsgraph-warm-up"


def warm_up(ws: Workspace, app: FastAPI | None = None) -> threading.Thread:
    """Start building, in order: ``app``'s routes, the evidence index, the dashboard (gap
    report included), the default review queue's first page, the SoA and the templates."""
    from api.operations.views import ReviewQuery

    def run() -> None:
        start = time.perf_counter()
        try:
            if app is not None:
                prepare_routes(app)
            ws.evidence_index.snapshot()
            ws.dashboard()
            ws.review_view(ReviewQuery())
            ws.soa()
            if app is not None:
                compile_templates(app)
        except Exception as error:  # noqa: BLE001 - a page will report it; serving goes on
            log.info("warm-up stopped: %s", error)
            return
        log.info("warm-up done in %.1f s", time.perf_counter() - start)

    thread = threading.Thread(target=run, name="aimsgraph-warm-up", daemon=True)
    thread.start()
    return thread


def compile_templates(app: FastAPI) -> None:
    """Compile every template of the web UI (a first page would, a tenth of a second each)."""
    templates = app.state.templates.env
    for name in templates.list_templates():
        templates.get_template(name)


def prepare_routes(app: FastAPI) -> int:
    """Send ``app`` one request for :data:`NO_ROUTE` (in this thread, with an event loop of
    its own) and return its status (404).

    FastAPI works out an included router's routes — the models of their parameters and
    answers — on the first request that reaches that router: about a second of CPU for the
    web UI's pages on a 2-core machine, paid by the first user of each router and, holding
    the interpreter lock, by everyone served meanwhile. A path that no route serves is
    tried against every router, so this one request has them all worked out."""
    status: list[int] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": NO_ROUTE,
        "raw_path": NO_ROUTE.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(int(message["status"]))

    asyncio.run(app(scope, receive, send))
    return status[0] if status else 0
