"""The packaged crosswalks ISO/IEC 42001 -> ISO/IEC 27001:2022 and -> EU AI Act: every edge
typed, sourced and resolvable, one edge per ordered pair, SKOS matches materialised, every
Annex A control covered, and the figures in docs/crosswalks.md true.

Reads the installed package files. Checks against ``../shared/reference`` (fact CSV ids, the
candidate tables, build reproducibility) skip where a fresh clone lacks that folder.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ontology.namespaces import AIMS, STD, crosswalk_graph, requirement_iri
from ontology.reference import load_reference, package_dir
from ontology.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
SHARED_REFERENCE = (ROOT / ".." / "shared" / "reference").resolve()
PAIRS = {"iso42001-iso27001": "iso27001", "iso42001-euaiact": "euaiact"}
RELATIONSHIPS = {AIMS.equal, AIMS.subsetOf, AIMS.supersetOf, AIMS.intersectsWith, AIMS.notRelated}
RATIONALES = {AIMS.syntactic, AIMS.semantic, AIMS.functional}
SKOS_OF = {
    AIMS.equal: SKOS.exactMatch,
    AIMS.subsetOf: SKOS.broadMatch,
    AIMS.supersetOf: SKOS.narrowMatch,
    AIMS.intersectsWith: SKOS.relatedMatch,
}
SOURCES = {
    URIRef(
        "https://github.com/Ankit-Uniyal/iso-42001-ai-governance-toolkit/blob/"
        "803b62da4c66f6b6ab601c87cb298597a497eebd/11-CONTROLS-MAPPING.md"
    ),
    URIRef(
        "https://github.com/finos/ai-governance-framework/tree/"
        "78e0aedddfd1775419ce4e859e9367b3f488c4ae"
    ),
    URIRef("https://w3id.org/aimsgraph/curation/aimsgraph-team"),
}
CROSSWALK = "https://w3id.org/aimsgraph/crosswalk/"


def _parse(name: str) -> Graph:
    return Graph().parse(package_dir() / "reference" / name, format="turtle")


@pytest.fixture(scope="module")
def crosswalks() -> dict[str, Graph]:
    return {pair: _parse(f"crosswalk-{pair}.ttl") for pair in PAIRS}


@pytest.fixture(scope="module")
def reference() -> Graph:
    graph = Graph()
    for name in ("iso42001", "iso27001", "euaiact"):
        graph += _parse(f"{name}.ttl")
    return graph


def _mappings(graph: Graph) -> list[URIRef]:
    return [m for m in graph.subjects(RDF.type, AIMS.Mapping) if isinstance(m, URIRef)]


def _one(graph: Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} has {len(values)} values of {predicate}"
    return values[0]


def _notation(iri: object, standard: str) -> str:
    prefix = f"{STD}{standard}/"
    assert isinstance(iri, URIRef) and str(iri).startswith(prefix), f"{iri} not in {standard}"
    return str(iri).removeprefix(prefix)


def _edges(graph: Graph, target_standard: str) -> dict[tuple[str, str], URIRef]:
    edges: dict[tuple[str, str], URIRef] = {}
    for m in _mappings(graph):
        source = _notation(_one(graph, m, AIMS.mappingSource), "iso42001")
        target = _notation(_one(graph, m, AIMS.mappingTarget), target_standard)
        assert (source, target) not in edges, f"duplicate ordered pair {source} -> {target}"
        edges[(source, target)] = m
    return edges


def _shared_ids(name: str, column: str) -> set[str]:
    path = SHARED_REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (a user's fresh clone); the id check needs it")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row[column] for row in rows}


def _controls(reference: Graph) -> list[str]:
    return [
        _notation(c, "iso42001")
        for c in reference.subjects(RDF.type, AIMS.Control)
        if str(c).startswith(f"{STD}iso42001/")
    ]


# --- every edge is typed, sourced and resolvable ------------------------------------------


@pytest.mark.parametrize("pair", PAIRS)
def test_every_mapping_is_typed_and_sourced(crosswalks: dict[str, Graph], pair: str) -> None:
    graph = crosswalks[pair]
    assert _mappings(graph)
    for m in _mappings(graph):
        assert _one(graph, m, AIMS.relationship) in RELATIONSHIPS
        assert _one(graph, m, AIMS.rationale) in RATIONALES
        strength = _one(graph, m, AIMS.strength)
        assert isinstance(strength, Literal) and 0 <= strength.toPython() <= 10
        assert _one(graph, m, AIMS.curationStatus) in {AIMS.curated, AIMS.candidate}
        sources = set(graph.objects(m, DCTERMS.source))
        assert sources and sources <= SOURCES, f"{m} sources {sources}"
        comment = _one(graph, m, RDFS.comment)
        assert isinstance(comment, Literal) and comment.language == "en" and str(comment)


@pytest.mark.parametrize(("pair", "standard"), PAIRS.items())
def test_mapping_iris_name_their_ends(
    crosswalks: dict[str, Graph], pair: str, standard: str
) -> None:
    for (source, target), m in _edges(crosswalks[pair], standard).items():
        assert str(m) == f"{CROSSWALK}{pair}/{source}--{target}"


@pytest.mark.parametrize(("pair", "standard"), PAIRS.items())
def test_both_ends_exist_in_the_packaged_reference(
    crosswalks: dict[str, Graph], reference: Graph, pair: str, standard: str
) -> None:
    for source, target in _edges(crosswalks[pair], standard):
        assert (requirement_iri("iso42001", source), RDF.type, None) in reference, source
        assert (requirement_iri(standard, target), RDF.type, None) in reference, target


def test_ends_match_the_fact_csv_ids(crosswalks: dict[str, Graph]) -> None:
    ids = {
        "iso42001": _shared_ids("iso42001-2023.csv", "ref_id"),
        "iso27001": _shared_ids("iso27001-2022.csv", "ref_id"),
        "euaiact": {f"art-{n}" for n in _shared_ids("eu-ai-act-2024-1689-articles.csv", "article")},
    }
    for pair, standard in PAIRS.items():
        for source, target in _edges(crosswalks[pair], standard):
            assert source in ids["iso42001"] and target in ids[standard], (source, target)


def test_ai_act_targets_are_articles_only(crosswalks: dict[str, Graph]) -> None:
    for _, target in _edges(crosswalks["iso42001-euaiact"], "euaiact"):
        match = re.fullmatch(r"art-(\d+)", target)
        assert match and 1 <= int(match.group(1)) <= 113, target


# --- structure of the crosswalks ----------------------------------------------------------


@pytest.mark.parametrize(("pair", "standard"), PAIRS.items())
def test_skos_matches_are_exactly_the_typed_edges(
    crosswalks: dict[str, Graph], pair: str, standard: str
) -> None:
    graph = crosswalks[pair]
    expected = set()
    for (source, target), m in _edges(graph, standard).items():
        relationship = _one(graph, m, AIMS.relationship)
        if relationship in SKOS_OF:
            expected.add(
                (
                    requirement_iri("iso42001", source),
                    SKOS_OF[relationship],
                    requirement_iri(standard, target),
                )
            )
    found = {t for p in SKOS_OF.values() for t in graph.triples((None, p, None))}
    assert found == expected


def test_harmonized_structure_clause_pairs(crosswalks: dict[str, Graph]) -> None:
    graph = crosswalks["iso42001-iso27001"]
    clause_pairs = {
        k: m
        for k, m in _edges(graph, "iso27001").items()
        if not k[0].startswith("A.") and not k[1].startswith("A.")
    }
    assert len(clause_pairs) == 41
    assert all(source == target for source, target in clause_pairs)
    relationship = {k[0]: _one(graph, m, AIMS.relationship) for k, m in clause_pairs.items()}
    assert {relationship["10.2"], relationship["7.5.3"], relationship["9.2.2"]} == {AIMS.equal}
    assert relationship["5.2"] == AIMS.intersectsWith  # the AI policy is not the ISMS policy
    for clause in ("6.1.4", "8.4"):
        assert not [k for k in _edges(graph, "iso27001") if k[0] == clause]
        reason = _one(graph, requirement_iri("iso42001", clause), AIMS.noMappingReason)
        assert str(reason)


def test_every_annex_a_control_is_covered(crosswalks: dict[str, Graph], reference: Graph) -> None:
    controls = _controls(reference)
    assert len(controls) == 38
    for pair, standard in PAIRS.items():
        graph = crosswalks[pair]
        typed = {
            s
            for (s, _), m in _edges(graph, standard).items()
            if _one(graph, m, AIMS.relationship) != AIMS.notRelated
        }
        for control in controls:
            has_reason = (requirement_iri("iso42001", control), AIMS.noMappingReason, None) in graph
            assert (control in typed) != has_reason, f"{pair}: {control}"


def test_candidates_are_weak_finos_co_citations(crosswalks: dict[str, Graph]) -> None:
    graph = crosswalks["iso42001-euaiact"]
    candidates = list(graph.subjects(AIMS.curationStatus, AIMS.candidate))
    assert candidates
    for m in candidates:
        assert isinstance(m, URIRef)
        strength = _one(graph, m, AIMS.strength)
        assert isinstance(strength, Literal) and strength.toPython() <= 3
        assert "finos" in " ".join(str(s) for s in graph.objects(m, DCTERMS.source))


def test_counts_in_the_docs_match_the_files(crosswalks: dict[str, Graph]) -> None:
    doc = (ROOT / "docs" / "crosswalks.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (iso42001-\w+) \| (\w+) \| (curated|candidate) \| (\d+) \|$", doc, flags=re.MULTILINE
    )
    documented = {(pair, rel, status): int(n) for pair, rel, status, n in rows}
    actual: Counter[tuple[str, str, str]] = Counter()
    for pair, graph in crosswalks.items():
        for m in _mappings(graph):
            rel = str(_one(graph, m, AIMS.relationship)).removeprefix(str(AIMS))
            status = str(_one(graph, m, AIMS.curationStatus)).removeprefix(str(AIMS))
            actual[(pair, rel, status)] += 1
    assert documented == dict(actual)


def test_docs_example_query_answers(crosswalks: dict[str, Graph], reference: Graph) -> None:
    doc = (ROOT / "docs" / "crosswalks.md").read_text(encoding="utf-8")
    query = re.search(r"```sparql\n(.*?)```", doc, flags=re.DOTALL)
    assert query is not None
    graph = reference + crosswalks["iso42001-iso27001"] + crosswalks["iso42001-euaiact"]
    targets = [str(row[0]) for row in graph.query(query.group(1))]  # type: ignore[index]
    assert targets[0] == "art-12" and "A.8.15" in targets


# --- the build: every candidate decided, output reproducible ------------------------------


def test_committed_crosswalks_are_what_the_build_script_makes() -> None:
    if not SHARED_REFERENCE.is_dir():
        pytest.skip(f"{SHARED_REFERENCE} is absent (a user's fresh clone)")
    from tools.build_crosswalks import build_all

    for pair, (_, content) in build_all(SHARED_REFERENCE).items():
        committed = (package_dir() / "reference" / f"crosswalk-{pair}.ttl").read_text("utf-8")
        assert content == committed, "rebuild: python -m tools.build_crosswalks"


def test_build_refuses_an_undecided_candidate(tmp_path: Path) -> None:
    if not SHARED_REFERENCE.is_dir():
        pytest.skip(f"{SHARED_REFERENCE} is absent (a user's fresh clone)")
    from tools.build_crosswalks import build_all

    copy = tmp_path / "reference"
    shutil.copytree(SHARED_REFERENCE, copy)
    table = copy / "crosswalk-candidates" / "iso42001--iso27001-annexA-practitioner.csv"
    with table.open("a", encoding="utf-8") as handle:
        handle.write("A.9.4,A.8.24,related\n")
    with pytest.raises(SystemExit, match="no curation decision"):
        build_all(copy)


# --- loading ------------------------------------------------------------------------------


def test_crosswalks_load_into_their_named_graphs(
    embedded_store: EmbeddedStore, crosswalks: dict[str, Graph]
) -> None:
    load_reference(embedded_store)
    for pair, graph in crosswalks.items():
        rows = embedded_store.select(
            f"SELECT (COUNT(?m) AS ?n) WHERE {{ GRAPH <{crosswalk_graph(pair)}> "
            f"{{ ?m a <{AIMS.Mapping}> }} }}"
        )
        assert int(rows[0]["n"]) == len(_mappings(graph))
