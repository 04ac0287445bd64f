"""Reviewer decisions and the Statement of Applicability: decide one link or many, a link's
history, the SoA, setting one of its rows and writing it to a file.

The reviewer recorded in the audit graph is whoever the face says (the token's name on the
web, ``--reviewer`` or the environment on the CLI); a decision on a link someone decided
since the reviewer saw it (``saw_version``) is refused with a conflict and records nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.evidence import EvidenceLink
from api.operations.requirements import EvidenceBasis
from mapping.evidence.review import BulkOutcome

if TYPE_CHECKING:
    from api.schemas import BulkDecision, Decision, SoaUpdate
    from api.workspace import Workspace
    from mapping.evidence.review import DecisionOutcome


class EvidenceCitation(Result):
    """One piece of evidence for a control, as an auditor would cite it."""

    document_id: str
    title: str | None = None
    link_id: str
    link_status: str
    page: int | None = None
    section: str | None = None
    decision_id: str | None = None
    reviewer: str | None = None
    decided_at: str | None = None
    review_date: str | None = None
    via_mapping: str | None = None


class SoaRow(Result):
    """One Statement of Applicability row (an Annex A control)."""

    notation: str
    label: str
    applicable: bool = True
    justification: str | None = None
    implementation_status: str | None = None
    modified: str | None = Field(default=None, description="When the row was last set.")
    set: bool = False
    set_by: str | None = Field(default=None, description="Who last set it, where recorded.")
    evidence: list[EvidenceCitation] = Field(default_factory=list)
    justified: bool = False
    evidence_count: int = Field(default=0, description="Documents cited as evidence.")
    evidence_passage_count: int = Field(default=0, description="Passages those documents cite.")
    stale_evidence_count: int = Field(
        default=0, description="Evidence documents without a current review date."
    )
    current_evidence_count: int = Field(
        default=0, description="Evidence documents with a current review date."
    )


def decide(ws: Workspace, decision: Decision, reviewer: str) -> DecisionOutcome:
    """Record one decision on one link."""
    from mapping.evidence import review

    with ws.lock:
        result = review.decide(
            ws.store,
            decision.link,
            decision.decision,
            reviewer,
            comment=decision.comment,
            saw_version=decision.saw_version,
            retarget_to=decision.retarget_to,
        )
    return result


def decide_many(ws: Workspace, body: BulkDecision, reviewer: str) -> BulkOutcome:
    """The same decision on many links."""
    from mapping.evidence import review

    with ws.lock:
        outcome = review.decide_many(
            ws.store,
            body.links,
            body.decision,
            reviewer,
            comment=body.comment,
            saw_versions=body.saw_versions,
            retarget_to=body.retarget_to,
        )
    return outcome


def undo(ws: Workspace, decision_id: str, reviewer: str) -> DecisionOutcome:
    """Undo a confirm or reject that is still its link's latest decision (recorded as an
    ``undo`` decision in the link's history)."""
    from mapping.evidence import review

    with ws.lock:
        result = review.undo(ws.store, decision_id, reviewer)
    return result


def undo_many(ws: Workspace, decision_ids: list[str], reviewer: str) -> BulkOutcome:
    """Undo several decisions (a bulk confirm or reject): one decided since, or not a confirm
    or reject, is listed as failed; the others are undone together, in one update."""
    from mapping.evidence import review

    with ws.lock:
        done, failed = review.undo_many(ws.store, decision_ids, reviewer)
    return BulkOutcome(decided=done, failed=failed)


class HistoryEntry(Result):
    """One decision in a link's audit trail."""

    decision: str = Field(description="The decision's id.")
    type: str = Field(description="confirm, reject, retarget, comment, carryOver …")
    reviewer: str
    time: str
    saw_status: str | None = None
    saw_version: int
    status: str | None = None
    comment: str | None = None
    retarget_to: str | None = None
    generated: str | None = None


def history(ws: Workspace, link: str) -> list[HistoryEntry]:
    """Every decision on a link, oldest first (the audit trail, kept after deletion); read
    once per revision of the store (the review page shows the current link's)."""
    from mapping.evidence import review

    def entries() -> list[HistoryEntry]:
        return [HistoryEntry.model_validate(h) for h in review.decision_history(ws.store, link)]

    return list(ws.evidence_index.snapshot().kept(("history", link), entries))


def histories(ws: Workspace, links: list[str]) -> dict[str, list[HistoryEntry]]:
    """The decisions on each of ``links`` (by link id; undecided links left out)."""
    from mapping.evidence import review

    trails = review.decision_histories(ws.store, links)
    return {
        link: [HistoryEntry.model_validate(entry) for entry in trail]
        for link, trail in trails.items()
    }


