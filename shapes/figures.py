"""The gap report's figures without the report: what the dashboard shows.

:func:`shapes.gaps.assemble` builds every gap with its reasons, fixes and rows; the
dashboard reads only each standard's counts, the verdict and which ISO/IEC 42001
requirements are gaps. :func:`figures` works those out from the same inputs and shape
results by the same rules, building no gap (``tests/shapes/test_figures.py`` checks that
they equal :func:`figures_of` the assembled report), so a decision costs the dashboard no
assembly; the report is assembled when a face shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.namespace import PROV

from ontology.namespaces import STANDARDS
from shapes.gaps import GapInputs, _failing, _Groups
from shapes.report import GapReport, ShapeResult


@dataclass(frozen=True)
class StandardFigures:
    """One standard's counts, as its :class:`shapes.report.StandardReport` gives them."""

    in_scope: int = 0
    covered: int = 0
    coverage: float = 1.0
    gaps: int = 0

    @classmethod
    def of(cls, in_scope: int, covered: int, gaps: int) -> StandardFigures:
        coverage = round(covered / in_scope, 4) if in_scope else 1.0  # StandardReport.count
        return cls(in_scope, covered, coverage, gaps)


@dataclass(frozen=True)
class GapFigures:
    """The verdict, each standard's counts and the ISO/IEC 42001 gaps' notations."""

    conforms: bool
    standards: dict[str, StandardFigures]
    gaps_42001: frozenset[str]


def figures_of(report: GapReport) -> GapFigures:
    """The figures of an assembled report."""
    standards = {
        s: StandardFigures(e.in_scope, e.covered, e.coverage, len(e.gaps))
        for s, e in report.standards.items()
    }
    entry = report.standards.get("iso42001")
    notations = frozenset(g.notation for g in entry.gaps) if entry is not None else frozenset()
    return GapFigures(report.conforms, standards, notations)


def figures(inputs: GapInputs, conforms: bool, results: list[ShapeResult]) -> GapFigures:
    """The figures :func:`shapes.gaps.assemble` would give for ``inputs`` and ``results``."""
    scope, labels, hierarchy = inputs.scope_42001, inputs.labels, inputs.hierarchy
    failing = _failing(results)
    rolled = _Groups.of(hierarchy, scope - failing, scope).via_children() & failing
    failing -= rolled
    gaps = {labels[i].notation if i in labels else i.rsplit("/", 1)[-1] for i in scope & failing}
    excluded = [r for r in results if r.shape == "ExcludedControlJustificationShape"]
    for r in excluded:
        control = inputs.statements.get(r.focus, "None")
        gaps.add(labels[control].notation if control in labels else control.rsplit("/", 1)[-1])
    standards = {s: StandardFigures() for s in STANDARDS}
    standards["iso42001"] = StandardFigures.of(
        len(scope), len(scope - failing), len(scope & failing) + len(excluded)
    )
    for standard, other in inputs.other.items():
        standards[standard] = _other(inputs, set(other))
    if rolled:  # as assemble: a failing group covered through its children
        conforms = not standards["iso42001"].gaps and not _issues(inputs, results)
    return GapFigures(conforms, standards, frozenset(gaps))


def _other(inputs: GapInputs, scope: set[str]) -> StandardFigures:
    """A crosswalked standard's counts (what ``shapes.gaps._fill_other`` counts)."""
    hierarchy = inputs.hierarchy
    counted = {i for i in scope if not hierarchy.is_group(i)}
    linked = {i for i in scope if inputs.counts.get(i)}
    done = linked | (_Groups.of(hierarchy, linked, scope).via_children() & scope)
    covered = len(counted & done)
    return StandardFigures.of(len(counted), covered, len(counted) - covered)


def _issues(inputs: GapInputs, results: list[ShapeResult]) -> int:
    """How many issues ``shapes.gap_issues.issues_of`` lists (one per artefact or decision
    and what it lacks)."""
    keys: set[tuple[str, str, bool]] = set()
    for r in results:
        if r.shape == "ArtefactOwnerShape":
            name = inputs.names.get(r.focus, (r.focus.rsplit("/", 1)[-1], ""))[0]
            keys.add((name, "owner" if r.path and r.path.endswith("owner") else "date", True))
        elif r.shape == "DecisionAttributionShape":
            reviewer = r.path == str(PROV.wasAssociatedWith)
            keys.add((r.focus.rsplit("/", 1)[-1], "reviewer" if reviewer else "time", False))
    return len(keys)
