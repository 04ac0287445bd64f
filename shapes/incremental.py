"""The gap report kept up to date decision by decision, instead of validated whole again.

A decision (confirm, reject, undo, re-target and the crosswalk links it propagates) changes
the evidence links of a few artefacts and adds review decisions on them; it changes nothing
else the report reads (the Statement of Applicability, the artefacts' owners and review
dates, the reference data and crosswalks). So after such a write only the *requirements
those links point to* (before and after) can change their part of the report:

* the current-evidence counts are kept per requirement *and artefact*; only the touched
  artefacts' parts are counted again, each from its own links (a requirement gathers links
  as the library grows; an artefact's links do not);
* the completeness shapes are run again over a data graph of those requirements alone (their
  applicability statements or documented-information clauses) with the counting links of
  the touched artefacts and of one untouched *witness* artefact per requirement and shape
  whose links still count (the shapes ask only whether one such link exists), plus the
  decisions on the touched artefacts' links not validated before (a decision never changes
  once written); their results replace the old results for those requirements and
  decisions;
* their crosswalk paths and gap details are read again, bound to them (the same queries as
  the full report, with ``?requirement`` bound);
* the report is then assembled from the kept inputs exactly as :func:`shapes.gaps.assemble`
  assembles a full one (its issues taken over while what they are made of stays the
  same: :func:`shapes.gap_issues.kept_issues`); or, for the dashboard (``details=False``),
  only its figures are worked out (:func:`shapes.figures.figures`), the touched
  requirements' crosswalk paths and gap details are left to be read, and the report is
  assembled when it is shown (:func:`with_details`).

The result is the report a full validation would give (``tests/shapes/test_incremental.py``
checks decisions, undo, re-target, deletion and a new version against a from-scratch run);
any other write rebuilds it whole (:func:`full_state`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ontology.errors import NotFoundError
from ontology.namespaces import AIMS
from ontology.query_files import load_query
from ontology.store import GraphStore
from shapes.figures import GapFigures, figures, figures_of
from shapes.gap_issues import KeptIssues, kept_issues
from shapes.gaps import (
    GapInputs,
    assemble,
    covered_parts,
    covered_paths,
    documented_parts,
    gap_details,
)
from shapes.report import (
    GapReport,
    ShapeResult,
    build_data_graph,
    construct_into,
    run_shapes,
)

#: The shapes whose results a decision can change: by requirement (value) and by decision.
_BY_REQUIREMENT = ("ApplicableControlEvidenceShape", "DocumentedInformationShape")
_BY_DECISION = "DecisionAttributionShape"


@dataclass(frozen=True)
class GapState:
    """A gap report with what it was assembled from, to be brought up to date."""

    today: date
    inputs: GapInputs
    results: list[ShapeResult]
    #: What the dashboard shows: always up to date.
    figures: GapFigures
    #: The report, or None where ``update_state(details=False)`` left it to be assembled
    #: (:func:`with_details`).
    report: GapReport | None
    #: Requirements whose gap details were left out of date (``update_state(details=False)``).
    stale: frozenset[str] = frozenset()
    #: Requirements whose crosswalk paths were left out of date (the same).
    unread_paths: frozenset[str] = frozenset()
    #: The review decisions validated so far. A decision is immutable once written (its
    #: reviewer and time never change), so after a write only the decisions it added are
    #: validated: not every decision ever made on the touched artefacts' links.
    decisions: frozenset[str] = frozenset()
    #: The report's issues with what they were made from (taken over while those stay).
    issues: KeptIssues | None = None


def full_state(store: GraphStore, today: date, shapes: Graph | None = None) -> GapState:
    """Validate everything (what :func:`shapes.report.validate_aims` does), keeping inputs."""
    from shapes.gaps import gather_inputs

    timings: dict[str, float] = {}
    start = time.perf_counter()
    data = build_data_graph(store, today)
    timings["construct_s"] = time.perf_counter() - start
    if (None, RDF.type, AIMS.ApplicabilityStatement) not in data:
        raise NotFoundError(
            "the store holds no ISO/IEC 42001 reference data to validate against",
            hint="run `aimsgraph init` first",
        )
    start = time.perf_counter()
    conforms, results = run_shapes(data, shapes)
    timings["shacl_s"] = time.perf_counter() - start
    start = time.perf_counter()
    inputs = gather_inputs(store, data, results, today)
    issues = kept_issues(inputs.names, results, None)
    report = assemble(inputs, conforms, results, today, issues.issues)
    timings["report_s"] = time.perf_counter() - start
    timings["data_triples"] = float(len(data))
    report.timings = timings
    decisions = frozenset(str(d) for d in data.subjects(RDF.type, AIMS.ReviewDecision))
    shown = figures_of(report)
    return GapState(today, inputs, results, shown, report, decisions=decisions, issues=issues)


def update_state(
    store: GraphStore,
    state: GapState,
    requirements: set[str],
    artefacts: set[str],
    *,
    details: bool = True,
) -> GapState:
    """``state`` after writes that changed only the links of ``artefacts``, whose links
    pointed (before or after) to ``requirements``. Without ``details`` only the figures are
    worked out: the touched requirements' crosswalk paths and gap details are not read and
    no report is assembled (:func:`with_details` does that when the report is shown)."""
    if not requirements and not artefacts:
        return state
    start = time.perf_counter()
    counted = _recounted(store, state, artefacts)
    touched = requirements | counted.requirements
    results, decisions = _results(store, state, counted.inputs, touched, artefacts)
    conforms = not results  # every completeness shape is of severity Violation
    inputs, again = _inputs(store, state, counted.inputs, touched, results, paths=details)
    if not details:
        unread = state.unread_paths | touched
        stale = frozenset(again)
        shown = figures(inputs, conforms, results)
        kept = state.issues  # worked out again when the report is assembled
        return GapState(state.today, inputs, results, shown, None, stale, unread, decisions, kept)
    inputs = _read_details(store, inputs, again)
    issues = kept_issues(inputs.names, results, state.issues)
    report = assemble(inputs, conforms, results, state.today, issues.issues)
    report.timings = {"incremental_s": time.perf_counter() - start}
    shown = figures_of(report)
    return GapState(state.today, inputs, results, shown, report, decisions=decisions, issues=issues)


def with_details(store: GraphStore, state: GapState) -> GapState:
    """``state`` with what it left out of date read and the report assembled (``state``
    itself when it has its report)."""
    if state.report is not None:
        return state
    start = time.perf_counter()
    inputs = state.inputs
    if state.unread_paths:
        day = RdfLiteral(state.today.isoformat(), datatype=XSD.date)
        ordered = sorted(state.unread_paths)
        paths = {r: rows for r, rows in inputs.paths.items() if r not in state.unread_paths}
        paths.update(covered_paths(store, day, ordered))
        inputs = replace(inputs, paths=paths)
    again = state.stale & inputs.needing_details(state.results)
    inputs = _read_details(store, inputs, set(again))
    issues = kept_issues(inputs.names, state.results, state.issues)
    report = assemble(inputs, not state.results, state.results, state.today, issues.issues)
    report.timings = {"incremental_s": time.perf_counter() - start}
    shown = figures_of(report)
    done: frozenset[str] = frozenset()  # nothing is left out of date
    results, decisions = state.results, state.decisions
    return GapState(state.today, inputs, results, shown, report, done, done, decisions, issues)


@dataclass(frozen=True)
class _Recounted:
    """The kept inputs with the touched artefacts' parts of the counts read again, and the
    requirements whose parts changed (a decision's own requirements, normally)."""

    inputs: GapInputs
    requirements: set[str]


def _recounted(store: GraphStore, state: GapState, artefacts: set[str]) -> _Recounted:
    """The current-evidence counts (and the documented-information clauses' artefacts)
    with the parts of ``artefacts`` read again, from their own links: the other artefacts'
    parts stand (a decision changes only the links of the artefacts it touched)."""
    old = state.inputs
    day = RdfLiteral(state.today.isoformat(), datatype=XSD.date)
    ordered = sorted(artefacts)
    fresh = covered_parts(store, day, ordered)
    fresh_documented = documented_parts(store, ordered)
    touched = (
        {r for r, parts in old.counted.items() if not artefacts.isdisjoint(parts)}
        | {r for r, found in old.documented.items() if not artefacts.isdisjoint(found)}
        | fresh.keys()
        | fresh_documented.keys()
    )
    counted, documented = dict(old.counted), dict(old.documented)
    for requirement in touched:
        parts = {a: n for a, n in old.counted.get(requirement, {}).items() if a not in artefacts}
        parts.update(fresh.get(requirement, {}))
        found = {a for a in old.documented.get(requirement, ()) if a not in artefacts}
        found |= fresh_documented.get(requirement, set())
        _put(counted, requirement, parts)
        _put(documented, requirement, found)
    changed = {
        r
        for r in touched
        if old.counted.get(r) != counted.get(r) or old.documented.get(r) != documented.get(r)
    }
    inputs = replace(old, counted=counted, documented=documented)  # counts: from `counted`
    return _Recounted(inputs, changed)


def _put(into: dict[str, Any], key: str, value: Any) -> None:
    if value:
        into[key] = value
    else:
        into.pop(key, None)


def _witnesses(inputs: GapInputs, requirements: set[str], artefacts: set[str]) -> set[str]:
    """Untouched artefacts whose links still satisfy the evidence shapes for
    ``requirements`` (at most one per requirement and shape, shared where they can be): with
    the touched artefacts' links they give the shapes the answer all the links would."""
    out: set[str] = set()
    for requirement in sorted(requirements):
        for found in (inputs.counted.get(requirement, {}), inputs.documented.get(requirement, ())):
            others = sorted(a for a in found if a not in artefacts)
            if others and out.isdisjoint(others):
                out.add(others[0])
    return out


def _results(
    store: GraphStore,
    state: GapState,
    inputs: GapInputs,
    requirements: set[str],
    artefacts: set[str],
) -> tuple[list[ShapeResult], frozenset[str]]:
    """The shape results with those of ``requirements`` and of the decisions new on the
    links of ``artefacts`` worked out again (by the same shapes, over their data alone), and
    the decisions validated from now on.

    The data holds the touched requirements' applicability statements and clauses, and the
    counting links of the touched artefacts and of one untouched witness per requirement
    and shape (:func:`_witnesses`): not every link of a requirement, whose number grows
    with the library. The shapes only ask whether one such link exists."""
    data = Graph()
    terms: list[Node] = [URIRef(r) for r in sorted(requirements)]
    if terms:
        construct_into(data, store, load_query("shapes", "completeness_soa", control=terms))
        construct_into(data, store, load_query("shapes", "completeness_clauses", clause=terms))
        read = artefacts | _witnesses(inputs, requirements, artefacts)
        for artefact in sorted(read):  # one at a time, each from its own links (gaps.py)
            query = load_query("shapes", "completeness_evidence", artefact=URIRef(artefact))
            construct_into(data, store, query)
    if artefacts:
        _new_decisions_into(data, store, sorted(artefacts), state.decisions)
    decisions = {str(d) for d in data.subjects(RDF.type, AIMS.ReviewDecision)}
    context = BNode("validation-context")
    data.add((context, RDF.type, AIMS.ValidationContext))
    day = RdfLiteral(state.today.isoformat(), datatype=XSD.date)
    data.add((context, AIMS.assessmentDate, day))
    _, fresh = run_shapes(data)
    wanted = requirements
    kept = [
        r
        for r in state.results
        if not (r.shape in _BY_REQUIREMENT and r.value in wanted)
        and not (r.shape == _BY_DECISION and r.focus in decisions)
    ]
    kept += [
        r
        for r in fresh
        if (r.shape in _BY_REQUIREMENT and r.value in wanted)
        or (r.shape == _BY_DECISION and r.focus in decisions)
    ]
    ordered = sorted(kept, key=lambda r: (r.shape, r.focus, r.value or "", r.message))
    return ordered, state.decisions | decisions


def _new_decisions_into(
    data: Graph, store: GraphStore, artefacts: list[str], known: frozenset[str]
) -> None:
    """Add the decisions on the links of ``artefacts`` that are not in ``known``, with their
    attribution, to ``data`` (the decisions are listed by IRI, the new ones alone read)."""
    owners: list[Node] = [URIRef(a) for a in artefacts]
    query = load_query("shapes", "completeness_decision_ids_of", artefact=owners)
    found = {row["decision"] for row in store.select_text(query)}
    new: list[Node] = [URIRef(d) for d in sorted(found - known)]
    if new:
        query = load_query("shapes", "completeness_decisions_of", decision=new, artefact=owners)
        construct_into(data, store, query)


def _inputs(
    store: GraphStore,
    state: GapState,
    recounted: GapInputs,
    requirements: set[str],
    results: list[ShapeResult],
    *,
    paths: bool = True,
) -> tuple[GapInputs, set[str]]:
    """The inputs with the counts already read again (``recounted``) and, with ``paths``,
    the crosswalk paths of ``requirements`` (and of those left unread before) read again,
    and the requirements whose gap details are to be read again (the touched ones a report
    from ``results`` describes, those it newly describes, and those left stale before)."""
    old = state.inputs
    inputs = recounted
    day = RdfLiteral(state.today.isoformat(), datatype=XSD.date)
    again = requirements | state.unread_paths if paths else set()
    if again:
        kept = {r: rows for r, rows in old.paths.items() if r not in again}
        kept.update(covered_paths(store, day, sorted(again)))
        inputs = replace(inputs, paths=kept)
    wanted = inputs.needing_details(results)
    return inputs, wanted & (requirements | state.stale | (wanted - old.detailed))


def _read_details(store: GraphStore, inputs: GapInputs, again: set[str]) -> GapInputs:
    """``inputs`` with the gap details of ``again`` read again."""
    details = {r: rows for r, rows in inputs.details.items() if r not in again}
    for requirement in sorted(again):  # one at a time: faster than all bound at once, on Oxigraph
        details.update(gap_details(store, [requirement]))
    return replace(inputs, details=details, detailed=inputs.detailed | again)
