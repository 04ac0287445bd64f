"""Reviewer decisions: decide one link or many, undo, a link's history, the notice after a
decision and what a reviewer reads beside a link (:class:`ReviewOperations`); the queue of
links waiting for a decision is :mod:`api.operations.review_queue`'s.

The reviewer recorded in the audit graph is whoever the face says (the token's name on the
web, ``--reviewer`` or the environment on the CLI); a decision on a link someone decided
since the reviewer saw it (``saw_version``) is refused with a conflict and records nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.documents import DocumentOperations
from api.operations.requirements import RequirementOperations
from mapping.evidence.review import BulkOutcome

if TYPE_CHECKING:
    from api.schemas import BulkDecision, Decision
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


#: Most review contexts kept at once; past it, they start again.
_CONTEXTS = 64


def _review_context(ws: ReviewOperations, link: dict[str, Any]) -> dict[str, Any]:
    from ingest.documents import passage_neighbours
    from ontology.errors import AimsgraphError
    from ontology.requirements import find_requirement

    context: dict[str, Any] = {"before": None, "after": None, "requirement": None}
    described = ws._described([str(link["document"])])  # kept across decisions
    try:
        requirement = find_requirement(
            ws.store, str(link["notation"]), str(link.get("standard") or "iso42001")
        )
    except AimsgraphError:
        return context
    if not described:
        return context
    context["requirement"] = requirement | ws.requirement_text(requirement["iri"])
    passages = link.get("passages") or []
    cited = passages[0] if passages else {}
    if cited.get("passage"):  # passages known by IRI
        context["before"], context["after"] = passage_neighbours(ws.store, cited["passage"])
    context["document"] = described[0].model_dump(mode="json")
    return context


class ReviewOperations(DocumentOperations, RequirementOperations):
    """Decisions on evidence links and their history.

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

    def decision_notice(self, link: str, decision_id: str | None = None) -> DecisionNotice:
        """The notice about ``link`` and one of its decisions (or only where the link stands)."""
        from mapping.evidence import review

        state = review.get_link(self.store, link)
        document = state.artefact.rsplit("/", 1)[-1]
        titles = {d.id: d.title for d in self._described([document])}  # kept across decisions
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
        the document, and the requirement with its description and typical evidence. Worked
        out once and kept across decisions (a decision, undo or re-target changes no
        document's passages and no requirement's text; any other write starts again), so the
        page after a decision reads it only for a link not shown before. Shared: read, never
        change, what this returns."""
        from mapping.evidence.artefact_memo import ArtefactMemo

        passages = link.get("passages") or []
        cited = passages[0] if passages else {}
        key = (
            str(link["document"]),
            str(link["notation"]),
            link.get("standard"),
            cited.get("text"),
            cited.get("passage"),
        )
        kept = self.evidence_index.memo(
            "review contexts", lambda: ArtefactMemo(_CONTEXTS), through_decisions=True
        )
        found: dict[str, Any] | None = kept.get("", key)
        if found is None:
            found = _review_context(self, link)
            kept.put("", key, found)
        return found
