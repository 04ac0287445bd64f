"""The evidence-link listing: rows first (cheap, pageable), then the passages and groups of
the rows shown, so a page costs what it shows (``suggestions``, the review queue, a
document's and a requirement's links)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from mapping.evidence.artefact_memo import ArtefactMemo
from mapping.evidence.index import EvidenceIndex
from mapping.evidence.index_snapshot import Changed, LinkRow
from mapping.evidence.ordered import Key, Sorted
from mapping.evidence.rollup import groups_of_links
from ontology.namespaces import AIMS
from ontology.query_files import load_query
from ontology.store import GraphStore, Row, TextRow

#: A listing row as a query or the evidence index gives it (values read with ``str()``).
ListingRow = Mapping[str, object]


def list_suggestions(
    store: GraphStore,
    *,
    document: str | None = None,
    control: str | None = None,
    status: str | None = None,
    standard: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    index: EvidenceIndex | None = None,
) -> list[dict[str, Any]]:
    """Evidence links as the CLI and API print them, best first (see docs/mapping.md).

    With ``index`` the links are ordered, filtered and paged in memory and only the page's
    passages and groups are read from the store, for the links no earlier read described
    (the same entries, in the same order)."""
    if index is not None:
        found = indexed_rows(
            index, document=document, control=control, status=status, standard=standard
        )
        page = found[offset : None if limit is None else offset + limit]
        return described_rows(store, page, index)
    rows = suggestion_rows(
        store,
        document=document,
        control=control,
        status=status,
        standard=standard,
        limit=limit,
        offset=offset,
    )
    return describe_suggestions(store, rows)


def indexed_rows(
    index: EvidenceIndex,
    *,
    document: str | None = None,
    control: str | None = None,
    status: str | None = None,
    standard: str | None = None,
) -> list[LinkRow]:
    """The listing's rows from the evidence index, in the listing's order (suggestions.rq).
    Filtered by a document or a requirement, sorted from that group's rows (per revision);
    otherwise the order is kept and carried across decisions (:func:`_carried_listing`)."""
    bound = _filters(document, control, status, standard)
    if bound["docId"] is None and control is None:
        return _carried_listing(index, status, standard).rows
    snapshot = index.snapshot()

    def ordered() -> list[LinkRow]:
        found = snapshot.select(
            document=bound["docId"],
            notation=control,
            status=(status,) if status else None,
            standard=standard,
        )
        return sorted(found, key=LinkRow.listing_key)

    return snapshot.kept(("listing", bound["docId"], control, status, standard), ordered)


def _carried_listing(
    index: EvidenceIndex, status: str | None, standard: str | None
) -> Sorted[LinkRow]:
    """Every link of ``status`` and ``standard`` (None: any) in the listing's order, kept
    across decisions: a decision moves the rows of the artefacts it touched (dropped, then
    their new rows inserted in order), not every row sorted again (15,800 suggested links at
    1,000 documents). Any other write works it out again."""

    def keyed(rows: Iterable[LinkRow]) -> tuple[tuple[Key, LinkRow], ...]:
        return tuple(
            (r.listing_key() + (r.standard, r.link), r)
            for r in rows
            if (status is None or r.status == status)
            and (standard is None or r.standard == standard)
        )

    def full() -> tuple[Sorted[LinkRow], dict[str, tuple[tuple[Key, LinkRow], ...]]]:
        by_artefact = {a: keyed(rows) for a, rows in index.snapshot().by_artefact.items()}
        return Sorted.of(p for pairs in by_artefact.values() for p in pairs), by_artefact

    def update(
        kept: tuple[Sorted[LinkRow], dict[str, tuple[tuple[Key, LinkRow], ...]]],
        changed: Changed,
    ) -> tuple[Sorted[LinkRow], dict[str, tuple[tuple[Key, LinkRow], ...]]]:
        ordered, before = kept
        if not changed.artefacts:  # a verdict: no link changed
            return kept
        # as new as the rows evolve() saw or newer: a racing write is applied again next time
        now = index.snapshot().by_artefact
        by_artefact = dict(before)
        gone: list[Key] = []
        added: list[tuple[Key, LinkRow]] = []
        for artefact in changed.artefacts:
            gone += [key for key, _ in by_artefact.pop(artefact, ())]
            fresh = by_artefact[artefact] = keyed(now.get(artefact, ()))
            added += fresh
        return ordered.changed(gone, added), by_artefact

    return index.evolve(("listing order", status, standard), full, update)[0]


def described_rows(
    store: GraphStore, rows: Sequence[LinkRow], index: EvidenceIndex
) -> list[dict[str, Any]]:
    """The listing entries of index ``rows``, in their order: each link is described (its
    passages and groups read) once and kept with the index until a write touches its
    document (:class:`~mapping.evidence.artefact_memo.ArtefactMemo`), so a page costs the
    links on it that no earlier read described."""
    memo = index.snapshot().described
    keys = [(r.link, r.notation, r.standard) for r in rows]
    wanted = [(r.artefact, key) for r, key in zip(rows, keys, strict=True)]
    claimed, waits = memo.claim(wanted)
    try:  # what this reader claimed, described once (readers of the same page wait for it)
        mine = set(claimed)
        todo = [n for n, pair in enumerate(wanted) if pair in mine]
        described = _describe_into(store, index, memo, [rows[n] for n in todo])
        own = dict(zip([wanted[n] for n in todo], described, strict=True))
    finally:
        memo.release(claimed)
    for event in waits:
        event.wait()
    kept: list[dict[str, Any] | None] = [
        own[pair] if pair in own else memo.get(*pair) for pair in wanted
    ]
    # none missing unless a claimer failed or the memo started again meanwhile
    missing = [n for n, entry in enumerate(kept) if entry is None]
    for n, entry in zip(
        missing, _describe_into(store, index, memo, [rows[n] for n in missing]), strict=True
    ):
        kept[n] = entry
    return [dict(entry) for entry in kept if entry is not None]  # none is, by now


def _describe_into(
    store: GraphStore, index: EvidenceIndex, memo: ArtefactMemo, rows: Sequence[LinkRow]
) -> list[dict[str, Any]]:
    """The listing entries of ``rows`` (in order), each kept in ``memo``."""
    if not rows:
        return []
    entries = describe_suggestions(store, rows_of_links(store, rows), index)
    for row, entry in zip(rows, entries, strict=True):
        memo.put(row.artefact, (row.link, row.notation, row.standard), entry)
    return entries


def rows_of_links(store: GraphStore, rows: Sequence[LinkRow]) -> list[TextRow]:
    """The listing's full rows (the columns of suggestions.rq) for index ``rows``, in
    their order: the index's columns, and the links' method, model, ranking model, time
    and version read for those links alone (link_facts.rq), 200 at a time."""
    facts: dict[str, TextRow] = {}
    links = sorted({r.link for r in rows})
    for start in range(0, len(links), 200):
        chunk = [URIRef(link) for link in links[start : start + 200]]
        for found in store.select_text(load_query("mapping", "link_facts", link=chunk)):
            facts.setdefault(found["link"], found)
    times: dict[str, str] = {}
    return [_with_facts(row.listing_row(), facts.get(row.link, {}), times) for row in rows]


def _with_facts(row: TextRow, facts: TextRow, times: dict[str, str]) -> TextRow:
    """``row`` with ``facts``; a time written as rdflib writes it (as the listing always
    gave it), each distinct time converted once."""
    out = row | {key: value for key, value in facts.items() if key != "link"}
    if "generated" in out:
        text = out["generated"]
        if text not in times:
            times[text] = str(Literal(text, datatype=XSD.dateTime))
        out["generated"] = times[text]
    return out


def _filters(
    document: str | None,
    control: str | None,
    status: str | Sequence[str] | None,
    standard: str | None,
    current_only: bool = False,
) -> dict[str, Any]:
    statuses = [status] if isinstance(status, str) else status
    return {
        "docId": document.rstrip("/").rsplit("/", 1)[-1] if document else None,
        "notation": control,
        "status": [AIMS[s] for s in statuses] if statuses else None,
        "standard": standard,
        "current": True if current_only else None,
    }


def suggestion_rows(
    store: GraphStore,
    *,
    document: str | None = None,
    control: str | None = None,
    status: str | Sequence[str] | None = None,
    standard: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    current_only: bool = False,
) -> list[Row]:
    """The listing's rows alone (link, document, requirement, status, score), best first:
    cheap, so a caller may filter and page them before :func:`describe_suggestions`.

    ``current_only`` leaves out the links of superseded documents (an artefact that some
    other artefact ``prov:wasRevisionOf``): the review queue's rule."""
    bound = _filters(document, control, status, standard, current_only)
    if control and not document and not current_only:
        return _requirement_rows(store, bound, limit, offset)
    query = load_query("mapping", "suggestions", **bound, limit=limit, offset=offset or None)
    return store.select(query)


