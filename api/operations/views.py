"""The data of the pages that combine several operations, computed once by one function.

Each web page here renders exactly what its view function returns (``view.model_dump()``
is the template's context, plus the page's own helpers such as its URL builder), and the
JSON API serves the same value:

* the review queue — :meth:`ViewOperations.review_view`, ``GET /api/review-view``,
  ``/review``;
* a document — :meth:`ViewOperations.document_view`, ``GET /api/documents/{id}/view``,
  ``/documents/{id}``;
* a requirement — :meth:`ViewOperations.requirement_view`, ``GET
  /api/requirements/{notation}/view``, ``/requirements/{standard}/{notation}``.

Passages are identified by their IRI everywhere: a link's cited passage (``passage``) is the
document passage with that ``iri``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from api.operations.base import Result
from api.operations.documents import Document, DocumentDetail
from api.operations.evidence import EvidenceLink, EvidenceOperations
from api.operations.requirements import RequirementDetail
from api.operations.review_queue import (
    DEFAULT_MIN_SCORE,
    QueueItem,
    QueueView,
    ReviewQueueOperations,
)
from api.operations.reviews import DecisionNotice, HistoryEntry, ReviewOperations
from mapping.llm.verdicts import Verdict, latest_verdicts
from ontology.errors import InputError

#: The query parameters a queue page keeps across its links and forms.
QUEUE_FILTERS = ("standard", "document", "group", "min_score", "verdict", "order")
#: Items of the queue listed per page beside the current one.
PAGE_SIZE = 50
#: Most decisions the bulk notice offers to undo at once (the ids travel in its URL).
MAX_BULK_UNDO = 100
_DECISION_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class ReviewQuery(BaseModel):
    """What the review page was asked for: its filters, position and the last action's
    outcome (the query string of ``/review`` and ``GET /api/review-view``)."""

    i: int = Field(default=0, description="Position of the item to show in the whole queue.")
    document: str | None = None
    standard: str = "iso42001"
    group: str | None = None
    min_score: str | None = Field(
        default=None, description="The confidence cut: a number 0–1, `all`, or the default."
    )
    verdict: str | None = Field(
        default=None,
        description="Only items whose latest language-model verdict is this: supports, partly, "
        "does_not_support, unverifiable, or none (never checked).",
    )
    order: str | None = Field(
        default=None, description="best (the default), or doubts: the model's doubts first."
    )
    doc_q: str | None = Field(
        default=None,
        description="Words of a title: the Document filter lists the documents with waiting "
        "items whose titles hold them all (at most 100 characters).",
    )
    link: str | None = Field(default=None, description="The link just decided (the notice).")
    decided: str | None = Field(default=None, description="The decision just made.")
    stale: str | None = None
    bulk: str | None = None
    done: int = 0
    failed: int = 0
    undo: str | None = Field(default=None, description="Decision ids the bulk notice can undo.")
    more: int | None = Field(
        default=None, description="How many suggestions *More suggestions* just added."
    )
    below: int = Field(default=0, description="How many of those are below the default cut.")


class ReviewView(Result):
    """Everything the review page shows (``/review``, ``GET /api/review-view``)."""

    queue: list[QueueItem] = Field(description="This page of the queue.")
    index: int = Field(description="Position of the current item in the whole queue.")
    current: QueueItem | None = None
    context: dict[str, Any] | None = Field(
        default=None, description="Beside the current item: its neighbours, document, text."
    )
    document: str | None = None
    standard: str
    view: dict[str, Any] = Field(description="The queue's filters and counts (no items).")
    cut: float | None = Field(default=None, description="The confidence cut applied.")
    filters: dict[str, str | None]
    page_start: int
    page_size: int = Field(description="Items of the queue per page.")
    total: int
    notice: DecisionNotice | None = None
    stale: bool = False
    bulk: dict[str, Any] | None = None
    states: dict[str, str] = Field(description="Review state of the current item's document.")
    history: list[HistoryEntry] = Field(default_factory=list)
    more: dict[str, int] | None = Field(
        default=None, description="What *More suggestions* did: ``added`` and ``below`` the cut."
    )


def confidence_cut(raw: str | None) -> float | None:
    """The confidence cut from the query: the default when absent, none when ``all``."""
    if raw is None or raw == "":
        return DEFAULT_MIN_SCORE
    if raw == "all":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InputError(
            f"the minimum confidence {raw!r} is not a number", hint="use a number from 0 to 1"
        ) from None
    if not 0 <= value <= 1:
        raise InputError(f"the minimum confidence {raw} is not between 0 and 1", hint="use 0–1")
    return value


def decision_ids(value: str | None) -> list[str]:
    """The well-formed decision ids of a notice's ``undo`` parameter (others ignored)."""
    ids = [v.strip() for v in (value or "").split(",")]
    return [v for v in ids if _DECISION_ID.match(v)][:MAX_BULK_UNDO]


