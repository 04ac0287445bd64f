"""The gap report: run the completeness shapes and say, per standard, what is missing.

:func:`validate_aims` builds a small data graph with the CONSTRUCT queries in
``queries/completeness_*.rq`` (only what the shapes need, never the whole store), adds one
``aims:ValidationContext`` node carrying the assessment date (SHACL has no clock), runs
pySHACL with no inference against ``completeness.ttl``, and turns the validation report into
what a person reads:

* **iso42001** — in scope: the applicable Annex A controls and the clauses that require
  documented information. Coverage is the share of them the shapes find satisfied; each
  failing one is a gap with its reason and what would close it (waiting suggestions, links
  needing re-review, out-of-date evidence ...). An excluded control without a justification
  is a gap too (not counted in coverage).
* **iso27001**, **euaiact** — through the crosswalks: in scope are the requirements a
  mapping (other than notRelated) ties to an ISO/IEC 42001 clause or non-excluded control;
  covered are those with confirmed, carried-over or derived evidence that is current. Each
  covered requirement lists its evidence with the crosswalk path it came by. A group clause
  in scope (``4``, ``6.1``) is neither counted nor a gap: it is rolled up over its children.
* **groups** — per standard, the group clauses (``6``, ``6.1``, ``A.6`` …) rolled up over
  their children in scope (:mod:`mapping.evidence.rollup`): a group whose children are all covered is
  covered through them, never a gap; a partly covered group in scope is a gap naming the
  missing children.
* **issues** — artefacts without an owner or review date, decisions without reviewer or
  time.

``conforms`` is pySHACL's verdict on the ISO/IEC 42001 shapes: true exactly when there are
no 42001 gaps and no issues. Gaps of the other standards are reported, not failed on.
Non-conformance is data, never an exception.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ontology.errors import NotFoundError
from ontology.namespaces import AIMS, STD
from ontology.query_files import load_query
from ontology.store import EmbeddedStore, GraphStore, to_rdflib

SHAPES = URIRef("https://w3id.org/aimsgraph/shapes#")
STANDARD_LABELS = {
    "iso42001": "ISO/IEC 42001:2023",
    "iso27001": "ISO/IEC 27001:2022",
    "euaiact": "EU AI Act (Regulation (EU) 2024/1689)",
}
COUNTING = frozenset({"confirmed", "carriedOver", "derived"})
_DATA_QUERIES = ("soa", "evidence", "artefacts", "clauses", "decisions")


@dataclass(frozen=True)
class ShapeResult:
    """One result of the SHACL validation report."""

    shape: str
    focus: str
    value: str | None
    path: str | None
    message: str


@dataclass
class Gap:
    """A requirement that is not yet met, why, and what would close it."""

    notation: str
    reason: str
    fix: str
    label: str = ""
    kind: str = ""
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    needs_review: list[dict[str, Any]] = field(default_factory=list)
    suggestions_waiting: int = 0
    #: For a group partly evidenced through its children: those evidenced, those missing.
    rolled_up_from: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: Documents whose evidence for it no longer counts (review date passed or missing).
    out_of_date: list[dict[str, Any]] = field(default_factory=list)
    #: Crosswalked standards: the ISO/IEC 42001 requirements whose evidence would carry over.
    counterparts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class StandardReport:
    """Coverage and gaps of one standard."""

    standard: str
    in_scope: int = 0
    covered: int = 0
    gaps: list[Gap] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    #: Group clauses rolled up over the children in scope (see :mod:`mapping.evidence.rollup`).
    groups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return round(self.covered / self.in_scope, 4) if self.in_scope else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": STANDARD_LABELS.get(self.standard, self.standard),
            "coverage": self.coverage,
            "covered": self.covered,
            "in_scope": self.in_scope,
            "gaps": [g.to_dict() for g in self.gaps],
            "evidence": self.evidence,
            "groups": self.groups,
        }


@dataclass
class GapReport:
    """What the AIMS has and what it lacks, per standard; ``conforms`` for ISO/IEC 42001."""

    conforms: bool
    assessed_on: str
    standards: dict[str, StandardReport]
    issues: list[dict[str, str]] = field(default_factory=list)
    results: list[ShapeResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON value the CLI prints and the API returns (keys documented in docs/)."""
        return {
            "conforms": self.conforms,
            "assessed_on": self.assessed_on,
            "standards": {k: v.to_dict() for k, v in self.standards.items()},
            "issues": self.issues,
            "summary": {
                "gaps": sum(len(s.gaps) for s in self.standards.values()),
                "issues": len(self.issues),
                "shape_results": len(self.results),
            },
        }

    def render(self, fmt: str) -> str:
        """The report as ``text``, ``markdown``, ``html`` or ``json``."""
        from shapes.report_formats import render

        return render(self, fmt)