def _requirement_rows(
    store: GraphStore, bound: dict[str, Any], limit: int | None, offset: int
) -> list[Row]:
    """A requirement's links: the page of link IRIs first (from the requirement, never from
    every link), then the rows of that page alone, in the page's order."""
    paged = {key: bound[key] for key in ("notation", "standard", "status")}
    query = load_query(
        "mapping", "requirement_link_page", **paged, limit=limit, offset=offset or None
    )
    links = [r["link"] for r in store.select(query)]
    if not links:
        return []
    order = {str(link): n for n, link in enumerate(links)}
    rows = store.select(load_query("mapping", "suggestions", link=links, **paged))
    return sorted(rows, key=lambda r: order[str(r["link"])])


def count_suggestions(
    store: GraphStore,
    *,
    document: str | None = None,
    control: str | None = None,
    status: str | Sequence[str] | None = None,
    standard: str | None = None,
    current_only: bool = False,
    index: EvidenceIndex | None = None,
) -> int:
    """How many links the listing holds with these filters (one aggregate query, or a count
    in the evidence ``index``)."""
    if index is not None:
        if status is not None and not isinstance(status, str):
            raise ValueError("count several statuses without the index")
        found = indexed_rows(
            index, document=document, control=control, status=status, standard=standard
        )
        return sum(1 for r in found if r.current or not current_only)
    bound = _filters(document, control, status, standard, current_only)
    if (
        control
        and not document
        and not current_only
        and (status is None or isinstance(status, str))
    ):
        counts = requirement_link_counts(store, control, standard)
        return counts.get(status, 0) if status else sum(counts.values())
    rows = store.select(load_query("mapping", "suggestion_count", **bound))
    return int(str(rows[0]["links"])) if rows else 0


