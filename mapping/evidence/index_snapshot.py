"""The evidence index at one revision of the store (:mod:`mapping.evidence.index` makes it).

:class:`LinkRow` is one link as the listings order and filter it; a :class:`Snapshot` holds
every link's rows by artefact and never changes once made: what is worked out from its rows
alone is kept with it (:meth:`Snapshot.kept`), and its sums over artefacts
(:meth:`Snapshot.tally`) are carried to the next snapshot by recounting only the artefacts a
declared write touched. A tally is copied whole to be carried, so it is kept for small sums
(links waiting per standard); a sum read a part at a time, or one that grows with the
library (the documents with confirmed evidence of each requirement), is a *grouped* tally
(:meth:`Snapshot.grouped`: per requirement, say), carried by new counts for the groups a
write changed alone, the others shared with the snapshot before. :class:`Changed` says what
declared writes changed between two snapshots: the artefacts whose links they wrote and the
requirements those links pointed to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from mapping.evidence.artefact_memo import ArtefactMemo
from mapping.evidence.rollup import Hierarchy
from ontology.store import TextRow

T = TypeVar("T")
#: What :meth:`Snapshot.tally` sums: a count of one artefact's rows.
Tally = Callable[[tuple["LinkRow", ...]], "Counter[Any]"]
#: What :meth:`Snapshot.grouped` sums: one artefact's rows counted by ``(group, item)``.
GroupedTally = Callable[[tuple["LinkRow", ...]], "Counter[tuple[Any, Any]]"]
#: Most values a snapshot keeps (listings by filter); past it, it starts again.
_KEEP = 256
#: Most listing entries (a link with its passages and groups) the index keeps described.
_DESCRIBED = 2000


@dataclass(frozen=True)
class LinkRow:
    """One evidence link as the listings order and filter it."""

    link: str
    id: str
    artefact: str
    document: str
    requirement: str
    notation: str
    standard: str
    status: str
    score: float | None
    title: str | None = None
    #: False when a newer version of its document supersedes it (``prov:wasRevisionOf``):
    #: such links never wait in the review queue.
    current: bool = True
    #: Its latest decision, and for a link that came by a crosswalk its source link and
    #: mapping: what a decision changes besides the status (see :class:`Changed`).
    decision: str | None = None
    source: str | None = None
    via: str | None = None
    #: The requirement's label (reference data).
    label: str | None = None

    def listing_row(self) -> TextRow:
        """This link's columns of suggestions.rq that the index holds, as text."""
        row = {
            "link": self.link,
            "linkId": self.id,
            "artefact": self.artefact,
            "docId": self.document,
            "title": self.title,
            "req": self.requirement,
            "notation": self.notation,
            "standard": self.standard,
            "label": self.label,
            "status": self.status,
            "score": None if self.score is None else repr(self.score),
        }
        return {key: value for key, value in row.items() if value is not None}

    def listing_key(self) -> tuple[Any, ...]:
        """The ``suggestions`` order: best score first (none last), document, notation."""
        return (self.score is None, -(self.score or 0.0), self.document, self.notation, self.id)


