"""The packaged ISO/IEC 42001:2023 reference graph: complete, well-formed, faithful to the
fact CSVs, and written in our own words.

The Turtle file is read from the installed package (``ontology/reference``). Checks against
the fact CSVs in ``../shared/reference`` skip where a fresh clone lacks that folder.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ontology.namespaces import AIMS, requirement_iri, standard_iri
from ontology.reference import load_reference, package_dir
from ontology.store import EmbeddedStore

SHARED_REFERENCE = (Path(__file__).resolve().parents[2] / ".." / "shared" / "reference").resolve()
SCHEME = standard_iri("iso42001")
KIND_CLASS = {"clause": AIMS.Clause, "objective": AIMS.ControlObjective, "control": AIMS.Control}
OBJECTIVES = ["A.2", "A.3", "A.4", "A.5", "A.6", "A.6.1", "A.6.2", "A.7", "A.8", "A.9", "A.10"]
TOPS = {
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "10",
    "A.2",
    "A.3",
    "A.4",
    "A.5",
    "A.6",
    "A.7",
    "A.8",
    "A.9",
    "A.10",
}
DOCUMENTED = {
    "4.3",
    "5.2",
    "6.1.1",
    "6.1.2",
    "6.1.3",
    "6.1.4",
    "6.2",
    "7.2",
    "7.5.1",
    "8.1",
    "8.2",
    "8.3",
    "8.4",
    "9.1",
    "9.2.2",
    "9.3.3",
    "10.2",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(package_dir() / "reference" / "iso42001.ttl", format="turtle")


def _members(graph: Graph) -> list[URIRef]:
    return [s for s in graph.subjects(SKOS.inScheme, SCHEME) if isinstance(s, URIRef)]


def _one(graph: Graph, subject: URIRef, predicate: URIRef) -> Literal:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} has {len(values)} values of {predicate}"
    assert isinstance(values[0], Literal)
    return values[0]


def _notation(graph: Graph, subject: URIRef) -> str:
    return str(_one(graph, subject, SKOS.notation))


def _shared_csv(name: str) -> list[dict[str, str]]:
    path = SHARED_REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (a user's fresh clone); the CSV comparison needs it")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _word_runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


# --- counts and identifiers -------------------------------------------------------------


def test_43_clauses_11_objectives_38_controls(graph: Graph) -> None:
    kinds: dict[str, list[str]] = {}
    for req in _members(graph):
        kinds.setdefault(str(_one(graph, req, AIMS.kind)), []).append(_notation(graph, req))
    assert {k: len(v) for k, v in kinds.items()} == {"clause": 43, "objective": 11, "control": 38}
    assert sorted(kinds["objective"]) == sorted(OBJECTIVES)
    assert {"6.1.1", "6.1.4", "8.4", "9.3.3", "10.2"} <= set(kinds["clause"])
    assert all(not n.endswith(".1") for n in kinds["control"]), "x.1 items are objectives"


def test_scheme_is_a_standard_with_its_top_concepts(graph: Graph) -> None:
    assert (SCHEME, RDF.type, AIMS.Standard) in graph
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    assert _one(graph, SCHEME, SKOS.prefLabel) == Literal("ISO/IEC 42001:2023", lang="en")
    assert _one(graph, SCHEME, SKOS.notation) == Literal("iso42001")
    assert _one(graph, SCHEME, DCTERMS.title).language == "en"
    tops = {_notation(graph, t) for t in graph.objects(SCHEME, SKOS.hasTopConcept)}
    assert tops == TOPS
    assert tops == {_notation(graph, t) for t in graph.subjects(SKOS.topConceptOf, SCHEME)}


def test_every_requirement_is_complete(graph: Graph) -> None:
    orders = []
    for req in _members(graph):
        notation = _notation(graph, req)
        assert req == requirement_iri("iso42001", notation)
        kind = str(_one(graph, req, AIMS.kind))
        assert (req, RDF.type, KIND_CLASS[kind]) in graph, notation
        assert _one(graph, req, SKOS.prefLabel).language == "en"
        for predicate in (SKOS.definition, AIMS.typicalEvidence):
            value = _one(graph, req, predicate)
            assert value.language == "en", f"{notation} {predicate}"
            assert len(str(value).split()) >= 8, f"{notation} {predicate} is too short"
        orders.append(_one(graph, req, AIMS.order).toPython())
    assert sorted(orders) == list(range(1, 93))


def test_definitions_are_two_to_four_sentences(graph: Graph) -> None:
    for req in _members(graph):
        definition = str(_one(graph, req, SKOS.definition))
        assert 2 <= len(_sentences(definition)) <= 4, _notation(graph, req)


def test_typical_evidence_is_distinct_per_requirement(graph: Graph) -> None:
    texts = [str(_one(graph, r, AIMS.typicalEvidence)) for r in _members(graph)]
    assert len(set(texts)) == len(texts)


def test_a33_evidence_speaks_the_vocabulary_of_policies(graph: Graph) -> None:
    evidence = str(_one(graph, requirement_iri("iso42001", "A.3.3"), AIMS.typicalEvidence))
    for phrase in ("whistleblowing", "speak-up", "non-retaliation", "hotline"):
        assert phrase in evidence.lower()


# --- hierarchy and documented information -----------------------------------------------


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("4.1", "4"),
        ("6.1.2", "6.1"),
        ("A.6.2.4", "A.6.2"),
        ("A.6.1", "A.6"),
        ("A.2.2", "A.2"),
        ("A.6.1.2", "A.6.1"),
        ("9.3.3", "9.3"),
    ],
)
def test_broader_follows_the_numbering(graph: Graph, child: str, parent: str) -> None:
    broader = list(graph.objects(requirement_iri("iso42001", child), SKOS.broader))
    assert broader == [requirement_iri("iso42001", parent)]


def test_every_broader_target_exists_and_tops_have_none(graph: Graph) -> None:
    members = set(_members(graph))
    for req in members:
        parents = list(graph.objects(req, SKOS.broader))
        if _notation(graph, req) in TOPS:
            assert parents == []
        else:
            assert len(parents) == 1 and parents[0] in members, _notation(graph, req)


def test_documented_information_clauses(graph: Graph) -> None:
    flagged = {
        _notation(graph, s)
        for s in graph.subjects(AIMS.requiresDocumentedInformation, Literal(True))
    }
    assert flagged == DOCUMENTED and len(flagged) == 17
    for notation in flagged:
        req = requirement_iri("iso42001", notation)
        assert (req, RDF.type, AIMS.Clause) in graph
        assert str(_one(graph, req, AIMS.documentedInformation))
        assert str(_one(graph, req, AIMS.documentedInformationMode)) in {"maintain", "retain"}


# --- fidelity to the facts and to the build script --------------------------------------


def test_ids_titles_kinds_and_order_match_the_fact_csv(graph: Graph) -> None:
    rows = _shared_csv("iso42001-2023.csv")
    for order, row in enumerate(rows, start=1):
        req = requirement_iri("iso42001", row["ref_id"])
        assert str(_one(graph, req, SKOS.prefLabel)) == row["title"]
        assert str(_one(graph, req, AIMS.kind)) == row["kind"]
        assert _one(graph, req, AIMS.order).toPython() == order
    assert len(rows) == len(_members(graph))


def test_documented_information_matches_the_fact_csv(graph: Graph) -> None:
    rows = _shared_csv("iso42001-2023-documented-information.csv")
    assert len(rows) == 17
    for row in rows:
        req = requirement_iri("iso42001", row["clause"])
        assert str(_one(graph, req, AIMS.documentedInformation)) == row["artefact"]
        assert str(_one(graph, req, AIMS.documentedInformationMode)) == row["mode"]


def test_committed_turtle_is_what_the_build_script_makes() -> None:
    if not SHARED_REFERENCE.is_dir():
        pytest.skip(f"{SHARED_REFERENCE} is absent (a user's fresh clone)")
    from tools.build_iso42001 import build

    committed = (package_dir() / "reference" / "iso42001.ttl").read_text(encoding="utf-8")
    assert build(SHARED_REFERENCE) == committed, "rebuild: python -m tools.build_iso42001"


# --- own words ---------------------------------------------------------------------------


def test_no_two_definitions_share_twelve_consecutive_words(graph: Graph) -> None:
    seen: dict[tuple[str, ...], str] = {}
    for req in _members(graph):
        notation = _notation(graph, req)
        for run in _word_runs(str(_one(graph, req, SKOS.definition)), 12):
            assert run not in seen, f"{notation} and {seen[run]} share: {' '.join(run)}"
            seen[run] = notation


def test_copy_guard_fires_on_a_shared_run() -> None:
    a = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert _word_runs(a, 12) & _word_runs("zero " + a, 12)
    assert not _word_runs(a, 12) & _word_runs(a.replace("seven", "7"), 12)


# --- loading ------------------------------------------------------------------------------


def test_loads_into_the_embedded_store(embedded_store: EmbeddedStore) -> None:
    load_reference(embedded_store)
    rows = embedded_store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT (COUNT(?c) AS ?n) WHERE { GRAPH <https://w3id.org/aimsgraph/graph/std/iso42001> "
        "{ ?c a aims:Control ; skos:inScheme <https://w3id.org/aimsgraph/std/iso42001> } }"
    )
    assert int(rows[0]["n"]) == 38
