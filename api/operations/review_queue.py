"""The review queue: the links waiting for a decision, as the API lists them
(:meth:`ReviewQueueOperations.review_queue`), as the review page filters them
(:meth:`ReviewQueueOperations.queue_view`) and counted per standard.

The queue is ordered, filtered and counted from the evidence index, worked out once per
revision of the store and shared by every reviewer; only the page shown reads its links'
passages, groups, basis and verdicts. The decisions themselves are
:mod:`api.operations.reviews`'s.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.evidence import EvidenceLink
from api.operations.queue_documents import DocumentChoices, document_choices, rank_documents
from api.operations.requirements import EvidenceBasis
from api.operations.state import WorkspaceBase
from api.operations.verification import queue_by_verdict, queue_verdict_counts, verdict_briefs

if TYPE_CHECKING:
    from mapping.evidence.index_snapshot import LinkRow


#: The statuses that wait in the review queue.
QUEUE_STATUSES = ("suggested", "needsReview")


def _waiting(rows: tuple[LinkRow, ...]) -> Counter[str]:
    """Per standard, the rows of one artefact waiting in its queue (superseded ones left out)."""
    return Counter(r.standard for r in rows if r.status in QUEUE_STATUSES and r.current)


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


class QueueView(Result, DocumentChoices):
    """The review queue as a reviewer filters it: one page of it, what the cut hides, and
    the documents its Document filter offers (:mod:`api.operations.queue_documents`)."""

    items: list[QueueItem] = Field(description="This page of the links that pass every filter.")
    waiting: int = Field(description="Waiting links of the document and group, before the cut.")
    below_cut: int = Field(description="How many of those the confidence cut hides.")
    min_score: float | None = None
    groups: list[str] = Field(default_factory=list, description="Groups with waiting links.")
    total: int = Field(default=0, description="Links that pass every filter (all pages).")
    offset: int = Field(default=0, description="Position of the first item in the whole queue.")
    limit: int | None = Field(default=None, description="Page size; null: every item.")
    verdicts: dict[str, int] = Field(
        default_factory=dict,
        description="Of the links passing the other filters and the cut: how many have each "
        "latest verdict (supports, partly, does_not_support, unverifiable) and none.",
    )
    verdict: str | None = Field(default=None, description="The verdict filter applied.")
    order: str = Field(default="best", description="best, or doubts (the model's doubts first).")


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
    ws: WorkspaceBase, standard: str | None
) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
    """The whole queue of ``standard`` (best first), its groups and its documents (id →
    title), worked out once per revision of the store."""

    def summary() -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
        every = _queue_rows(ws, None, standard)
        groups = sorted({requirement_group(row["notation"]) for row in every}, key=_group_order)
        documents = {row["document"]: row["document_title"] or row["document"] for row in every}
        return every, groups, documents

    return ws.evidence_index.snapshot().kept(("queue", standard), summary)


def _queue_rows(
    ws: WorkspaceBase, document: str | None, standard: str | None
) -> list[dict[str, Any]]:
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
            r.status != "needsReview",
            -(r.score or 0.0),
            QUEUE_STATUSES.index(r.status),
            r.score is None,
            r.document,
            r.notation,
            r.id,
        )
    )
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


def _narrowed(
    every: list[dict[str, Any]], document: str | None, group: str | None, min_score: float | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The queue rows of ``document`` and ``group`` (either may be None: any), and those of
    them that pass the confidence cut. Shared: read, never change, what this returns."""
    chosen = [
        row
        for row in every
        if (not document or row["document"] == document)
        and (not group or requirement_group(row["notation"]) == group)
    ]
    return chosen, [row for row in chosen if _passes(row, min_score)]


def _describe(ws: WorkspaceBase, rows: list[dict[str, Any]]) -> list[QueueItem]:
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
        briefs = verdict_briefs(ws, iris)  # the page's links only, bound first
        carried = [iri for iri in iris if (bases.get(iri) or {}).get("kind") == "carry-over"]
        changes = cited_changes(ws.store, carried)
        return [
            QueueItem.model_validate(
                item
                | {
                    "basis": bases.get(item["link"]),
                    "why": explain(item, bases.get(item["link"])),
                    "changes": changes[item["link"]].to_json() if item["link"] in changes else None,
                    "verdict": briefs.get(item["link"]),
                }
            )
            for item in found
        ]

    key = ("described", tuple((row["row"].link, row["notation"]) for row in rows))
    return list(ws.evidence_index.snapshot().kept(key, described))