class Snapshot:
    """The index at one revision: rows by artefact; never changed once made."""

    def __init__(
        self,
        revision: str,
        by_artefact: dict[str, tuple[LinkRow, ...]],
        hierarchy: Hierarchy,
        described: ArtefactMemo | None = None,
    ) -> None:
        self.revision = revision
        self.by_artefact = by_artefact
        #: The requirement hierarchy (reference data) as of this revision.
        self.hierarchy = hierarchy
        #: Listing entries by artefact (mapping/evidence/listing.py), carried to the next
        #: snapshot without the artefacts a declared write touched.
        self.described = described if described is not None else ArtefactMemo(_DESCRIBED)
        # every row in one tuple: made when first read (a snapshot after each write, and
        # most are read by artefact alone)
        self._rows: tuple[LinkRow, ...] | None = None
        self._kept: dict[object, Any] = {}
        self._tallies: dict[object, tuple[Tally, Counter[Any]]] = {}
        self._grouped: dict[object, tuple[GroupedTally, dict[Any, Counter[Any]]]] = {}

    def kept(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()``'s value, kept with this snapshot (what is worked out from its rows
        alone: a listing's order, its groups); worked out again by a racing thread at worst."""
        if key not in self._kept:
            if len(self._kept) >= _KEEP:
                self._kept.clear()
            self._kept[key] = compute()
        return self._kept[key]  # type: ignore[no-any-return]

    def tally(self, key: object, count: Tally) -> Counter[Any]:
        """The sum over artefacts of ``count(that artefact's rows)``: kept with this snapshot
        and carried to the next one by counting again only the artefacts a declared write
        touched (``count`` must depend on the rows it is given alone). Read, never change."""
        found = self._tallies.get(key)
        if found is None:
            total: Counter[Any] = Counter()
            for rows in self.by_artefact.values():
                total.update(count(rows))
            found = self._tallies[key] = (count, total)
        return found[1]

    def grouped(self, key: object, count: GroupedTally) -> Mapping[Any, Mapping[Any, int]]:
        """group → item → the sum over artefacts of ``count(that artefact's rows)[group, item]``
        (``count`` gives positive counts and depends on the rows it is given alone; a group
        with nothing left is absent). Kept with this snapshot like :meth:`tally`, and carried
        to the next one by new counts only for the groups the touched artefacts' rows change,
        the others' shared: a reader looks up the groups it needs, and a decision's cost
        follows its links, not the library. Read, never change."""
        found = self._grouped.get(key)
        if found is None:
            groups: dict[Any, Counter[Any]] = defaultdict(Counter)
            for rows in self.by_artefact.values():
                for (group, item), n in count(rows).items():
                    groups[group][item] += n
            found = self._grouped[key] = (count, dict(groups))
        return MappingProxyType(found[1])

    def carry_tallies(self, old: Snapshot, touched: Iterable[str]) -> None:
        """Take ``old``'s tallies and grouped tallies over, recounted for the ``touched``
        artefacts alone."""
        touched = list(touched)
        for key, (count, before) in list(old._tallies.items()):
            total = before.copy()
            for artefact in touched:
                total.subtract(count(old.by_artefact.get(artefact, ())))
                total.update(count(self.by_artefact.get(artefact, ())))
            self._tallies[key] = (count, +total)  # + drops what fell to zero
        for key, (grouped, kept) in list(old._grouped.items()):
            self._grouped[key] = (grouped, self._carry_groups(old, touched, grouped, kept))

    def _carry_groups(
        self,
        old: Snapshot,
        touched: list[str],
        count: GroupedTally,
        kept: dict[Any, Counter[Any]],
    ) -> dict[Any, Counter[Any]]:
        """``kept`` (``old``'s groups) with the ``touched`` artefacts counted again: a new
        Counter for each group whose counts changed, the other groups' Counters shared."""
        change: dict[Any, Counter[Any]] = defaultdict(Counter)
        for artefact in touched:
            for (group, item), n in count(old.by_artefact.get(artefact, ())).items():
                change[group][item] -= n
            for (group, item), n in count(self.by_artefact.get(artefact, ())).items():
                change[group][item] += n
        groups = dict(kept)
        for group, delta in change.items():
            if not any(delta.values()):
                continue  # the artefact's rows of this group are as they were
            # a new Counter (``+`` keeps what stays above zero): ``old`` keeps its own
            total = groups.get(group, Counter()) + delta
            if total:
                groups[group] = total
            else:
                groups.pop(group, None)
        return groups

    def rows(self) -> tuple[LinkRow, ...]:
        """Every link's row(s), in no particular order."""
        if self._rows is None:
            self._rows = tuple(r for rows in self.by_artefact.values() for r in rows)
        return self._rows

    def select(
        self,
        *,
        document: str | None = None,
        notation: str | None = None,
        status: Iterable[str] | None = None,
        standard: str | None = None,
        current_only: bool = False,
    ) -> list[LinkRow]:
        """The rows passing every filter given (``status``: local names; ``current_only``:
        links of documents no newer version supersedes), unordered. Given a requirement's
        notation or a document, only its rows are looked at (grouped by it, carried across
        decisions: :meth:`grouped`), not every row of the library."""
        wanted = set(status) if status is not None else None
        pool: Iterable[LinkRow]
        if notation is not None:
            pool = self.grouped(("rows by notation",), _by_notation).get(notation, {})
        elif document is not None:
            pool = self.grouped(("rows by document",), _by_document).get(document, {})
        else:
            pool = self.rows()
        return [
            r
            for r in pool
            if (not current_only or r.current)
            and (document is None or r.document == document)
            and (notation is None or r.notation == notation)
            and (wanted is None or r.status in wanted)
            and (standard is None or r.standard == standard)
        ]

    def document_evidence(self, artefacts: Iterable[str]) -> dict[str, set[str]]:
        """Artefact IRI → the requirements it has a link to that is not rejected
        (document_requirements.rq), for rolling evidence up to groups."""
        return {
            a: {r.requirement for r in self.by_artefact.get(a, ()) if r.status != "rejected"}
            for a in artefacts
        }

    def counts(
        self, standard: str | None = None, *, current_only: bool = False
    ) -> Mapping[str, Mapping[str, int]]:
        """``{requirement IRI: {status: distinct links}}`` (requirement-evidence.rq, which
        leaves superseded documents' links out: ``current_only``), read-only: a grouped tally
        by requirement, so a decision gives new counts to its requirements alone."""

        def count(rows: tuple[LinkRow, ...]) -> Counter[tuple[str, str]]:
            # a link belongs to one artefact: distinct per artefact is distinct overall
            return Counter(
                (r.requirement, r.status)
                for r in {(r.requirement, r.status, r.link): r for r in rows if wanted(r)}.values()
            )

        def wanted(r: LinkRow) -> bool:
            return (standard is None or r.standard == standard) and (r.current or not current_only)

        return self.grouped(("counts", standard, current_only), count)


@dataclass(frozen=True)
class Changed:
    """What declared writes changed between two snapshots: the artefacts whose links they
    wrote, and the requirements (before or after) of those links that changed: added,
    removed, or with another id, requirement, status, score, latest decision, crosswalk
    source or mapping, or whose source link changed its requirement or latest decision."""

    artefacts: frozenset[str]
    requirements: frozenset[str]

    @classmethod
    def between(cls, old: Snapshot, new: Snapshot, artefacts: Iterable[str]) -> Changed:
        touched = frozenset(artefacts)
        requirements: set[str] = set()
        for artefact in touched:
            before = _fingerprints(old.by_artefact.get(artefact, ()))
            after = _fingerprints(new.by_artefact.get(artefact, ()))
            for link in before.keys() | after.keys():
                if before.get(link) != after.get(link):
                    found = before.get(link, set()) | after.get(link, set())
                    requirements.update(f[1] for f in found)
        return cls(touched, frozenset(requirements))


def _fingerprints(rows: tuple[LinkRow, ...]) -> dict[str, set[tuple[Any, ...]]]:
    """Link → what of it a decision can change (its source's requirement and decision too:
    a source is a link of the same artefact)."""
    by_link = {r.link: r for r in rows}
    out: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for r in rows:
        source = by_link.get(r.source) if r.source else None
        out[r.link].add(
            (r.id, r.requirement, r.status, r.score, r.decision, r.source, r.via)
            + ((source.requirement, source.decision) if source else (None, None))
        )
    return out


def _by_notation(rows: tuple[LinkRow, ...]) -> Counter[tuple[str, LinkRow]]:
    return Counter((r.notation, r) for r in rows)


def _by_document(rows: tuple[LinkRow, ...]) -> Counter[tuple[str, LinkRow]]:
    return Counter((r.document, r) for r in rows)
