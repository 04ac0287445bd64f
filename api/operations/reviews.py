"""Reviewer decisions and the Statement of Applicability: decide one link or many, a link's
history, the SoA, setting one of its rows and writing it to a file.

The reviewer recorded in the audit graph is whoever the face says (the token's name on the
web, ``--reviewer`` or the environment on the CLI); a decision on a link someone decided
since the reviewer saw it (``saw_version``) is refused with a conflict and records nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result

if TYPE_CHECKING:
    from api.operations.evidence import EvidenceLink
    from api.schemas import BulkDecision, Decision, SoaUpdate
    from api.workspace import Workspace


class DecisionOutcome(Result):
    """One recorded decision and where it left the link."""

    decision_id: str
    decision_iri: str
    link_id: str
    decision: str = Field(description="confirm, reject, retarget or comment.")
    reviewer: str
    time: str
    saw_status: str
    saw_version: int
    status: str = Field(description="The link's status now.")
    version: int = Field(description="The link's version now.")
    comment: str | None = None
    retarget_link_id: str | None = None


class BulkOutcome(Result):
    """A decision on many links: each succeeds or fails on its own."""

    decided: list[DecisionOutcome]
    failed: list[Any] = Field(default_factory=list, description="Links that failed, with why.")


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
    modified: str | None = None
    set: bool = False
    evidence: list[EvidenceCitation] = Field(default_factory=list)
    justified: bool = False
    evidence_count: int = 0


def decide(ws: Workspace, decision: Decision, reviewer: str) -> DecisionOutcome:
    """Record one decision on one link."""
    from mapping import review

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
    return DecisionOutcome.model_validate(result.to_dict())


def decide_many(ws: Workspace, body: BulkDecision, reviewer: str) -> BulkOutcome:
    """The same decision on many links."""
    from mapping import review

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
    return BulkOutcome(
        decided=[DecisionOutcome.model_validate(d.to_dict()) for d in outcome.decided],
        failed=list(outcome.failed),
    )


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
    """Every decision on a link, oldest first (the audit trail, kept after deletion)."""
    from mapping import review

    return [HistoryEntry.model_validate(h) for h in review.decision_history(ws.store, link)]


def soa(ws: Workspace) -> list[SoaRow]:
    """One row per Annex A control."""
    from mapping.soa import list_soa

    return [SoaRow.model_validate(row.to_dict()) for row in list_soa(ws.store)]


def set_soa_row(ws: Workspace, notation: str, update: SoaUpdate) -> SoaRow:
    """Mark a control applicable or excluded (an exclusion needs a justification)."""
    from mapping.soa import set_soa

    with ws.lock:
        row = set_soa(
            ws.store,
            notation,
            applicable=update.applicable,
            justification=update.justification,
            status=update.implementation_status,
        )
    return SoaRow.model_validate(row.to_dict())


class SoaFile(Result):
    """The Statement of Applicability written to a file."""

    format: str = Field(description="csv, xlsx or json.")
    path: str
    rows: int


def export_soa(ws: Workspace, fmt: str, target: Path) -> SoaFile:
    """Write the SoA with its evidence references to ``target`` as CSV, XLSX or JSON."""
    from mapping.soa import list_soa, write_soa

    rows = list_soa(ws.store)
    write_soa(rows, fmt, target)
    return SoaFile(format=fmt, path=str(target), rows=len(rows))


#: The statuses that wait in the review queue.
QUEUE_STATUSES = ("suggested", "needsReview")


def review_queue(
    ws: Workspace, document: str | None = None, standard: str | None = "iso42001"
) -> list[EvidenceLink]:
    """Links waiting for a decision (suggested or needing review again), best first."""
    from api.operations.evidence import suggestions
    from ontology.errors import InputError
    from ontology.namespaces import STANDARDS

    if standard is not None and standard not in STANDARDS:
        raise InputError(f"unknown standard {standard!r}", hint="use " + ", ".join(STANDARDS))
    queue: list[EvidenceLink] = []
    for status in QUEUE_STATUSES:
        queue += suggestions(ws, document=document, status=status, standard=standard)
    return sorted(queue, key=lambda link: -(link.score or 0.0))


def review_context(ws: Workspace, link: dict[str, Any]) -> dict[str, Any]:
    """What a reviewer reads beside a link: the cited passage's neighbours in its document,
    the document, and the requirement with its description and typical evidence."""
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
        if cited and passage.get("text") == cited.get("text"):
            context["before"] = every[position - 1] if position > 0 else None
            context["after"] = every[position + 1] if position + 1 < len(every) else None
            break
    context["document"] = doc
    return context
