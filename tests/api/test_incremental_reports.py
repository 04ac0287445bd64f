"""The gap report and the SoA, brought up to date decision by decision (:mod:`shapes.incremental`,
``EvidenceIndex.evolve``), are exactly what a validation from scratch gives: after confirms,
rejects, a comment, a re-target with its derived links, an undo, bulk decisions and a bulk
undo (each updated, not recomputed), and after a new version and a deletion (recomputed);
and the dashboard read first (its figures worked out without the report) agrees with both.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.gap_fixes import word_report
from api.operations.assessment import _kept
from api.settings import Settings
from api.warmup import warm_up
from api.workspace import Workspace
from mapping.evidence.index import EvidenceIndex
from mapping.evidence.soa import list_soa
from ontology.register.obligations import system_reports
from shapes.figures import figures, figures_of
from shapes.report import validate_aims
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir


class Library:
    def __init__(self, ws: Workspace, client: TestClient, token: str) -> None:
        self.ws, self.client, self.headers = ws, client, {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.client.request(method, path, headers=self.headers, **kwargs)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def upload(self, path: Path, revision_of: str | None = None) -> str:
        with path.open("rb") as handle:
            answer = self.call(
                "POST",
                "/api/documents?wait=true",
                files={"file": (path.name, handle, "text/markdown")},
                data={"revision_of": revision_of} if revision_of else {},
            )
        return str(answer["result"]["document"])

    def queue(self, document: str | None = None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": 5000, **({"document": document} if document else {})}
        return list(self.call("GET", "/api/reviews/queue", params=params))

    def decide(self, link: dict[str, Any], decision: str, **extra: Any) -> Any:
        body = {"link": link["id"], "decision": decision, "saw_version": link["version"]}
        return self.call("POST", "/api/reviews", json={**body, **extra})


def _from_scratch(ws: Workspace) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The gap report and the SoA as a fresh validation and a fresh SoA query give them."""
    report = word_report(validate_aims(ws.store))
    report.systems = [r.summary() for r in system_reports(ws.store)]
    soa = [r.model_dump(mode="json") for r in list_soa(ws.store)]
    return report.to_json(), soa


def _same_as_from_scratch(
    lib: Library, *, updated: bool, dashboard_first: bool = False
) -> tuple[Any, Any]:
    """The kept reports equal fresh ones; ``updated``: brought up to date, not recomputed;
    ``dashboard_first``: the dashboard read before the gap report (it brings the report's
    figures up to date and leaves the gap details to the gap report)."""
    index = lib.ws.evidence_index
    before = index.updates
    if dashboard_first:
        board = lib.call("GET", "/api/dashboard")
        assert _without_ranking(board) == _without_ranking(_fresh_dashboard(lib.ws))
    got = lib.call("GET", "/api/validation"), lib.call("GET", "/api/soa")
    assert (index.updates > before) is updated
    expected = _from_scratch(lib.ws)
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    board = lib.call("GET", "/api/dashboard")  # built on the kept report and documents
    assert _without_ranking(board) == _without_ranking(_fresh_dashboard(lib.ws))
    # the figures the dashboard works out without the report are the assembled report's
    state = _kept(lib.ws, date.today()).state
    assert state.report is not None
    assert figures(state.inputs, not state.results, state.results) == figures_of(state.report)
    return got


def _fresh_dashboard(ws: Workspace) -> dict[str, Any]:
    """The dashboard worked out from scratch: with an index of its own, nothing kept."""
    kept = ws.evidence_index
    ws.evidence_index = EvidenceIndex(ws.store)
    try:
        return ws.dashboard().model_dump(mode="json")
    finally:
        ws.evidence_index = kept


def _without_ranking(board: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in board.items() if k != "ranking"}


