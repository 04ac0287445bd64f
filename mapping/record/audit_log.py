"""The audit log: review decisions, uploads and revisions, deletions and SoA rows, newest
first, a page at a time (``ws.audit``: ``GET /api/audit``, /audit, ``aimsgraph audit``).

It reads what the graph records and nothing else: decisions, deletion tombstones and every
setting of a Statement of Applicability row (``aims:ApplicabilityChange``, with who set it)
and every edit of a document's details (``aims:MetadataChange``) from the audit graph (never
deleted from), and uploads, with who uploaded them (``aims:uploadedBy``), from the documents
still in the org graph. Documents ingested and rows set before those were recorded show
without a name; such a row shows its last setting.

Every event says who, when, and what it changed from and to (``before``, ``after``): a
decision the link status it found and left, a re-target also its ``target`` and the link it
created (``created_link``), a carry-over the person's decision it rests on (``informed_by``,
``informed_by_who``), an SoA setting the row's state and justification before it, a metadata
edit the field and its two values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal, URIRef
from rdflib.term import Node

from ontology.errors import InputError
from ontology.query_files import load_query

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mapping.record.audit_order import Entry
    from ontology.store import GraphStore, Row

#: The kinds of event, in the order the page offers them as filters.
KINDS = ("decision", "upload", "revision", "deletion", "soa", "metadata")
MAX_PER_PAGE = 200
#: The last page anyone may ask for (keeps OFFSET within what a store reads).
MAX_PAGE = 1_000_000


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AuditEvent(_Result):
    """One thing that happened."""

    kind: str = Field(description="decision, upload, revision, deletion, soa or metadata.")
    time: str
    who: str | None = Field(
        default=None, description="The reviewer, uploader or who set the SoA row, where recorded."
    )
    decision: str | None = Field(default=None, description="confirm, reject, retarget …")
    status: str | None = Field(
        default=None, description="The link's status after it; an SoA row's state."
    )
    comment: str | None = Field(default=None, description="The comment or justification.")
    link: str | None = None
    notation: str | None = None
    standard: str | None = None
    document: str | None = None
    title: str | None = None
    revision_of: str | None = Field(default=None, description="For a revision: the old id.")
    before: str | None = Field(
        default=None,
        description="What it changed from: the link status a decision found, an SoA row's "
        "state, a metadata field's value (none: unknown, or empty).",
    )
    after: str | None = Field(
        default=None, description="What it changed to (a decision's or SoA row's: ``status``)."
    )
    before_comment: str | None = Field(
        default=None, description="An SoA setting: the justification the row had before."
    )
    field: str | None = Field(default=None, description="A metadata edit: the field.")
    target: str | None = Field(
        default=None, description="A re-target: the notation the evidence moved to."
    )
    created_link: str | None = Field(
        default=None, description="A re-target: the id of the link it created or confirmed."
    )
    informed_by: str | None = Field(
        default=None, description="A carry-over or undo: the decision it rests on (its IRI)."
    )
    informed_by_who: str | None = Field(
        default=None, description="Who made the decision it rests on."
    )
    event: str = Field(description="The IRI of the decision, document, tombstone or SoA row.")


class AuditLog(_Result):
    """One page of the audit log."""

    events: list[AuditEvent] = Field(default_factory=list)
    kind: str | None = Field(default=None, description="The kind shown, or all.")
    page: int
    per_page: int
    more: bool = Field(description="Whether an older page follows.")


def _local(value: object) -> str:
    return str(value).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _before(row: Row) -> str | None:
    """What the event changed from: a status's local name, or a metadata field's value."""
    if "before" not in row:
        return None
    return str(row["before"]) if str(row["kind"]) == "metadata" else _local(row["before"])


def _event(row: Row) -> AuditEvent:
    def text(name: str) -> str | None:
        return str(row[name]) if name in row else None

    return AuditEvent(
        kind=str(row["kind"]),
        time=str(row["time"]),
        who=text("who"),
        decision=_local(row["type"]) if "type" in row else None,
        status=_local(row["status"]) if "status" in row else None,
        comment=text("comment"),
        link=text("linkId"),
        notation=text("notation"),
        standard=text("standard"),
        document=text("docId"),
        title=text("title"),
        revision_of=text("older"),
        before=_before(row),
        after=text("after") or (_local(row["status"]) if "status" in row else None),
        before_comment=text("beforeComment"),
        field=text("field"),
        target=text("target"),
        created_link=text("made"),
        informed_by=text("basis"),
        informed_by_who=text("basisWho"),
        event=str(row["event"]),
    )


#: The query that describes each kind of event (``mapping/queries/audit_log_*.rq``).
_DESCRIBED_BY = {
    "decision": "audit_log_decisions",
    "upload": "audit_log_documents",
    "revision": "audit_log_documents",
    "deletion": "audit_log_deletions",
    "soa": "audit_log_soa",
    "metadata": "audit_log_metadata",
}


def _described(store: GraphStore, events: Sequence[tuple[Node, str]]) -> list[Row]:
    """The rows describing ``events`` (event, kind): each kind read by its own query, bound to
    that kind's events only (one query for every kind evaluated each kind's patterns for
    every event: a page of 50 decisions at 1,000 documents ~32 -> ~22 ms)."""
    by_query: dict[str, list[Node]] = {}
    for event, kind in events:
        by_query.setdefault(_DESCRIBED_BY[kind], []).append(event)
    return [
        row
        for name, bound in by_query.items()
        for row in store.select(load_query("mapping", name, event=bound))
    ]


def audit_log(
    store: GraphStore,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 50,
    order: Sequence[Entry] | None = None,
) -> AuditLog:
    """Page ``page`` (from 1) of the events of ``kind`` (None: all), newest first.

    ``order``: every event in the log's order, kept by the caller
    (:class:`mapping.record.audit_order.AuditOrder`), so only the page's events are read;
    without it the page is found by ``audit_page.rq``, which orders every event."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind of event {kind!r}", hint="use " + ", ".join(KINDS))
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise InputError(
            "page or per_page out of range", hint=f"page 1-{MAX_PAGE:,}, per_page 1-{MAX_PER_PAGE}"
        )
    only = Literal(kind) if kind else None
    skip = (page - 1) * per_page
    if order is not None:
        chosen = [e for e in order if kind is None or e.kind == kind][skip : skip + per_page + 1]
        found: list[tuple[Node, str]] = [(URIRef(e.event), e.kind) for e in chosen]
    else:
        query = load_query("mapping", "audit_page", only=only, limit=per_page + 1, offset=skip)
        found = [(row["event"], str(row["kind"])) for row in store.select(query)]
    rows = _described(store, found[:per_page])
    place = {str(event): n for n, (event, _) in enumerate(found[:per_page])}
    rows.sort(key=lambda row: place.get(str(row["event"]), len(place)))
    return AuditLog(
        events=[_event(r) for r in rows],
        kind=kind,
        page=page,
        per_page=per_page,
        more=len(found) > per_page,
    )
