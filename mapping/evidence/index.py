"""The evidence-link index: every link's listing row in memory, kept current by the store's
revision, so the review queue, the suggestion listing and the dashboard order, filter and
count without walking the graph (a page then describes only its own rows).

One index per process and store (the workspace holds it)::

    index = EvidenceIndex(store)
    snapshot = index.snapshot()          # current as of this call
    rows = snapshot.select(status=("suggested",), standard="iso42001")
    snapshot.counts()                    # {requirement IRI: {status: links}}
    index.memo("dashboard", compute)     # any value, recomputed after any write
    index.evolve("gaps", full, update)   # any value, updated for what a decision changed

How it stays correct: a snapshot is labelled with the revision read *before* its rows were
read. When the store's revision differs, the writes since are asked for
(:meth:`GraphStore.changes_since`): if each declared the artefacts it touched (decisions,
undo, re-target and their crosswalk propagation do, through
:meth:`GraphStore.declaring`), only those artefacts' links are read again; any undeclared
write, or a revision the store cannot account for (another instance on a remote store),
rebuilds the whole index. A row read too new is in a later change's scope, so it is read
again; nothing stale is ever served. Thread-safe: one refresh at a time, readers share
immutable snapshots.

The rows and the snapshot that holds them are :mod:`mapping.evidence.index_snapshot`'s; this
module keeps the current snapshot and its kept values, and reads the rows from the store.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import product
from typing import Any, TypeVar

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from mapping.evidence.index_file import KeptIndex
from mapping.evidence.index_snapshot import Changed, LinkRow, Snapshot
from mapping.evidence.rollup import Hierarchy, load_hierarchy
from ontology.namespaces import AIMS
from ontology.query_files import load_query
from ontology.store import GraphStore, Row

T = TypeVar("T")
#: Artefacts per VALUES-first refresh query.
_CHUNK = 200


class EvidenceIndex:
    """The evidence-link rows of one store, refreshed by its revision (see the module)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._requirements: dict[str, list[tuple[str, str]]] = {}
        self._labels: dict[str, str] = {}
        self._hierarchy: Hierarchy | None = None
        self._memo: dict[object, tuple[str, Any]] = {}
        self._memo_locks: dict[object, threading.Lock] = defaultdict(threading.Lock)
        self._evolved: dict[object, tuple[Snapshot, Any]] = {}
        #: How many full builds and partial refreshes ran (for tests and benchmarks).
        self.builds = 0
        self.refreshes = 0
        #: How many kept values were brought up to date rather than worked out again.
        self.updates = 0
        #: Run once before the first build, or the first read of a memo named in
        #: ``_starter_names`` (see :meth:`start_lazily`).
        self._starter: Callable[[], object] | None = None
        self._starter_names: frozenset[str] = frozenset()
        self._starting = threading.Lock()

    def snapshot(self) -> Snapshot:
        """The rows as of now (refreshed or rebuilt first if the store changed)."""
        if self._starter is not None and self._snapshot is None:
            self.start()
        with self._lock:
            revision = self.store.revision()
            current = self._snapshot
            if current is not None and current.revision == revision:
                return current
            changes = self.store.changes_since(current.revision) if current else None
            if current is None or changes is None or any(c is None for c in changes):
                self._snapshot = self._build(revision)
            else:
                touched = set().union(*[c for c in changes if c is not None])
                self._snapshot = self._refresh(current, revision, touched)
            return self._snapshot

    def memo(self, key: object, compute: Callable[[], T], *, through_decisions: bool = False) -> T:
        """``compute()``'s value, kept until the store's next write of any kind; with
        ``through_decisions``, kept across declared writes too (decisions: they change only
        evidence links, see :meth:`GraphStore.declaring`) until a write of any other kind,
        for values no evidence link changes (the documents' order and descriptions). Unlike
        :meth:`evolve`, this never builds the index: it asks the store what changed."""
        if self._starter is not None and isinstance(key, tuple) and key[:1]:
            self._start_for(key[0])
        with self._memo_locks[key]:
            revision = self.store.revision()
            kept = self._memo.get(key)
            if kept is not None and (
                kept[0] == revision or (through_decisions and self._declared_since(kept[0]))
            ):
                self._memo[key] = (revision, kept[1])
                return kept[1]  # type: ignore[no-any-return]
            value = compute()
            self._memo[key] = (revision, value)
            return value

    def _declared_since(self, revision: str) -> bool:
        """Whether every write since ``revision`` declared its scope (known, and a decision's
        kind of write)."""
        changes = self.store.changes_since(revision)
        return changes is not None and all(c is not None for c in changes)

    def evolve(self, key: object, full: Callable[[], T], update: Callable[[T, Changed], T]) -> T:
        """A value kept current write by write: ``full()`` the first time and after any write
        that declared no scope; after declared writes only ``update(value, changed)``, told
        which artefacts' links changed and the requirements they pointed to before or after.

        The value is labelled with the revision read before it was worked out, so a write
        racing with ``full``/``update`` is applied again the next time (never skipped)."""
        with self._memo_locks[key]:
            snapshot = self.snapshot()
            kept = self._evolved.get(key)
            if kept is not None and kept[0].revision == snapshot.revision:
                return kept[1]  # type: ignore[no-any-return]
            changes = self.store.changes_since(kept[0].revision) if kept is not None else None
            if kept is None or changes is None or any(c is None for c in changes):
                value = full()
            else:
                artefacts = set().union(*[c for c in changes if c is not None])
                value = update(kept[1], Changed.between(kept[0], snapshot, artefacts))
                self.updates += 1
            self._evolved[key] = (snapshot, value)
            return value

    # -- a copy kept between runs (mapping/evidence/index_file.py, api/kept.py) ---------------

    def start_lazily(self, take: Callable[[], object], names: Iterable[str] = ()) -> None:
        """Have ``take`` (which may :meth:`adopt` a kept copy) run once, just before this
        index is first built or a memo keyed ``(name, ...)`` with a name in ``names`` is
        first read: a process pays for reading the copy only when it needs what it holds."""
        self._starter, self._starter_names = take, frozenset(names)

    def _start_for(self, name: object) -> None:
        if name in self._starter_names:
            self.start()

    def start(self) -> None:
        """Run the ``take`` given to :meth:`start_lazily` now, unless it ran already."""
        with self._starting:
            take, self._starter = self._starter, None
            if take is not None:
                take()

    def kept_state(
        self,
    ) -> tuple[Snapshot, dict[str, Any], dict[object, Any], dict[object, Any]] | None:
        """The current snapshot (refreshed first) as plain data (:func:`index_data`), with
        the memo and evolved values current at its revision, by key; None before the first
        build (nothing is built here)."""
        from mapping.evidence.index_file import index_data

        if self._snapshot is None:
            return None
        snapshot = self.snapshot()
        with self._lock:
            data = index_data(snapshot.rows(), snapshot.hierarchy, self._requirements, self._labels)
        memos = {k: v for k, (rev, v) in list(self._memo.items()) if rev == snapshot.revision}
        evolved = {k: v for k, (at, v) in list(self._evolved.items()) if at is snapshot}
        return snapshot, data, memos, evolved

    def holds(self, key: object) -> bool:
        """Whether a memo or evolved value is kept under ``key`` (current or not)."""
        return key in self._memo or key in self._evolved

    def adopt(
        self,
        kept: KeptIndex,
        revision: str,
        memos: dict[object, Any] | None = None,
        evolved: dict[object, Any] | None = None,
    ) -> bool:
        """Start from a kept copy read when the store was at ``revision`` (the caller has
        checked the copy matches the store), with memo and evolved values of that state;
        False (nothing taken) when the index already holds rows or the store moved on."""
        with self._lock:
            if self._snapshot is not None or self.store.revision() != revision:
                return False
            self._requirements, self._labels = kept.requirements, kept.labels
            self._hierarchy = kept.hierarchy
            snapshot = Snapshot(revision, kept.by_artefact, kept.hierarchy)
            self._snapshot = snapshot
            for key, value in (memos or {}).items():
                self._memo[key] = (revision, value)
            for key, value in (evolved or {}).items():
                self._evolved[key] = (snapshot, value)
            return True

    # -- reading the store ------------------------------------------------------------------

    def _build(self, revision: str) -> Snapshot:
        self.builds += 1
        self._requirements = _requirements(self.store)
        self._labels = _labels(self.store)
        self._hierarchy = load_hierarchy(self.store)
        superseded = _superseded(self.store, None)
        rows = [
            LinkRow(
                link=link,
                id=link_id,
                artefact=artefact,
                document=doc_id,
                requirement=req,
                notation=notation,
                standard=standard,
                status=status.rsplit("#", 1)[-1],
                score=score,
                title=title,
                current=artefact not in superseded,
                decision=decision,
                source=source,
                via=via,
                label=self._labels.get(req),
            )
            for (
                link,
                link_id,
                artefact,
                doc_id,
                req,
                status,
                score,
                title,
                decision,
                source,
                via,
            ) in _bulk_rows(self.store)
            for notation, standard in self._requirements.get(req, [])
        ]
        return Snapshot(revision, _group(rows), self._hierarchy)

    def _refresh(self, old: Snapshot, revision: str, touched: set[str]) -> Snapshot:
        self.refreshes += 1
        by_artefact = {a: rows for a, rows in old.by_artefact.items() if a not in touched}
        ordered = sorted(touched)
        for start in range(0, len(ordered), _CHUNK):
            chunk = [URIRef(a) for a in ordered[start : start + _CHUNK]]
            by_artefact.update(_group(self._link_rows(chunk)))
        new = Snapshot(revision, by_artefact, old.hierarchy, old.described.without(touched))
        new.carry_tallies(old, touched)
        return new

    def _link_rows(self, artefacts: list[URIRef] | None) -> list[LinkRow]:
        query = load_query("mapping", "evidence_index_links", artefact=artefacts)
        links = self.store.select(query)
        titles = _titles(self.store, artefacts)
        superseded = _superseded(self.store, artefacts)
        extra = _extras(self.store, artefacts)
        out = []
        for row in links:
            artefact, link = str(row["artefact"]), str(row["link"])
            req = str(row["req"])
            decision, source, via = (e.get(link) for e in extra)
            for notation, standard in self._requirements.get(req, []):
                found = _link_row(row, notation, standard, titles.get(artefact))
                current, label = artefact not in superseded, self._labels.get(req)
                out.append(
                    replace(
                        found,
                        current=current,
                        label=label,
                        decision=decision,
                        source=source,
                        via=via,
                    )
                )
        return out