@pytest.fixture(scope="module")
def library(
    tmp_path_factory: pytest.TempPathFactory, reference_template: Path
) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("incremental-reports")
    data_dir = initialised_data_dir(reference_template, root / "data")
    ws = share_model(Workspace.open(Settings(data_dir=data_dir)))
    app = create_app(ws)
    _, token = app.state.tokens.create("Incremental Admin", "admin")
    with TestClient(app) as client:
        yield Library(ws, client, token)
    ws.close()


def test_decisions_update_the_reports_as_a_full_run_would(library: Library) -> None:
    lib = library
    policy = lib.upload(DEMO_DOCS / "ai-policy.md")
    lib.upload(DEMO_DOCS / "model-lifecycle-procedure.md")
    start = _same_as_from_scratch(lib, updated=False)  # the first read works everything out
    waiting = lib.queue(policy)
    assert len(waiting) >= 8
    for link in waiting[:2]:
        lib.decide(link, "confirm")
        now = _same_as_from_scratch(lib, updated=True)
    # the decisions changed both (so the comparison above compares something)
    assert now[0]["standards"] != start[0]["standards"]
    assert [r["evidence"] for r in now[1]] != [r["evidence"] for r in start[1]]
    lib.decide(waiting[2], "reject", comment="not evidence")
    _same_as_from_scratch(lib, updated=True, dashboard_first=True)
    confirmed = lib.queue(policy)[0]
    done = lib.decide(confirmed, "confirm")
    _same_as_from_scratch(lib, updated=True, dashboard_first=True)
    lib.call("POST", f"/api/reviews/decisions/{done['decision_id']}/undo", json={})
    lib.call("GET", "/api/dashboard")  # details left stale over two decisions
    lib.decide(lib.queue(policy)[1], "confirm")
    _same_as_from_scratch(lib, updated=True, dashboard_first=True)
    # re-targeted to a clause with an `equal` crosswalk edge: a derived link follows
    link = lib.queue(policy)[0]
    target = "7.5.3" if link["notation"] != "7.5.3" else "9.2"
    lib.decide(link, "retarget", retarget_to=target, comment="better fit")
    _same_as_from_scratch(lib, updated=True, dashboard_first=True)  # crosswalk paths left
    bulk = lib.queue()[:4]
    outcome = lib.call(
        "POST", "/api/reviews/bulk", json={"links": [i["id"] for i in bulk], "decision": "confirm"}
    )
    _same_as_from_scratch(lib, updated=True)
    undo = {"decisions": [d["decision_id"] for d in outcome["decided"][:2]]}
    lib.call("POST", "/api/reviews/decisions/undo", json=undo)
    _same_as_from_scratch(lib, updated=True, dashboard_first=True)


def test_other_writes_recompute_and_decisions_update_again(library: Library) -> None:
    lib = library
    text = (DEMO_DOCS / "ai-policy.md").read_text(encoding="utf-8")
    v2 = text.replace("investigated within 30 days", "investigated within 10 working days")
    assert v2 != text
    folder = Path(lib.ws.settings.data_dir).parent / "v2"
    folder.mkdir()
    (folder / "ai-policy.md").write_text(v2, encoding="utf-8")
    documents = lib.call("GET", "/api/documents")
    first = next(d["id"] for d in _items(documents) if "Policy" in str(d.get("title")))
    second = lib.upload(folder / "ai-policy.md", revision_of=first)
    _same_as_from_scratch(lib, updated=False)  # a new version: reviews carried over
    again = [i for i in lib.queue(second) if i["status"] == "needsReview"] or lib.queue(second)
    lib.decide(again[0], "confirm")
    _same_as_from_scratch(lib, updated=True)
    procedure = next(d["id"] for d in _items(documents) if "ifecycle" in str(d.get("title")))
    lib.call("DELETE", f"/api/documents/{procedure}")
    _same_as_from_scratch(lib, updated=False)
    lib.decide(lib.queue(second)[0], "reject")
    _same_as_from_scratch(lib, updated=True, dashboard_first=True)


def _items(listing: Any) -> list[dict[str, Any]]:
    return list(listing["items"] if isinstance(listing, dict) else listing)


