"""Refitting the ranking in the background after review decisions.

A decision returns at once; :class:`BackgroundRefit` then runs the refit
(:func:`mapping.evidence.learning.refit`) in a daemon thread, after a short pause so that a
burst of decisions (a reviewer working a queue, a bulk confirm) gives one refit, not one per
click. Requests that come while a refit runs give one more refit after it. A failed refit is
logged and leaves the previous model in place (its file is replaced atomically). A process
about to end (a CLI command) calls :meth:`BackgroundRefit.finish`: the pending refit runs at
once, without the pause, since no more decisions can join it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("aimsgraph.refit")


class BackgroundRefit:
    """Coalesced background runs of ``run``."""

    def __init__(self, run: Callable[[], object], delay_s: float = 1.0) -> None:
        self.run = run
        self.delay_s = delay_s
        self._lock = threading.Lock()
        self._pending = False
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._hurry = threading.Event()  # set by finish: cut the pause short

    def request(self) -> None:
        """Ask for a refit soon; never blocks on one."""
        with self._lock:
            self._pending = True
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="aimsgraph-refit", daemon=True
                )
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no refit is pending or running; False when ``timeout`` ran out."""
        return self._idle.wait(timeout)

    def finish(self, timeout: float | None = None) -> bool:
        """Run a pending refit now, without the pause, and wait for it (no more requests
        will come); False when ``timeout`` ran out."""
        with self._lock:
            if self._thread is not None:
                self._hurry.set()
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            self._hurry.wait(self.delay_s)
            with self._lock:
                if not self._pending:
                    self._thread = None
                    self._hurry.clear()
                    self._idle.set()
                    return
                self._pending = False
            try:
                self.run()
            except Exception:  # a refit must never take the server down
                log.exception("refit of the ranking from review decisions failed")
