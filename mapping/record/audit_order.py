"""The audit log's order kept in memory, so a page of the log reads only its own events.

Every event's kind, time and the link version it saw (``audit_page.rq``'s columns), newest
first. Worked out whole the first time and after any write that declared no scope (an upload,
a deletion, an SoA setting, a metadata edit, another instance's write); after declared writes
(decisions, undo, re-target and their crosswalk propagation, which record in the audit graph
only decisions on the links of the artefacts they declare) only the decisions on those
artefacts' links are read (``audit_decisions_of.rq``) and merged in. The audit graph is only
ever added to, so no event leaves the order.

The order is labelled with the store's revision read *before* reading it, so a write racing
with a refresh is merged again the next time, never skipped; one refresh at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rdflib import URIRef

from ontology.query_files import load_query

if TYPE_CHECKING:
    from ontology.store import GraphStore, TextRow

#: Artefacts per bound refresh query.
_CHUNK = 200


@dataclass(frozen=True)
class Entry:
    """One event's place in the log."""

    event: str
    kind: str
    #: Seconds since the epoch (a time without a zone read as UTC).
    instant: float
    #: The version of the link a decision saw (-1: none), the order of one second's events.
    seen: int

    @classmethod
    def from_row(cls, row: TextRow) -> Entry:
        try:
            when = datetime.fromisoformat(row["time"])
            instant = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
        except ValueError:  # not a valid xsd:dateTime: oldest
            instant = float("-inf")
        return cls(row["event"], row["kind"], instant, int(row["seen"]))

    def key(self) -> tuple[float, int, str]:
        """audit_page.rq's order: newest first, a higher version first, then by IRI."""
        return (-self.instant, -self.seen, self.event)


def _ordered(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(sorted(entries, key=Entry.key))


def read_order(store: GraphStore) -> tuple[Entry, ...]:
    """Every event of the log, newest first (audit_page.rq unpaged)."""
    return _ordered(
        Entry.from_row(r) for r in store.select_text(load_query("mapping", "audit_page"))
    )


def decisions_of(store: GraphStore, artefacts: Iterable[str]) -> list[Entry]:
    """The decisions on the links of ``artefacts``."""
    ordered = sorted(artefacts)
    found: list[Entry] = []
    for start in range(0, len(ordered), _CHUNK):
        chunk = [URIRef(a) for a in ordered[start : start + _CHUNK]]
        query = load_query("mapping", "audit_decisions_of", artefact=chunk)
        found.extend(Entry.from_row(r) for r in store.select_text(query))
    return found


class AuditOrder:
    """The log's order for one store, kept current by its revision (see the module)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._kept: tuple[str, tuple[Entry, ...]] | None = None
        #: How many times the order was read whole, and merged after declared writes.
        self.builds = 0
        self.merges = 0

    def current(self) -> tuple[Entry, ...]:
        """Every event, newest first, as of now."""
        with self._lock:
            revision = self.store.revision()
            kept = self._kept
            if kept is not None and kept[0] == revision:
                return kept[1]
            changes = self.store.changes_since(kept[0]) if kept is not None else None
            if kept is None or changes is None or any(c is None for c in changes):
                self.builds += 1
                order = read_order(self.store)
            else:
                self.merges += 1
                touched = set().union(*[c for c in changes if c is not None])
                order = _merged(kept[1], decisions_of(self.store, touched) if touched else [])
            self._kept = (revision, order)
            return order


def _merged(order: tuple[Entry, ...], found: list[Entry]) -> tuple[Entry, ...]:
    """``order`` with ``found`` in it (an event already there takes its newly read place)."""
    if not found:
        return order
    again = {e.event for e in found}
    return _ordered([e for e in order if e.event not in again] + found)
