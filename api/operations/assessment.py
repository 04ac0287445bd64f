"""How complete the AIMS is: the gap report, and the dashboard's figures built on it.

The dashboard's coverage per standard is the gap report's (it counts evidence derived through
the crosswalks); Annex A groups roll the controls of ISO/IEC 42001 up by their group
(``A.6.2.4`` → ``A.6``); the queue counts links waiting for a decision.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pydantic import Field

from api.operations.base import Result
from api.operations.documents import UncountedEvidence
from api.operations.evidence import RolledUpGroup

if TYPE_CHECKING:
    from api.operations.requirements import Requirement
    from api.workspace import Workspace

_GROUP = re.compile(r"^(A\.\d+)")
#: The kinds that count towards a standard's coverage on the dashboard.
COUNTED_KINDS = {"clause", "control", "article"}


class FixAction(Result):
    """One thing a person can do in the web UI to close a gap or settle an issue."""

    kind: str = Field(
        description="review, upload, review_date, owner, soa, justify, counterpart or audit."
    )
    label: str = Field(description="What to do, in words (the button's text).")
    href: str = Field(description="The web page where it is done.", examples=["/soa#row-A.5.2"])
    document: str | None = Field(default=None, description="The document it concerns.")


class Gap(Result):
    """A requirement not yet met, why, and what would close it."""

    notation: str
    reason: str
    fix: str = Field(description="What would close the gap (with the CLI's commands).")
    label: str = ""
    kind: str = ""
    suggestions: list[dict[str, Any]] = Field(default_factory=list)
    needs_review: list[dict[str, Any]] = Field(default_factory=list)
    suggestions_waiting: int = 0
    rolled_up_from: list[str] = Field(
        default_factory=list,
        description="For a group partly evidenced: the requirements under it that are.",
    )
    missing: list[str] = Field(
        default_factory=list,
        description="For a group partly evidenced: the requirements under it still missing.",
    )

    out_of_date: list[dict[str, Any]] = Field(
        default_factory=list, description="Documents whose evidence no longer counts."
    )
    counterparts: list[str] = Field(
        default_factory=list, description="ISO/IEC 42001 requirements that would carry over."
    )
    actions: list[FixAction] = Field(
        default_factory=list, description="What would close it, as links to the web UI."
    )


class GroupEvidence(RolledUpGroup):
    """A group clause rolled up over its children in the report's scope; ``evidenced`` means
    every child in scope is evidenced (then the group is no gap)."""

    label: str = ""
    kind: str = ""


class Issue(Result):
    """A document or decision the completeness shapes find incomplete (no owner …)."""

    kind: str = Field(description="artefact or decision.")
    id: str
    title: str
    reason: str
    fix: str
    actions: list[FixAction] = Field(default_factory=list)


class StandardGaps(Result):
    """Coverage and gaps of one standard."""

    label: str
    coverage: float = Field(ge=0, le=1)
    covered: int
    in_scope: int
    gaps: list[Gap] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    groups: list[GroupEvidence] = Field(
        default_factory=list,
        description="Group clauses rolled up over their children; an evidenced one is no gap.",
    )


class GapReport(Result):
    """The completeness report (``aimsgraph validate``, ``GET /api/validation``, /gaps)."""

    conforms: bool = Field(description="Whether the ISO/IEC 42001 AIMS is complete.")
    assessed_on: str
    standards: dict[str, StandardGaps]
    issues: list[Issue] = Field(default_factory=list)
    summary: dict[str, int] = Field(default_factory=dict)
    systems: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Per AI system: its obligations and A.5.x controls not yet evidenced.",
    )


class Coverage(Result):
    """One standard's coverage on the dashboard."""

    requirements: int
    covered: int
    coverage: float
    gaps: int | None = None


class AnnexGroup(Result):
    """One Annex A group of ISO/IEC 42001 (``A.6``) rolled up over its controls."""

    group: str
    label: str | None = None
    controls: int
    confirmed: int
    suggested: int
    coverage: float


