"""Values worked out from one artefact's evidence links alone, kept across the writes that
leave that artefact alone.

The evidence index (:mod:`mapping.evidence.index`) refreshes only the artefacts a declared
write touched (a decision, an undo, a re-target and their crosswalk propagation declare
theirs); a value that depends on nothing but one artefact's links, their cited passages and
the reference data (a listing entry with its passages and groups) is then still right for
every other artefact. A memo is carried from one snapshot to the next without the touched
artefacts' values; a full rebuild of the index (any undeclared write) starts a new one.

>>> memo = ArtefactMemo(limit=3)
>>> memo.put("a1", "link-1", {"status": "suggested"})
>>> memo.get("a1", "link-1")
{'status': 'suggested'}
>>> memo.without({"a1"}).get("a1", "link-1") is None
True
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any


class ArtefactMemo:
    """``artefact → {key: value}``, at most ``limit`` values in all (past it, it starts
    again). Thread-safe; the values are shared: read them, never change them."""

    def __init__(self, limit: int, values: dict[str, dict[object, Any]] | None = None) -> None:
        self.limit = limit
        self._values = values or {}
        self._count = sum(len(kept) for kept in self._values.values())
        self._lock = threading.Lock()
        #: (artefact, key) → set once the thread that claimed it has put its value (or failed).
        self._pending: dict[tuple[str, object], threading.Event] = {}

    def get(self, artefact: str, key: object) -> Any | None:
        """The value kept for ``key`` of ``artefact``, or None."""
        with self._lock:
            return self._values.get(artefact, {}).get(key)

    def put(self, artefact: str, key: object, value: Any) -> None:
        """Keep ``value`` for ``key`` of ``artefact``."""
        with self._lock:
            if self._count >= self.limit:
                self._values.clear()
                self._count = 0
            kept = self._values.setdefault(artefact, {})
            self._count += key not in kept
            kept[key] = value

    def claim(
        self, wanted: Iterable[tuple[str, object]]
    ) -> tuple[list[tuple[str, object]], list[threading.Event]]:
        """Of the ``(artefact, key)`` pairs ``wanted`` that hold no value: those the caller is
        to work out (claimed now: it must :meth:`release` them, having put what it could),
        and the events to wait on for those another thread is working out. Concurrent
        readers of the same page then work each value out once rather than each on its own.

        >>> memo = ArtefactMemo(limit=3)
        >>> memo.claim([("a1", "k")])  # the first reader works it out
        ([('a1', 'k')], [])
        >>> mine, waits = memo.claim([("a1", "k")])  # a second one waits for it
        >>> mine, len(waits)
        ([], 1)
        >>> memo.put("a1", "k", 1); memo.release([("a1", "k")]); waits[0].is_set()
        True
        >>> memo.claim([("a1", "k")])  # kept: nothing to work out or wait for
        ([], [])
        """
        mine: list[tuple[str, object]] = []
        waits: dict[int, threading.Event] = {}
        event = threading.Event()
        with self._lock:
            for pair in wanted:
                if pair[1] in self._values.get(pair[0], {}):
                    continue
                other = self._pending.get(pair)
                if other is not None and other is not event:
                    waits[id(other)] = other
                elif other is None:
                    self._pending[pair] = event
                    mine.append(pair)
        return mine, list(waits.values())

    def release(self, claimed: Iterable[tuple[str, object]]) -> None:
        """End the claims of :meth:`claim` (in a ``finally``): whoever waits on them reads
        the values put meanwhile, or works out any still missing itself."""
        with self._lock:
            events = {id(e): e for pair in claimed if (e := self._pending.pop(pair, None))}
        for event in events.values():
            event.set()

    def without(self, artefacts: Iterable[str]) -> ArtefactMemo:
        """A new memo holding this one's values but those of ``artefacts``."""
        dropped = set(artefacts)
        with self._lock:
            values = {a: dict(kept) for a, kept in self._values.items() if a not in dropped}
        return ArtefactMemo(self.limit, values)
