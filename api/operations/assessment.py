"""How complete the AIMS is: the gap report, and the dashboard's figures built on it.

The gap report's types are the core's (:mod:`shapes.report`); :mod:`api.gap_fixes` words
their coded fixes for the CLI and the web UI.

The dashboard's coverage per standard is the gap report's (it counts evidence derived through
the crosswalks); Annex A groups roll the controls of ISO/IEC 42001 up by their group
(``A.6.2.4`` → ``A.6``); the queue counts links waiting for a decision.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.documents import DocumentOperations, UncountedEvidence
from api.operations.learning import LearningOperations, RankingModel
from api.operations.requirements import Requirement, RequirementOperations
from api.operations.review_queue import ReviewQueueOperations
from api.operations.state import WorkspaceBase
from shapes.report import COUNTING, GapReport

if TYPE_CHECKING:
    from api.gap_fixes import Wording
    from mapping.evidence.index_snapshot import Changed
    from ontology.store import GraphStore
    from shapes.incremental import GapState

_GROUP = re.compile(r"^(A\.\d+)")


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
    confirmed: int = Field(description="Controls with confirmed evidence, current or not.")
    counted: int = Field(
        default=0,
        description="Controls whose confirmed evidence counts (a current review date): the "
        "figure coverage is made of.",
    )
    suggested: int
    coverage: float = Field(description="counted / controls.")


class Dashboard(Result):
    """The dashboard's figures (``GET /api/dashboard``, the home page)."""

    coverage: dict[str, Coverage]
    annex_a: list[AnnexGroup]
    queue: int = Field(
        description="Links waiting for a decision, in all: what the review queues hold (links "
        "of superseded documents left out), before the review page's confidence cut."
    )
    queue_by_standard: dict[str, int]
    conforms: bool
    systems: list[dict[str, Any]] = Field(
        default_factory=list, description="Per AI system its counts (the gap report's, no gaps)."
    )
    not_counting: UncountedEvidence = Field(
        default_factory=UncountedEvidence,
        description="ISO/IEC 42001 requirements confirmed whose evidence does not count yet.",
    )
    ranking: RankingModel | None = Field(
        default=None, description="The ranking model and how many decisions it learned from."
    )


#: Rows of each list in a page of the gap report, unless asked otherwise.
GAP_PAGE = 100


class _KeptReport:
    """The gap report's state and the AI-system summaries, and the artefacts behind those."""

    def __init__(
        self,
        state: GapState,
        systems: list[dict[str, Any]],
        covering: set[str],
        previous: _KeptReport | None = None,
    ):
        from api.gap_fixes import Wording

        self.state, self.systems, self.covering = state, systems, covering
        self.report = state.report  # a report of its own (assemble made it), or None yet
        if self.report is not None:
            self.report.systems = systems
        # worded when a face first shows it (the dashboard shows only figures), again only
        # where it changed since the last wording (no chain of old reports is kept)
        self._wording: Wording | None = None
        self._base: Wording = (previous._wording or previous._base) if previous else Wording()
        self._lock = threading.Lock()

    def worded(self, store: GraphStore) -> GapReport:
        """The whole report: assembled where the dashboard left only its figures (with the
        crosswalk paths and gap details it left out of date read), and each gap's and
        issue's fix and actions filled in."""
        from api.gap_fixes import word_again
        from shapes.incremental import with_details

        with self._lock:
            report = self.report
            if report is None:  # the old report stays whole for whoever reads it now
                self.state = with_details(store, self.state)
                report = self.report = self.state.report
                assert report is not None  # with_details assembles it
                report.systems, self._wording = self.systems, None
            if self._wording is None:
                self._wording = word_again(report, self._base)
        return report


def _kept_report(ws: WorkspaceBase, day: date) -> GapReport:
    """The current gap report, whole and worded, shared: read it, never change it."""
    return _kept(ws, day).worded(ws.store)


def _kept(ws: WorkspaceBase, day: date, *, details: bool = True) -> _KeptReport:
    """The current gap report's state, shared: read it, never change it.

    Kept in memory and brought up to date write by write (:mod:`shapes.incremental`): after
    a decision only the requirements its links point to are validated and read again; any
    other write (and a new day) validates everything again. Without ``details`` (the
    dashboard's figures) a decision's gap details are left to be read when the report is
    shown whole (:meth:`_KeptReport.worded`)."""
    from shapes.incremental import full_state, update_state

    store = ws.store

    def full() -> _KeptReport:
        return _KeptReport(full_state(store, day), _systems(ws, day), _covering(ws))

    def update(kept: _KeptReport, changed: Changed) -> _KeptReport:
        requirements, artefacts = set(changed.requirements), set(changed.artefacts)
        state = update_state(store, kept.state, requirements, artefacts, details=details)
        touches_systems = not kept.covering.isdisjoint(changed.artefacts)
        systems = _systems(ws, day) if touches_systems else kept.systems
        return _KeptReport(state, systems, kept.covering, kept)

    return ws.evidence_index.evolve(("gaps", day), full, update)


