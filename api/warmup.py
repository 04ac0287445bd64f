"""Warm-up when ``serve`` starts: what the first pages read is built in the background.

After a restart the first review-queue page would build the evidence index (seconds at a
thousand documents) and the first dashboard would run the gap report; :func:`warm_up` does
both (and the SoA) in a daemon thread while the server starts listening, so the first user
rarely waits. A request that arrives meanwhile waits for the same work rather than doing it
twice (the index and the kept values are built under their locks).

It then describes the head of the default review queue (its passages, bases and history,
kept until a write touches them) and, given the web UI's template environment, compiles
every template, so the first queue page after the warm-up costs what a later one does.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

    from api.workspace import Workspace

log = logging.getLogger(__name__)


def warm_up(ws: Workspace, templates: Environment | None = None) -> threading.Thread:
    """Start building the evidence index, the dashboard (gap report included), the default
    review queue's first page and the SoA, then compiling ``templates``' templates."""
    from api.operations.views import ReviewQuery

    def run() -> None:
        start = time.perf_counter()
        try:
            ws.evidence_index.snapshot()
            ws.dashboard()
            ws.review_view(ReviewQuery())
            ws.soa()
            if templates is not None:
                for name in templates.list_templates():
                    templates.get_template(name)
        except Exception as error:  # noqa: BLE001 - a page will report it; serving goes on
            log.info("warm-up stopped: %s", error)
            return
        log.info("warm-up done in %.1f s", time.perf_counter() - start)

    thread = threading.Thread(target=run, name="aimsgraph-warm-up", daemon=True)
    thread.start()
    return thread
