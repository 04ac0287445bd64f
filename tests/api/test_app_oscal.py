"""OSCAL through the faces: the API routes (export for viewers, import for admins) and the
``aimsgraph oscal`` commands, on real workspaces; every export read back with trestle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from ontology.namespaces import crosswalk_graph
from ontology.reference import load_reference
from tests.api.conftest import ApiEnv
from tests.api.exchange.oscal.oscal_support import trestle_read
from tests.cli_support import CliRun, run_cli

MODELS = ("catalog", "mapping-collection", "assessment-results", "poam")


@pytest.mark.parametrize("model", MODELS)
def test_viewers_download_each_model_and_trestle_reads_it(
    api_env: ApiEnv, model: str, tmp_path: Path
) -> None:
    response = api_env.client.get(f"/api/oscal/{model}", headers=api_env.headers("viewer"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert f'filename="aimsgraph-{model}' in response.headers["content-disposition"]
    path = tmp_path / "doc.json"
    path.write_bytes(response.content)
    assert trestle_read(model, path) is not None
    again = api_env.client.get(f"/api/oscal/{model}", headers=api_env.headers("viewer"))
    assert again.content == response.content


def test_export_needs_a_token_and_a_known_model(api_env: ApiEnv) -> None:
    assert api_env.client.get("/api/oscal/catalog").status_code == 401
    bad = api_env.client.get("/api/oscal/ssp", headers=api_env.headers("viewer"))
    assert bad.status_code == 422
    wrong = api_env.client.get(
        "/api/oscal/assessment-results?standard=euaiact", headers=api_env.headers("viewer")
    )
    assert wrong.status_code == 422
    assert "Statement of Applicability" in wrong.json()["error"]["message"]


def test_import_is_for_admins_and_bad_files_get_one_error_body(api_env: ApiEnv) -> None:
    exported = api_env.client.get(
        "/api/oscal/mapping-collection", headers=api_env.headers("viewer")
    ).content
    denied = api_env.client.post(
        "/api/oscal/import", content=b"{}", headers=api_env.headers("reviewer")
    )
    assert denied.status_code == 403
    bad = api_env.client.post(
        "/api/oscal/import", content=b"[1, 2", headers=api_env.headers("admin")
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "bad_oscal" and "not JSON" in error["message"] and error["hint"]
    too_big = api_env.client.post(  # this app takes uploads up to 200,000 bytes
        "/api/oscal/import", content=exported, headers=api_env.headers("admin")
    )  # refused by the body limit from its Content-Length, before it is read
    assert too_big.status_code == 413 and "200,000 bytes" in too_big.json()["error"]["message"]
    document = json.loads(exported)
    mapping = document["mapping-collection"]["mappings"][0]
    mapping["maps"] = mapping["maps"][:3]
    same = api_env.client.post(
        "/api/oscal/import", content=json.dumps(document), headers=api_env.headers("admin")
    )
    assert same.status_code == 200, same.text
    assert same.json()["imported"] == [] and same.json()["skipped"]  # every pair is mapped


def test_admin_import_writes_candidate_edges(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with Workspace.open(settings) as workspace:
        load_reference(workspace.store)
        app = create_app(workspace, settings)
        _, token = app.state.tokens.create("Admin", "admin")
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {token}"}
            exported = client.get("/api/oscal/mapping-collection?standard=euaiact", headers=headers)
            graph = crosswalk_graph("iso42001-euaiact")
            edges = workspace.store.count(graph)
            workspace.store.update(f"DROP GRAPH <{graph}>")
            done = client.post("/api/oscal/import", content=exported.content, headers=headers)
            assert done.status_code == 200, done.text
            body = done.json()
            assert body["status"] == "candidate" and body["imported"]
            assert body["graphs"] == [str(crosswalk_graph("imported/iso42001-euaiact"))]
            assert workspace.store.count(crosswalk_graph("imported/iso42001-euaiact")) > 0
            assert edges > 0


def _cli(data_dir: Path, *args: str) -> CliRun:
    return run_cli("--data-dir", data_dir, *args)


def test_cli_exports_to_a_file_and_refuses_a_bad_import(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for model in MODELS[:3]:  # before `init`: a clear error, not an empty document
        early = _cli(data, "oscal", "export", "--model", model)
        assert early.returncode == 2 and "run `aimsgraph init`" in early.stderr, early.stderr
    assert _cli(data, "init").returncode == 0
    out = tmp_path / "ai-act.json"
    done = _cli(
        data, "oscal", "export", "--model", "catalog", "--standard", "euaiact", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    catalog = trestle_read("catalog", out)
    assert catalog is not None and catalog.groups
    assert not out.with_name(out.name + ".partial").exists()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"catalog": {}}), encoding="utf-8")
    refused = _cli(data, "oscal", "import", str(bad))
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: cannot import the mapping-collection")
    assert "hint: " in refused.stderr and "Traceback" not in refused.stderr
    mapping = tmp_path / "crosswalks.json"
    _cli(data, "oscal", "export", "--model", "mapping-collection", "-o", str(mapping))
    again = _cli(data, "oscal", "import", str(mapping))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["imported"] == []


def test_soa_and_gap_pages_link_their_oscal_files(api_env: ApiEnv, tmp_path: Path) -> None:
    """A signed-in viewer follows the pages' links and gets files trestle reads."""
    import re

    from tests.api.test_app_ui import _client

    client = _client(api_env, "viewer")
    for page, model in (("/soa", "assessment-results"), ("/gaps", "poam")):
        html = client.get(page).text
        href = re.search(r'href="(/api/oscal/[^"]+)"', html)
        assert href and href.group(1) == f"/api/oscal/{model}"
        download = client.get(href.group(1))
        assert download.status_code == 200, download.text
        path = tmp_path / f"{model}.json"
        path.write_bytes(download.content)
        assert trestle_read(model, path) is not None