def _systems(ws: WorkspaceBase, day: date) -> list[dict[str, Any]]:
    from ontology.register.obligations import system_reports

    return [r.summary() for r in system_reports(ws.store, today=day)]


def _covering(ws: WorkspaceBase) -> set[str]:
    """The artefacts that cover an AI system (only their links change the systems part)."""
    from ontology.query_files import load_query

    query = load_query("shapes", "completeness_system_artefacts")
    return {str(row["artefact"]) for row in ws.store.select(query)}


def annex_groups(items: list[Requirement], uncounted: Collection[str] = ()) -> list[AnnexGroup]:
    """The controls of ``items`` rolled up by Annex A group, in printed order; ``uncounted``:
    the notations whose confirmed evidence does not count (no current review date)."""
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
        # evidence that counts for coverage: confirmed, carried over to a new version, or
        # derived through a crosswalk (shapes.report.COUNTING), as the gap report counts it
        confirmed = any(item.evidence.get(status) for status in COUNTING)
        group.confirmed += 1 if confirmed else 0
        group.counted += 1 if confirmed and item.notation not in uncounted else 0
        group.suggested += int(item.evidence.get("suggested", 0))
    for group in groups.values():
        group.coverage = group.counted / group.controls if group.controls else 0.0
    return sorted(groups.values(), key=lambda g: int(g.group.split(".")[1]))


def _requirements(
    ws: WorkspaceBase, standard: str, counts: Mapping[str, Mapping[str, int]]
) -> list[Requirement]:
    """The requirements of ``standard`` with their evidence ``counts`` from the evidence
    index (what ``ws.requirements`` reads from the graph)."""
    from ontology.requirements import EVIDENCE_COUNTS
    from ontology.requirements import list_requirements as read_requirements

    # reference data: kept across decisions (any other write reads it again)
    kept = ws.evidence_index.evolve(
        ("requirements", standard),
        lambda: read_requirements(ws.store, standard, None, with_evidence=False),
        lambda known, _: known,
    )
    items = [dict(item) for item in kept]
    for item in items:
        found = counts.get(item["iri"], {})
        item["evidence"] = {status: found.get(status, 0) for status in EVIDENCE_COUNTS}
    return [Requirement.model_validate(item) for item in items]


def _dashboard(ws: AssessmentOperations, today: date) -> Dashboard:
    counts = ws.evidence_index.snapshot().counts(current_only=True)  # one pass for all
    kept = _kept(ws, today, details=False)  # read only: the report's figures alone
    figures = kept.state.figures
    coverage = {  # the gap report's figures (it counts every standard)
        standard: Coverage(
            coverage=entry.coverage,
            covered=entry.covered,
            requirements=entry.in_scope,
            gaps=entry.gaps,
        )
        for standard, entry in figures.standards.items()
    }
    controls = _requirements(ws, "iso42001", counts)  # the Annex A groups
    queue = ws.queue_counts()  # what each standard's review queue holds, counted its way
    not_counting = ws.uncounted_evidence(figures.gaps_42001)
    return Dashboard(
        coverage=coverage,
        annex_a=annex_groups(controls, set(not_counting.requirements)),
        queue=sum(queue.values()),
        queue_by_standard=queue,
        conforms=figures.conforms,
        systems=[{k: v for k, v in r.items() if k != "gaps"} for r in kept.systems],
        not_counting=not_counting,
        ranking=ws.ranking_model(),
    )


class AssessmentOperations(
    DocumentOperations, RequirementOperations, ReviewQueueOperations, LearningOperations
):
    """How complete the AIMS is: the gap report and the dashboard."""

    def gaps(self, today: date | None = None) -> GapReport:
        """Run the completeness shapes and report coverage and gaps per standard (and per AI
        system), as of ``today`` (default: today), with each face's wording of the fixes.

        Kept in memory and brought up to date write by write (:mod:`shapes.incremental`):
        after a decision only the requirements its links point to are validated and read
        again; any other write (and a new day) validates everything again."""
        return _kept_report(self, today or date.today()).model_copy(deep=True)  # callers' own

    def gap_page(self, offset: int | None = None, limit: int | None = None) -> GapReport:
        """The gap report to show, never to change: the kept one whole, or (``offset`` or
        ``limit`` given) ``limit`` rows (default :data:`GAP_PAGE`) of each list from
        ``offset``, with the whole report's totals under ``paging``."""
        report = _kept_report(self, date.today())
        if offset is None and limit is None:
            return report
        return report.page(offset or 0, limit or GAP_PAGE)

    def dashboard(self) -> Dashboard:
        """Coverage per standard, Annex A groups and the review queue.

        Kept in memory until the store's next write (or the next day: evidence past its review
        date stops counting), so opening it again costs one revision read; the evidence counts
        come from the evidence index, the coverage from the gap report."""
        today = date.today()
        kept = self.evidence_index.memo(("dashboard", today), lambda: _dashboard(self, today))
        # a shallow copy: its fields are the caller's to set, its lists and figures shared
        # with the kept one (the faces only serialise it): read them, never change them
        board = kept.model_copy()
        board.ranking = self.ranking_model()  # a refit finishes in the background, with no write
        return board
