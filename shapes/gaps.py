"""Turn a SHACL validation report into gaps a person can act on (see :mod:`shapes.report`).

Each gap says why the requirement is not met and what would close it, from what the graph
holds for it: suggestions waiting for a reviewer (best first), links that need re-review
after a new version of their document, evidence that is out of date or only on a
superseded version, and for the crosswalked standards the ISO/IEC 42001 counterparts whose
evidence would carry over.

Group clauses (``6``, ``6.1``, ``A.6`` …) are rolled up over their children in scope
(:mod:`mapping.evidence.rollup`): a group whose children are all evidenced is covered through them
and never a gap of its own. Each standard lists its groups under ``groups``, each with the
children it is evidenced through and those still missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from mapping.evidence.rollup import GroupRollup, Hierarchy, load_hierarchy, roll_up_groups
from ontology.namespaces import AIMS, STANDARDS
from ontology.query_files import load_query
from ontology.store import GraphStore
from shapes.gap_issues import artefact_names, issues_of
from shapes.gap_reasons import Label, document_title, explain, notation_of, number, reason_text
from shapes.report import (
    Fix,
    Gap,
    GapCode,
    GapReport,
    GroupEvidence,
    Issue,
    ShapeResult,
    StandardReport,
    group_rows,
    local,
    standard_of,
)

Row = dict[str, Node]
_AUTOMATIC = {"equal", "supersetOf"}


@dataclass(frozen=True)
class _Covered:
    """Per requirement: how many current links count, and those that came by crosswalk."""

    counts: dict[str, int]
    paths: dict[str, list[Row]]


@dataclass(frozen=True)
class _Groups:
    """One standard's group clauses, rolled up over the children in its scope."""

    rollups: dict[str, GroupRollup]

    @classmethod
    def of(cls, hierarchy: Hierarchy, done: set[str], scope: set[str]) -> _Groups:
        return cls({g.group: g for g in roll_up_groups(hierarchy, done, scope)})

    def via_children(self) -> set[str]:
        """The groups evidenced through all their children in scope."""
        return {iri for iri, g in self.rollups.items() if g.status == "evidenced"}

    def entries(self, labels: dict[str, Label]) -> list[GroupEvidence]:
        """The ``groups`` section: each group, its status and the children behind it."""
        out = []
        for iri, group in self.rollups.items():
            info = labels.get(iri, Label(group.notation, "", "", 0))
            out.append(
                GroupEvidence.model_validate(
                    {**group.to_json(), "label": info.label, "kind": info.kind}
                )
            )
        return out


@dataclass
class GapInputs:
    """What the gap report is assembled from besides the shape results: reference data and
    scopes a decision cannot change, and per requirement what its links give (the counts of
    current evidence, the crosswalk paths, the details of a gap), which
    :mod:`shapes.incremental` reads again for the requirements a decision touched only."""

    labels: dict[str, Label]
    scope_42001: set[str]
    other: dict[str, dict[str, list[tuple[str, str]]]]
    #: Requirement → artefact → that artefact's links to it that count and are current
    #: (completeness_covered.rq): after a decision only the touched artefacts are counted
    #: again, and an untouched artefact here still satisfies the evidence shape.
    counted: dict[str, dict[str, int]]
    #: Documented-information clause → the artefacts with a link to it that counts for that
    #: shape (completeness_documented.rq; any review date), kept the same way.
    documented: dict[str, set[str]]
    paths: dict[str, list[Row]]
    details: dict[str, list[Row]]
    #: The requirements whose details were read (those with none have no entry above).
    detailed: set[str]
    hierarchy: Hierarchy
    #: SoA statement → its control (to name an unjustified exclusion).
    statements: dict[str, str]
    #: Artefact → (id, title), for the artefacts an issue names.
    names: dict[str, tuple[str, str]]

    @cached_property
    def counts(self) -> dict[str, int]:
        """Requirement → how many of its links count and are current (worked out from
        ``counted`` once per inputs: a decision's update makes new inputs)."""
        return {r: total for r, parts in self.counted.items() if (total := sum(parts.values()))}

    def needing_details(self, results: list[ShapeResult]) -> set[str]:
        """The requirements a report from ``results`` describes in detail: the failing ones
        and the crosswalked ones without current evidence."""
        open_other = {r for s in self.other.values() for r in s if not self.counts.get(r)}
        return _failing(results) | open_other


