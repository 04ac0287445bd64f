"""One standard's review queue, kept in order and carried from one revision of the store to
the next (:meth:`mapping.evidence.index.EvidenceIndex.evolve`).

A :class:`QueueState` holds the links waiting for a decision, best first, as a whole and
split by requirement group and by document, with each artefact's and each link's rows. A
decision, an undo, a re-target or a bulk decision declares the artefacts it wrote; the state
is then carried by dropping those artefacts' rows and inserting their new waiting rows in
order (:func:`bisect.bisect_right` on a kept list of sort keys), so the next page costs what
the decision changed, not the library. Any write that declared nothing (an upload, an
edit of the reference data) works the queue out again.

A state is never changed once made (a carried one copies what it changes), so readers in
other threads share it safely; what this module returns is shared too: read, never change.

Because the order puts the links to decide again first and then the rest by descending
score, the links passing a confidence cut are always the head of any of these lists
(:meth:`Ordered.passing`): no filter by score walks the queue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from math import inf
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from mapping.evidence.ordered import Key, Sorted
from ontology.errors import InputError

if TYPE_CHECKING:
    from api.operations.state import WorkspaceBase
    from mapping.evidence.index_snapshot import Changed, LinkRow, Snapshot

#: The statuses that wait in the review queue.
QUEUE_STATUSES = ("suggested", "needsReview")
#: One queue row as the queue's readers take it (``row`` is the index's :class:`LinkRow`).
QueueRow = dict[str, Any]
_GROUP = re.compile(r"^(A\.\d+|\d+)")
#: Past this share of the queue changed at once, a carried state is worked out again whole.
_REBUILD_SHARE = 0.25
#: Parts the links' rows are kept in (:attr:`QueueState.by_link`).
_SHARDS = 128


@lru_cache(maxsize=8192)
def requirement_group(notation: str) -> str:
    """The group a notation belongs to: ``A.6`` for ``A.6.2.4``, ``6`` for ``6.1.2``.

    >>> requirement_group("A.6.2.4"), requirement_group("6.1.2"), requirement_group("art-9")
    ('A.6', '6', 'art-9')
    """
    match = _GROUP.match(notation)
    return match.group(1) if match else notation


def group_order(group: str) -> tuple[int, int, str]:
    """How the group filter lists groups: clauses by number, then Annex A by number."""
    digits = re.findall(r"\d+", group)
    return (group.startswith("A."), int(digits[0]) if digits else 0, group)


def queue_key(r: LinkRow) -> Key:
    """A row's place: evidence to decide again after a new version first (suggested before
    needsReview on equal scores otherwise), then best score first, then by document,
    notation and link (the link's IRI last, so no two rows tie)."""
    return (
        r.status != "needsReview",
        -(r.score or 0.0),
        QUEUE_STATUSES.index(r.status),
        r.score is None,
        r.document,
        r.notation,
        r.id,
        r.link,
    )


def queue_row(r: LinkRow) -> QueueRow:
    return {
        "row": r,
        "id": r.id,
        "document": r.document,
        "document_title": r.title,
        "notation": r.notation,
        "score": r.score,
        "status": r.status,
    }


def passes(row: QueueRow, min_score: float | None) -> bool:
    """Whether a queue row passes the confidence cut: links to decide again after a new
    version have no matcher confidence and always do."""
    if min_score is None or row["status"] == "needsReview":
        return True
    return bool((row["score"] or 0.0) >= min_score)


class Ordered(Sorted[QueueRow]):
    """Queue rows in queue order, with their keys (never changed once made)."""

    def passing(self, min_score: float | None) -> int:
        """How many rows pass the cut: they are the first ones (needsReview, then
        suggested by descending score)."""
        if min_score is None:
            return len(self.rows)
        # (True, -min_score, inf) follows every suggested key scoring at least min_score
        return bisect_right(self.keys, (True, -min_score, inf))


_EMPTY = Ordered([], [])


@dataclass(frozen=True)
class QueueState:
    """One standard's queue (None: every standard's) at one revision (see the module)."""

    every: Ordered
    by_group: Mapping[str, Ordered]
    by_document: Mapping[str, Ordered]
    #: Group → document → its rows of that group (the Document filter's counts in a group).
    by_group_document: Mapping[str, Mapping[str, Ordered]]
    #: Artefact IRI → its waiting rows with their keys; link IRI → its waiting rows.
    by_artefact: Mapping[str, tuple[tuple[Key, QueueRow], ...]]
    #: (The links in :data:`_SHARDS` parts by their hash: a decision copies only its own.)
    by_link: tuple[Mapping[str, tuple[QueueRow, ...]], ...]
    #: The groups with waiting rows, as the group filter lists them.
    groups: tuple[str, ...]
    #: The documents with waiting rows: id → title (the id when it has none), and their ids
    #: by title (case-folded), then id: the Document filter's order among equals.
    documents: Mapping[str, str]
    by_title: tuple[str, ...]

    @classmethod
    def of(cls, by_artefact: Mapping[str, tuple[tuple[Key, QueueRow], ...]]) -> QueueState:
        every = Ordered.of(pair for pairs in by_artefact.values() for pair in pairs)
        groups: dict[str, list[tuple[Key, QueueRow]]] = defaultdict(list)
        documents: dict[str, list[tuple[Key, QueueRow]]] = defaultdict(list)
        both: dict[str, dict[str, list[tuple[Key, QueueRow]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        links: dict[str, list[QueueRow]] = defaultdict(list)
        for key, row in zip(every.keys, every.rows, strict=True):  # in order: no sort again
            group = requirement_group(row["notation"])
            groups[group].append((key, row))
            documents[row["document"]].append((key, row))
            both[group][row["document"]].append((key, row))
            links[row["row"].link].append(row)
        by_document = {d: _presorted(pairs) for d, pairs in documents.items()}
        return cls(
            every=every,
            by_group={g: _presorted(pairs) for g, pairs in groups.items()},
            by_document=by_document,
            by_group_document={
                g: {d: _presorted(pairs) for d, pairs in found.items()} for g, found in both.items()
            },
            by_artefact=dict(by_artefact),
            by_link=_sharded({link: tuple(rows) for link, rows in links.items()}),
            groups=tuple(sorted(groups, key=group_order)),
            **_titled(by_document),
        )

    def changed(self, fresh: Mapping[str, tuple[tuple[Key, QueueRow], ...]]) -> QueueState:
        """This queue with the rows of the artefacts in ``fresh`` replaced by theirs: only
        the rows that differ leave and enter the lists (a decision changes a link or a few
        of its artefact's), so the cost follows them."""
        by_artefact = dict(self.by_artefact)
        gone: list[tuple[Key, QueueRow]] = []
        added: list[tuple[Key, QueueRow]] = []
        for artefact, pairs in fresh.items():
            out, into, kept = _difference(by_artefact.pop(artefact, ()), pairs)
            gone += out
            added += into
            if kept:
                by_artefact[artefact] = kept
        if not gone and not added:
            return self
        if len(gone) + len(added) > _REBUILD_SHARE * max(len(self.every.rows), 1):
            return QueueState.of(by_artefact)
        by_group = _carried(self.by_group, gone, added, _group_of)
        same = by_group.keys() == self.by_group.keys()
        by_document = _carried(self.by_document, gone, added, itemgetter("document"))
        if by_document.keys() == self.by_document.keys():  # no document came or left
            titled: dict[str, Any] = {"documents": self.documents, "by_title": self.by_title}
        else:
            titled = _titled(by_document)
        return QueueState(
            every=self.every.changed((k for k, _ in gone), added),
            by_group=by_group,
            by_document=by_document,
            by_group_document=self._group_documents_changed(gone, added),
            by_artefact=by_artefact,
            by_link=self._links_changed(gone + added, [by_artefact.get(a, ()) for a in fresh]),
            groups=self.groups if same else tuple(sorted(by_group, key=group_order)),
            **titled,
        )

    def _group_documents_changed(
        self, gone: list[tuple[Key, QueueRow]], added: list[tuple[Key, QueueRow]]
    ) -> dict[str, Mapping[str, Ordered]]:
        """:attr:`by_group_document` with ``gone`` out and ``added`` in (a new mapping for
        each group they change, new lists for the documents they change in it)."""
        out = dict(self.by_group_document)
        before, after = _split(gone, _group_of), _split(added, _group_of)
        for group in before.keys() | after.keys():
            found = _carried(
                out.get(group, {}),
                before.get(group, []),
                after.get(group, []),
                itemgetter("document"),
            )
            if found:
                out[group] = found
            else:
                out.pop(group, None)
        return out

    def _links_changed(
        self,
        changed: list[tuple[Key, QueueRow]],
        fresh: list[tuple[tuple[Key, QueueRow], ...]],
    ) -> tuple[Mapping[str, tuple[QueueRow, ...]], ...]:
        """:attr:`by_link` with the ``changed`` rows' links given their rows in ``fresh``
        (the touched artefacts' rows now: a link's rows are all its artefact's)."""
        links = {row["row"].link for _, row in changed}
        now = _split((pair for pairs in fresh for pair in pairs), lambda r: r["row"].link)
        copied = {part: dict(self.by_link[part]) for part in {_shard(link) for link in links}}
        for link in links:
            found = copied[_shard(link)]
            found.pop(link, None)
            if link in now:
                found[link] = tuple(row for _, row in now[link])
        return tuple(copied.get(n, shard) for n, shard in enumerate(self.by_link))

    def narrowed(
        self, document: str | None, group: str | None, min_score: float | None
    ) -> tuple[list[QueueRow], list[QueueRow]]:
        """The rows of ``document`` and ``group`` (either may be None: any), and those of
        them that pass the confidence cut (their head)."""
        if document and group:
            chosen = self.by_group_document.get(group, {}).get(document, _EMPTY)
        elif document:
            chosen = self.by_document.get(document, _EMPTY)
        else:
            chosen = self.by_group.get(group, _EMPTY) if group else self.every
        passing = chosen.passing(min_score)
        return chosen.rows, chosen.rows if passing == len(chosen.rows) else chosen.rows[:passing]

    def document_counts(
        self, group: str | None, min_score: float | None
    ) -> tuple[Counter[str], Counter[str]]:
        """Per document, its rows of ``group`` (None: any) before and after the cut (its
        list's length and head: the cost follows the documents, not their rows)."""
        lists = self.by_group_document.get(group, {}) if group else self.by_document
        before, after = Counter[str](), Counter[str]()
        for document, rows in lists.items():
            before[document] = len(rows.rows)
            after[document] = rows.passing(min_score)
        return before, +after

    def verdict_counts(
        self,
        labels: Mapping[str, str],
        filters: tuple[str | None, str | None, float | None],
        cut: int,
        initial: Iterable[str],
    ) -> dict[str, int] | None:
        """How many of the ``cut`` rows passing ``filters`` (document, group, cut) have each
        latest verdict (``labels``: link → label), found from the labelled links' rows; None
        when more links are labelled than rows are counted (count the rows instead)."""
        if len(labels) > cut:
            return None
        document, group, min_score = filters
        counts = dict.fromkeys(initial, 0)
        labelled = 0
        for link, label in labels.items():
            for row in self.by_link[_shard(link)].get(link, ()):
                if (
                    (not document or row["document"] == document)
                    and (not group or requirement_group(row["notation"]) == group)
                    and passes(row, min_score)
                ):
                    counts[label] = counts.get(label, 0) + 1
                    labelled += 1
        counts["none"] = counts.get("none", 0) + cut - labelled
        return counts


def _shard(link: str) -> int:
    return hash(link) % _SHARDS


def _sharded(
    by_link: dict[str, tuple[QueueRow, ...]],
) -> tuple[Mapping[str, tuple[QueueRow, ...]], ...]:
    shards: list[dict[str, tuple[QueueRow, ...]]] = [{} for _ in range(_SHARDS)]
    for link, rows in by_link.items():
        shards[_shard(link)][link] = rows
    return tuple(shards)


def _difference(
    before: tuple[tuple[Key, QueueRow], ...], after: tuple[tuple[Key, QueueRow], ...]
) -> tuple[
    list[tuple[Key, QueueRow]], list[tuple[Key, QueueRow]], tuple[tuple[Key, QueueRow], ...]
]:
    """One artefact's rows before and after a write: those that left, those that came, and
    ``after`` with ``before``'s row where a row is the same (its link row equal)."""
    old = {key: row for key, row in before}
    if len(old) != len(before) or len({key for key, _ in after}) != len(after):
        return list(before), list(after), after  # keys repeated: all out, all in
    same = {key for key, row in after if key in old and old[key]["row"] == row["row"]}
    return (
        [(key, row) for key, row in before if key not in same],
        [(key, row) for key, row in after if key not in same],
        tuple((key, old[key]) if key in same else (key, row) for key, row in after),
    )


def _presorted(pairs: list[tuple[Key, QueueRow]]) -> Ordered:
    return Ordered([k for k, _ in pairs], [row for _, row in pairs])


def _titled(by_document: Mapping[str, Ordered]) -> dict[str, Any]:
    """:attr:`QueueState.documents` and :attr:`~QueueState.by_title` of ``by_document``
    (a document's title: its last row's, as the queue lists it)."""
    titles = {d: o.rows[-1]["document_title"] or d for d, o in by_document.items()}
    order = tuple(sorted(titles, key=lambda d: (titles[d].casefold(), d)))
    return {"documents": titles, "by_title": order}


def _group_of(row: QueueRow) -> str:
    return requirement_group(row["notation"])


def _split(pairs: Iterable[tuple[Key, QueueRow]], part: Any) -> dict[str, list[Any]]:
    out: dict[str, list[tuple[Key, QueueRow]]] = defaultdict(list)
    for key, row in pairs:
        out[part(row)].append((key, row))
    return out


def _carried(
    kept: Mapping[str, Ordered],
    gone: list[tuple[Key, QueueRow]],
    added: list[tuple[Key, QueueRow]],
    part: Any,
) -> dict[str, Ordered]:
    """``kept`` (rows by a part: group, document) with ``gone`` out and ``added`` in: a new
    list for each part they change, the others shared; a part left empty is dropped."""
    out = dict(kept)
    before, after = _split(gone, part), _split(added, part)
    for name in before.keys() | after.keys():
        found = out.get(name, _EMPTY).changed(
            (k for k, _ in before.get(name, [])), after.get(name, [])
        )
        if found.rows:
            out[name] = found
        else:
            out.pop(name, None)
    return out


def _waiting(rows: tuple[LinkRow, ...], standard: str | None) -> tuple[tuple[Key, QueueRow], ...]:
    """One artefact's rows waiting in ``standard``'s queue (superseded documents' links
    never wait for a decision), each with its key."""
    return tuple(
        (queue_key(r), queue_row(r))
        for r in rows
        if r.status in QUEUE_STATUSES and r.current and (standard is None or r.standard == standard)
    )


def _whole(snapshot: Snapshot, standard: str | None) -> QueueState:
    found = {a: _waiting(rows, standard) for a, rows in snapshot.by_artefact.items()}
    return QueueState.of({a: pairs for a, pairs in found.items() if pairs})


def queue_state(ws: WorkspaceBase, standard: str | None) -> QueueState:
    """``standard``'s queue (None: every standard's) as of now: worked out whole the first
    time and after an undeclared write, carried across declared ones."""
    from ontology.namespaces import STANDARDS

    if standard is not None and standard not in STANDARDS:
        raise InputError(f"unknown standard {standard!r}", hint="use " + ", ".join(STANDARDS))
    index = ws.evidence_index

    def update(state: QueueState, changed: Changed) -> QueueState:
        if not changed.artefacts:  # a verdict: no link changed
            return state
        # as new as the rows evolve() saw or newer: a racing write is applied again next time
        snapshot = index.snapshot()
        by_artefact = snapshot.by_artefact
        return state.changed(
            {a: _waiting(by_artefact.get(a, ()), standard) for a in changed.artefacts}
        )

    return index.evolve(
        ("review queue", standard), lambda: _whole(index.snapshot(), standard), update
    )
