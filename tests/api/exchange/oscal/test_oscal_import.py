"""Importing an OSCAL mapping-collection into a real store: the crosswalk round trip, the
candidate status, evidence flowing over the new edges as suggestions, and bad files refused
with every problem named and nothing written."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.exchange.oscal.crosswalks import export_mapping_collection
from api.exchange.oscal.errors import OscalImportError
from api.exchange.oscal.importer import import_mapping_collection
from mapping.evidence.review import decide
from ontology.namespaces import crosswalk_graph
from ontology.reference import load_reference
from ontology.store import EmbeddedStore, GraphStore
from shapes.validation import validate_reference_store
from tests.api.exchange.oscal.oscal_support import trestle_read
from tests.conftest import SparqlServer
from tests.mapping.evidence.builders import add_artefact, add_link, req, statuses


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """The real reference data with the ISO/IEC 27001 crosswalk taken out again."""
    s = EmbeddedStore(tmp_path / "oxigraph")
    load_reference(s)
    yield s
    s.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The 42001 -> 27001 crosswalk of the real reference, as OSCAL."""
    s = EmbeddedStore(tmp_path_factory.mktemp("source") / "oxigraph")
    load_reference(s)
    try:
        return export_mapping_collection(s, "iso27001")
    finally:
        s.close()


def _dump(store: GraphStore) -> bytes:
    out = io.BytesIO()
    store.dump("nquads", out)
    return b"\n".join(sorted(out.getvalue().splitlines()))


def _bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode("utf-8")


def _edges(store: GraphStore, graph: str) -> dict[tuple[str, str], dict[str, str]]:
    rows = store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> SELECT ?s ?t ?r ?ra ?st ?c WHERE { GRAPH <"
        + graph
        + "> { ?m aims:mappingSource ?s ; aims:mappingTarget ?t ; aims:relationship ?r ;"
        " aims:rationale ?ra ; aims:strength ?st ; aims:curationStatus ?c } }"
    )
    return {
        (str(r["s"]), str(r["t"])): {
            k: str(r[k]).rsplit("#", 1)[-1] for k in ("r", "ra", "st", "c")
        }
        for r in rows
    }


def test_round_trip_brings_every_edge_back_as_a_candidate(
    store: EmbeddedStore, exported: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "crosswalk.json"
    path.write_bytes(_bytes(exported))
    assert trestle_read("mapping-collection", path) is not None
    original = str(crosswalk_graph("iso42001-iso27001"))
    before = _edges(store, original)
    store.update(f"DROP GRAPH <{original}>")
    result = import_mapping_collection(store, path.read_bytes())
    imported = _edges(store, str(crosswalk_graph("imported/iso42001-iso27001")))
    assert len(result.imported) == len(before) == len(imported)
    assert set(imported) == set(before)
    for pair, edge in before.items():  # relationship, rationale, strength kept; now candidate
        assert {**imported[pair], "c": "curated"} == edge
    assert {e["c"] for e in imported.values()} == {"candidate"}
    report = validate_reference_store(store)
    assert report.conforms, report.text[:2000]
    again = _dump(store)
    second = import_mapping_collection(store, path.read_bytes())
    assert second.imported == [] and {s.reason for s in second.skipped} == {"already imported"}
    assert _dump(store) == again


def test_pairs_already_mapped_are_skipped(store: EmbeddedStore, exported: dict[str, Any]) -> None:
    before = _dump(store)
    result = import_mapping_collection(store, _bytes(exported))
    assert result.imported == []
    assert len(result.skipped) == len(exported["mapping-collection"]["mappings"][0]["maps"])
    assert {s.reason for s in result.skipped} == {"already mapped"}
    assert _dump(store) == before


def _one_map(
    exported: dict[str, Any], source: str, target: str, relationship: str
) -> dict[str, Any]:
    document = copy.deepcopy(exported)
    mapping = document["mapping-collection"]["mappings"][0]
    entry = mapping["maps"][0]
    entry["sources"] = [{"type": "control", "id-ref": source}]
    entry["targets"] = [{"type": "control", "id-ref": target}]
    entry["relationship"] = relationship
    entry["matching-rationale"] = "functional"
    entry["confidence-score"] = {"category": "high"}
    mapping["maps"] = [entry]
    return document


def test_confirmed_evidence_crosses_an_imported_edge_as_a_suggestion(
    store: EmbeddedStore, exported: dict[str, Any]
) -> None:
    artefact = add_artefact(store, "supplier register", ["Our supplier register lists AI vendors."])
    link = add_link(store, artefact, req("A.10.3"))
    decide(store, link, "confirm", "Alice Auditor")
    rows = store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
        " SELECT ?n WHERE { ?c skos:inScheme <https://w3id.org/aimsgraph/std/iso27001> ;"
        " aims:kind 'control' ; skos:notation ?n ; aims:order ?o . FILTER NOT EXISTS { ?m"
        f" aims:mappingSource <{req('A.10.3')}> ; aims:mappingTarget ?c }} }} ORDER BY ?o LIMIT 1"
    )
    notation = str(rows[0]["n"])  # a 27001 control no edge joins to A.10.3 yet
    target = req(notation, "iso27001")
    assert (artefact.iri, target) not in statuses(store)
    document = _one_map(exported, "A.10.3", notation, "equivalent-to")
    result = import_mapping_collection(store, _bytes(document))
    assert [e.relationship for e in result.imported] == ["equal"]
    assert result.imported[0].strength == 8 and result.imported[0].rationale == "functional"
    assert (
        statuses(store)[(artefact.iri, target)] == "suggested"
    )  # candidate edge: a reviewer decides