def test_the_gap_report_pages_its_rows(library: Library) -> None:
    lib = library
    whole = lib.call("GET", "/api/validation")
    assert "paging" not in whole  # without paging parameters: every row, the keys as ever
    page = lib.call("GET", "/api/validation", params={"offset": 1, "limit": 2})
    assert page["paging"]["offset"] == 1 and page["paging"]["limit"] == 2
    assert page["issues"] == whole["issues"][1:3]
    assert page["paging"]["issues"] == len(whole["issues"])
    assert page["summary"] == whole["summary"]  # the whole report's counts
    for standard, entry in whole["standards"].items():
        shown = page["standards"][standard]
        assert shown["gaps"] == entry["gaps"][1:3]
        assert shown["evidence"] == entry["evidence"][1:3]
        totals = page["paging"]["standards"][standard]
        assert totals == {"gaps": len(entry["gaps"]), "evidence": len(entry["evidence"])}
        assert shown["coverage"] == entry["coverage"]
    assert any(len(e["gaps"]) > 3 for e in whole["standards"].values())  # a real window
    too_many = lib.client.get("/api/validation", params={"limit": 0}, headers=lib.headers)
    assert too_many.status_code == 422
    html = lib.client.get("/gaps", params={"offset": 100}, headers=lib.headers)
    assert html.status_code == 200 and 'rel="prev"' in html.text


def test_warm_up_builds_what_the_first_pages_read(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shapes.incremental

    ws, kept = library.ws, library.ws.evidence_index
    runs: list[object] = []
    full_state = shapes.incremental.full_state

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(args)
        return full_state(*args, **kwargs)

    monkeypatch.setattr(shapes.incremental, "full_state", counted)
    ws.evidence_index = EvidenceIndex(ws.store)  # as after a restart
    try:
        warm_up(ws).join(timeout=300)
        assert ws.evidence_index.builds == 1 and len(runs) == 1
        got = library.call("GET", "/api/validation"), library.call("GET", "/api/soa")
        library.call("GET", "/api/dashboard")
        library.call("GET", "/api/reviews/queue")
        assert ws.evidence_index.builds == 1 and len(runs) == 1  # nothing built again
        assert got == _from_scratch(ws)
    finally:
        ws.evidence_index = kept


def test_a_decision_without_attribution_stays_an_issue_across_decisions(
    library: Library,
) -> None:
    """A decision written by hand without reviewer or time is an issue; decisions made after it
    on links of the same document validate only the decisions they add (a decision never
    changes once written), and the report keeps that issue as a full run gives it."""
    lib = library
    document = lib.upload(DEMO_DOCS / "ai-incident-and-supplier-procedure.md")
    first, *rest = lib.queue(document)
    same_document = [i for i in rest if i["document"] == first["document"]]
    assert same_document, "the test needs two waiting links of one document"
    decision = "https://w3id.org/aimsgraph/org/decision/hand-made-without-attribution"
    lib.ws.store.update(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "INSERT DATA { GRAPH <https://w3id.org/aimsgraph/graph/audit> { "
        f"<{decision}> a aims:ReviewDecision, prov:Activity ; prov:used <{first['link']}> }} }}"
    )
    report, _ = _same_as_from_scratch(lib, updated=False)  # a write of no declared scope
    hand_made = [i for i in report["issues"] if i["title"] == decision]
    assert {i["code"] for i in hand_made} == {"no_reviewer", "no_time"}
    lib.decide(first, "confirm")
    report, _ = _same_as_from_scratch(lib, updated=True, dashboard_first=True)
    assert [i for i in report["issues"] if i["title"] == decision] == hand_made
    kept = _kept(lib.ws, date.today()).state.issues
    lib.decide(same_document[0], "reject")
    report, _ = _same_as_from_scratch(lib, updated=True)
    assert [i for i in report["issues"] if i["title"] == decision] == hand_made
    assert _kept(lib.ws, date.today()).state.issues is kept  # taken over, not made again
