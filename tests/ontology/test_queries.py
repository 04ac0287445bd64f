"""The packaged crosswalk queries and the requirement lookups, against the loaded reference.

Each analysis query is checked against an oracle computed in Python from the reference
Turtle files, so a wrong join or a direction mix-up fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from ontology.errors import InputError, NotFoundError, QueryError
from ontology.namespaces import AIMS, ORG, ORG_GRAPH, crosswalk_graph, requirement_iri
from ontology.query_files import fill_values, load_query, query_names, query_text
from ontology.reference import load_reference, load_reference_graph
from ontology.requirements import (
    crosswalk_neighbours,
    find_requirement,
    list_requirements,
    normalise_notation,
)
from ontology.sparql import query_form
from ontology.store import EmbeddedStore, GraphStore
from tests.conftest import SparqlServer

INVERSE = {"subsetOf": "supersetOf", "supersetOf": "subsetOf"}


@pytest.fixture(scope="module")
def reference() -> Graph:
    return load_reference_graph()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("queries") / "oxigraph")
    load_reference(store)
    yield store
    store.close()


def local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def standard_of(iri: object) -> str:
    return str(iri).split("/std/")[1].split("/")[0]


def edges(reference: Graph) -> list[tuple[URIRef, URIRef, str]]:
    """(source, target, relationship) of every mapping that is not notRelated."""
    found = []
    for mapping in reference.subjects(RDF.type, AIMS.Mapping):
        rel = local(reference.value(mapping, AIMS.relationship))
        if rel != "notRelated":
            source = reference.value(mapping, AIMS.mappingSource)
            target = reference.value(mapping, AIMS.mappingTarget)
            found.append((source, target, rel))  # type: ignore[arg-type]
    return found


def notations(reference: Graph, standard: str, kind: str | None = None) -> set[str]:
    scheme = URIRef(f"https://w3id.org/aimsgraph/std/{standard}")
    return {
        str(reference.value(r, SKOS.notation))
        for r in reference.subjects(SKOS.inScheme, scheme)
        if kind is None or str(reference.value(r, AIMS.kind)) == kind
    }


def run(store: GraphStore, name: str, **values: object) -> list[dict[str, str]]:
    rows = store.select(load_query("ontology", name, **values))  # type: ignore[arg-type]
    return [{k: str(v) for k, v in row.items()} for row in rows]


# ------------------------------------------------------------------- analysis queries


def test_counterparts_of_controls_match_the_crosswalk(
    loaded: EmbeddedStore, reference: Graph
) -> None:
    controls = sorted(notations(reference, "iso42001", "control"))
    rows = run(loaded, "counterparts-of-control", control=controls)
    got = {(r["control"], r["standard"], r["counterpart"], r["relationship"]) for r in rows}
    expected = set()
    for source, target, rel in edges(reference):
        for here, there, incoming in ((source, target, False), (target, source, True)):
            if standard_of(here) == "iso42001" and local(here) in controls:
                relationship = INVERSE.get(rel, rel) if incoming else rel
                expected.add((local(here), standard_of(there), local(there), relationship))
    assert got == expected
    assert {standard for _, standard, _, _ in got} == {"iso27001", "euaiact"}


def test_default_control_has_counterparts_in_both_standards(loaded: EmbeddedStore) -> None:
    rows = run(loaded, "counterparts-of-control")
    assert {r["control"] for r in rows} == {"A.6.2.4"}
    assert {r["standard"] for r in rows} == {"iso27001", "euaiact"}
    assert all(0 <= int(r["strength"]) <= 10 for r in rows)


def test_ai_act_articles_unreached(loaded: EmbeddedStore, reference: Graph) -> None:
    reached = {
        local(end)
        for source, target, _ in edges(reference)
        for end, other in ((source, target), (target, source))
        if standard_of(end) == "euaiact" and standard_of(other) == "iso42001"
    }
    expected = notations(reference, "euaiact") - reached
    rows = run(loaded, "ai-act-articles-unreached")
    assert [r["article"] for r in rows] == sorted(expected, key=lambda n: int(n[4:]))
    assert 0 < len(rows) < 113


def test_iso42001_controls_without_iso27001(loaded: EmbeddedStore, reference: Graph) -> None:
    reached = {
        local(end)
        for source, target, _ in edges(reference)
        for end, other in ((source, target), (target, source))
        if standard_of(end) == "iso42001" and standard_of(other) == "iso27001"
    }
    expected = notations(reference, "iso42001", "control") - reached
    rows = run(loaded, "iso42001-controls-without-iso27001")
    assert {r["control"] for r in rows} == expected


def _covered(reference: Graph, source_std: str, target_std: str) -> set[str]:
    covered = set()
    for source, target, rel in edges(reference):
        if rel in {"equal", "supersetOf"} and (standard_of(source), standard_of(target)) == (
            source_std,
            target_std,
        ):
            covered.add(local(target))
        if rel in {"equal", "subsetOf"} and (standard_of(source), standard_of(target)) == (
            target_std,
            source_std,
        ):
            covered.add(local(source))
    return covered


@pytest.mark.parametrize(
    ("source", "target"),
    [("iso42001", "euaiact"), ("iso42001", "iso27001"), ("iso27001", "iso42001")],
)
def test_coverage_by_crosswalk(
    loaded: EmbeddedStore, reference: Graph, source: str, target: str
) -> None:
    rows = run(loaded, "coverage-by-crosswalk", **{"from": source, "to": target})
    covered = _covered(reference, source, target)
    assert sum(int(r["coveredCount"]) for r in rows) == len(covered)
    assert sum(int(r["total"]) for r in rows) == len(notations(reference, target))
    for row in rows:
        assert 0 <= float(row["percent"]) <= 100


def _add_evidence(
    store: GraphStore, control: str, key: str, title: str, status: URIRef = AIMS.confirmed
) -> URIRef:
    """One artefact with one evidence link of ``status`` to ``control`` (contracts.md
    shapes); ``key`` makes their IRIs."""
    artefact, link = ORG[f"artefact/{key:0<12}"], ORG[f"link/{key:0<16}"]
    data = Graph()
    data.add((artefact, RDF.type, AIMS.Artefact))
    data.add((artefact, URIRef("http://purl.org/dc/terms/title"), Literal(title)))
    data.add((link, RDF.type, AIMS.EvidenceLink))
    data.add((link, AIMS.evidenceArtefact, artefact))
    data.add((link, AIMS.requirement, requirement_iri("iso42001", control)))
    data.add((link, AIMS.status, status))
    store.add(ORG_GRAPH, data)
    return link


def _articles_of(reference: Graph, control: str) -> dict[str, str]:
    """The articles a crosswalk edge joins to ``control``: "full" where some edge is equal or
    superset-of read from the control's side, else "partial"."""
    here = requirement_iri("iso42001", control)
    found: dict[str, str] = {}
    for source, target, rel in edges(reference):
        for end, other, incoming in ((source, target, False), (target, source, True)):
            if end == here and standard_of(other) == "euaiact":
                full = (INVERSE.get(rel, rel) if incoming else rel) in {"equal", "supersetOf"}
                if full or local(other) not in found:
                    found[local(other)] = "full" if full else "partial"
    return found


