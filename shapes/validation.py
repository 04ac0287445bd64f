"""Run SHACL shapes with pySHACL and return the outcome as data.

Non-conformance is a result, not an exception (as pySHACL has it): :func:`validate_graph`
returns a :class:`ValidationReport` whose ``violations`` say which shape failed on which node
and why. No inference is run: the data is checked as stored. The completeness report
(``shapes.report``) and the reference integrity check both go through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ontology.errors import AimsgraphError
from ontology.namespaces import STANDARDS, VOCABULARY_GRAPH, crosswalk_graph, standard_graph
from ontology.query_files import load_query
from ontology.reference import load_reference_graph
from ontology.store import GraphStore
from shapes.prepared import install as install_prepared_sparql

SHAPES_DIR = Path(__file__).resolve().parent
REFERENCE_SHAPES = SHAPES_DIR / "reference.ttl"


class ShapesError(AimsgraphError):
    """The shapes themselves are broken (bad Turtle or SHACL pySHACL cannot run)."""

    code = "shapes_error"
    status = 500


@dataclass(frozen=True)
class Violation:
    """One failed check: the shape, the node it failed on, and a message a person reads."""

    shape: str
    focus: str
    message: str
    severity: str = "Violation"
    path: str | None = None
    value: str | None = None
    component: str | None = None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one validation run."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    def by_shape(self) -> dict[str, list[Violation]]:
        """Violations grouped by the (named) shape that raised them."""
        groups: dict[str, list[Violation]] = {}
        for violation in self.violations:
            groups.setdefault(violation.shape, []).append(violation)
        return groups

    def to_json(self) -> dict[str, Any]:
        return {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}


def load_shapes(path: Path | str) -> Graph:
    """Parse a shapes file; a broken file is a :class:`ShapesError`."""
    try:
        return Graph().parse(Path(path), format="turtle")
    except Exception as error:  # noqa: BLE001 - rdflib raises many parser error types
        raise ShapesError(
            f"cannot read shapes file {path}: {error}", hint="fix the Turtle syntax"
        ) from error


def _named_shape(shapes: Graph, shape: Node) -> Node:
    """The named node shape a (blank) property or SPARQL shape belongs to."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(
            (s for p in (SH.property, SH.sparql, SH.node) for s in shapes.subjects(p, shape)),
            None,
        )
        if parent is None:
            break
        shape = parent
    return shape


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _violations(results: Graph, shapes: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        found.append(
            Violation(
                shape=str(_named_shape(shapes, source)) if source is not None else "",
                focus=str(results.value(result, SH.focusNode)),
                message="; ".join(messages),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                path=_text(results.value(result, SH.resultPath)),
                value=_text(results.value(result, SH.value)),
                component=_text(results.value(result, SH.sourceConstraintComponent)),
            )
        )
    return sorted(found, key=lambda v: (v.shape, v.focus, v.value or "", v.message))


def validate_graph(data: Graph, shapes: Graph | Path | str) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (a graph or a file), without inference."""
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    install_prepared_sparql()  # pySHACL's constraint queries parsed once, not per validation
    try:
        conforms, results, text = validate(
            data, shacl_graph=shapes_graph, inference="none", abort_on_first=False
        )
    except Exception as error:  # noqa: BLE001 - pySHACL reports bad shapes this way
        raise ShapesError(f"SHACL validation could not run: {error}") from error
    if not isinstance(results, Graph):
        raise ShapesError("pySHACL returned no results graph")
    return ValidationReport(bool(conforms), _violations(results, shapes_graph), str(text))


def graph_from_store(store: GraphStore, graphs: Iterable[URIRef]) -> Graph:
    """The union of some named graphs of ``store`` as one in-memory graph, to validate."""
    data = Graph()
    for graph in graphs:
        data += store.construct(load_query("shapes", "graph_triples", graph=URIRef(graph)))
    return data


def reference_graphs(store: GraphStore) -> list[URIRef]:
    """The vocabulary, standard and crosswalk graphs present in ``store``."""
    wanted = {str(VOCABULARY_GRAPH), *(str(standard_graph(s)) for s in STANDARDS)}
    prefix = str(crosswalk_graph(""))
    return [URIRef(g) for g in store.named_graphs() if g in wanted or g.startswith(prefix)]


def validate_reference(
    data: Graph | None = None, shapes: Graph | Path | str = REFERENCE_SHAPES
) -> ValidationReport:
    """Integrity of the reference data: the packaged files by default, or ``data``."""
    return validate_graph(load_reference_graph() if data is None else data, shapes)


def validate_reference_store(store: GraphStore) -> ValidationReport:
    """Integrity of the reference graphs as loaded in ``store``."""
    return validate_graph(graph_from_store(store, reference_graphs(store)), REFERENCE_SHAPES)