def _queue_page(
    ws: ReviewQueueOperations,
    filters: tuple[Any, ...],
    i: int,
    focus: str | None,
    by: tuple[str | None, str | None, str | None] = (None, None, None),
) -> tuple[QueueView, int]:
    """The page of the queue holding item ``i`` (or link ``focus``), and the item's index;
    only that page's links are read with their passages. ``by``: the verdict filter, the
    order and the document search (of :meth:`ReviewQueueOperations.queue_view`)."""
    verdict, order, doc_q = by
    start = max(0, i) - max(0, i) % PAGE_SIZE
    view = ws.queue_view(
        *filters,
        offset=start,
        limit=PAGE_SIZE,
        focus=focus,
        verdict=verdict,
        order=order,
        document_query=doc_q,
    )
    at = next((n for n, item in enumerate(view.items) if item.id == focus), None)
    if focus is not None and at is not None:
        return view, view.offset + at
    index = max(0, min(i, view.total - 1)) if view.total else 0
    if index - index % PAGE_SIZE != view.offset:  # past the end: the last page
        start = index - index % PAGE_SIZE
        view = ws.queue_view(
            *filters,
            offset=start,
            limit=PAGE_SIZE,
            verdict=verdict,
            order=order,
            document_query=doc_q,
        )
    return view, index


class DocumentView(Result):
    """Everything the document page shows (``/documents/{id}``, ``GET
    /api/documents/{id}/view``)."""

    doc: DocumentDetail
    links: list[EvidenceLink] = Field(
        description="Every evidence link of the document, each with its latest "
        "machine-drafted check in brief (``verdict``, or null)."
    )
    cited: dict[str, list[EvidenceLink]] = Field(
        description="Passage IRI → the links that cite it (a link's ``passages[].passage``)."
    )
    decisions: dict[str, list[HistoryEntry]] = Field(
        description="Link id → the decisions on it, oldest first."
    )
    versions: list[Document] = Field(
        default_factory=list,
        description="Every version of the document's chain (``prov:wasRevisionOf``), oldest "
        "first; just the document itself when it has no other version.",
    )


def cited_passages(links: list[EvidenceLink]) -> dict[str, list[EvidenceLink]]:
    """Passage IRI → the links that cite it: a cited passage is known by its IRI, nothing else."""
    cited: dict[str, list[EvidenceLink]] = {}
    for link in links:
        for iri in dict.fromkeys(p.passage for p in link.passages if p.passage):
            cited.setdefault(iri, []).append(link)
    return cited


class RequirementView(Result):
    """Everything the requirement page shows (``/requirements/{standard}/{notation}``, ``GET
    /api/requirements/{notation}/view``)."""

    item: RequirementDetail
    decisions: dict[str, list[HistoryEntry]] = Field(
        description="Link id → the decisions on it, oldest first (the links shown)."
    )
    verdicts: dict[str, Verdict] = Field(
        description="Link IRI → its newest machine-drafted verdict (the links shown)."
    )


class ViewOperations(ReviewOperations, ReviewQueueOperations, EvidenceOperations):
    """The review page and the document page, each one value served as HTML and JSON."""

    def review_view(self, query: ReviewQuery, focus: str | None = None) -> ReviewView:
        """One standard's queue at a time (crosswalk suggestions wait in the others' queues),
        filtered; after a decision, the notice naming it. ``focus``: a link to show as the
        current item (one whose decision was refused)."""
        notice = self.decision_notice(query.link, query.decided) if query.link else None
        if focus is None and notice and notice.type == "undo":
            focus = notice.link  # the undone item is the one to look at again
        cut = confidence_cut(query.min_score)
        filters = (query.document or None, query.standard, query.group or None, cut)
        by = (query.verdict or None, query.order or None, query.doc_q)
        view, index = _queue_page(self, filters, query.i, focus, by)
        current = view.items[index - view.offset] if view.items else None
        shown = [current.document] if current else []
        bulk = None
        if query.bulk:
            bulk = {
                "decision": query.bulk,
                "done": query.done,
                "failed": query.failed,
                "undo": decision_ids(query.undo),
            }
        return ReviewView(
            queue=view.items,
            index=index,
            current=current,
            context=self.review_context(current.model_dump()) if current else None,
            document=query.document,
            standard=query.standard,
            view=view.model_dump(exclude={"items"}),
            cut=cut,
            filters={k: getattr(query, k) for k in QUEUE_FILTERS},
            page_start=view.offset,
            page_size=PAGE_SIZE,
            total=view.total,
            notice=notice,
            stale=query.stale is not None,
            bulk=bulk,
            states={d.id: d.review_state for d in self._documents_by_id(shown).values()},
            history=self.history(current.id) if current else [],
            more={"added": query.more, "below": query.below} if query.more is not None else None,
        )

    def document_view(self, document_id: str) -> DocumentView:
        """One document with its passages, its links, which passage each link cites, and the
        decisions on them."""
        doc = self.document(document_id)
        links = self.suggestions(document=doc.id)
        return DocumentView(
            doc=doc,
            links=links,
            cited=cited_passages(links),
            decisions=self.histories([link.id for link in links]),
            versions=self.version_history(doc),
        )

    def requirement_view(
        self, notation: str, standard: str = "iso42001", offset: int = 0
    ) -> RequirementView:
        """One requirement with a page of its evidence links, the decisions on them and the
        newest verdict on each."""
        item = self.requirement(notation, standard, offset=offset)
        links = [link.link for link in item.evidence if link.link]
        return RequirementView(
            item=item,
            decisions=self.histories([link.id for link in item.evidence if link.id]),
            verdicts=latest_verdicts(self.store, links) if links else {},
        )
