"""OSCAL exports of a real store: three real documents ingested, suggestions made by the
bundled model, reviewed by a person. Every export is written to a file and read back with
compliance-trestle's pydantic models (schema-level validation), plus our own check of the
mapping model's allowed values, which trestle does not enforce."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.exchange.oscal import MODELS, export_document
from api.exchange.oscal.allowed_values import RELATIONSHIPS, check_mapping_collection
from api.exchange.oscal.common import control_id
from ingest.documents import get_document
from mapping.evidence.review import decide
from mapping.retrieval.embedder import Embedder
from ontology.errors import InputError
from ontology.requirements import list_requirements
from shapes.report import validate_aims
from tests.api.exchange.oscal.oscal_support import REVIEWER, Reviewed, build_reviewed, trestle_read


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Reviewed]:
    data = build_reviewed(tmp_path_factory.mktemp("oscal"), embedder)
    yield data
    data.store.close()


def _export(reviewed: Reviewed, model: str, standard: str | None = None) -> dict[str, Any]:
    doc = export_document(
        reviewed.store, model, standard=standard, gap_report=lambda s: validate_aims(s).to_json()
    )
    return doc.document


def _read_back(tmp_path: Path, model: str, document: dict[str, Any]) -> Any:
    path = tmp_path / f"{model}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    parsed = trestle_read(model, path)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize("standard", ["iso42001", "iso27001", "euaiact"])
def test_catalog_has_every_requirement_in_our_own_words(
    reviewed: Reviewed, tmp_path: Path, standard: str
) -> None:
    document = _export(reviewed, "catalog", standard)
    catalog = _read_back(tmp_path, "catalog", document)
    controls = list(_controls(document["catalog"]["groups"]))
    requirements = list_requirements(reviewed.store, standard, with_evidence=False)
    assert sorted(c["id"] for c in controls) == sorted(
        control_id(r["notation"]) for r in requirements
    )
    assert len({c["id"] for c in controls}) == len(controls)
    definitions = {
        str(r["d"])
        for r in reviewed.store.select(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?d WHERE "
            f"{{ ?r skos:inScheme <https://w3id.org/aimsgraph/std/{standard}> ; skos:definition ?d }}"
        )
    }
    overviews = {
        p["prose"] for c in controls for p in c.get("parts", []) if p["name"] == "overview"
    }
    assert overviews and overviews <= definitions  # only the graph's own-words descriptions
    assert catalog.metadata.oscal_version.root.root == "1.2.1"


def _controls(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        if item.get("class") not in ("part", "chapter"):  # a control, not a group
            yield item
        yield from _controls(item.get("controls", []))


def test_mapping_collection_keeps_every_edge_and_allowed_relationships(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    document = _export(reviewed, "mapping-collection")
    parsed = _read_back(tmp_path, "mapping-collection", document)
    assert check_mapping_collection(document) == []
    maps = [m for mapping in document["mapping-collection"]["mappings"] for m in mapping["maps"]]
    assert {m["relationship"] for m in maps} <= set(RELATIONSHIPS)
    rows = reviewed.store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> SELECT ?r (COUNT(?m) AS ?n) "
        "WHERE { ?m a aims:Mapping ; aims:relationship ?r } GROUP BY ?r"
    )
    in_graph = {str(r["r"]).rsplit("#", 1)[-1]: int(str(r["n"])) for r in rows}
    exported = Counter(
        next(p["value"] for p in m["props"] if p["name"] == "relationship") for m in maps
    )
    assert dict(exported) == in_graph
    assert len(parsed.mappings) == 2  # 42001 -> 27001, 42001 -> AI Act
    only = _export(reviewed, "mapping-collection", "iso27001")["mapping-collection"]["mappings"]
    assert [m["target-resource"]["href"].rsplit("/", 1)[-1] for m in only] == ["iso27001"]


def test_equal_reads_equal_to_by_wording_and_equivalent_to_by_meaning(reviewed: Reviewed) -> None:
    document = _export(reviewed, "mapping-collection")
    for mapping in document["mapping-collection"]["mappings"]:
        for entry in mapping["maps"]:
            ours = next(p["value"] for p in entry["props"] if p["name"] == "relationship")
            if ours == "equal":
                wording = entry.get("matching-rationale") == "syntactic"
                assert entry["relationship"] == ("equal-to" if wording else "equivalent-to")


def test_assessment_results_cite_documents_passages_and_sha256(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    document = _export(reviewed, "assessment-results")
    parsed = _read_back(tmp_path, "assessment-results", document)
    root = document["assessment-results"]
    result = root["results"][0]
    resources = {r["uuid"]: r for r in root["back-matter"]["resources"]}
    by_doc = {
        next(p["value"] for p in r.get("props", []) if p["name"] == "document-id"): r
        for r in resources.values()
        if r.get("props")
    }
    for doc_id, resource in by_doc.items():  # SHA-256 of the original bytes, from the file
        assert resource["rlinks"][0]["hashes"][0] == {
            "algorithm": "SHA-256",
            "value": reviewed.sha256[doc_id],
        }
    observations = {o["uuid"]: o for o in result["observations"]}
    links = {
        next(p["value"] for p in o["props"] if p["name"] == "link-id"): o
        for o in observations.values()
    }
    for suggestion in reviewed.confirmed:
        observation = links[suggestion["id"]]
        assert observation["relevant-evidence"][0]["href"].lstrip("#") in resources
        passages = get_document(reviewed.store, suggestion["document"])["passage_list"]
        pages = {str(p["page"]) for p in passages if p["page"] is not None}
        cited = [e for e in observation["relevant-evidence"] if e.get("props")]
        assert cited, "each confirmed link cites its passages"
        for evidence in cited:
            texts = {p["text"] for p in passages}
            assert evidence["remarks"] in texts
            page = next((p["value"] for p in evidence["props"] if p["name"] == "page"), None)
            assert page is None or page in pages
        assert observation["origins"][0]["actors"][0]["actor-uuid"] in {
            p["uuid"] for p in root["metadata"]["parties"]
        }
    assert {p["name"] for p in root["metadata"]["parties"]} == {REVIEWER}
    assert reviewed.rejected[0]["id"] not in links
    findings = {f["target"]["target-id"]: f for f in result["findings"]}
    assert len(findings) == 38
    assert (
        findings[reviewed.excluded]["target"]["implementation-status"]["state"] == "not-applicable"
    )
    first = findings[reviewed.confirmed[0]["notation"]]
    assert first["target"]["status"]["state"] == "satisfied"
    assert first["target"]["implementation-status"]["state"] == "implemented"
    assert {r["observation-uuid"] for r in first["related-observations"]} >= {
        links[reviewed.confirmed[0]["id"]]["uuid"]
    }
    excluded_ids = {
        c.control_id
        for c in parsed.results[0].reviewed_controls.control_selections[0].exclude_controls
    }
    assert excluded_ids == {reviewed.excluded}


def test_poam_has_one_item_and_risk_per_gap(reviewed: Reviewed, tmp_path: Path) -> None:
    report = validate_aims(reviewed.store).to_json()
    document = _export(reviewed, "poam")
    _read_back(tmp_path, "poam", document)
    root = document["plan-of-action-and-milestones"]
    gaps = sum(len(s["gaps"]) for s in report["standards"].values()) + len(report["issues"])
    assert gaps > 0
    assert len(root["poam-items"]) == len(root["risks"]) == gaps
    risks = {r["uuid"] for r in root["risks"]}
    assert all(i["related-risks"][0]["risk-uuid"] in risks for i in root["poam-items"])
    only = _export(reviewed, "poam", "euaiact")["plan-of-action-and-milestones"]["poam-items"]
    assert len(only) == len(report["standards"]["euaiact"]["gaps"])


def test_exports_are_deterministic_and_uuids_follow_the_data(reviewed: Reviewed) -> None:
    for model in MODELS:
        first = export_document(
            reviewed.store, model, gap_report=lambda s: validate_aims(s).to_json()
        )
        again = export_document(
            reviewed.store, model, gap_report=lambda s: validate_aims(s).to_json()
        )
        assert first.to_json() == again.to_json(), model
    before = _export(reviewed, "assessment-results")["assessment-results"]
    decide(reviewed.store, reviewed.rejected[0]["id"], "confirm", REVIEWER, "on second look")
    after = _export(reviewed, "assessment-results")["assessment-results"]
    assert before["uuid"] != after["uuid"]  # revised content, new document UUID
    kept = {f["uuid"] for f in before["results"][0]["findings"]}
    assert kept == {f["uuid"] for f in after["results"][0]["findings"]}  # per-subject UUIDs
    assert len(after["results"][0]["observations"]) == len(before["results"][0]["observations"]) + 1


def test_bad_requests_name_the_problem(reviewed: Reviewed) -> None:
    with pytest.raises(InputError, match="unknown OSCAL model"):
        export_document(reviewed.store, "ssp")
    with pytest.raises(InputError, match="ISO/IEC 42001 Statement of Applicability"):
        export_document(reviewed.store, "assessment-results", standard="euaiact")
    with pytest.raises(InputError, match="unknown standard"):
        export_document(reviewed.store, "catalog", standard="iso9001")
