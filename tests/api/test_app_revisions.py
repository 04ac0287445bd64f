"""Revisions through the API and the CLI: proposed, never guessed; a bad ``revision_of``
refused with nothing written; a superseded document's links gone from the queue and the
dashboard's counts; each queue item with its basis and, when carried over, what changed."""

# ruff: noqa: F811 - pytest fixtures imported from tests.api.fresh_env are parameters here
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import ApiEnv
from tests.api.fresh_env import POLICY, fresh_env, upload  # noqa: F401 (a fixture)
from tests.cli_support import CliRun, run_cli
from tests.conftest import initialised_data_dir

EDITED = POLICY.replace("checks performance against", "checks accuracy and robustness against")
APPENDED = POLICY + "\n## Contacts\n\nQuestions about this policy go to the AI office.\n"


def _candidates(env: ApiEnv, text: str, name: str) -> Any:
    response = env.client.post(
        "/api/documents/candidates",
        files={"file": (name, text.encode(), "text/markdown")},
        headers=env.headers("reviewer"),
    )
    assert response.status_code == 200, response.text
    return response.json()


def _queue(env: ApiEnv, standard: str, **params: str) -> list[dict[str, Any]]:
    response = env.client.get(
        "/api/reviews/queue", params={"standard": standard, **params}, headers=env.headers("viewer")
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()
    return items


@pytest.fixture(scope="module")
def versions(fresh_env: ApiEnv) -> dict[str, Any]:  # noqa: F811
    """Version 1 with its best link confirmed, then version 2 (a sentence edited)."""
    first = upload(fresh_env, POLICY, "testing.md")
    waiting = _queue(fresh_env, "iso42001", document=str(first["document"]))
    best = next(
        item for item in waiting if any("checks performance" in p["text"] for p in item["passages"])
    )
    decided = fresh_env.client.post(
        "/api/reviews",
        json={"link": best["id"], "decision": "confirm", "saw_version": best["version"]},
        headers=fresh_env.headers("reviewer"),
    )
    assert decided.status_code == 200, decided.text
    proposal = _candidates(fresh_env, EDITED, "testing-v2.md")
    second = upload(fresh_env, EDITED, "testing-v2.md", revision_of=str(first["document"]))
    copy = upload(
        fresh_env, POLICY.replace("drift and errors", "drift, bias and errors"), "copy.md"
    )
    return {"first": first, "second": second, "best": best, "proposal": proposal, "copy": copy}


def test_an_edited_version_is_proposed_not_taken(
    fresh_env: ApiEnv, versions: dict[str, Any]
) -> None:
    proposal, first = versions["proposal"], versions["first"]
    assert proposal["status"] == "new"
    assert proposal["candidates"][0]["id"] == first["document"]
    assert "same title" in proposal["candidates"][0]["reasons"]
    assert versions["second"]["status"] == "revision"
    assert versions["second"]["revision_of"] == first["document"]


def test_an_unrelated_same_titled_upload_supersedes_nothing(
    fresh_env: ApiEnv, versions: dict[str, Any]
) -> None:
    other = versions["copy"]
    assert other["title"] == versions["second"]["title"]
    assert other["status"] == "new" and other["revision_of"] is None
    current = fresh_env.client.get(
        f"/api/documents/{versions['second']['document']}", headers=fresh_env.headers("viewer")
    ).json()
    assert current["superseded_by"] is None


@pytest.mark.parametrize(
    ("which", "status", "code"),
    [("unknown", 404, "document_not_found"), ("superseded", 422, "bad_revision")],
)
def test_a_bad_revision_of_is_refused_before_any_job(
    fresh_env: ApiEnv,
    versions: dict[str, Any],
    which: str,
    status: int,
    code: str,  # noqa: F811
) -> None:
    named = "0123456789ab" if which == "unknown" else str(versions["first"]["document"])
    before = fresh_env.workspace.count_documents()
    response = fresh_env.client.post(
        "/api/documents?wait=true",
        files={"file": ("v3.md", APPENDED.encode(), "text/markdown")},
        data={"revision_of": named},
        headers=fresh_env.headers("reviewer"),
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    if which == "superseded":
        assert str(versions["second"]["document"]) in response.json()["error"]["hint"]
    assert fresh_env.workspace.count_documents() == before


def test_superseded_links_leave_the_queue_and_the_counts(
    fresh_env: ApiEnv,
    versions: dict[str, Any],
) -> None:
    old = str(versions["first"]["document"])
    dashboard = fresh_env.client.get("/api/dashboard", headers=fresh_env.headers("viewer")).json()
    for standard in ("iso42001", "iso27001", "euaiact"):
        queue = _queue(fresh_env, standard)
        assert all(item["document"] != old for item in queue)
        assert dashboard["queue_by_standard"][standard] == len(queue)
    assert dashboard["queue"] == sum(dashboard["queue_by_standard"].values())
    # the listing still has them (the old version's page shows its history)
    listed = fresh_env.client.get(
        "/api/suggestions", params={"document": old}, headers=fresh_env.headers("viewer")
    ).json()
    assert any(link["status"] == "suggested" for link in listed)
    page = fresh_env.client.get("/review", headers=fresh_env.headers("viewer")).text
    assert f'value="{old}"' not in page
    home = fresh_env.client.get("/", headers=fresh_env.headers("viewer")).text
    tile = re.search(r'id="queue-size">(\d+)<', home)
    waiting = re.search(r'id="queue-waiting">(\d+)<', page)
    assert tile and waiting and tile.group(1) == waiting.group(1)
    assert int(tile.group(1)) == dashboard["queue_by_standard"]["iso42001"]
    # two current documents share a title: the filter tells them apart by id
    for document in (versions["second"]["document"], versions["copy"]["document"]):
        assert f"— {document}</option>" in page


def test_the_audit_log_lists_the_revision_and_the_uploads(
    fresh_env: ApiEnv,
    versions: dict[str, Any],
) -> None:
    viewer = fresh_env.headers("viewer")
    first, second = str(versions["first"]["document"]), str(versions["second"]["document"])
    for kind in (None, "revision"):  # the whole log and the revisions alone
        params = {"per_page": 200} | ({"kind": kind} if kind else {})
        events = fresh_env.client.get("/api/audit", params=params, headers=viewer).json()["events"]
        [revision] = [e for e in events if e["kind"] == "revision"]
        assert (revision["document"], revision["revision_of"]) == (second, first), kind
        assert revision["title"] and revision["time"]
    events = fresh_env.client.get("/api/audit", params={"per_page": 200}, headers=viewer).json()
    uploads = {e["document"] for e in events["events"] if e["kind"] == "upload"}
    assert {first, str(versions["copy"]["document"])} <= uploads and second not in uploads


def test_queue_items_carry_their_basis_and_changes(
    fresh_env: ApiEnv,
    versions: dict[str, Any],
) -> None:
    new = str(versions["second"]["document"])
    mine = _queue(fresh_env, "iso42001", document=new)
    carried = [item for item in mine if item["basis"] and item["basis"]["kind"] == "carry-over"]
    assert len(carried) == 1  # the confirmed link cited the edited sentence
    for item in carried:
        assert item["id"] != versions["best"]["id"]
        assert item["status"] == "needsReview" and item["changes"]["changed"]
        assert "changed or is gone" in item["why"]
        after = [s["text"] for s in item["changes"]["after"] if s["op"] == "insert"]
        assert any("robustness" in text for text in after)
    # to decide again, whatever the confidence cut: first in the queue, never below the cut
    cut = _queue(fresh_env, "iso42001", document=new, min_score="0.2")
    assert cut[0]["id"] == carried[0]["id"] and mine[0]["id"] == carried[0]["id"]
    matcher = [item for item in mine if not item["basis"]]
    assert matcher and all("calibrated" in item["why"] for item in matcher)


def test_crosswalk_items_name_their_source_link_and_mapping(
    fresh_env: ApiEnv,
    versions: dict[str, Any],
) -> None:
    new = str(versions["second"]["document"])
    for item in _queue(fresh_env, "iso42001", document=new)[:4]:
        fresh_env.client.post(
            "/api/reviews",
            json={"link": item["id"], "decision": "confirm", "saw_version": item["version"]},
            headers=fresh_env.headers("reviewer"),
        ).raise_for_status()
    crosswalk = [item for s in ("iso27001", "euaiact") for item in _queue(fresh_env, s)]
    assert crosswalk, "confirmed links suggest evidence over subset/intersect edges"
    for item in crosswalk:
        basis = item["basis"]
        assert basis["kind"] == "crosswalk" and basis["source_standard"] == "iso42001"
        assert basis["mapping"] and basis["relationship"] and basis["source_link"]
        assert "not a probability" in item["why"]


def _cli(data_dir: Path, *args: str) -> CliRun:
    return run_cli("--data-dir", data_dir, *args)


def test_cli_refuses_a_bad_revision_of_before_reading_any_file(
    tmp_path: Path, reference_template: Path
) -> None:
    data_dir = initialised_data_dir(reference_template, tmp_path / "data")
    v1, v2 = tmp_path / "v1.md", tmp_path / "v2.md"
    v1.write_text(POLICY, "utf-8")
    v2.write_text(EDITED, "utf-8")
    done = _cli(data_dir, "ingest", "--no-suggest", "--format", "json", str(v1))
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout)[0]["id"]
    unknown = _cli(data_dir, "ingest", "--no-suggest", "--revision-of", "0123456789ab", str(v2))
    several = _cli(data_dir, "ingest", "--no-suggest", "--revision-of", first, str(v2), str(v1))
    assert unknown.returncode == 2 and "no such document" in unknown.stderr
    assert several.returncode == 2 and "one earlier version" in several.stderr
    listed = json.loads(_cli(data_dir, "documents", "--format", "json").stdout)
    assert [d["id"] for d in listed] == [first]