def gather_inputs(
    store: GraphStore, data: Graph, results: list[ShapeResult], today: date
) -> GapInputs:
    """Read from the store what :func:`assemble` needs besides ``results``."""
    day = Literal(today.isoformat(), datatype=XSD.date)
    inputs = GapInputs(
        labels=_labels(store),
        scope_42001=_scope_42001(data),
        other=_other_scopes(store),
        counted=covered_parts(store, day),
        documented=documented_parts(store),
        paths=covered_paths(store, day),
        details={},
        detailed=set(),
        hierarchy=load_hierarchy(store),
        statements={
            str(s): str(data.value(s, AIMS.control))
            for s in data.subjects(RDF.type, AIMS.ApplicabilityStatement)
        },
        names={},
    )
    wanted = inputs.needing_details(results)
    inputs.details, inputs.detailed = gap_details(store, sorted(wanted)), wanted
    inputs.names = artefact_names(store, results)
    return inputs


def covered_parts(
    store: GraphStore, day: Literal, artefacts: list[str] | None = None
) -> dict[str, dict[str, int]]:
    """Requirement → artefact → its links whose evidence counts on ``day`` (of ``artefacts``
    only, where given: read one artefact at a time, each from its own links)."""
    out: dict[str, dict[str, int]] = {}
    for bound in _one_by_one(artefacts):
        query = load_query("shapes", "completeness_covered", today=day, artefact=bound)
        for row in store.select(query):
            out.setdefault(str(row["requirement"]), {})[str(row["artefact"])] = int(
                number(row, "links")
            )
    return out


def documented_parts(store: GraphStore, artefacts: list[str] | None = None) -> dict[str, set[str]]:
    """Documented-information clause → the artefacts with a link to it that counts for the
    documented-information shape (of ``artefacts`` only, where given, one at a time)."""
    out: dict[str, set[str]] = {}
    for bound in _one_by_one(artefacts):
        for row in store.select(load_query("shapes", "completeness_documented", artefact=bound)):
            out.setdefault(str(row["requirement"]), set()).add(str(row["artefact"]))
    return out


def _one_by_one(artefacts: list[str] | None) -> list[URIRef | None]:
    """``None`` (every artefact) or each of ``artefacts`` on its own: bound to several at
    once, Oxigraph joins the list after reading every link (measured: 1 artefact 0.8 ms,
    10 together 13-21 ms at 1,000 documents)."""
    return [None] if artefacts is None else [URIRef(a) for a in artefacts]


def covered_paths(
    store: GraphStore, day: Literal, requirements: list[str] | None = None
) -> dict[str, list[Row]]:
    """Requirement → its current evidence that came through a crosswalk, with the path (of
    ``requirements`` only, where given: a plan of its own, started from them), in the order
    of requirement, source requirement and link."""
    if requirements is None:
        query = load_query("shapes", "completeness_paths", today=day)
    else:
        bound: list[Node] = [URIRef(r) for r in requirements]
        query = load_query("shapes", "completeness_paths_of", today=day, requirement=bound)
    rows = sorted(store.select(query), key=_path_order)
    return group_rows(rows, "requirement")


def _path_order(row: Row) -> tuple[str, ...]:
    keys = ("requirement", "from", "linkId", "relationship", "mapping")
    return tuple(str(row.get(k, "")) for k in keys)


def _failing(results: list[ShapeResult]) -> set[str]:
    return {
        str(r.value)
        for r in results
        if r.shape in ("ApplicableControlEvidenceShape", "DocumentedInformationShape") and r.value
    }


def assemble_report(
    store: GraphStore, data: Graph, conforms: bool, results: list[ShapeResult], today: date
) -> GapReport:
    """The gap report from the data graph, the shape results and the store."""
    return assemble(gather_inputs(store, data, results, today), conforms, results, today)