class Dashboard(Result):
    """The dashboard's figures (``GET /api/dashboard``, the home page)."""

    coverage: dict[str, Coverage]
    annex_a: list[AnnexGroup]
    queue: int = Field(description="Links waiting for a decision, in all.")
    queue_by_standard: dict[str, int]
    conforms: bool
    systems: list[dict[str, Any]] = Field(
        default_factory=list, description="Per AI system its counts (the gap report's, no gaps)."
    )
    not_counting: UncountedEvidence = Field(
        default_factory=UncountedEvidence,
        description="ISO/IEC 42001 requirements confirmed whose evidence does not count yet.",
    )


def gap_report(ws: Workspace, today: date | None = None) -> GapReport:
    """Run the completeness shapes and report coverage and gaps per standard (and per AI
    system), as of ``today`` (default: today)."""
    from mapping.register.obligations import system_reports
    from shapes.report import validate_aims

    report = validate_aims(ws.store, today=today).to_json()
    report["systems"] = [r.summary() for r in system_reports(ws.store, today=today)]
    for standard, entry in report["standards"].items():
        for gap in entry["gaps"]:
            gap["actions"] = gap_actions(standard, gap)
    for issue in report["issues"]:
        issue["actions"] = issue_actions(issue)
    return GapReport.model_validate(report)


def _path(*parts: str) -> str:
    return "/" + "/".join(quote(p, safe="") for p in parts)


def gap_actions(standard: str, gap: dict[str, Any]) -> list[FixAction]:
    """The web UI's ways to close ``gap`` of ``standard``: review what waits, renew stale
    documents, upload evidence, decide the SoA row, evidence the 42001 counterparts."""
    notation, kind = str(gap["notation"]), str(gap.get("kind", ""))
    page = _path("requirements", standard, notation)
    actions: list[FixAction] = []
    waiting = int(gap.get("suggestions_waiting") or len(gap.get("suggestions") or []))
    rereview = len(gap.get("needs_review") or [])
    if waiting or rereview:
        count = waiting + rereview
        label = f"Review the {count} suggestion(s) for {notation}"
        actions.append(FixAction(kind="review", label=label, href=page + "#evidence"))
    for stale in gap.get("out_of_date") or []:
        document = str(stale["document"])
        label = f"Set a new review date on {stale['title']}"
        href = _path("documents", document) + "#metadata"
        actions.append(FixAction(kind="review_date", label=label, href=href, document=document))
    if gap.get("reason") == "excluded without a justification":
        href = f"/soa#row-{quote(notation)}"
        actions.append(FixAction(kind="justify", label=f"Justify excluding {notation}", href=href))
        return actions
    for counterpart in list(gap.get("counterparts") or [])[:3]:
        label = f"Evidence ISO/IEC 42001 {counterpart}"
        href = _path("requirements", "iso42001", counterpart) + "#evidence"
        actions.append(FixAction(kind="counterpart", label=label, href=href))
    if standard == "iso42001":
        what = "documented information" if kind == "clause" else "evidence"
        label = f"Upload {what} for {notation}"
        actions.append(FixAction(kind="upload", label=label, href="/documents#upload-form"))
        if kind == "control":
            label = f"Record an SoA decision for {notation}"
            actions.append(FixAction(kind="soa", label=label, href=f"/soa#row-{quote(notation)}"))
    return actions


def issue_actions(issue: dict[str, Any]) -> list[FixAction]:
    """The web UI's way to settle a document-level issue of the gap report."""
    if issue.get("kind") != "artefact":
        return [FixAction(kind="audit", label="See the decision in the audit log", href="/audit")]
    document = str(issue["id"])
    what = "owner" if "owner" in str(issue.get("reason", "")) else "review date"
    href = _path("documents", document) + "#metadata"
    return [
        FixAction(
            kind="owner" if what == "owner" else "review_date",
            label=f"Set the {what} of {issue.get('title') or document}",
            href=href,
            document=document,
        )
    ]


