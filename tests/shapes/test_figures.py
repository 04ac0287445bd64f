"""The dashboard's figures worked out without the report (:func:`shapes.figures.figures`) are
those of the report :func:`shapes.gaps.assemble` builds from the same inputs: on the real
reference data with evidence for some requirements and their groups (a group covered through
its children), and with the shape results cut down (every requirement evidenced, a failing
group rolled up, only exclusions, issues left)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from mapping.evidence.review import decide
from ontology.store import EmbeddedStore
from shapes.figures import figures, figures_of
from shapes.gaps import assemble
from shapes.incremental import GapState, full_state
from shapes.report import ShapeResult
from tests.conftest import copy_reference
from tests.mapping.evidence.builders import add_artefact, add_link, req

TODAY = date(2026, 6, 1)
_BY_REQUIREMENT = ("ApplicableControlEvidenceShape", "DocumentedInformationShape")


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Iterator[GapState]:
    """The full gap state of the real reference with one procedure confirmed for 42001
    6.1.1–6.1.4 and A.6.2.2 and for ISO/IEC 27001 6.1.1–6.1.3 (its group 6.1 covered)."""
    store: EmbeddedStore = copy_reference(reference_template, tmp_path_factory.mktemp("fig") / "ox")
    doc = add_artefact(store, "risk", ["Risk treatment."], title="Risk procedure")
    for notation in ("6.1.1", "6.1.2", "6.1.3", "6.1.4", "A.6.2.2"):
        decide(store, add_link(store, doc, req(notation)), "confirm", "alice")
    for notation in ("6.1.1", "6.1.2", "6.1.3"):
        decide(store, add_link(store, doc, req(notation, "iso27001")), "confirm", "alice")
    yield full_state(store, TODAY)
    store.close()


def _agree(state: GapState, results: list[ShapeResult], conforms: bool | None = None) -> None:
    verdict = not results if conforms is None else conforms
    report = assemble(state.inputs, verdict, results, TODAY)
    assert figures(state.inputs, verdict, results) == figures_of(report)


def test_the_figures_of_a_full_run(state: GapState) -> None:
    assert state.report is not None
    assert state.figures == figures_of(state.report)
    assert state.figures.standards["iso27001"].covered == 3  # 6.1 through its children
    assert "A.6.2.2" not in state.figures.gaps_42001 and "A.6.2.3" in state.figures.gaps_42001
    _agree(state, state.results, state.report.conforms)


def test_the_figures_with_fewer_failing_requirements(state: GapState) -> None:
    results = state.results
    by_requirement = [r for r in results if r.shape in _BY_REQUIREMENT]
    assert by_requirement, "the reference leaves requirements without evidence"
    others = [r for r in results if r.shape not in _BY_REQUIREMENT]
    _agree(state, others)  # every requirement evidenced: only exclusions and issues left
    _agree(state, [])
    _agree(state, by_requirement[::2] + others)


def test_the_figures_with_a_failing_group_rolled_up(state: GapState) -> None:
    """A group in scope that fails, its children in scope evidenced: covered through them,
    the verdict then following the gaps and issues."""
    hierarchy = state.inputs.hierarchy
    group = next(g for g in hierarchy.groups() if hierarchy.children[g])
    children = set(hierarchy.children[group])
    scope = state.inputs.scope_42001 | {group} | children
    crafted = replace(state, inputs=replace(state.inputs, scope_42001=scope))
    failing = ShapeResult("DocumentedInformationShape", group, group, None, "no evidence")
    kept = [r for r in state.results if str(r.value) not in children]
    others = [r for r in kept if r.shape not in _BY_REQUIREMENT]
    statement = next(iter(state.inputs.statements))
    excluded = ShapeResult("ExcludedControlJustificationShape", statement, None, None, "why")
    owner = ShapeResult("ArtefactOwnerShape", "urn:doc:x", None, "urn:p#owner", "no owner")
    reviewer = ShapeResult("DecisionAttributionShape", "urn:d:1", None, None, "no time")
    cases = [kept + [failing], others + [failing], [failing, excluded], [failing, owner]]
    for results in [*cases, [failing, reviewer], [failing]]:
        _agree(crafted, results, conforms=False)
        notation = hierarchy.notation(group)
        assert notation not in figures(crafted.inputs, False, results).gaps_42001
    assert figures(crafted.inputs, False, [failing]).conforms  # rolled: no gap, no issue
    assert not figures(crafted.inputs, False, [failing, reviewer]).conforms  # an issue
    assert figures(crafted.inputs, False, [failing, excluded]).standards["iso42001"].gaps == 1


def test_the_figures_with_other_counts(state: GapState) -> None:
    scopes = [scope for scope in state.inputs.other.values() if scope]
    assert scopes
    counted = dict(state.inputs.counted)  # the counts are worked out from these
    for scope in scopes:
        counted.update({r: {"urn:aimsgraph:test-artefact": 1} for r in list(scope)[::3]})
    shifted = replace(state, inputs=replace(state.inputs, counted=counted))
    _agree(shifted, state.results)
    _agree(shifted, [r for r in state.results if r.shape in _BY_REQUIREMENT])
