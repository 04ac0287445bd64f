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
  covered through them, never a gap; a group names the children it is evidenced through
  and those still missing.
* **issues** — artefacts without an owner or review date, decisions without reviewer or
  time.

``conforms`` is pySHACL's verdict on the ISO/IEC 42001 shapes: true exactly when there are
no 42001 gaps and no issues. Gaps of the other standards are reported, not failed on.
Non-conformance is data, never an exception.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer
from pydantic.json_schema import SkipJsonSchema
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: Why a requirement is a gap (the head of its reason).
GapCode = Literal[
    "no_current_evidence",  # an applicable ISO/IEC 42001 control
    "no_documented_information",  # a clause that requires documented information
    "excluded_without_justification",  # an excluded control
    "no_crosswalk_evidence",  # a requirement of a crosswalked standard
]
#: What else the graph says about a gap (``data`` in brackets).
ReasonCode = Literal[
    "out_of_date",  # {document, title, review_date}
    "needs_review",  # {count, titles}
    "superseded_only",  # {title}
    "suggestions_waiting",  # {count, title, score}
]
#: What would close a gap (``data`` in brackets); each face words it (see docs/review.md).
FixCode = Literal[
    "renew_document",  # {document, title}: review it, ingest it with a new review date
    "rereview_link",  # {link}: confirm a link flagged after a new version
    "confirm_suggestion",  # {link}: the best waiting suggestion
    "ingest_or_exclude",  # {notation}: upload evidence or exclude the control in the SoA
    "ingest_documented_information",  # {}: upload the clause's documented information
    "justify_exclusion",  # {notation}: give the SoA exclusion a justification
    "evidence_counterparts",  # {counterparts, automatic}: evidence the 42001 counterparts
]
#: Why a document or decision is incomplete.
IssueCode = Literal["no_owner", "no_review_date", "no_reviewer", "no_time"]


class Reason(_Strict):
    """One coded fact about a gap."""

    code: ReasonCode
    data: dict[str, Any] = Field(default_factory=dict)


class Fix(_Strict):
    """One coded way to close a gap; the faces word it (CLI command, page button, API link)."""

    code: FixCode
    data: dict[str, Any] = Field(default_factory=dict)


class Action(_Strict):
    """One thing a person can do in the web UI to close a gap or settle an issue."""

    kind: str = Field(
        description="review, upload, review_date, owner, soa, justify, counterpart or audit."
    )
    label: str = Field(description="What to do, in words (the button's text).")
    href: str = Field(description="The web page where it is done.", examples=["/soa#row-A.5.2"])
    document: str | None = Field(default=None, description="The document it concerns.")


class Gap(_Strict):
    """A requirement that is not yet met: why (``code``, ``reasons``) and what would close it
    (``fixes``). ``fix`` and ``actions`` are the faces' wording of ``fixes`` (the CLI's
    commands, the web UI's links), empty in the core's own report."""

    notation: str
    code: GapCode
    data: dict[str, Any] = Field(default_factory=dict)
    reason: str = Field(description="Why it is a gap, in words (the code and reasons' summary).")
    reasons: list[Reason] = Field(default_factory=list)
    fixes: list[Fix] = Field(default_factory=list)
    fix: str = Field(default="", description="What would close it (with the CLI's commands).")
    label: str = ""
    kind: str = ""
    suggestions: list[dict[str, Any]] = Field(default_factory=list)
    needs_review: list[dict[str, Any]] = Field(default_factory=list)
    suggestions_waiting: int = 0
    rolled_up_from: list[str] = Field(
        default_factory=list,
        description="Always empty: no gap is a group clause (see ``groups``); kept as a key.",
    )
    missing: list[str] = Field(
        default_factory=list,
        description="Always empty: no gap is a group clause (see ``groups``); kept as a key.",
    )
    out_of_date: list[dict[str, Any]] = Field(
        default_factory=list, description="Documents whose evidence no longer counts."
    )
    counterparts: list[str] = Field(
        default_factory=list, description="ISO/IEC 42001 requirements that would carry over."
    )
    actions: list[Action] = Field(
        default_factory=list, description="What would close it, as links to the web UI."
    )


class Issue(_Strict):
    """A document or decision the completeness shapes find incomplete (no owner …)."""

    kind: Literal["artefact", "decision"]
    id: str
    title: str
    code: IssueCode
    data: dict[str, Any] = Field(default_factory=dict)
    reason: str
    fix: str = Field(default="", description="What would settle it (the CLI's wording).")
    actions: list[Action] = Field(default_factory=list)


class GroupEvidence(_Strict):
    """A group clause rolled up over its children in the report's scope; ``evidenced`` means
    every child in scope is evidenced (then the group is no gap)."""

    notation: str
    status: Literal["evidenced", "partly", "none"]
    rolled_up_from: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    label: str = ""
    kind: str = ""