def load_shapes() -> Graph:
    """The completeness shapes, parsed."""
    path = Path(str(resources.files("shapes"))) / "completeness.ttl"
    return Graph().parse(path, format="turtle")


def build_data_graph(store: GraphStore, today: date) -> Graph:
    """Only what the shapes need, via CONSTRUCT queries, plus the assessment-date node."""
    data = Graph()
    for name in _DATA_QUERIES:
        _construct_into(data, store, load_query("shapes", f"completeness_{name}"))
    context = BNode("validation-context")
    data.add((context, RDF.type, AIMS.ValidationContext))
    data.add((context, AIMS.assessmentDate, Literal(today.isoformat(), datatype=XSD.date)))
    return data


def _construct_into(data: Graph, store: GraphStore, query: str) -> None:
    """Add a CONSTRUCT's triples to ``data``.

    On the embedded store the triples come straight from pyoxigraph and each distinct term
    is converted to rdflib once (a report repeats the same few statuses, dates and
    predicates thousands of times); elsewhere through the store's own ``construct``.
    """
    if not isinstance(store, EmbeddedStore):
        data += store.construct(query)
        return
    cache: dict[Any, Node] = {}

    def term(value: Any) -> Node:
        found = cache.get(value)
        if found is None:
            found = cache[value] = to_rdflib(value)
        return found

    triples = store.oxigraph.query(query, use_default_graph_as_union=True)
    data.addN(
        (term(t.subject), term(t.predicate), term(t.object), data)
        for t in triples  # type: ignore[union-attr]
    )


def run_shapes(data: Graph, shapes: Graph | None = None) -> tuple[bool, list[ShapeResult]]:
    """pySHACL, no inference, over ``data`` (through :func:`shapes.validation.validate_graph`)."""
    from shapes.validation import validate_graph

    report = validate_graph(data, shapes if shapes is not None else load_shapes())
    results = [
        ShapeResult(
            shape=v.shape.removeprefix(str(SHAPES)),
            focus=v.focus,
            value=v.value,
            path=v.path,
            message=v.message,
        )
        for v in report.violations
    ]
    return report.conforms, results


def validate_aims(
    store: GraphStore, *, today: date | None = None, shapes: Graph | None = None
) -> GapReport:
    """Validate the AIMS's completeness on ``today`` and build the gap report.

    Raises :class:`NotFoundError` when the reference data was never loaded (an empty store
    would otherwise look complete).
    """
    from shapes.gaps import assemble_report

    day = today or date.today()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    data = build_data_graph(store, day)
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
    report = assemble_report(store, data, conforms, results, day)
    timings["report_s"] = time.perf_counter() - start
    timings["data_triples"] = float(len(data))
    report.timings = timings
    return report


def standard_of(iri: str) -> str:
    """``iso42001`` from ``https://w3id.org/aimsgraph/std/iso42001/A.5.3``."""
    return iri.removeprefix(str(STD)).split("/", 1)[0]


def local(term: Any) -> str:
    return str(term).rsplit("#", 1)[-1]


def group_rows(rows: list[dict[str, Node]], key: str) -> dict[str, list[dict[str, Node]]]:
    grouped: dict[str, list[dict[str, Node]]] = defaultdict(list)
    for row in rows:
        grouped[str(row[key])].append(row)
    return grouped