def soa(ws: Workspace) -> list[SoaRow]:
    """One row per Annex A control (kept in memory until the store's next write, and the
    next day: whether evidence is current depends on the date)."""
    from datetime import date

    from mapping.evidence.soa import list_soa

    day = date.today()

    def rows() -> list[SoaRow]:
        return [SoaRow.model_validate(r.to_dict()) for r in list_soa(ws.store, today=day)]

    kept = ws.evidence_index.memo(("soa", day), rows)
    return [row.model_copy(deep=True) for row in kept]


def set_soa_row(ws: Workspace, notation: str, update: SoaUpdate, by: str | None = None) -> SoaRow:
    """Mark a control applicable or excluded (an exclusion needs a justification); ``by``,
    who sets it, is kept with the setting in the audit graph."""
    from mapping.evidence.soa import set_soa

    with ws.lock:
        row = set_soa(
            ws.store,
            notation,
            applicable=update.applicable,
            justification=update.justification,
            status=update.implementation_status,
            by=by,
        )
    return SoaRow.model_validate(row.to_dict())


class SoaFile(Result):
    """The Statement of Applicability written to a file."""

    format: str = Field(description="csv, xlsx or json.")
    path: str
    rows: int


def export_soa(ws: Workspace, fmt: str, target: Path) -> SoaFile:
    """Write the SoA with its evidence references to ``target`` as CSV, XLSX or JSON."""
    from mapping.evidence.soa import list_soa, write_soa

    rows = list_soa(ws.store)
    write_soa(rows, fmt, target)
    return SoaFile(format=fmt, path=str(target), rows=len(rows))


#: The statuses that wait in the review queue.
QUEUE_STATUSES = ("suggested", "needsReview")
#: The review page's default confidence cut: suggestions below it wait out of sight until
#: the reviewer lowers it (the API's queue has no cut unless asked).
DEFAULT_MIN_SCORE = 0.2
_GROUP = re.compile(r"^(A\.\d+|\d+)")


def requirement_group(notation: str) -> str:
    """The group a notation belongs to: ``A.6`` for ``A.6.2.4``, ``6`` for ``6.1.2``.

    >>> requirement_group("A.6.2.4"), requirement_group("6.1.2"), requirement_group("art-9")
    ('A.6', '6', 'art-9')
    """
    match = _GROUP.match(notation)
    return match.group(1) if match else notation


class QueueItem(EvidenceLink):
    """A link waiting for a decision, with what it stands on."""

    basis: EvidenceBasis | None = Field(
        default=None,
        description="For a link made from another (crosswalk, carry-over, re-target): the "
        "source link, and for a crosswalk the mapping, relationship and strength.",
    )
    why: str = Field(default="", description="What its number means for it, in one sentence.")
    changes: dict[str, Any] | None = Field(
        default=None,
        description="For a link carried over to a new version: the text it cited before and "
        "what it cites now, as segments marked equal, delete or insert.",
    )


class QueueView(Result):
    """The review queue as a reviewer filters it: one page of it, and what the cut hides."""

    items: list[QueueItem] = Field(description="This page of the links that pass every filter.")
    waiting: int = Field(description="Waiting links of the document and group, before the cut.")
    below_cut: int = Field(description="How many of those the confidence cut hides.")
    min_score: float | None = None
    groups: list[str] = Field(default_factory=list, description="Groups with waiting links.")
    documents: dict[str, str] = Field(
        default_factory=dict, description="Documents with waiting links: id → title."
    )
    total: int = Field(default=0, description="Links that pass every filter (all pages).")
    offset: int = Field(default=0, description="Position of the first item in the whole queue.")
    limit: int | None = Field(default=None, description="Page size; null: every item.")


def queue_view(
    ws: Workspace,
    document: str | None = None,
    standard: str | None = "iso42001",
    group: str | None = None,
    min_score: float | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
    focus: str | None = None,
) -> QueueView:
    """The queue filtered by document, requirement group and a minimum confidence; ``limit``
    items from ``offset`` (or the page of ``limit`` holding link ``focus``) carry their
    passages and groups, read for those items only."""
    every, groups, documents = _queue_summary(ws, standard)
    chosen = [
        row
        for row in every
        if (not document or row["document"] == document)
        and (not group or requirement_group(row["notation"]) == group)
    ]
    shown = [row for row in chosen if _passes(row, min_score)]
    offset = _page_start(shown, offset, limit, focus)
    page = shown[offset : None if limit is None else offset + limit]
    return QueueView(
        items=_describe(ws, page),
        waiting=len(chosen),
        below_cut=len(chosen) - len(shown),
        min_score=min_score,
        groups=groups,
        documents=documents,
        total=len(shown),
        offset=offset,
        limit=limit,
    )


