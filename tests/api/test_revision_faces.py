"""A new version carries reviewed evidence over the same way through every face.

The same two versions of a policy go through the CLI (``aimsgraph ingest``) into one data
directory and through the API (``POST /api/documents``, the upload job the web form also
queues) into another; the same links of version 1 are confirmed in both. Version 2 must then
hold, in both, exactly the links the old text predicts: carried over where every cited
text is still in version 2, needs review otherwise; and the two faces report them alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import cli
from api.settings import Settings
from api.workspace import Workspace
from mapping.evidence.listing import list_suggestions
from mapping.evidence.review import decide
from ontology.reference import load_reference
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model

CONFIRMED = 4


def _versions(tmp_path: Path) -> tuple[Path, Path]:
    text = (DEMO_DOCS / "ai-policy.md").read_text(encoding="utf-8")
    v1 = text.replace("Responsible AI Policy", "Model Assurance Policy")
    v2 = v1.replace(
        "Before an AI system is built or bought, the system owner carries out an AI risk",
        "Before any AI system is built, bought or retrained, its owner carries out an AI risk",
    ).replace("investigated within 30 days", "investigated within 10 working days")
    assert v2 != v1
    paths = tmp_path / "v1" / "policy.md", tmp_path / "v2" / "policy.md"
    for path, body in zip(paths, (v1, v2), strict=True):
        path.parent.mkdir()
        path.write_text(body, encoding="utf-8")
    return paths


def _confirm_best(ws: Workspace, document: str) -> dict[str, list[str]]:
    """Confirm the best suggestions of ``document``: notation -> the texts each one cites."""
    links = list_suggestions(ws.store, document=document, status="suggested")[:CONFIRMED]
    assert len(links) == CONFIRMED
    for link in links:
        decide(ws.store, link["id"], "confirm", "Alice Reviewer")
    return {link["notation"]: [p["text"] for p in link["passages"]] for link in links}


def _expected(cited: dict[str, list[str]], ws: Workspace, document: str) -> dict[str, str]:
    """Carried over where every cited text is still in the new version's text (whitespace
    aside), however that version was cut into passages."""
    full = " ".join(ws.originals.read_text(str(ws.document(document).sha256)).split())
    return {
        notation: "carriedOver"
        if all(" ".join(t.split()) in full for t in passages)
        else "needsReview"
        for notation, passages in cited.items()
    }


def _carried(ws: Workspace, document: str) -> dict[str, str]:
    links = list_suggestions(ws.store, document=document, standard="iso42001")
    assert len({link["id"] for link in links}) == len(links), "a link is listed twice"
    return {
        link["notation"]: link["status"]
        for link in links
        if link["status"] in ("carriedOver", "needsReview")
    }


def _cli(data_dir: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout) if "--format" in args else None


def _through_cli(
    data_dir: Path, v1: Path, v2: Path
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    _cli(data_dir, "init")
    [first] = _cli(data_dir, "ingest", "--format", "json", str(v1))
    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        cited = _confirm_best(ws, first["id"])
    [second] = _cli(data_dir, "ingest", "--format", "json", "--revision-of", first["id"], str(v2))
    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        return second, _expected(cited, ws, second["id"]), _carried(ws, second["id"])


def _upload(
    client: TestClient, path: Path, token: str, revision_of: str | None = None
) -> dict[str, Any]:
    with path.open("rb") as handle:
        response = client.post(
            "/api/documents?wait=true",
            files={"file": (path.name, handle, "text/markdown")},
            data={"revision_of": revision_of} if revision_of else {},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()["result"]
    return result


def _through_api(
    data_dir: Path, v1: Path, v2: Path
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    ws = share_model(Workspace.open(Settings(data_dir=data_dir)))
    load_reference(ws.store)
    app = create_app(ws)
    _, token = app.state.tokens.create("Reviewer Tester", "reviewer")
    with TestClient(app) as client:
        first = _upload(client, v1, token)
        cited = _confirm_best(ws, first["document"])
        second = _upload(client, v2, token, revision_of=first["document"])
    try:
        return second, _expected(cited, ws, second["document"]), _carried(ws, second["document"])
    finally:
        ws.close()


def test_a_revision_carries_evidence_over_alike_through_cli_and_api(tmp_path: Path) -> None:
    v1, v2 = _versions(tmp_path)
    cli_row, cli_expected, cli_links = _through_cli(tmp_path / "cli", v1, v2)
    api_row, api_expected, api_links = _through_api(tmp_path / "api", v1, v2)

    assert cli_row["status"] == api_row["status"] == "revision"
    assert cli_links == cli_expected and api_links == api_expected
    assert cli_links == api_links and len(cli_links) == CONFIRMED
    assert "needsReview" in cli_links.values()  # the edited passages were cited
    for key in ("carried_over", "needs_review"):  # link ids: same bytes, same artefact id
        assert sorted(cli_row[key]) == sorted(api_row[key])
    assert len(api_row["carried_over"]) + len(api_row["needs_review"]) == CONFIRMED
    assert api_row["revision_of"] == cli_row["revision_of"] and api_row["suggestions"] > 0