def _filtered_queue(
    ws: WorkspaceBase,
    document: str | None,
    standard: str | None,
    group: str | None,
    min_score: float | None,
    verdict: str | None = None,
    order: str | None = None,
) -> list[dict[str, Any]]:
    queue = _queue_rows(ws, document, standard) if document else _queue_summary(ws, standard)[0]
    key = (document, standard, group, min_score)
    if group or min_score is not None:  # narrowed once per revision, not per request

        def narrowed() -> list[dict[str, Any]]:
            rows = [
                row for row in queue if not group or requirement_group(row["notation"]) == group
            ]
            return [row for row in rows if _passes(row, min_score)]

        queue = ws.evidence_index.snapshot().kept(("queue narrowed", key), narrowed)
    # shared with later requests until the next write: read, never change, what this returns
    return queue_by_verdict(ws, queue, verdict, order, key)


class ReviewQueueOperations(WorkspaceBase):
    """The queue of links waiting for a decision: listed, filtered, paged and counted."""

    def review_queue(
        self,
        document: str | None = None,
        standard: str | None = "iso42001",
        group: str | None = None,
        min_score: float | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        verdict: str | None = None,
        order: str | None = None,
    ) -> list[QueueItem]:
        """Links waiting for a decision (suggested or needing review again), best first;
        optionally one requirement group's (``A.6``), those scoring at least ``min_score``
        and those whose latest language-model verdict is ``verdict`` (``none``: unchecked);
        ``order="doubts"`` lists the model's doubts first. ``limit`` of them from ``offset``
        (passages, groups and verdicts are read for those only)."""
        queue = _filtered_queue(self, document, standard, group, min_score, verdict, order)
        return _describe(self, queue[offset : None if limit is None else offset + limit])

    def count_review_queue(
        self,
        document: str | None = None,
        standard: str | None = "iso42001",
        group: str | None = None,
        min_score: float | None = None,
        *,
        verdict: str | None = None,
    ) -> int:
        """How many links :meth:`review_queue` holds with these filters (all pages)."""
        return len(_filtered_queue(self, document, standard, group, min_score, verdict))

    def queue_view(
        self,
        document: str | None = None,
        standard: str | None = "iso42001",
        group: str | None = None,
        min_score: float | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        focus: str | None = None,
        verdict: str | None = None,
        order: str | None = None,
        document_query: str | None = None,
    ) -> QueueView:
        """The queue filtered by document, requirement group, a minimum confidence and the
        latest language-model verdict (``order="doubts"``: the model's doubts first);
        ``limit`` items from ``offset`` (or the page of ``limit`` holding link ``focus``)
        carry their passages, groups and verdicts, read for those items only. The documents
        offered to filter by: the most waiting, or those matching ``document_query``."""
        from mapping.llm.verdicts import queue_order

        snapshot = self.evidence_index.snapshot()  # taken first: never newer than `every`
        every, groups, documents = _queue_summary(self, standard)
        key = ("view", document, standard, group, min_score)

        def narrowed(doc: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            return snapshot.kept(  # once per revision: many reviewers open the same filters
                ("narrowed", "view", doc, *key[2:]), lambda: _narrowed(every, doc, group, min_score)
            )

        chosen, cut = narrowed(document)
        shown = queue_by_verdict(self, cut, verdict, order, key)
        counts = queue_verdict_counts(self, cut, key)
        ranked = snapshot.kept(  # every document's rows: the same as the unfiltered queue's
            ("documents", *key[2:]), lambda: rank_documents(documents, *narrowed(None))
        )
        choices = document_choices(ranked, document, document_query, snapshot)
        offset = _page_start(shown, offset, limit, focus)
        page = shown[offset : None if limit is None else offset + limit]
        return QueueView(
            items=_describe(self, page),
            waiting=len(chosen),
            below_cut=len(chosen) - len(cut),
            min_score=min_score,
            groups=groups,
            **dict(choices),
            total=len(shown),
            offset=offset,
            limit=limit,
            verdicts=counts,
            verdict=verdict or None,
            order=queue_order(order),
        )

    def queue_counts(self) -> dict[str, int]:
        """How many links wait in each standard's queue (before any confidence cut): the same
        rule as :meth:`queue_view`, counted in the evidence index."""
        from ontology.namespaces import STANDARDS

        # kept with the evidence index, recounted for the artefacts a decision touched
        waiting = self.evidence_index.snapshot().tally(("queue counts",), _waiting)
        return {standard: waiting.get(standard, 0) for standard in STANDARDS}