def _page_start(
    rows: list[dict[str, Any]], offset: int, limit: int | None, focus: str | None
) -> int:
    """``offset``, or the start of the page holding ``focus`` when it is in ``rows``."""
    if focus is not None and limit:
        at = next((n for n, row in enumerate(rows) if row["id"] == focus), None)
        if at is not None:
            return at - at % limit
    return max(0, offset)


def _group_order(group: str) -> tuple[int, int, str]:
    digits = re.findall(r"\d+", group)
    return (group.startswith("A."), int(digits[0]) if digits else 0, group)


def _queue_summary(
    ws: Workspace, standard: str | None
) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
    """The whole queue of ``standard`` (best first), its groups and its documents (id →
    title), worked out once per revision of the store."""

    def summary() -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
        every = _queue_rows(ws, None, standard)
        groups = sorted({requirement_group(row["notation"]) for row in every}, key=_group_order)
        documents = {row["document"]: row["document_title"] or row["document"] for row in every}
        return every, groups, documents

    return ws.evidence_index.snapshot().kept(("queue", standard), summary)


def _queue_rows(ws: Workspace, document: str | None, standard: str | None) -> list[dict[str, Any]]:
    """The queue's links, best first, from the evidence index (no passages or groups):
    ordered as the query-backed listing was, suggested before needsReview on equal scores."""
    from ontology.errors import InputError
    from ontology.namespaces import STANDARDS

    if standard is not None and standard not in STANDARDS:
        raise InputError(f"unknown standard {standard!r}", hint="use " + ", ".join(STANDARDS))
    doc_id = document.rstrip("/").rsplit("/", 1)[-1] if document else None
    found = ws.evidence_index.snapshot().select(
        document=doc_id, status=QUEUE_STATUSES, standard=standard, current_only=True
    )  # superseded documents' links never wait for a decision
    # evidence to decide again after a new version comes first; then best first
    found.sort(
        key=lambda r: (
            r.status != "needsReview", -(r.score or 0.0), QUEUE_STATUSES.index(r.status),
            r.score is None, r.document, r.notation, r.id,
        )
    )  # fmt: skip
    return [
        {
            "row": row,
            "id": row.id,
            "document": row.document,
            "document_title": row.title,
            "notation": row.notation,
            "score": row.score,
            "status": row.status,
        }
        for row in found
    ]


def _passes(row: dict[str, Any], min_score: float | None) -> bool:
    """Whether a queue row passes the confidence cut: links to decide again after a new
    version have no matcher confidence and always do."""
    if min_score is None or row["status"] == "needsReview":
        return True
    return bool((row["score"] or 0.0) >= min_score)


def queue_counts(ws: Workspace) -> dict[str, int]:
    """How many links wait in each standard's queue (before any confidence cut): the same
    rule as :func:`queue_view`, counted in the evidence index."""
    from ontology.namespaces import STANDARDS

    snapshot = ws.evidence_index.snapshot()
    return {
        standard: len(snapshot.select(status=QUEUE_STATUSES, standard=standard, current_only=True))
        for standard in STANDARDS
    }


def _describe(ws: Workspace, rows: list[dict[str, Any]]) -> list[QueueItem]:
    """The page's links with passages and groups, each with its basis, the meaning of its
    number and, if carried over to a new version, what changed in the text it cites (read
    for those links only, once per revision of the store: many reviewers open the same head
    of the queue). Shared: read, never change, what this returns."""
    from mapping.evidence.basis import explain, link_basis
    from mapping.evidence.changes import cited_changes
    from mapping.evidence.listing import describe_suggestions, rows_of_links

    def described() -> list[QueueItem]:
        full = rows_of_links(ws.store, [row["row"] for row in rows])
        found = describe_suggestions(ws.store, full, ws.evidence_index)
        iris = [item["link"] for item in found]
        bases = link_basis(ws.store, iris)
        carried = [iri for iri in iris if (bases.get(iri) or {}).get("kind") == "carry-over"]
        changes = cited_changes(ws.store, carried)
        return [
            QueueItem.model_validate(
                item
                | {
                    "basis": bases.get(item["link"]),
                    "why": explain(item, bases.get(item["link"])),
                    "changes": changes[item["link"]].to_json() if item["link"] in changes else None,
                }
            )
            for item in found
        ]

    key = ("described", tuple((row["row"].link, row["notation"]) for row in rows))
    return list(ws.evidence_index.snapshot().kept(key, described))


