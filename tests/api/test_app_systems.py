"""/api/systems through the real app: roles, row-level import errors, links, obligations."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.api.conftest import ApiEnv

BODY = {
    "name": "Northwind Scorer",
    "aliases": ["Northwind Analytics"],
    "roles": ["provider"],
    "risk_class": "high-risk-annex-iii",
    "purpose": "Credit scoring",
}


def test_create_read_edit_delete(api_env: ApiEnv) -> None:
    client, h = api_env.client, api_env.headers
    assert client.post("/api/systems", json=BODY, headers=h("viewer")).status_code == 403
    created = client.post("/api/systems", json={**BODY, "id": "crud"}, headers=h("admin"))
    assert created.status_code == 201, created.text
    assert (
        client.post("/api/systems", json={**BODY, "id": "crud"}, headers=h("admin")).status_code
        == 409
    )
    edited = client.patch("/api/systems/crud", json={"owner": "CRO"}, headers=h("admin"))
    assert edited.json()["owner"] == "CRO" and edited.json()["purpose"] == "Credit scoring"
    shown = client.get("/api/systems/crud", headers=h("viewer")).json()
    assert "art-9" in {o["notation"] for o in shown["obligations"]}
    assert client.delete("/api/systems/crud", headers=h("admin")).status_code == 204
    missing = client.get("/api/systems/crud", headers=h("viewer"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_bad_fields_name_each_problem(api_env: ApiEnv) -> None:
    response = api_env.client.post(
        "/api/systems",
        json={"name": "Y", "roles": ["king"], "risk_class": "scary"},
        headers=api_env.headers("admin"),
    )
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["error"]["problems"]}
    assert fields == {"roles", "risk_class"}
    unknown = api_env.client.post(
        "/api/systems", json={"colour": "red"}, headers=api_env.headers("admin")
    )
    assert unknown.status_code == 422


def test_import_is_all_or_nothing_and_exports(api_env: ApiEnv) -> None:
    client, h = api_env.client, api_env.headers
    before = len(client.get("/api/systems", headers=h("viewer")).json())
    bad = "name,roles,risk_class\nImp A,provider,minimal\nImp B,provider,nope\n"
    response = client.post("/api/systems/import?format=csv", content=bad, headers=h("admin"))
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["row"] == 2
    assert len(client.get("/api/systems", headers=h("viewer")).json()) == before
    good = "name,roles,risk_class\nImp A,provider,minimal\nImp C,deployer,limited\n"
    response = client.post("/api/systems/import?format=csv", content=good, headers=h("admin"))
    assert response.json()["count"] == 2
    export = client.get("/api/systems/export?format=xlsx", headers=h("viewer"))
    names = [
        r[1]
        for r in load_workbook(io.BytesIO(export.content))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    ]
    assert {"Imp A", "Imp C"} <= set(names)


def test_document_naming_a_system_is_suggested_and_linked(
    api_env: ApiEnv, sample_document: dict[str, object]
) -> None:
    client, h = api_env.client, api_env.headers
    doc_id = sample_document["result"]["document"]  # type: ignore[index]
    client.post("/api/systems", json={**BODY, "id": "scorer"}, headers=h("admin"))
    suggested = client.get("/api/systems/scorer/documents", headers=h("viewer")).json()
    assert [d["document"] for d in suggested] == [doc_id] and not suggested[0]["linked"]
    assert (
        client.post(
            "/api/systems/scorer/links", json={"document": doc_id}, headers=h("viewer")
        ).status_code
        == 403
    )
    linked = client.post(
        "/api/systems/scorer/links", json={"document": doc_id}, headers=h("reviewer")
    )
    assert linked.status_code == 200 and linked.json()["reviewer"] == "Reviewer Tester"
    assert client.get("/api/systems/scorer/documents", headers=h("viewer")).json()[0]["linked"]
    report = {
        r["system"]["id"]: r for r in client.get("/api/systems/report", headers=h("viewer")).json()
    }
    assert report["scorer"]["complete"] is False, report["scorer"]
    bad = client.post("/api/systems/scorer/links", json={"document": "nope"}, headers=h("reviewer"))
    assert bad.status_code == 404