def assemble(
    inputs: GapInputs,
    conforms: bool,
    results: list[ShapeResult],
    today: date,
    issues: list[Issue] | None = None,
) -> GapReport:
    """The gap report from what was read (``inputs``) and the shape results; reads nothing.
    ``issues``: what :func:`shapes.gap_issues.issues_of` gives for them, where known."""
    labels, scope_42001, details = inputs.labels, inputs.scope_42001, inputs.details
    failing = _failing(results)
    covered = _Covered(inputs.counts, inputs.paths)
    hierarchy = inputs.hierarchy
    groups = _Groups.of(hierarchy, scope_42001 - failing, scope_42001)
    rolled = groups.via_children() & failing
    failing -= rolled
    standards = {s: StandardReport.of(s) for s in STANDARDS}
    report42 = standards["iso42001"]
    report42.count(len(scope_42001), len(scope_42001 - failing))
    for iri in sorted(scope_42001 & failing, key=lambda i: labels[i].order if i in labels else 0):
        report42.gaps.append(_gap_42001(iri, labels, details.get(iri, []), today))
    report42.gaps += _exclusion_gaps(results, labels, inputs.statements)
    report42.evidence = _evidence(sorted(scope_42001 - failing), covered, labels, groups)
    report42.groups = groups.entries(labels)
    for standard, scope in inputs.other.items():
        _fill_other(standards[standard], scope, covered, details, labels, today, hierarchy)
    if issues is None:
        issues = issues_of(inputs.names, results)
    if rolled:  # a failing group is covered through its children: the verdict follows the gaps
        conforms = not report42.gaps and not issues
    summary = {
        "gaps": sum(len(s.gaps) for s in standards.values()),
        "issues": len(issues),
        "shape_results": len(results),
    }
    return GapReport(
        conforms=conforms,
        assessed_on=today.isoformat(),
        standards=standards,
        issues=issues,
        summary=summary,
        results=results,
    )


def _labels(store: GraphStore) -> dict[str, Label]:
    out: dict[str, Label] = {}
    for row in store.select(load_query("shapes", "completeness_labels")):
        out[str(row["requirement"])] = Label(
            notation=str(row["notation"]),
            label=str(row.get("label", "")),
            kind=str(row.get("kind", "")),
            order=int(number(row, "order")),
        )
    return out


def _scope_42001(data: Graph) -> set[str]:
    scope = {
        str(clause) for clause in data.subjects(AIMS.requiresDocumentedInformation, Literal(True))
    }
    for row in data.subjects(RDF.type, AIMS.ApplicabilityStatement):
        if data.value(row, AIMS.applicable) == Literal(True):
            scope.add(str(data.value(row, AIMS.control)))
    return scope


