"""Every operation answers the same through each face: the CLI's ``--format json``, the JSON
API under ``/api`` and the web page's template context.

One data directory gets the reference, the three sample policies and an AI system named in
them (through the CLI); each read operation then runs through the CLI (each command opens and closes the workspace), and
afterwards through one app on the same directory, as JSON and as the page a person sees.
The payloads must be equal: the faces are thin adapters over one workspace operation.
"""

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
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model

TEXT = "We assess the impact of each AI system on individuals before we deploy it."
#: An AI system of the register, known to the policies by its alias.
SYSTEM = (
    "systems",
    "add",
    "--id",
    "board-assistant",
    "--name",
    "Board Assistant",
    "--alias",
    "AI Governance Board",
    "--role",
    "provider",
    "--role",
    "deployer",
    "--risk-class",
    "high-risk-annex-iii",
    "--owner",
    "CRO",
)


@dataclass(frozen=True)
class Case:
    """One operation: its CLI arguments, its API request, its page and context key."""

    name: str
    cli: tuple[str, ...] | None
    api: str
    page: str | None = None
    context: str | None = None
    body: dict[str, Any] | None = None
    #: Fields of each row the page's context leaves out (it shows counts of them instead).
    page_omits: tuple[str, ...] = ()


CASES = [
    Case("documents", ("documents",), "/api/documents", "/documents", "documents"),
    Case(
        "document",
        ("documents", "show", "{doc}"),
        "/api/documents/{doc}",
        "/documents/{doc}",
        "doc",
    ),
    Case(
        "requirements",
        ("controls", "--standard", "iso42001"),
        "/api/requirements?standard=iso42001",
        "/requirements?standard=iso42001",
        "items",
    ),
    Case(
        "requirement",
        ("controls", "show", "A.6.2.4", "--standard", "iso42001"),
        "/api/requirements/A.6.2.4?standard=iso42001",
        "/requirements/iso42001/A.6.2.4",
        "item",
    ),
    Case("gaps", ("validate",), "/api/validation", "/gaps", "report"),
    Case("dashboard", ("dashboard",), "/api/dashboard", "/", "data"),
    Case("soa", ("soa",), "/api/soa", "/soa", "rows", page_omits=("evidence",)),
    Case(
        "review queue",
        ("review", "queue", "--document", "{doc}", "--standard", "iso42001", "--min-score", "0.2"),
        "/api/reviews/queue?document={doc}&standard=iso42001&min_score=0.2",
        "/review?document={doc}&standard=iso42001&min_score=0.2",
        "queue",
    ),
    Case("match", ("match", TEXT), "/api/match", body={"text": TEXT, "top_k": 10}),
    Case("suggestions", ("suggestions", "--limit", "500"), "/api/suggestions?limit=500"),
    Case(
        "crosswalk",
        ("crosswalk", "A.6.2.4"),
        "/api/crosswalk/A.6.2.4?standard=iso42001",
    ),
    Case("search", ("search", "risk"), "/api/search?q=risk", "/search?q=risk", "result"),
    Case("audit", ("audit",), "/api/audit", "/audit", "log"),
    Case("systems", ("systems", "list"), "/api/systems"),
    Case("system reports", ("systems", "report"), "/api/systems/report", "/systems", "reports"),
    Case(
        "system",
        ("systems", "show", "board-assistant"),
        "/api/systems/board-assistant",
        "/systems/board-assistant",
        "report",
    ),
    Case(
        "system documents",
        ("systems", "documents", "board-assistant"),
        "/api/systems/board-assistant/documents",
        "/systems/board-assistant",
        "documents",
    ),
]


@dataclass
class Faces:
    data_dir: Path
    document: str
    cli_json: dict[str, Any]
    exports: dict[str, bytes]
    oscal: dict[str, bytes]
    added: dict[str, Any]
    api: TestClient
    pages: TestClient
    token: str


