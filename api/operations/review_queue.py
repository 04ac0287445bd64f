"""The review queue: the links waiting for a decision, as the API lists them
(:meth:`ReviewQueueOperations.review_queue`), as the review page filters them
(:meth:`ReviewQueueOperations.queue_view`) and counted per standard.

The queue is ordered, filtered and counted from the evidence index: kept in order and
carried across decisions (:mod:`api.operations.queue_state`: a decision costs the rows of
the artefacts it touched) and shared by every reviewer; only the page shown reads its links'
passages, groups, basis and verdicts. The decisions themselves are
:mod:`api.operations.reviews`'s.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.evidence import EvidenceLink
from api.operations.queue_documents import DocumentChoices, document_choices, rank_counted
from api.operations.queue_state import QUEUE_STATUSES, queue_state
from api.operations.queue_state import requirement_group as requirement_group
from api.operations.requirements import EvidenceBasis
from api.operations.state import WorkspaceBase
from api.operations.verification import queue_by_verdict, queue_verdict_counts, verdict_briefs

if TYPE_CHECKING:
    from mapping.evidence.index_snapshot import LinkRow


def _waiting(rows: tuple[LinkRow, ...]) -> Counter[str]:
    """Per standard, the rows of one artefact waiting in its queue (superseded ones left out)."""
    return Counter(r.standard for r in rows if r.status in QUEUE_STATUSES and r.current)


#: The review page's default confidence cut: suggestions below it wait out of sight until
#: the reviewer lowers it (the API's queue has no cut unless asked).
DEFAULT_MIN_SCORE = 0.2


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


def _describe(ws: WorkspaceBase, rows: list[dict[str, Any]]) -> list[QueueItem]:
    """The page's links with passages and groups, each with its basis, the meaning of its
    number and, if carried over to a new version, what changed in the text it cites (read
    for those links only, once per revision of the store: many reviewers open the same head
    of the queue; and each link's part kept until a write touches its document, so the page
    after a decision reads the links new on it alone). Shared: read, never change, what
    this returns."""
    from mapping.evidence.listing import described_rows

    def described() -> list[QueueItem]:
        links = [row["row"] for row in rows]
        found = described_rows(ws.store, links, ws.evidence_index)
        extras = _link_extras(ws, links, found)
        briefs = verdict_briefs(ws, [item["link"] for item in found])  # bound first
        return [
            QueueItem.model_validate(item | extra | {"verdict": briefs.get(item["link"])})
            for item, extra in zip(found, extras, strict=True)
        ]

    key = ("described", tuple((row["row"].link, row["notation"]) for row in rows))
    return list(ws.evidence_index.snapshot().kept(key, described))


def _link_extras(
    ws: WorkspaceBase, links: list[LinkRow], found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each link's basis, the meaning of its number and the changes in the text it cites.
    For a link the matcher made, a crosswalk made or a re-target made, they depend on its
    document's links and the reference data alone, so they are kept with the index's
    listing entries (:class:`~mapping.evidence.artefact_memo.ArtefactMemo`) until a write
    touches that document; a link carried over to a new version stands on the previous
    version's link, so its are read per revision. Shared: read, never change, what this
    returns."""
    from mapping.evidence.basis import explain, link_basis
    from mapping.evidence.changes import cited_changes

    memo = ws.evidence_index.snapshot().described
    keys = [(r.artefact, ("queue item", r.link, r.notation, r.standard)) for r in links]
    kept: list[dict[str, Any] | None] = [memo.get(*key) for key in keys]
    todo = [n for n, extra in enumerate(kept) if extra is None]
    if todo:
        iris = [found[n]["link"] for n in todo]
        bases = link_basis(ws.store, iris)
        carried = [iri for iri in iris if (bases.get(iri) or {}).get("kind") == "carry-over"]
        changes = cited_changes(ws.store, carried)
        for n in todo:
            link, basis = found[n]["link"], bases.get(found[n]["link"])
            extra = {
                "basis": basis,
                "why": explain(found[n], basis),
                "changes": changes[link].to_json() if link in changes else None,
            }
            if (basis or {}).get("kind") != "carry-over":  # its source: another document's
                memo.put(*keys[n], extra)
            kept[n] = extra
    return [extra for extra in kept if extra is not None]


def _filtered_queue(
    ws: WorkspaceBase,
    document: str | None,
    standard: str | None,
    group: str | None,
    min_score: float | None,
    verdict: str | None = None,
    order: str | None = None,
) -> list[dict[str, Any]]:
    """The queue's rows passing the filters (``document``: an id or IRI), from the queue
    kept across decisions (:mod:`api.operations.queue_state`)."""
    doc_id = document.rstrip("/").rsplit("/", 1)[-1] if document else None
    queue = queue_state(ws, standard).narrowed(doc_id, group, min_score)[1]
    # shared with later requests until the next write: read, never change, what this returns
    return queue_by_verdict(ws, queue, verdict, order, (document, standard, group, min_score))


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

        state = queue_state(self, standard)  # carried across decisions
        snapshot = self.evidence_index.snapshot()  # never older than `state`
        key = ("view", document, standard, group, min_score)
        chosen, cut = state.narrowed(document, group, min_score)
        shown = queue_by_verdict(self, cut, verdict, order, key)
        counts = queue_verdict_counts(
            self,
            cut,
            key,
            lambda labels, names: state.verdict_counts(
                labels, (document, group, min_score), len(cut), names
            ),
        )
        ranked = snapshot.kept(  # every document's rows: the same as the unfiltered queue's
            ("documents", standard, group, min_score),
            lambda: rank_counted(
                state.documents, *state.document_counts(group, min_score), state.by_title
            ),
        )
        choices = document_choices(ranked, document, document_query, snapshot)
        offset = _page_start(shown, offset, limit, focus)
        page = shown[offset : None if limit is None else offset + limit]
        return QueueView(
            items=_describe(self, page),
            waiting=len(chosen),
            below_cut=len(chosen) - len(cut),
            min_score=min_score,
            groups=list(state.groups),
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
