"""Warm-up when ``serve`` starts: what the first pages read is ready before or soon after
the server listens.

With a copy kept by the last run that still matches the store (:mod:`api.kept`), the
evidence index, dashboard, SoA and gap report state are read from it, and
:func:`ready_first_pages` describes the head of the default review queue, has the app work
out its routes and compiles the templates before the server listens (about a second at a
thousand documents, against ten to build them): the first page a user opens after a restart
costs what a later one does.

Either way :func:`warm_up` then builds, in a daemon thread while the server serves, what is
still missing (a few tenths of a second after a full take), the pages users open first
first: the app's routes (:func:`prepare_routes`), the evidence index, the default review
queue's first page, the dashboard (its gap report figures), the SoA, the templates, and last
the whole gap report. A request that arrives meanwhile waits for the same work rather than
doing it twice (the index and the kept values are built under their locks). Given ``keep``,
it ends by writing the kept copy for the next start, and :func:`keep_on_exit` writes it
again when the server stops.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.types import Message

    from api.workspace import Workspace

log = logging.getLogger(__name__)
#: A path no route serves: asking for it walks every router (see :func:`prepare_routes`).
NO_ROUTE = "/.aimsgraph-warm-up"


@dataclass(frozen=True)
class Taken:
    """What :func:`ready_first_pages` took from the kept copy, at which store revision."""

    values: frozenset[str] = frozenset()
    revision: str = ""

    def still_kept(self, ws: Workspace) -> bool:
        """Whether the kept file still holds everything this process has: nothing was
        written since it was taken, and no value was built since that it lacks (writing it
        again would change nothing)."""
        if ws.store.revision() != self.revision:
            return False
        today = date.today()
        held = {"index"} | {n for n in _DAY_VALUES if ws.evidence_index.holds((n, today))}
        return held <= self.values


#: The kept values that hold for one day (the evidence index holds them under (name, day)).
_DAY_VALUES = ("dashboard", "soa", "gaps")


def warm_up(
    ws: Workspace, app: FastAPI | None = None, *, keep: bool = False, taken: Taken | None = None
) -> threading.Thread:
    """Start building, in order: ``app``'s routes, the evidence index, the default review
    queue's first page, the dashboard, the SoA, the templates and the gap report; then, with
    ``keep``, write the kept copy (:func:`api.kept.save_kept`) unless the copy ``taken`` on
    start still holds it all."""

    def run() -> None:
        start = time.perf_counter()
        try:
            if app is not None:
                prepare_routes(app)
            _first_pages(ws)
            if app is not None:
                compile_templates(app)
            ws.gap_page()
            if keep and not (taken is not None and taken.still_kept(ws)):
                from api.kept import save_kept

                save_kept(ws)
        except Exception as error:  # noqa: BLE001 - a page will report it; serving goes on
            log.info("warm-up stopped: %s", error)
            return
        log.info("warm-up done in %.1f s", time.perf_counter() - start)

    thread = threading.Thread(target=run, name="aimsgraph-warm-up", daemon=True)
    thread.start()
    return thread


def ready_first_pages(ws: Workspace, app: FastAPI, taken: Taken | None = None) -> Taken:
    """Before the server listens: take the kept copy (:func:`api.kept.load_kept`; or
    what the CLI took on opening the workspace, :class:`CommandKept`) and, when it matched,
    ready the first pages from it (routes, the review queue's head, the templates); what
    the copy gave (nothing: nothing taken, nothing done). What the copy lacks (the
    dashboard, SoA and gap report of another day) is left to the background warm-up."""
    from api.kept import load_kept
    from api.operations.views import ReviewQuery

    start = time.perf_counter()
    revision = taken.revision if taken is not None else ws.store.revision()
    try:
        values = taken.values if taken is not None else load_kept(ws)
        if not values:
            return Taken()
        prepare_routes(app)
        ws.review_view(ReviewQuery())
        compile_templates(app)
    except Exception as error:  # noqa: BLE001 - the background warm-up tries again
        log.info("readying the first pages stopped: %s", error)
        return Taken()
    took = time.perf_counter() - start
    log.info("first pages ready from the kept copy (%s) in %.1f s", ", ".join(sorted(values)), took)
    return Taken(values, revision)


def keep_on_exit(ws: Workspace, warm_up_thread: threading.Thread, taken: Taken) -> bool:
    """When the server stops: :func:`keep_current`, unless the warm-up is still running (its
    values would have to be built here)."""
    if warm_up_thread.is_alive():
        return False
    return keep_current(ws, taken)


def keep_current(ws: Workspace, taken: Taken) -> bool:
    """Bring the first pages' values up to date (cheap once built: a decision updates them;
    not on a day none was built yet) and write the kept copy; nothing when the copy
    ``taken`` on start still holds it all."""
    if taken.still_kept(ws):
        return False
    from api.kept import save_kept

    try:
        if ws.evidence_index.holds(("gaps", date.today())):  # else a day's first validation
            _first_pages(ws)
            ws.gap_page()
    except Exception as error:  # noqa: BLE001 - stopping goes on
        log.info("keeping the state stopped: %s", error)
        return False
    return save_kept(ws)


class CommandKept:
    """The kept copy in a command-line process (embedded store only: :func:`command_kept`).

    Taken (:func:`api.kept.load_kept`) only when the command first needs what it holds:
    just before the evidence index is first built or the dashboard, SoA or gap state first
    read, or before the first write that declares its scope (a decision), so the write
    updates it rather than making it stale. A command that needs none of it (``audit``, a
    page of ``documents``, an ``ingest``) never reads the file. :meth:`keep` when the
    command ends."""

    def __init__(self, ws: Workspace) -> None:
        from ontology.store import EmbeddedStore

        self._ws = ws
        #: What was taken (nothing yet), at which revision.
        self.taken = Taken(frozenset(), ws.store.revision())
        ws.evidence_index.start_lazily(self._take, _DAY_VALUES)
        if isinstance(ws.store, EmbeddedStore):
            ws.store.before_declared_write = ws.evidence_index.start

    def _take(self) -> None:
        from api.kept import load_kept

        revision = self._ws.store.revision()
        try:
            values = load_kept(self._ws)
        except Exception as error:  # noqa: BLE001 - a store error: the command builds as before
            log.info("taking the kept state stopped: %s", error)
            return
        if values:
            log.info("state taken from the kept copy (%s)", ", ".join(sorted(values)))
        self.taken = Taken(values, revision)

    def keep(self) -> bool:
        """:func:`keep_after_command` with what was taken."""
        return keep_after_command(self._ws, self.taken)


def command_kept(ws: Workspace) -> CommandKept | None:
    """The kept copy for a command-line process; None on a store that keeps none (a remote
    one: each process builds from the graph)."""
    from ontology.store import EmbeddedStore

    return CommandKept(ws) if isinstance(ws.store, EmbeddedStore) else None


def keep_after_command(ws: Workspace, taken: Taken) -> bool:
    """When a command-line process ends: :func:`keep_current` where what it made current
    can be brought up to date cheaply. After a write that declared no scope (an ingest, a
    deletion) that would mean building everything again from the graph: nothing is kept
    then (the store's stamp has changed, so the old copy is ignored) and the next command
    that needs the state builds it."""
    changes = ws.store.changes_since(taken.revision)
    if changes is None or any(change is None for change in changes):
        log.info("state not kept: a write since start calls for a build from the graph")
        return False
    return keep_current(ws, taken)


def _first_pages(ws: Workspace) -> None:
    """What the pages users open first read: the index, the default review queue's first
    page, the dashboard and the SoA (each kept once built)."""
    from api.operations.views import ReviewQuery

    ws.evidence_index.snapshot()
    ws.review_view(ReviewQuery())
    ws.dashboard()
    ws.soa()


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
