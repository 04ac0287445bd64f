"""Group clauses through every face: ``suggestions --format json`` and ``GET /api/suggestions``
carry each link's groups (``rolled_up_from``); ``validate --format json``,
``GET /api/validation`` and the /gaps page show a group evidenced through its children."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import cli
from api.settings import Settings
from api.workspace import Workspace
from mapping.evidence.review import decide
from tests.conftest import initialised_data_dir
from tests.mapping.evidence.builders import add_artefact, add_link, req


@dataclass
class Env:
    data_dir: Path
    document: str
    client: TestClient
    headers: dict[str, str]
    cli_json: dict[str, Any]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Iterator[Env]:
    """Real reference data; one document confirmed for ISO/IEC 27001 6.1.1–6.1.3 (so the
    crosswalk suggests ISO/IEC 42001 6.1.1–6.1.3) and suggested for 42001 6.1.1 and 6.1.2."""
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("groups"))
    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        doc = add_artefact(ws.store, "risk", ["Risk treatment."], title="Risk procedure")
        for notation in ("6.1.1", "6.1.2", "6.1.3"):
            decide(ws.store, add_link(ws.store, doc, req(notation, "iso27001")), "confirm", "al")
        for notation in ("6.1.1", "6.1.2"):
            add_link(ws.store, doc, req(notation))
    cli_json = {
        "suggestions": _cli(data_dir, "suggestions", "--standard", "iso42001"),
        "validate": _cli(data_dir, "validate"),
    }
    ws = Workspace.open(Settings(data_dir=data_dir))
    app = create_app(ws)
    _, token = app.state.tokens.create("Viewer Tester", "viewer")
    with TestClient(app) as client:
        presession = client.get("/signin").cookies.get("aimsgraph_presession")
        client.post("/signin", data={"token": token, "csrf": presession})
        yield Env(data_dir, doc.id, client, {"Authorization": f"Bearer {token}"}, cli_json)
    ws.close()


def _cli(data_dir: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr  # validate: 1 = the AIMS has gaps
    return json.loads(result.stdout)


def test_suggestions_json_rolls_up_to_groups(env: Env) -> None:
    api = env.client.get("/api/suggestions?standard=iso42001", headers=env.headers).json()
    # the mapper's suggestion for 6.1.2 and the crosswalk's (from 27001 6.1.2), one document
    links = [x for x in api if x["notation"] == "6.1.2"]
    assert {x["method"] for x in links} == {"dense+bm25", "crosswalk"}
    link = links[0]
    assert all(x["groups"] == link["groups"] for x in links)
    assert [g["notation"] for g in link["groups"]] == ["6.1", "6"]
    six_one = link["groups"][0]
    assert six_one["rolled_up_from"] == ["6.1.1", "6.1.2", "6.1.3"]
    assert (six_one["status"], six_one["missing"]) == ("partly", ["6.1.4"])
    assert {"id", "document", "notation", "status", "score", "passages"} <= set(link)
    assert env.cli_json["suggestions"] == api


def test_gap_report_shows_groups_evidenced_through_children(env: Env) -> None:
    api = env.client.get("/api/validation", headers=env.headers).json()
    iso27 = api["standards"]["iso27001"]
    assert "6.1" not in {g["notation"] for g in iso27["gaps"]}
    groups = {g["notation"]: g for g in iso27["groups"]}
    assert groups["6.1"]["status"] == "evidenced" and groups["6.1"]["label"]
    # a group clause is never a gap itself: its missing children are
    assert "6" not in {g["notation"] for g in iso27["gaps"]}
    six = groups["6"]
    assert six["status"] == "partly" and six["missing"] == ["6.2", "6.3"]
    assert {"6.2", "6.3"} <= {g["notation"] for g in iso27["gaps"]}
    assert env.cli_json["validate"]["standards"] == api["standards"]
    page = env.client.get("/gaps")
    assert page.status_code == 200
    assert "evidenced through its children 6.1.1, 6.1.2, 6.1.3" in page.text
    assert "missing 6.2, 6.3" in page.text