class StandardReport(_Strict):
    """Coverage and gaps of one standard."""

    label: str
    coverage: float = Field(default=1.0, ge=0, le=1, description="covered / in_scope.")
    covered: int = 0
    in_scope: int = 0
    gaps: list[Gap] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    groups: list[GroupEvidence] = Field(
        default_factory=list,
        description="Group clauses rolled up over their children; an evidenced one is no gap.",
    )

    @classmethod
    def of(cls, standard: str) -> StandardReport:
        return cls(label=STANDARD_LABELS.get(standard, standard))

    def count(self, in_scope: int, covered: int) -> None:
        """Set the counts and the coverage they give (1.0 when nothing is in scope)."""
        self.in_scope, self.covered = in_scope, covered
        self.coverage = round(covered / in_scope, 4) if in_scope else 1.0


class StandardTotals(_Strict):
    """How many rows one standard's lists hold in the whole report."""

    gaps: int
    evidence: int


class Paging(_Strict):
    """Which rows a paged gap report shows (``GET /api/validation?offset=&limit=``): the same
    window of every standard's ``gaps`` and ``evidence`` and of ``issues``, with the totals
    of the whole report."""

    offset: int
    limit: int
    issues: int = Field(description="Issues in the whole report.")
    standards: dict[str, StandardTotals]


class GapReport(_Strict):
    """What the AIMS has and what it lacks, per standard; ``conforms`` for ISO/IEC 42001.

    The one result of ``validate_aims``, ``aimsgraph validate``, ``GET /api/validation`` and
    the /gaps page; ``systems`` is filled by the workspace (the AI-system register).
    """

    conforms: bool = Field(description="Whether the ISO/IEC 42001 AIMS is complete.")
    assessed_on: str
    standards: dict[str, StandardReport]
    issues: list[Issue] = Field(default_factory=list)
    summary: dict[str, int] = Field(default_factory=dict)
    systems: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Per AI system: its obligations and A.5.x controls not yet evidenced.",
    )
    paging: Paging | None = Field(
        default=None,
        description="Only in a paged report (``offset``/``limit`` given): the window shown and "
        "the whole report's totals. Absent otherwise.",
    )
    #: Each SHACL result, and how long each step took (not part of the JSON).
    results: SkipJsonSchema[list[ShapeResult]] = Field(default_factory=list, exclude=True)
    timings: SkipJsonSchema[dict[str, float]] = Field(default_factory=dict, exclude=True)

    # unannotated on purpose: the JSON schema stays the model's (an annotation would replace it)
    @model_serializer(mode="wrap")
    def _leave_out_paging(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        """An unpaged report has no ``paging`` key (its JSON is as it always was)."""
        data: dict[str, Any] = handler(self)
        if self.paging is None:
            data.pop("paging", None)
        return data

    def to_json(self) -> dict[str, Any]:
        """The JSON value the CLI prints and the API returns (keys documented in docs/)."""
        return self.model_dump(mode="json")

    def page(self, offset: int, limit: int) -> GapReport:
        """The rows ``offset`` to ``offset + limit`` of each list, with the totals (a shallow
        copy: its rows are this report's)."""
        window = slice(offset, offset + limit)
        standards = {
            s: entry.model_copy(
                update={"gaps": entry.gaps[window], "evidence": entry.evidence[window]}
            )
            for s, entry in self.standards.items()
        }
        totals = {
            s: StandardTotals(gaps=len(e.gaps), evidence=len(e.evidence))
            for s, e in self.standards.items()
        }
        paging = Paging(offset=offset, limit=limit, issues=len(self.issues), standards=totals)
        update = {"standards": standards, "issues": self.issues[window], "paging": paging}
        return self.model_copy(update=update)

    def render(self, fmt: str) -> str:
        """The report as ``text``, ``markdown``, ``html`` or ``json``."""
        from shapes.report_formats import render

        return render(self, fmt)


def load_shapes() -> Graph:
    """The completeness shapes, parsed."""
    path = Path(str(resources.files("shapes"))) / "completeness.ttl"
    return Graph().parse(path, format="turtle")


#: One validation at a time over the shared shapes graph.
_SHARED_SHAPES = threading.Lock()


@cache
def completeness_shapes() -> Graph:
    """The completeness shapes parsed once per process, shared: read it, never change it.

    One graph, so pySHACL writes each constraint's query text the same way every time (its
    PREFIX lines follow the parsed graph's order) and :mod:`shapes.prepared` translates it
    once; a fresh parse per validation cost more than validating after a decision."""
    return load_shapes()


def build_data_graph(store: GraphStore, today: date) -> Graph:
    """Only what the shapes need, via CONSTRUCT queries, plus the assessment-date node."""
    data = Graph()
    for name in _DATA_QUERIES:
        construct_into(data, store, load_query("shapes", f"completeness_{name}"))
    context = BNode("validation-context")
    data.add((context, RDF.type, AIMS.ValidationContext))
    data.add((context, AIMS.assessmentDate, RdfLiteral(today.isoformat(), datatype=XSD.date)))
    return data


def construct_into(data: Graph, store: GraphStore, query: str) -> None:
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

    if shapes is None:
        with _SHARED_SHAPES:  # pySHACL adds its system triples to the shapes graph it is given
            report = validate_graph(data, completeness_shapes())
    else:
        report = validate_graph(data, shapes)
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
    from shapes.incremental import full_state

    report = full_state(store, today or date.today(), shapes).report
    assert report is not None  # a full validation always assembles its report
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
