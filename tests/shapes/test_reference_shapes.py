"""The reference integrity shapes: the shipped data conforms, and each shape fires.

Each breakage test copies the shipped reference graph, breaks one thing, and validates the
copy against that one shape alone, so the test shows the shape itself catches the fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, SKOS

from ontology.namespaces import AIMS, requirement_iri, standard_iri
from ontology.reference import load_reference, reference_files
from ontology.store import EmbeddedStore
from shapes.validation import (
    REFERENCE_SHAPES,
    ShapesError,
    ValidationReport,
    load_shapes,
    validate_graph,
    validate_reference,
    validate_reference_store,
)

SHP = "https://w3id.org/aimsgraph/shapes/reference#"
EXPECTED_FILES = {
    "iso42001.ttl",
    "iso27001.ttl",
    "euaiact.ttl",
    "crosswalk-iso42001-iso27001.ttl",
    "crosswalk-iso42001-euaiact.ttl",
}
CONTROL = requirement_iri("iso42001", "A.6.2.4")
Breakage = Callable[[Graph], object]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(REFERENCE_SHAPES)


@pytest.fixture(scope="module")
def shipped() -> Graph:
    present = {ref.path.name for ref in reference_files()}
    missing = EXPECTED_FILES - present
    assert not missing, f"reference files missing from ontology/reference/: {sorted(missing)}"
    data = Graph()
    for ref in reference_files():
        data.parse(ref.path, format="turtle")
    return data


def only(shapes: Graph, name: str) -> Graph:
    """A shapes graph holding one named shape (with its blank nodes) and the prefixes."""
    subset = Graph()

    def copy(node: URIRef | BNode) -> None:
        for p, o in shapes.predicate_objects(node):
            if (node, p, o) in subset:
                continue
            subset.add((node, p, o))
            if isinstance(o, BNode):
                copy(o)

    copy(URIRef(SHP + name))
    copy(URIRef(SHP))
    return subset


def mapping_of(data: Graph, source: URIRef) -> URIRef:
    found = sorted(data.subjects(AIMS.mappingSource, source))
    assert found, f"no mapping from {source} in the shipped data"
    return found[0]  # type: ignore[return-value]


def drop_subject(data: Graph, subject: URIRef) -> None:
    data.remove((subject, None, None))


def add_requirement(data: Graph, iri: URIRef, standard: str, notation: str) -> None:
    data.add((iri, RDF.type, AIMS.Control))
    data.add((iri, SKOS.notation, Literal(notation)))
    data.add((iri, SKOS.prefLabel, Literal("Test", lang="en")))
    data.add((iri, SKOS.definition, Literal("Test", lang="en")))
    data.add((iri, SKOS.inScheme, standard_iri(standard)))
    data.add((iri, AIMS.kind, Literal("control")))


def copy_mapping(data: Graph, mapping: URIRef, new: URIRef, reverse: bool = False) -> None:
    for p, o in list(data.predicate_objects(mapping)):
        data.add((new, p, o))
    if reverse:
        source, target = (
            data.value(mapping, AIMS.mappingSource),
            data.value(mapping, AIMS.mappingTarget),
        )
        data.set((new, AIMS.mappingSource, target))  # type: ignore[arg-type]
        data.set((new, AIMS.mappingTarget, source))  # type: ignore[arg-type]


# ------------------------------------------------------------------------ conformance


def test_shipped_reference_conforms() -> None:
    report = validate_reference()
    assert report.conforms, "\n".join(
        f"{v.shape} {v.focus}: {v.message}" for v in report.violations
    )
    assert report.violations == []


def test_loaded_store_conforms(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        load_reference(store)
        report = validate_reference_store(store)
    finally:
        store.close()
    assert report.conforms, report.text


def test_every_shape_has_a_breakage_test(shapes: Graph) -> None:
    named = {
        str(s).removeprefix(SHP)
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if isinstance(s, URIRef)
    }
    assert named == {case[0] for case in CASES}


# ----------------------------------------------------------------------- breakages


def _retype_kind(cls: URIRef, wrong: str) -> Breakage:
    def breakage(data: Graph) -> URIRef:
        node = sorted(data.subjects(RDF.type, cls))[0]
        data.set((node, AIMS.kind, Literal(wrong)))
        return node  # type: ignore[return-value]

    return breakage


def _remove(prop: URIRef) -> Breakage:
    def breakage(data: Graph) -> URIRef:
        data.remove((CONTROL, prop, None))
        return CONTROL

    return breakage


def _bad_iri(data: Graph) -> URIRef:
    iri = URIRef(str(standard_iri("iso42001")) + "/control-99")
    add_requirement(data, iri, "iso42001", "A.6.2.99")
    return iri


def _foreign_broader(data: Graph) -> URIRef:
    data.set((CONTROL, SKOS.broader, requirement_iri("iso27001", "A.5")))
    return CONTROL


def _second_notation(data: Graph) -> URIRef:
    add_requirement(data, URIRef(str(CONTROL) + "-copy"), "iso42001", "A.6.2.4")
    return standard_iri("iso42001")


def _drop_one(standard: str, notation: str) -> Breakage:
    def breakage(data: Graph) -> URIRef:
        drop_subject(data, requirement_iri(standard, notation))
        return standard_iri(standard)

    return breakage


def _mapping_fault(fault: str) -> Breakage:
    def breakage(data: Graph) -> URIRef:
        mapping = mapping_of(data, CONTROL)
        if fault == "strength":
            data.set((mapping, AIMS.strength, Literal(11)))
        elif fault == "relationship":
            data.remove((mapping, AIMS.relationship, None))
        elif fault == "rationale":
            data.set((mapping, AIMS.rationale, AIMS.equal))
        elif fault == "source":
            data.remove((mapping, DCTERMS.source, None))
        elif fault == "status":
            data.remove((mapping, AIMS.curationStatus, None))
        elif fault == "targets":
            data.add((mapping, AIMS.mappingTarget, requirement_iri("euaiact", "art-1")))
        return mapping

    return breakage


def _dangling_end(data: Graph) -> URIRef:
    mapping = mapping_of(data, CONTROL)
    data.set((mapping, AIMS.mappingTarget, requirement_iri("euaiact", "art-999")))
    return mapping


def _same_standard(data: Graph) -> URIRef:
    mapping = mapping_of(data, CONTROL)
    data.set((mapping, AIMS.mappingTarget, requirement_iri("iso42001", "A.6.2.5")))
    return mapping


def _duplicate(reverse: bool) -> Breakage:
    def breakage(data: Graph) -> URIRef:
        mapping = mapping_of(data, CONTROL)
        copy_mapping(data, mapping, URIRef(str(mapping) + "-again"), reverse=reverse)
        return mapping

    return breakage


def _contradiction(reverse: bool) -> Breakage:
    def breakage(data: Graph) -> URIRef:
        mapping = mapping_of(data, CONTROL)
        new = URIRef(str(mapping) + "-other")
        copy_mapping(data, mapping, new, reverse=reverse)
        # intersectsWith in reverse would agree; subsetOf both ways (or a second, different
        # relationship the same way) contradicts.
        data.set((mapping, AIMS.relationship, AIMS.subsetOf))
        data.set((new, AIMS.relationship, AIMS.subsetOf if reverse else AIMS.equal))
        return mapping

    return breakage


def _unmaterialised(data: Graph) -> URIRef:
    mapping = mapping_of(data, CONTROL)
    target = data.value(mapping, AIMS.mappingTarget)
    data.remove((CONTROL, None, target))
    return mapping


CASES: list[tuple[str, str, Breakage]] = [
    ("RequirementShape", "no definition", _remove(SKOS.definition)),
    ("RequirementShape", "no notation", _remove(SKOS.notation)),
    ("RequirementShape", "no label", _remove(SKOS.prefLabel)),
    ("RequirementShape", "no scheme", _remove(SKOS.inScheme)),
    ("RequirementShape", "no kind", _remove(AIMS.kind)),
    ("ClauseKindShape", "clause of kind control", _retype_kind(AIMS.Clause, "control")),
    (
        "ObjectiveKindShape",
        "objective of kind clause",
        _retype_kind(AIMS.ControlObjective, "clause"),
    ),
    ("ControlKindShape", "control of kind article", _retype_kind(AIMS.Control, "article")),
    ("ArticleKindShape", "article of kind control", _retype_kind(AIMS.Article, "control")),
    ("RequirementIriShape", "IRI off the pattern", _bad_iri),
    ("RequirementBroaderShape", "broader in another standard", _foreign_broader),
    ("UniqueNotationShape", "notation used twice", _second_notation),
    ("Iso42001CountShape", "a control missing", _drop_one("iso42001", "A.6.2.4")),
    ("Iso27001CountShape", "a theme missing", _drop_one("iso27001", "A.7")),
    ("EuAiActCountShape", "an article missing", _drop_one("euaiact", "art-113")),
    ("MappingShape", "strength 11", _mapping_fault("strength")),
    ("MappingShape", "untyped", _mapping_fault("relationship")),
    ("MappingShape", "bad rationale", _mapping_fault("rationale")),
    ("MappingShape", "unsourced", _mapping_fault("source")),
    ("MappingShape", "no curation status", _mapping_fault("status")),
    ("MappingShape", "two targets", _mapping_fault("targets")),
    ("MappingEndsShape", "target does not exist", _dangling_end),
    ("MappingEndsShape", "both ends in one standard", _same_standard),
    ("DuplicateMappingShape", "same pair twice", _duplicate(reverse=False)),
    ("DuplicateMappingShape", "reverse edge saying the same", _duplicate(reverse=True)),
    ("ContradictoryMappingShape", "same pair, other relationship", _contradiction(reverse=False)),
    ("ContradictoryMappingShape", "reverse edge not the inverse", _contradiction(reverse=True)),
    ("MaterialisedMatchShape", "SKOS match missing", _unmaterialised),
]


@pytest.fixture
def broken(shipped: Graph) -> Iterator[Graph]:
    copy = Graph()
    copy += shipped
    yield copy


@pytest.mark.parametrize(
    ("shape", "why", "breakage"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES]
)
def test_shape_fires(
    shapes: Graph, shipped: Graph, broken: Graph, shape: str, why: str, breakage: Breakage
) -> None:
    single = only(shapes, shape)
    assert validate_graph(shipped, single).conforms, f"{shape} fires on the shipped data"
    focus = breakage(broken)
    report: ValidationReport = validate_graph(broken, single)
    assert not report.conforms, f"{shape} missed: {why}"
    assert {v.shape for v in report.violations} == {SHP + shape}
    # Per-node shapes report the node as focus; whole-graph SPARQL shapes as sh:value.
    assert str(focus) in {v.focus for v in report.violations} | {v.value for v in report.violations}
    assert all(v.message for v in report.violations)


# ------------------------------------------------------------------- the report API


def test_report_as_json(shapes: Graph, broken: Graph) -> None:
    _drop_one("euaiact", "art-113")(broken)
    report = validate_graph(broken, only(shapes, "EuAiActCountShape"))
    data = report.to_json()
    assert data["conforms"] is False
    [violation] = data["violations"]
    assert "expected 113" in violation["message"] and "found 112" in violation["message"]
    assert list(report.by_shape()) == [SHP + "EuAiActCountShape"]


def test_broken_shapes_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(ShapesError):
        validate_graph(Graph(), bad)


def test_the_prepared_sparql_processor_is_installed_by_validation_not_by_import() -> None:
    """Importing the package leaves rdflib's SPARQL processor alone; the first validation
    installs the one that keeps translated queries (shapes/prepared.py)."""
    import subprocess
    import sys

    script = (
        "from rdflib import plugin\n"
        "from rdflib.query import Processor\n"
        "import shapes.validation as v\n"
        "print(plugin.get('sparql', Processor).__name__)\n"
        "v.validate_reference()\n"
        "print(plugin.get('sparql', Processor).__name__)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["SPARQLProcessor", "PreparedSparqlProcessor"]
