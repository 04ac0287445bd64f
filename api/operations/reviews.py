"""Reviewer decisions and the review queue: decide one link or many, undo, a link's history,
the queue as the API lists it and as the review page filters it (:class:`ReviewOperations`).

The reviewer recorded in the audit graph is whoever the face says (the token's name on the
web, ``--reviewer`` or the environment on the CLI); a decision on a link someone decided
since the reviewer saw it (``saw_version``) is refused with a conflict and records nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.documents import DocumentOperations
from api.operations.evidence import EvidenceLink
from api.operations.queue_documents import DocumentChoices, document_choices, rank_documents
from api.operations.requirements import EvidenceBasis, RequirementOperations
from api.operations.state import WorkspaceBase
from api.operations.verification import queue_by_verdict, queue_verdict_counts, verdict_briefs
from mapping.evidence.review import BulkOutcome

if TYPE_CHECKING:
    from api.schemas import BulkDecision, Decision
    from mapping.evidence.index_snapshot import LinkRow
    from mapping.evidence.review import DecisionOutcome


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


def _review_context(ws: ReviewOperations, link: dict[str, Any]) -> dict[str, Any]:
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
    context["requirement"] = requirement | ws.requirement_text(requirement["iri"])
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


class ReviewOperations(DocumentOperations, RequirementOperations):
    """Decisions on evidence links, their history, and the queue of links waiting for one.

    Every decision asks for a refit of the ranking in the background."""

    def decide(self, decision: Decision, reviewer: str) -> DecisionOutcome:
        """Record one decision on one link."""
        from mapping.evidence import review

        with self.lock:
            result = review.decide(
                self.store,
                decision.link,
                decision.decision,
                reviewer,
                comment=decision.comment,
                saw_version=decision.saw_version,
                retarget_to=decision.retarget_to,
            )
        self._decided()
        return result

    def decide_many(self, body: BulkDecision, reviewer: str) -> BulkOutcome:
        """The same decision on many links."""
        from mapping.evidence import review

        with self.lock:
            outcome = review.decide_many(
                self.store,
                body.links,
                body.decision,
                reviewer,
                comment=body.comment,
                saw_versions=body.saw_versions,
                retarget_to=body.retarget_to,
            )
        self._decided()
        return outcome

    def undo_decision(self, decision_id: str, reviewer: str) -> DecisionOutcome:
        """Undo a confirm or reject that is still its link's latest decision (recorded as an
        ``undo`` decision in the link's history)."""
        from mapping.evidence import review

        with self.lock:
            result = review.undo(self.store, decision_id, reviewer)
        self._decided()
        return result

    def undo_decisions(self, decision_ids: list[str], reviewer: str) -> BulkOutcome:
        """Undo several decisions (a bulk confirm or reject): one decided since, or not a confirm
        or reject, is listed as failed; the others are undone together, in one update."""
        from mapping.evidence import review

        with self.lock:
            done, failed = review.undo_many(self.store, decision_ids, reviewer)
        self._decided()
        return BulkOutcome(decided=done, failed=failed)

    def history(self, link: str) -> list[HistoryEntry]:
        """Every decision on a link, oldest first (the audit trail, kept after deletion); read
        once per revision of the store (the review page shows the current link's)."""
        from mapping.evidence.history import decision_history

        def entries() -> list[HistoryEntry]:
            return [HistoryEntry.model_validate(h) for h in decision_history(self.store, link)]

        return list(self.evidence_index.snapshot().kept(("history", link), entries))

    def histories(self, links: list[str]) -> dict[str, list[HistoryEntry]]:
        """The decisions on each of ``links`` (by link id; undecided links left out)."""
        from mapping.evidence.history import decision_histories

        trails = decision_histories(self.store, links)
        return {
            link: [HistoryEntry.model_validate(entry) for entry in trail]
            for link, trail in trails.items()
        }

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

    def decision_notice(self, link: str, decision_id: str | None = None) -> DecisionNotice:
        """The notice about ``link`` and one of its decisions (or only where the link stands)."""
        from mapping.evidence import review

        state = review.get_link(self.store, link)
        document = state.artefact.rsplit("/", 1)[-1]
        titles = {d.id: d.title for d in self.documents(ids=[document])}
        standard, _, notation = state.requirement.split("/std/", 1)[-1].partition("/")
        notice = DecisionNotice(
            link=state.id,
            notation=notation,
            standard=standard,
            document=document,
            document_title=titles.get(document),
            status=state.status,
        )
        entry = next((h for h in self.history(state.id) if h.decision == decision_id), None)
        if entry is not None:
            notice.decision, notice.type, notice.comment = entry.decision, entry.type, entry.comment
            notice.undoable = (
                entry.type in review.UNDOABLE and state.version == entry.saw_version + 1
            )
            if entry.retarget_to:
                moved, _, notice.retarget_to = entry.retarget_to.rpartition("/")
                notice.retarget_standard = moved.rsplit("/", 1)[-1]
                notice.created_link = (entry.generated or "").rsplit("/", 1)[-1] or None
        return notice

    def review_context(self, link: dict[str, Any]) -> dict[str, Any]:
        """What a reviewer reads beside a link: the cited passage's neighbours in its document,
        the document, and the requirement with its description and typical evidence (worked out
        once per revision of the store; shared: read, never change, what this returns)."""
        passages = link.get("passages") or []
        cited = str(passages[0].get("text")) if passages else None
        key = ("context", str(link["document"]), str(link["notation"]), link.get("standard"), cited)
        return self.evidence_index.snapshot().kept(key, lambda: _review_context(self, link))