def requirement_link_counts(
    store: GraphStore, notation: str, standard: str | None = None
) -> dict[str, int]:
    """Status → how many links the requirement(s) ``notation`` (of ``standard``) have."""
    query = load_query("mapping", "requirement_link_counts", notation=notation, standard=standard)
    return {_local(r["status"]): int(str(r["links"])) for r in store.select(query)}


def requirement_has_link(store: GraphStore, notation: str, standard: str, link_id: str) -> bool:
    """Whether the link with id ``link_id`` is evidence of ``notation`` of ``standard``."""
    query = load_query(
        "mapping", "requirement_link_exists", linkId=link_id, notation=notation, standard=standard
    )
    return bool(store.select(query))


def describe_suggestions(
    store: GraphStore, rows: Sequence[ListingRow], index: EvidenceIndex | None = None
) -> list[dict[str, Any]]:
    """The listing's entries for ``rows``: each with its cited passages and its groups
    (rolled up over each document's links as ``index`` holds them, when given)."""
    supports = _supports(store, [str(r["link"]) for r in rows])
    pairs = [(str(r["artefact"]), str(r["req"])) for r in rows]
    snapshot = index.snapshot() if index else None
    evidence = snapshot.document_evidence({a for a, _ in pairs}) if snapshot else None
    groups = groups_of_links(store, pairs, evidence, snapshot.hierarchy if snapshot else None)
    return [
        {
            **_suggestion_json(r, supports.get(str(r["link"]), [])),
            "groups": [g.to_json() for g in found],
        }
        for r, found in zip(rows, groups, strict=True)
    ]


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _suggestion_json(row: ListingRow, passages: list[dict[str, Any]]) -> dict[str, Any]:
    def text(name: str) -> str | None:
        return str(row[name]) if name in row else None

    return {
        "id": str(row["linkId"]),
        "document": str(row["docId"]),
        "document_title": text("title"),
        "notation": str(row["notation"]),
        "standard": str(row["standard"]),
        "label": text("label"),
        "status": _local(row["status"]),
        "score": float(str(row["score"])) if "score" in row else None,
        "method": text("method"),
        "model": text("model"),
        "ranking_model": text("rankingModel"),
        "generated_at": text("generated"),
        "version": int(str(row["version"])) if "version" in row else 0,
        "link": str(row["link"]),
        "passages": passages,
    }