def _load_evidence(store: GraphStore) -> list[URIRef]:
    """The reference, two confirmed links to A.6.2.4 (two documents), a rejected and a
    suggested one, and a test edge stated from the article's side: art-17 subsetOf A.6.2.4
    (the control covers the article in full); the confirmed links."""
    load_reference(store)
    confirmed = [
        _add_evidence(store, "A.6.2.4", "abc1", "AI testing policy"),
        _add_evidence(store, "A.6.2.4", "abc2", "Model validation record"),
    ]
    _add_evidence(store, "A.6.2.4", "abc3", "Rejected draft", AIMS.rejected)
    _add_evidence(store, "A.6.2.4", "abc4", "Suggested memo", AIMS.suggested)
    extra = Graph()
    mapping = URIRef("https://example.org/mapping/test")
    extra.add((mapping, RDF.type, AIMS.Mapping))
    extra.add((mapping, AIMS.mappingSource, requirement_iri("euaiact", "art-17")))
    extra.add((mapping, AIMS.mappingTarget, requirement_iri("iso42001", "A.6.2.4")))
    extra.add((mapping, AIMS.relationship, AIMS.subsetOf))
    store.add(crosswalk_graph("test"), extra)
    return confirmed


@pytest.fixture
def evidenced(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, list[URIRef]]]:
    """A store with :func:`_load_evidence`'s data, and its confirmed links."""
    store = EmbeddedStore(tmp_path / "oxigraph")
    confirmed = _load_evidence(store)
    yield store, confirmed
    store.close()


def test_ai_act_covered_by_confirmed_evidence_is_empty_before_review(
    loaded: EmbeddedStore,
) -> None:
    assert run(loaded, "ai-act-covered-by-confirmed-evidence") == []
    assert run(loaded, "ai-act-article-evidence", article=None) == []