BAD = {
    "not json": (b"{ not json", "not JSON: line 1"),
    "a catalog": (b'{"catalog": {"uuid": "x"}}', "holds an OSCAL catalog"),
    "no mappings": (
        b'{"mapping-collection": {"uuid": "0b0c1a52-04f5-4ad5-9a6f-7e8f7a8b9c0d"}}',
        "mappings: missing",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_files_that_are_no_mapping_collection_are_refused(store: EmbeddedStore, case: str) -> None:
    data, message = BAD[case]
    before = _dump(store)
    with pytest.raises(OscalImportError, match=message) as caught:
        import_mapping_collection(store, data)
    assert caught.value.hint  # says what to do
    assert _dump(store) == before


def test_every_problem_is_named_and_nothing_written(
    store: EmbeddedStore, exported: dict[str, Any]
) -> None:
    document = copy.deepcopy(exported)
    mapping = document["mapping-collection"]["mappings"][0]
    good = mapping["maps"][0]
    bad_relationship = {**copy.deepcopy(good), "relationship": "same-as"}
    mapping["maps"] = [good, bad_relationship]
    before = _dump(store)
    with pytest.raises(OscalImportError) as caught:
        import_mapping_collection(store, _bytes(document))
    assert caught.value.problems == [
        "mappings[0].maps[1].relationship: 'same-as' is not an OSCAL relationship (use one of "
        "equivalent-to, equal-to, subset-of, superset-of, intersects-with, no-relationship)"
    ]
    unknown = _one_map(exported, "A.99.1", "A.5.21", "subset-of")
    unknown["mapping-collection"]["mappings"][0]["target-resource"] = {
        "type": "catalog",
        "href": "nist-800-53.json",
    }
    with pytest.raises(OscalImportError) as caught:
        import_mapping_collection(store, _bytes(unknown))
    assert any(
        "'nist-800-53.json' names none of aimsgraph's standards" in p for p in caught.value.problems
    )
    unknown["mapping-collection"]["mappings"][0]["target-resource"] = {
        "type": "catalog",
        "href": "iso27001-catalog.json",
    }
    with pytest.raises(OscalImportError, match=r"'A.99.1' is no requirement of iso42001"):
        import_mapping_collection(store, _bytes(unknown))
    same = _one_map(exported, "A.5.2", "A.5.3", "subset-of")
    same["mapping-collection"]["mappings"][0]["target-resource"]["href"] = (
        "https://w3id.org/aimsgraph/std/iso42001"
    )
    same["mapping-collection"]["mappings"][0]["target-resource"]["props"][0]["value"] = "iso42001"
    with pytest.raises(OscalImportError, match="both iso42001"):
        import_mapping_collection(store, _bytes(same))
    assert _dump(store) == before


def test_a_file_over_the_limit_is_refused(store: EmbeddedStore, exported: dict[str, Any]) -> None:
    with pytest.raises(OscalImportError, match="at most 100"):
        import_mapping_collection(store, _bytes(exported), max_bytes=100)


def test_round_trip_on_a_remote_sparql_store(
    sparql_server: SparqlServer, exported: dict[str, Any]
) -> None:
    """The same import against real SPARQL 1.1 servers (`oxigraph serve`, Virtuoso)."""
    remote = sparql_server.store()
    try:
        load_reference(remote)
        original = str(crosswalk_graph("iso42001-iso27001"))
        before = _edges(remote, original)
        remote.update(f"DROP SILENT GRAPH <{original}>")  # Virtuoso: DROP needs SILENT
        result = import_mapping_collection(remote, _bytes(exported))
        assert len(result.imported) == len(before)
        back = export_mapping_collection(remote, "iso27001")["mapping-collection"]["mappings"][0]
        mine = exported["mapping-collection"]["mappings"][0]
        assert [m["relationship"] for m in back["maps"]] == [
            m["relationship"] for m in mine["maps"]
        ]
        assert back["status"] == "not-complete"  # every edge is a candidate now
    finally:
        remote.close()
        sparql_server.reset()
