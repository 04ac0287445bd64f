"""Reference reads, crosswalks, the SoA, the gap report and the export."""

from __future__ import annotations

import io
import json

import openpyxl

from tests.api.conftest import ApiEnv
from tests.api.test_app_errors import assert_error


def test_requirements_per_standard(api_env: ApiEnv) -> None:
    viewer = api_env.headers("viewer")
    controls = api_env.client.get("/api/requirements?kind=control", headers=viewer).json()
    assert len(controls) == 38 and {c["kind"] for c in controls} == {"control"}
    assert {"notation", "standard", "kind", "label", "evidence"} <= set(controls[0])
    iso27001 = api_env.client.get(
        "/api/requirements?standard=iso27001&kind=control", headers=viewer
    ).json()
    assert len(iso27001) == 93
    articles = api_env.client.get("/api/requirements?standard=euaiact", headers=viewer).json()
    assert len(articles) == 113


def test_requirement_detail_has_crosswalk_neighbours(api_env: ApiEnv) -> None:
    detail = api_env.client.get(
        "/api/requirements/A.6.2.4", headers=api_env.headers("viewer")
    ).json()
    assert detail["notation"] == "A.6.2.4" and detail["standard"] == "iso42001"
    assert detail["definition"] and detail["typicalEvidence"]
    assert detail["crosswalk"] and {"relationship", "notation", "standard"} <= set(
        detail["crosswalk"][0]
    )
    assert isinstance(detail["evidence"], list) and isinstance(detail["derived"], list)


def test_crosswalk_filters_by_standard(api_env: ApiEnv) -> None:
    edges = api_env.client.get(
        "/api/crosswalk/A.6.2.4?to=euaiact", headers=api_env.headers("viewer")
    ).json()
    assert edges and {e["standard"] for e in edges} == {"euaiact"}
    relationships = {"equal", "subsetOf", "supersetOf", "intersectsWith", "notRelated"}
    assert {e["relationship"] for e in edges} <= relationships


def test_soa_set_needs_admin_and_exports(api_env: ApiEnv) -> None:
    admin, viewer = api_env.headers("admin"), api_env.headers("viewer")
    body = {"applicable": False, "justification": "We build no AI systems for third parties."}
    assert_error(
        api_env.client.put("/api/soa/A.10.3", json=body, headers=api_env.headers("reviewer")), 403
    )
    row = api_env.client.put("/api/soa/A.10.3", json=body, headers=admin).json()
    assert row["applicable"] is False and row["justification"] == body["justification"]
    assert_error(
        api_env.client.put("/api/soa/A.10.3", json={"applicable": False}, headers=admin), 422
    )
    assert_error(
        api_env.client.put("/api/soa/A.99.1", json={"applicable": True}, headers=admin), 404
    )
    rows = api_env.client.get("/api/soa", headers=viewer).json()
    assert len(rows) == 38 and any(
        r["notation"] == "A.10.3" and r["applicable"] is False for r in rows
    )
    csv = api_env.client.get("/api/soa/export?format=csv", headers=viewer)
    assert csv.headers["content-type"].startswith("text/csv") and "A.10.3" in csv.text
    assert "attachment" in csv.headers["content-disposition"]
    as_json = json.loads(api_env.client.get("/api/soa/export?format=json", headers=viewer).content)
    assert len(as_json) == 38
    xlsx = api_env.client.get("/api/soa/export?format=xlsx", headers=viewer).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None and sheet.max_row >= 39


def test_gap_report(api_env: ApiEnv) -> None:
    report = api_env.client.get("/api/validation", headers=api_env.headers("viewer")).json()
    assert report["conforms"] is False
    assert set(report["standards"]) == {"iso42001", "iso27001", "euaiact"}
    gaps = report["standards"]["iso42001"]["gaps"]
    assert gaps and {"notation", "reason"} <= set(gaps[0])


def test_export_trig(api_env: ApiEnv) -> None:
    response = api_env.client.get("/api/export?format=trig", headers=api_env.headers("viewer"))
    assert response.headers["content-type"].startswith("application/trig")
    assert b"https://w3id.org/aimsgraph/graph/vocabulary" in response.content


def test_admin_backup_is_a_usable_store(
    api_env: ApiEnv, sample_document: dict[str, object]
) -> None:
    from ontology.store import EmbeddedStore

    assert_error(api_env.client.post("/api/backup", headers=api_env.headers("reviewer")), 403)
    response = api_env.client.post("/api/backup", headers=api_env.headers("admin"))
    assert response.status_code == 201
    target = response.json()["path"]
    assert response.json()["originals"] >= 2
    copy = EmbeddedStore(__import__("pathlib").Path(target) / "oxigraph")
    try:
        assert copy.ask("ASK { ?a a <https://w3id.org/aimsgraph/ns#Artefact> }")
    finally:
        copy.close()