def _other_scopes(store: GraphStore) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Per crosswalked standard: requirement -> its 42001 counterparts and relationships."""
    scopes: dict[str, dict[str, list[tuple[str, str]]]] = {"iso27001": {}, "euaiact": {}}
    for row in store.select(load_query("shapes", "completeness_crosswalk_scope")):
        iri = str(row["requirement"])
        standard = standard_of(iri)
        if standard in scopes:
            pairs = scopes[standard].setdefault(iri, [])
            pairs.append((str(row["counterpartNotation"]), local(row["relationship"])))
    return scopes


def gap_details(store: GraphStore, requirements: list[str]) -> dict[str, list[Row]]:
    if not requirements:
        return {}
    terms: list[Node] = [URIRef(r) for r in requirements]
    rows = store.select(load_query("shapes", "completeness_gap_links", requirement=terms))
    counts = store.select(load_query("shapes", "completeness_gap_suggestions", requirement=terms))
    waiting = {str(r["requirement"]): r["waiting"] for r in counts}
    ids: list[Node] = [Literal(str(r["best"]).rsplit("|", 1)[-1]) for r in counts]
    if ids:
        for row in _best(store, ids):
            key = str(row["requirement"])
            rows.append({**row, "status": AIMS.suggested, "waiting": waiting[key]})
    return group_rows(rows, "requirement")


def _best(store: GraphStore, ids: list[Node]) -> list[Row]:
    """The best suggestions ``ids`` described, each with where it came from (one row per
    crosswalk path; the row alone for a suggestion of its own)."""
    found = store.select(load_query("shapes", "completeness_gap_best", linkId=ids))
    links: list[Node] = [r["link"] for r in found]
    paths: dict[str, list[Row]] = {}
    if links:
        for path in store.select(load_query("shapes", "completeness_gap_crosswalk", link=links)):
            paths.setdefault(str(path.pop("link")), []).append(path)
    rows: list[Row] = []
    for row in found:
        own = {k: v for k, v in row.items() if k != "link"}
        rows.extend([{**own, **p} for p in paths.get(str(row["link"]), [])] or [own])
    return rows


def _gap_42001(iri: str, labels: dict[str, Label], rows: list[Row], today: date) -> Gap:
    info = labels.get(iri, Label(iri.rsplit("/", 1)[-1], "", "", 0))
    reasons, fixes, waiting = explain(rows, today, labels)
    clause = info.kind == "clause"
    code: GapCode = "no_documented_information" if clause else "no_current_evidence"
    if clause:
        fixes.append(Fix(code="ingest_documented_information"))
    else:
        fixes.append(Fix(code="ingest_or_exclude", data={"notation": info.notation}))
    return Gap(
        notation=info.notation,
        code=code,
        reason=reason_text(code, reasons),
        reasons=reasons,
        fixes=fixes,
        label=info.label,
        kind=info.kind or ("clause" if clause else "control"),
        **waiting,
    )


def _exclusion_gaps(
    results: list[ShapeResult], labels: dict[str, Label], statements: dict[str, str]
) -> list[Gap]:
    gaps = []
    for r in results:
        if r.shape == "ExcludedControlJustificationShape":
            control = statements.get(r.focus, "None")
            info = labels.get(control, Label(control.rsplit("/", 1)[-1], "", "control", 0))
            gaps.append(
                Gap(
                    notation=info.notation,
                    code="excluded_without_justification",
                    reason=reason_text("excluded_without_justification", []),
                    fixes=[Fix(code="justify_exclusion", data={"notation": info.notation})],
                    label=info.label,
                    kind=info.kind,
                )
            )
    return gaps


def _fill_other(
    report: StandardReport,
    scope: dict[str, list[tuple[str, str]]],
    covered: _Covered,
    details: dict[str, list[Row]],
    labels: dict[str, Label],
    today: date,
    hierarchy: Hierarchy,
) -> None:
    ordered = sorted(scope, key=lambda i: (labels[i].order if i in labels else 0, i))
    # a group clause (4, 6.1 …) stands for its children: it is rolled up over them in the
    # groups section, never counted or listed as a gap of its own
    counted = [i for i in ordered if not hierarchy.is_group(i)]
    linked = {i for i in ordered if covered.counts.get(i)}
    groups = _Groups.of(hierarchy, linked, set(scope))
    done = [i for i in ordered if i in linked or i in groups.via_children()]
    report.count(len(counted), sum(1 for i in done if not hierarchy.is_group(i)))
    report.evidence = _evidence(done, covered, labels, groups)
    report.groups = groups.entries(labels)
    for iri in counted:
        if iri in done:
            continue
        info = labels.get(iri, Label(iri.rsplit("/", 1)[-1], "", "", 0))
        reasons, fixes, waiting = explain(details.get(iri, []), today, labels)
        auto = sorted({n for n, rel in scope[iri] if rel in _AUTOMATIC})
        review = sorted({n for n, rel in scope[iri] if rel not in _AUTOMATIC})
        for names, automatic in ((auto, True), (review, False)):
            if names:
                data = {"counterparts": names, "automatic": automatic}
                fixes.append(Fix(code="evidence_counterparts", data=data))
        gap = Gap(
            notation=info.notation,
            code="no_crosswalk_evidence",
            reason=reason_text("no_crosswalk_evidence", reasons),
            reasons=reasons,
            fixes=fixes,
            label=info.label,
            kind=info.kind,
            counterparts=auto + [n for n in review if n not in auto],
            **waiting,
        )
        report.gaps.append(gap)


#: Most crosswalk paths listed per covered requirement (the count says how many links).
MAX_PATHS = 5


def _evidence(
    requirements: list[str], covered: _Covered, labels: dict[str, Label], groups: _Groups
) -> list[dict[str, Any]]:
    """Per covered requirement: how many current links, and the crosswalk paths among them;
    a group also names the children it is evidenced through (``rolled_up_from``)."""
    out = []
    for iri in requirements:
        items = []
        for r in covered.paths.get(iri, [])[:MAX_PATHS]:
            path = {
                "from": notation_of(r["from"], labels),
                "relationship": local(r["relationship"]),
                "mapping": str(r["mapping"]),
            }
            items.append(
                {
                    "link": str(r["linkId"]),
                    "document": str(r.get("docId", "")),
                    "title": document_title(r),
                    "status": local(r["status"]),
                    "path": path,
                }
            )
        info = labels.get(iri, Label(iri.rsplit("/", 1)[-1], "", "", 0))
        entry = {
            "notation": info.notation,
            "label": info.label,
            "links": covered.counts.get(iri, 0),
            "evidence": items,
        }
        if iri in groups.rollups:
            entry["rolled_up_from"] = list(groups.rollups[iri].rolled_up_from)
        out.append(entry)
    return out