def _supports(store: GraphStore, links: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Link IRI → its cited passages (text, page, section, rank, score), best first."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(links), 200):
        chunk = [URIRef(link) for link in links[start : start + 200]]
        for r in store.select_text(load_query("mapping", "link_own_supports", link=chunk)):
            out[r["link"]].append(_support_json(r))
        # link_derived_passages.rq answers only links without support nodes of their own:
        # ask it about the links that cited nothing through their own
        others = [link for link in chunk if str(link) not in out]
        for r in _derived_supports(store, others) if others else []:
            out[r["link"]].append(_support_json(r))
    for items in out.values():
        items.sort(key=lambda p: p["rank"] or 0)
    return out


def _derived_supports(store: GraphStore, links: list[URIRef]) -> list[TextRow]:
    """The passages of links made from others, ranked as their source links ranked them.

    One row per passage, or one per source support citing it where several do (what a
    single query with the source's supports in an OPTIONAL gave, at a fraction of its cost).
    """
    rows = store.select_text(load_query("mapping", "link_derived_passages", link=links))
    if not rows:
        return []
    sources: dict[str, list[str]] = defaultdict(list)
    wanted = [URIRef(w) for w in sorted({r["link"] for r in rows})]
    for r in store.select_text(load_query("mapping", "link_sources", link=wanted)):
        sources[r["link"]].append(r["source"])
    ranks: dict[tuple[str, str], list[TextRow]] = defaultdict(list)
    cited = sorted({s for found in sources.values() for s in found})
    for start in range(0, len(cited), 200):
        chunk = [URIRef(s) for s in cited[start : start + 200]]
        for r in store.select_text(load_query("mapping", "link_own_supports", link=chunk)):
            ranks[(r["link"], r["passage"])].append(r)
    out: list[TextRow] = []
    for r in rows:
        found = [s for src in sources.get(r["link"], []) for s in ranks[(src, r["passage"])]]
        if not found:
            out.append(r)
        for support in found:
            out.append({**r, **{k: support[k] for k in ("rank", "score") if k in support}})
    return out


def _support_json(r: TextRow) -> dict[str, Any]:
    return {
        "text": str(r["text"]),
        "page": int(str(r["page"])) if "page" in r else None,
        "row": int(str(r["rowStart"])) if "rowStart" in r else None,
        "row_end": int(str(r["rowEnd"])) if "rowEnd" in r else None,
        "section": str(r.get("section", "")),
        "rank": int(str(r["rank"])) if "rank" in r else None,
        "score": float(str(r["score"])) if "score" in r else None,
        "passage": str(r["passage"]),
    }
