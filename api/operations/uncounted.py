"""Confirmed evidence that does not count today, a requirement at a time, for the dashboard.

Evidence counts only from a current document (a review date today or later, no newer
version). The evidence index keeps the confirmed evidence grouped by requirement
(:meth:`mapping.evidence.index_snapshot.Snapshot.grouped`), and a decision gives new counts
only to the requirements it changed: the other groups stay the same objects. So each
group's documents that do not count (:class:`LateDocuments`) are worked out once per group
object and kept for the day (:class:`LateEvidence`): after a decision only the changed
requirements' documents are looked at, and the dashboard's answer is put together from its
gaps' groups alone (their document sets joined, their first documents by title merged),
however many documents the library confirms.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api.operations.documents import Document
    from mapping.evidence.index_snapshot import LinkRow

#: Reads documents by id (unknown ones left out): ``DocumentOperations._documents_by_id``.
ReadDocuments = Callable[[list[str]], "dict[str, Document]"]


def confirmed_documents(rows: tuple[LinkRow, ...]) -> Counter[tuple[tuple[str, str], str]]:
    """One artefact's confirmed and carried-over rows by requirement (standard, notation):
    the document they cite (the evidence index's grouped tally, ``Snapshot.grouped``)."""
    return Counter(
        ((r.standard, r.notation), r.document)
        for r in rows
        if r.status in ("confirmed", "carriedOver")
    )


@dataclass(frozen=True)
class LateDocuments:
    """One requirement's confirmed evidence that does not count today."""

    #: The ids of the documents it comes from.
    documents: frozenset[str] = frozenset()
    #: Their review states (stale, undated, superseded).
    states: frozenset[str] = frozenset()
    #: Its first documents in the dashboard's order, as ``(title casefolded, id)``: at most
    #: as many as the dashboard names (:class:`LateEvidence`'s ``shown``).
    first: tuple[tuple[str, str], ...] = ()


class LateEvidence:
    """:class:`LateDocuments` by requirement, each kept with the group of confirmed evidence
    it was worked out from (the evidence index's group object): kept across decisions for
    one day (a decision changes no document's metadata; any other write, and the next day,
    start a new one). A racing thread works a group out again at worst."""

    def __init__(self, shown: int) -> None:
        self.shown = shown
        self._groups: dict[tuple[str, str], tuple[object, LateDocuments]] = {}

    def of(
        self, requirement: tuple[str, str], group: Mapping[str, int] | None, read: ReadDocuments
    ) -> LateDocuments:
        """``requirement``'s (standard, notation) documents that do not count, of ``group``
        (document id → confirmed links; ``None``: it has none)."""
        kept = self._groups.get(requirement)
        if kept is not None and kept[0] is group:
            return kept[1]
        found = LateDocuments()
        if group:
            late = [d for d in read(sorted(group)).values() if d.review_state != "current"]
            order = (((d.title or d.id).casefold(), d.id) for d in late)
            found = LateDocuments(
                documents=frozenset(d.id for d in late),
                states=frozenset(d.review_state for d in late),
                first=tuple(heapq.nsmallest(self.shown, order)),
            )
        self._groups[requirement] = (group, found)
        return found


def first_documents(found: Iterable[LateDocuments], shown: int) -> list[str]:
    """The first ``shown`` distinct documents, in the dashboard's order, of ``found``'s
    requirements together (each holds its own first ones: a document among the first of
    them all is among the first of each requirement it belongs to)."""
    out: list[str] = []
    for _, document in heapq.merge(*(f.first for f in found)):
        if document not in out:
            out.append(document)
            if len(out) == shown:
                break
    return out


def uncounted_message(requirements: int, states: Iterable[str]) -> str:
    """Why ``requirements`` confirmed requirements do not count (their documents' ``states``,
    in order)."""
    if not requirements:
        return ""
    why = " or ".join({"stale": "past its review date"}.get(s, s) for s in states)
    plural = requirements != 1
    return (
        f"{requirements} confirmed requirement{'s' if plural else ''} "
        f"{'do' if plural else 'does'} not count yet: evidence {why}"
    )