def annex_groups(items: list[Requirement]) -> list[AnnexGroup]:
    """The controls of ``items`` rolled up by Annex A group, in printed order."""
    labels = {i.notation: i.label for i in items}
    groups: dict[str, AnnexGroup] = {}
    for item in items:
        match = _GROUP.match(item.notation)
        if item.kind != "control" or match is None:
            continue
        key = match.group(1)
        group = groups.setdefault(
            key,
            AnnexGroup(
                group=key, label=labels.get(key), controls=0, confirmed=0, suggested=0, coverage=0
            ),
        )
        group.controls += 1
        group.confirmed += 1 if item.evidence.get("confirmed") else 0
        group.suggested += int(item.evidence.get("suggested", 0))
    for group in groups.values():
        group.coverage = group.confirmed / group.controls if group.controls else 0.0
    return sorted(groups.values(), key=lambda g: int(g.group.split(".")[1]))


def _coverage(items: list[Requirement]) -> Coverage:
    counted = [i for i in items if i.kind in COUNTED_KINDS]
    confirmed = sum(1 for i in counted if i.evidence.get("confirmed"))
    share = confirmed / len(counted) if counted else 0.0
    return Coverage(requirements=len(counted), covered=confirmed, coverage=share)


def dashboard(ws: Workspace) -> Dashboard:
    """Coverage per standard, Annex A groups and the review queue.

    Kept in memory until the store's next write (or the next day: evidence past its review
    date stops counting), so opening it again costs one revision read; the evidence counts
    come from the evidence index, the coverage from the gap report."""
    today = date.today()
    kept = ws.evidence_index.memo(("dashboard", today), lambda: _dashboard(ws, today))
    return kept.model_copy(deep=True)  # callers may change theirs


def _requirements(ws: Workspace, standard: str) -> list[Requirement]:
    """The requirements of ``standard`` with their evidence counts from the evidence index
    (what :func:`api.operations.requirements.list_requirements` reads from the graph)."""
    from api.operations.requirements import Requirement
    from ontology.requirements import EVIDENCE_COUNTS
    from ontology.requirements import list_requirements as read_requirements

    counts = ws.evidence_index.snapshot().counts(standard)
    items = read_requirements(ws.store, standard, None, with_evidence=False)
    for item in items:
        found = counts.get(item["iri"], {})
        item["evidence"] = {status: found.get(status, 0) for status in EVIDENCE_COUNTS}
    return [Requirement.model_validate(item) for item in items]


def _dashboard(ws: Workspace, today: date) -> Dashboard:
    from api.operations.documents import uncounted_evidence
    from ontology.namespaces import STANDARDS

    by_standard = {s: _requirements(ws, s) for s in STANDARDS}
    coverage = {s: _coverage(items) for s, items in by_standard.items()}
    report = gap_report(ws, today)
    for standard, entry in report.standards.items():
        if standard in coverage:
            coverage[standard] = Coverage(
                coverage=entry.coverage,
                covered=entry.covered,
                requirements=entry.in_scope,
                gaps=len(entry.gaps),
            )
    queue = {
        s: sum(int(i.evidence.get("suggested", 0)) for i in items)
        for s, items in by_standard.items()
    }
    return Dashboard(
        coverage=coverage,
        annex_a=annex_groups(by_standard["iso42001"]),
        queue=sum(queue.values()),
        queue_by_standard=queue,
        conforms=report.conforms,
        systems=[{k: v for k, v in r.items() if k != "gaps"} for r in report.systems],
        not_counting=uncounted_evidence(ws, [g.notation for g in _gaps(report, "iso42001")]),
    )


def _gaps(report: GapReport, standard: str) -> list[Gap]:
    entry = report.standards.get(standard)
    return entry.gaps if entry is not None else []