#: What a row keeps besides the listing's fields (decision, source, via), by property.
_EXTRA = (AIMS.latestDecision, AIMS.derivedFrom, AIMS.derivedVia)


def _single(pairs: set[tuple[str, str]]) -> dict[str, str]:
    """subject → its least value (a link has one of each; the least keeps it stable)."""
    out: dict[str, str] = {}
    for subject, value in pairs:
        if subject not in out or value < out[subject]:
            out[subject] = value
    return out


def _multi(pairs: set[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for subject, value in sorted(pairs):
        out[subject].append(value)
    return out


def _bulk_rows(store: GraphStore) -> Iterable[tuple[Any, ...]]:
    """The rows of ``evidence_index_links.rq`` (and each artefact's title) for every link,
    joined here from one bulk read per property: the same rows at a tenth of the cost."""
    links = sorted(s for s, _ in store.pairs(str(RDF.type), str(AIMS.EvidenceLink)))
    ids = _multi(store.pairs(str(DCTERMS.identifier)))
    artefacts = _multi(store.pairs(str(AIMS.evidenceArtefact)))
    requirements = _multi(store.pairs(str(AIMS.requirement)))
    statuses = _multi(store.pairs(str(AIMS.status)))
    scores = _multi(store.pairs(str(AIMS.score)))
    titles = {a: min(t) for a, t in _multi(store.pairs(str(DCTERMS.title))).items()}
    extra = [_single(store.pairs(str(p))) for p in _EXTRA]
    for link in links:
        for link_id, artefact, req, status in product(
            ids.get(link, []),
            artefacts.get(link, []),
            requirements.get(link, []),
            statuses.get(link, []),
        ):
            for doc_id in ids.get(artefact, []):
                values: list[float | None] = [float(v) for v in scores.get(link, [])]
                more = tuple(e.get(link) for e in extra)
                for value in values or [None]:
                    yield (
                        (link, link_id, artefact, doc_id, req, status, value)
                        + (titles.get(artefact),)
                        + more
                    )


def _link_row(row: Row, notation: str, standard: str, title: str | None) -> LinkRow:
    score = row.get("score")
    return LinkRow(
        link=str(row["link"]),
        id=str(row["linkId"]),
        artefact=str(row["artefact"]),
        document=str(row["docId"]),
        requirement=str(row["req"]),
        notation=notation,
        standard=standard,
        status=str(row["status"]).rsplit("#", 1)[-1],
        score=float(str(score)) if score is not None else None,
        title=title,
    )


def _extras(store: GraphStore, artefacts: list[URIRef] | None) -> list[dict[str, str]]:
    """Per property of :data:`_EXTRA`: link → its (least) value, for ``artefacts``' links."""
    query = load_query("mapping", "evidence_index_extras", artefact=artefacts)
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in store.select(query):
        pairs[str(row["property"])].add((str(row["link"]), str(row["value"])))
    return [_single(pairs[str(p)]) for p in _EXTRA]


def _group(rows: list[LinkRow]) -> dict[str, tuple[LinkRow, ...]]:
    grouped: dict[str, list[LinkRow]] = defaultdict(list)
    for r in rows:
        grouped[r.artefact].append(r)
    return {a: tuple(found) for a, found in grouped.items()}


def _requirements(store: GraphStore) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.select(load_query("mapping", "evidence_index_requirements")):
        found[str(row["req"])].append((str(row["notation"]), str(row["standard"])))
    return dict(found)


def _labels(store: GraphStore) -> dict[str, str]:
    """Requirement IRI → its label (the least, where it has several)."""
    labels: dict[str, str] = {}
    for row in store.select_text(load_query("mapping", "evidence_index_labels")):
        key = row["req"]
        labels[key] = min(labels.get(key, row["label"]), row["label"])
    return labels


def _titles(store: GraphStore, artefacts: list[URIRef] | None) -> dict[str, str]:
    titles: dict[str, str] = {}
    for row in store.select(load_query("mapping", "evidence_index_titles", artefact=artefacts)):
        key = str(row["artefact"])
        titles[key] = min(titles.get(key, str(row["title"])), str(row["title"]))
    return titles


def _superseded(store: GraphStore, artefacts: list[URIRef] | None) -> set[str]:
    """The artefacts (of ``artefacts``; None: all) a newer version supersedes."""
    query = load_query("mapping", "evidence_index_superseded", artefact=artefacts)
    return {str(row["artefact"]) for row in store.select(query)}