def review_queue(
    ws: Workspace,
    document: str | None = None,
    standard: str | None = "iso42001",
    group: str | None = None,
    min_score: float | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[QueueItem]:
    """Links waiting for a decision (suggested or needing review again), best first;
    optionally one requirement group's (``A.6``) and those scoring at least ``min_score``;
    ``limit`` of them from ``offset`` (passages and groups are read for those only)."""
    queue = _filtered_queue(ws, document, standard, group, min_score)
    return _describe(ws, queue[offset : None if limit is None else offset + limit])


def count_queue(
    ws: Workspace,
    document: str | None = None,
    standard: str | None = "iso42001",
    group: str | None = None,
    min_score: float | None = None,
) -> int:
    """How many links :func:`review_queue` holds with these filters (all pages)."""
    return len(_filtered_queue(ws, document, standard, group, min_score))


def _filtered_queue(
    ws: Workspace,
    document: str | None,
    standard: str | None,
    group: str | None,
    min_score: float | None,
) -> list[dict[str, Any]]:
    queue = _queue_rows(ws, document, standard) if document else _queue_summary(ws, standard)[0]
    if group:
        queue = [row for row in queue if requirement_group(row["notation"]) == group]
    return [row for row in queue if _passes(row, min_score)]


class DecisionNotice(Result):
    """What the queue says after a decision: what was decided, on what, and if it can be undone."""

    link: str
    notation: str
    standard: str
    document: str
    document_title: str | None = None
    status: str = Field(description="The link's status now.")
    decision: str | None = Field(default=None, description="The decision's id.")
    type: str | None = Field(default=None, description="confirm, reject, undo …")
    comment: str | None = None
    undoable: bool = Field(
        default=False, description="Whether it is its link's latest confirm/reject."
    )
    retarget_to: str | None = Field(
        default=None, description="A re-target: the notation the evidence moved to."
    )
    retarget_standard: str | None = Field(default=None, description="…and its standard.")
    created_link: str | None = Field(
        default=None, description="A re-target: the confirmed link it created."
    )


def decision_notice(ws: Workspace, link: str, decision_id: str | None = None) -> DecisionNotice:
    """The notice about ``link`` and one of its decisions (or only where the link stands)."""
    from mapping.evidence import review

    state = review.get_link(ws.store, link)
    document = state.artefact.rsplit("/", 1)[-1]
    titles = {d.id: d.title for d in ws.documents(ids=[document])}
    standard, _, notation = state.requirement.split("/std/", 1)[-1].partition("/")
    notice = DecisionNotice(
        link=state.id,
        notation=notation,
        standard=standard,
        document=document,
        document_title=titles.get(document),
        status=state.status,
    )
    entry = next((h for h in history(ws, state.id) if h.decision == decision_id), None)
    if entry is not None:
        notice.decision, notice.type, notice.comment = entry.decision, entry.type, entry.comment
        notice.undoable = entry.type in review.UNDOABLE and state.version == entry.saw_version + 1
        if entry.retarget_to:
            moved, _, notice.retarget_to = entry.retarget_to.rpartition("/")
            notice.retarget_standard = moved.rsplit("/", 1)[-1]
            notice.created_link = (entry.generated or "").rsplit("/", 1)[-1] or None
    return notice


def review_context(ws: Workspace, link: dict[str, Any]) -> dict[str, Any]:
    """What a reviewer reads beside a link: the cited passage's neighbours in its document,
    the document, and the requirement with its description and typical evidence (worked out
    once per revision of the store; shared: read, never change, what this returns)."""
    passages = link.get("passages") or []
    cited = str(passages[0].get("text")) if passages else None
    key = ("context", str(link["document"]), str(link["notation"]), link.get("standard"), cited)
    return ws.evidence_index.snapshot().kept(key, lambda: _review_context(ws, link))


def _review_context(ws: Workspace, link: dict[str, Any]) -> dict[str, Any]:
    from api.operations.requirements import requirement_text
    from ingest.documents import get_document
    from ontology.errors import AimsgraphError
    from ontology.requirements import find_requirement

    context: dict[str, Any] = {"before": None, "after": None, "requirement": None}
    try:
        doc = get_document(ws.store, str(link["document"]))
        requirement = find_requirement(
            ws.store, str(link["notation"]), str(link.get("standard") or "iso42001")
        )
    except AimsgraphError:
        return context
    context["requirement"] = requirement | requirement_text(ws, requirement["iri"])
    passages = link.get("passages") or []
    cited = passages[0] if passages else {}
    every = list(doc.get("passage_list", []))
    for position, passage in enumerate(every):
        if cited and passage.get("iri") == cited.get("passage"):  # passages known by IRI
            context["before"] = every[position - 1] if position > 0 else None
            context["after"] = every[position + 1] if position + 1 < len(every) else None
            break
    context["document"] = doc
    return context