def test_ai_act_covered_by_confirmed_evidence(
    evidenced: tuple[EmbeddedStore, list[URIRef]], reference: Graph
) -> None:
    """One row per article, with its coverage, the confirmed links counted (not the
    rejected or suggested one) and the 42001 requirement under its edge kind."""
    store, _ = evidenced
    rows = run(store, "ai-act-covered-by-confirmed-evidence")
    expected = _articles_of(reference, "A.6.2.4") | {"art-17": "full"}
    assert {r["article"]: r["coverage"] for r in rows} == expected
    assert len(rows) == len(expected)
    for row in rows:
        assert row["confirmedLinks"] == "2"
        full = row["coverage"] == "full"
        assert (row["fullVia"], row["partialVia"]) == (("A.6.2.4", "") if full else ("", "A.6.2.4"))
    orders = [int(r["article"].removeprefix("art-")) for r in rows]
    assert orders == sorted(orders)


def test_ai_act_article_evidence(
    evidenced: tuple[EmbeddedStore, list[URIRef]], reference: Graph
) -> None:
    """The per-link rows behind one article (and behind every article with UNDEF): each
    confirmed link with its document, over each edge joining its requirement to the
    article."""
    store, confirmed = evidenced
    rows = run(store, "ai-act-article-evidence", article="art-17")
    assert sorted((r["link"], r["document"]) for r in rows) == [
        (str(confirmed[0]), "AI testing policy"),
        (str(confirmed[1]), "Model validation record"),
    ]
    assert {(r["coverage"], r["relationship"], r["control"]) for r in rows} == {
        ("full", "supersetOf", "A.6.2.4")
    }
    assert {r["mapping"] for r in rows} == {"https://example.org/mapping/test"}
    every = run(store, "ai-act-article-evidence", article=None)
    assert {r["article"] for r in every} == set(_articles_of(reference, "A.6.2.4")) | {"art-17"}
    assert {r["link"] for r in every} == {str(link) for link in confirmed}
    covered = {r["article"]: r for r in run(store, "ai-act-covered-by-confirmed-evidence")}
    for article, row in covered.items():
        mine = [r for r in every if r["article"] == article]
        assert len({r["link"] for r in mine}) == int(row["confirmedLinks"])
        assert ("full" in {r["coverage"] for r in mine}) == (row["coverage"] == "full")


def test_every_packaged_query_parses_and_runs(loaded: EmbeddedStore) -> None:
    assert len(query_names("ontology")) >= 8
    for name in query_names("ontology"):
        if query_form(query_text("ontology", name)) == "SELECT":
            loaded.select(load_query("ontology", name))


def _ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with GROUP_CONCAT lists (``sources``) sorted: SPARQL leaves their order open."""
    lists = {"sources", "fullVia", "partialVia"}
    return [
        {k: " ".join(sorted(str(v).split())) if k in lists else v for k, v in row.items()}
        for row in rows
    ]


def test_remote_store_answers_the_queries_like_the_embedded_one(
    loaded: EmbeddedStore, sparql_server: SparqlServer
) -> None:
    remote = sparql_server.store()
    try:
        load_reference(remote)
        for name in query_names("ontology"):
            if query_form(query_text("ontology", name)) == "SELECT":
                query = load_query("ontology", name)
                assert _ordered(remote.select(query)) == _ordered(loaded.select(query)), name
    finally:
        remote.close()


def test_remote_store_answers_the_evidence_queries_like_the_embedded_one(
    evidenced: tuple[EmbeddedStore, list[URIRef]], sparql_server: SparqlServer
) -> None:
    """The queries over confirmed evidence give the same rows on each engine."""
    store, _ = evidenced
    remote = sparql_server.store()
    try:
        _load_evidence(remote)
        for name, values in (
            ("ai-act-covered-by-confirmed-evidence", {}),
            ("ai-act-article-evidence", {"article": None}),
            ("requirement-evidence", {"standard": None}),
        ):
            query = load_query("ontology", name, **values)
            expected = _ordered(store.select(query))
            assert expected, name
            assert _ordered(remote.select(query)) == expected, name
    finally:
        remote.close()


# ------------------------------------------------------------------------- bind


def test_fill_values_replaces_values_lines() -> None:
    query = 'SELECT * WHERE { VALUES ?a { "x" } VALUES ?b { 1 } ?s ?p ?a }'
    bound = fill_values(query, {"a": ["p", "q"], "b": None})
    assert 'VALUES ?a { "p" "q" }' in bound
    assert "VALUES ?b { UNDEF }" in bound
    assert fill_values(query, {"a": URIRef("http://x/y")}).count("<http://x/y>") == 1
    with pytest.raises(QueryError):
        fill_values(query, {"c": "nope"})


def test_unknown_query_name() -> None:
    with pytest.raises(NotFoundError):
        load_query("ontology", "no-such-query")
    with pytest.raises(NotFoundError):
        query_text("nowhere", "requirements")


# ----------------------------------------------------------------- requirements


@pytest.mark.parametrize(
    ("standard", "kind", "count"),
    [
        ("iso42001", "clause", 43),
        ("iso42001", "objective", 11),
        ("iso42001", "control", 38),
        ("iso27001", "clause", 41),
        ("iso27001", "objective", 4),
        ("iso27001", "control", 93),
        ("euaiact", "article", 113),
    ],
)
def test_list_requirements_counts(
    loaded: EmbeddedStore, standard: str, kind: str, count: int
) -> None:
    items = list_requirements(loaded, standard, kind)
    assert len(items) == count
    assert all(i["standard"] == standard and i["kind"] == kind for i in items)
    assert all(
        i["evidence"]
        == {"confirmed": 0, "carriedOver": 0, "derived": 0, "needsReview": 0, "suggested": 0}
        for i in items
    )


def test_list_requirements_in_printed_order(loaded: EmbeddedStore) -> None:
    items = list_requirements(loaded, "iso42001")
    orders = [i["order"] for i in items]
    assert orders == sorted(orders)
    assert items[0]["notation"] == "4"
    documented = {i["notation"] for i in items if i["requiresDocumentedInformation"]}
    assert len(documented) == 17
    assert len(list_requirements(loaded, None)) == 92 + 138 + 113


def test_evidence_counts(evidenced: tuple[EmbeddedStore, list[URIRef]]) -> None:
    """Links per status, a superseded document's left out (a newer version of the second
    confirmed link's document)."""
    store, _ = evidenced
    before = {i["notation"]: i for i in list_requirements(store, "iso42001", "control")}
    newer = Graph()
    newer.add((ORG["artefact/def100000000"], PROV.wasRevisionOf, ORG["artefact/abc200000000"]))
    store.add(ORG_GRAPH, newer)
    items = {i["notation"]: i for i in list_requirements(store, "iso42001", "control")}
    assert before["A.6.2.4"]["evidence"]["confirmed"] == 2
    assert items["A.6.2.4"]["evidence"] == {
        "confirmed": 1,
        "carriedOver": 0,
        "derived": 0,
        "needsReview": 0,
        "suggested": 1,
    }
    assert items["A.6.2.6"]["evidence"] == {
        "confirmed": 0,
        "carriedOver": 0,
        "derived": 0,
        "needsReview": 0,
        "suggested": 0,
    }