def _run_cli(data_dir: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    # validate, systems report: 1 = the AIMS (a system in scope) has gaps
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _fill(text: str, document: str) -> str:
    return text.replace("{doc}", document)


@pytest.fixture(scope="module")
def faces(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faces]:
    data_dir = tmp_path_factory.mktemp("faces")
    _run_cli(data_dir, "init", "--format", "json")
    rows = _run_cli(data_dir, "ingest", "--format", "json", *map(str, DEMO_DOCS.glob("*.md")))
    document = next(r["id"] for r in rows if r["file"] == "ai-policy.md")
    added = _run_cli(data_dir, *SYSTEM, "--format", "json")
    cli_json = {
        case.name: _run_cli(data_dir, *(_fill(a, document) for a in case.cli), "--format", "json")
        for case in CASES
        if case.cli is not None
    }
    exports = {}
    for fmt in EXPORTS:
        done = CliRunner().invoke(
            cli, ["--data-dir", str(data_dir), "export", "--format", fmt, "--graph", "org"]
        )
        assert done.exit_code == 0, done.stderr
        exports[fmt] = done.stdout_bytes
    oscal = {}
    for model in OSCAL_MODELS:
        done = CliRunner().invoke(
            cli, ["--data-dir", str(data_dir), "oscal", "export", "--model", model]
        )
        assert done.exit_code == 0, done.stderr
        oscal[model] = done.stdout_bytes
    ws = share_model(Workspace.open(Settings(data_dir=data_dir)))
    app = create_app(ws)
    _, token = app.state.tokens.create("Viewer Tester", "viewer")
    with TestClient(app) as api, TestClient(app) as pages:
        presession = pages.get("/signin").cookies.get("aimsgraph_presession")
        pages.post("/signin", data={"token": token, "csrf": presession})
        yield Faces(data_dir, document, cli_json, exports, oscal, added, api, pages, token)
    ws.close()


def _plain(value: Any) -> Any:
    """As JSON would carry it (tuples become lists, keys strings)."""
    return json.loads(json.dumps(value))


def _api(faces: Faces, case: Case) -> Any:
    headers = {"Authorization": f"Bearer {faces.token}"}
    url = _fill(case.api, faces.document)
    response = (
        faces.api.post(url, json=case.body, headers=headers)
        if case.body is not None
        else faces.api.get(url, headers=headers)
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_api_and_page_agree(faces: Faces, case: Case) -> None:
    api = _api(faces, case)
    assert api, f"{case.name}: the API answered nothing to compare"
    if case.cli is not None:
        cli_json = faces.cli_json[case.name]
        if case.name == "crosswalk":  # the CLI wraps the list with the requirement itself
            cli_json = cli_json["counterparts"]
        assert cli_json == api, f"{case.name}: CLI and API differ"
    if case.page is not None:
        response = faces.pages.get(_fill(case.page, faces.document))
        assert response.status_code == 200, response.text
        assert "text/html" in response.headers["content-type"]
        context = response.context[case.context]  # type: ignore[attr-defined]
        if case.page_omits:
            api = [{k: v for k, v in row.items() if k not in case.page_omits} for row in api]
        assert _plain(context) == api, f"{case.name}: page and API differ"


EXPORTS = {"trig": "trig", "turtle": "turtle", "jsonld": "json-ld", "nquads": "nquads"}


@pytest.mark.parametrize("fmt", list(EXPORTS))
def test_cli_and_api_export_the_same_formats(faces: Faces, fmt: str) -> None:
    from rdflib import Dataset

    response = faces.api.get(
        f"/api/export?format={fmt}&graph=org", headers={"Authorization": f"Bearer {faces.token}"}
    )
    assert response.status_code == 200, response.text
    through_api = Dataset().parse(data=response.content, format=EXPORTS[fmt])
    through_cli = Dataset().parse(data=faces.exports[fmt], format=EXPORTS[fmt])
    assert len(through_api) == len(through_cli) > 100


def test_a_system_added_on_the_cli_reads_back_the_same_everywhere(faces: Faces) -> None:
    """``systems add --format json`` answers the system the API and the pages then show."""
    api = _api(faces, Case("system", None, "/api/systems/board-assistant"))
    assert faces.added == api["system"]
    assert faces.added["aliases"] == ["AI Governance Board"] and faces.added["owner"] == "CRO"
    page = faces.pages.get("/systems")
    reports = _plain(page.context["reports"])  # type: ignore[attr-defined]
    assert [r["system"] for r in reports if r["system"]["id"] == "board-assistant"] == [
        api["system"]
    ]
    documents = _api(faces, Case("docs", None, "/api/systems/board-assistant/documents"))
    assert faces.document in {d["document"] for d in documents}


OSCAL_MODELS = ("catalog", "mapping-collection", "assessment-results", "poam")


@pytest.mark.parametrize("model", OSCAL_MODELS)
def test_cli_and_api_export_the_same_oscal_bytes(faces: Faces, model: str) -> None:
    response = faces.api.get(
        f"/api/oscal/{model}", headers={"Authorization": f"Bearer {faces.token}"}
    )
    assert response.status_code == 200, response.text
    assert response.content == faces.oscal[model]
    assert json.loads(response.content)  # a document, not an empty answer


VIEWS = {
    "review": (
        "/review?document={doc}&min_score=0.2",
        "/api/review-view?document={doc}&min_score=0.2",
    ),
    "document": ("/documents/{doc}", "/api/documents/{doc}/view"),
    "requirement": ("/requirements/iso42001/A.6.2.4", "/api/requirements/A.6.2.4/view"),
}


@pytest.mark.parametrize("page", list(VIEWS))
def test_a_page_renders_its_view_and_the_api_serves_it(faces: Faces, page: str) -> None:
    """Each page's data is one view function's value: the JSON route returns exactly it."""
    html_url, api_url = (_fill(u, faces.document) for u in VIEWS[page])
    api = _api(faces, Case(page, None, api_url))
    response = faces.pages.get(html_url)
    assert response.status_code == 200, response.text
    context = response.context  # type: ignore[attr-defined]
    assert set(api) <= set(context)
    assert _plain({k: context[k] for k in api}) == api, f"{page}: page and API differ"


def test_the_document_view_matches_passages_by_iri(faces: Faces) -> None:
    view = _api(faces, Case("view", None, f"/api/documents/{faces.document}/view"))
    passages = {p["iri"] for p in view["doc"]["passage_list"]}
    assert view["cited"] and set(view["cited"]) <= passages
    for iri, links in view["cited"].items():
        assert all(iri in {p["passage"] for p in link["passages"]} for link in links)
    cited_links = {link["id"] for links in view["cited"].values() for link in links}
    assert cited_links == {link["id"] for link in view["links"] if link["passages"]}