def test_find_requirement_is_per_standard(loaded: EmbeddedStore) -> None:
    in_42001 = find_requirement(loaded, "A.5.2")
    in_27001 = find_requirement(loaded, "A.5.2", "iso27001")
    assert in_42001["standard"] == "iso42001" and in_27001["standard"] == "iso27001"
    assert in_42001["label"] != in_27001["label"]
    assert find_requirement(loaded, "Art. 9", "euaiact")["notation"] == "art-9"


def test_unknown_notation_suggests_close_matches(loaded: EmbeddedStore) -> None:
    with pytest.raises(NotFoundError) as caught:
        find_requirement(loaded, "A.6.2.44")
    assert "no such requirement" in caught.value.message
    assert "A.6.2.4" in caught.value.suggestions
    with pytest.raises(NotFoundError) as elsewhere:
        find_requirement(loaded, "A.8.29")
    assert "iso27001" in (elsewhere.value.hint or "")


def test_unknown_standard_and_kind(loaded: EmbeddedStore) -> None:
    with pytest.raises(InputError):
        list_requirements(loaded, "iso9001")
    with pytest.raises(InputError):
        list_requirements(loaded, "iso42001", "chapter")


def test_normalise_notation() -> None:
    assert normalise_notation("a.6.2.4", "iso42001") == "A.6.2.4"
    assert normalise_notation("9", "euaiact") == "art-9"
    assert normalise_notation("art-9", "euaiact") == "art-9"
    assert normalise_notation("4.1", "iso27001") == "4.1"


def test_crosswalk_neighbours_both_directions(loaded: EmbeddedStore, reference: Graph) -> None:
    outgoing = crosswalk_neighbours(loaded, "A.6.2.4")
    assert outgoing and all(n["direction"] == "outgoing" for n in outgoing)
    target = outgoing[0]
    back = crosswalk_neighbours(loaded, target["notation"], target["standard"], "iso42001")
    mine = [n for n in back if n["notation"] == "A.6.2.4"]
    assert len(mine) == 1 and mine[0]["direction"] == "incoming"
    assert mine[0]["relationship"] == INVERSE.get(target["relationship"], target["relationship"])
    assert mine[0]["mapping"] == target["mapping"]
    for edge in outgoing:
        assert edge["source"] and all(s.startswith("http") for s in edge["source"])
        assert edge["status"] in {"curated", "candidate"}
        assert edge["rationale"] in {"syntactic", "semantic", "functional"}
    only_act = crosswalk_neighbours(loaded, "A.6.2.4", to_standard="euaiact")
    assert only_act and {n["standard"] for n in only_act} == {"euaiact"}
