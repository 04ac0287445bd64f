"""Document metadata: set at upload, edited through one operation (JSON route, page form,
CLI), and what it changes: whether confirmed evidence counts, and the dashboard's why."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.operations.documents as documents_module
from tests.api.conftest import ApiEnv
from tests.api.fresh_env import POLICY, fresh_env, upload
from tests.api.test_app_errors import assert_error

__all__ = ["fresh_env"]


def _client(env: ApiEnv, role: str) -> TestClient:
    client = TestClient(env.app)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post("/signin", data={"token": env.tokens[role], "csrf": presession})
    return client


def _csrf(page: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def _document(env: ApiEnv, doc_id: str) -> dict[str, Any]:
    response = env.client.get(f"/api/documents/{doc_id}", headers=env.headers("viewer"))
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_upload_sets_title_version_owner_and_review_date(fresh_env: ApiEnv) -> None:
    fields = {"title": "Testing rules", "version": "2.1", "owner": "QA lead"}
    done = upload(fresh_env, POLICY, "testing.md", review_date="2099-12-31", **fields)
    doc = _document(fresh_env, str(done["document"]))
    assert {k: doc[k] for k in fields} == fields
    assert doc["review_date"] == "2099-12-31" and doc["review_state"] == "current"


def test_upload_with_a_bad_review_date_is_refused_before_any_job(fresh_env: ApiEnv) -> None:
    jobs_before = len(fresh_env.app.state.jobs.list())
    refused = fresh_env.client.post(
        "/api/documents",
        files={"file": ("x.md", b"# X\n\nSome text about AI.", "text/markdown")},
        data={"review_date": "31/12/2099"},
        headers=fresh_env.headers("reviewer"),
    )
    error = assert_error(refused, 422, "bad_input")
    assert "review date" in error["message"] and "YYYY-MM-DD" in error["hint"]
    assert len(fresh_env.app.state.jobs.list()) == jobs_before


def test_patch_edits_and_clears_metadata(fresh_env: ApiEnv) -> None:
    doc_id = str(upload(fresh_env, POLICY.replace("0.9", "1.0"), "edit-me.md")["document"])
    assert _document(fresh_env, doc_id)["review_state"] == "undated"
    url, reviewer = f"/api/documents/{doc_id}", fresh_env.headers("reviewer")
    edited = fresh_env.client.patch(
        url, json={"review_date": "2000-01-01", "owner": "CTO", "version": "3"}, headers=reviewer
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["owner"], body["version"], body["review_state"]) == ("CTO", "3", "stale")
    cleared = fresh_env.client.patch(url, json={"owner": None, "review_date": ""}, headers=reviewer)
    assert cleared.json()["owner"] is None and cleared.json()["review_state"] == "undated"
    assert cleared.json()["version"] == "3"  # left out: unchanged


def test_the_listing_shows_an_edit_at_once(fresh_env: ApiEnv) -> None:
    """The listing keeps each page's descriptions until the next write: an edit is one."""
    doc_id = str(upload(fresh_env, POLICY.replace("0.9", "1.3"), "listed.md")["document"])
    viewer, reviewer = fresh_env.headers("viewer"), fresh_env.headers("reviewer")

    def listed() -> dict[str, Any]:
        rows = fresh_env.client.get("/api/documents", headers=viewer).json()
        return next(row for row in rows if row["id"] == doc_id)

    assert listed()["owner"] is None and listed()["owner"] is None  # the second from the kept
    edited = fresh_env.client.patch(
        f"/api/documents/{doc_id}", json={"owner": "DPO"}, headers=reviewer
    )
    assert edited.status_code == 200, edited.text
    assert listed()["owner"] == "DPO"


def test_the_listing_is_kept_across_decisions_and_shows_a_new_version_at_once(
    fresh_env: ApiEnv,
) -> None:
    """A decision changes no document's description or place in the listing: the kept
    order and descriptions stand across it (not read again per decision); a new version, a
    write of another kind, shows at once (the old one superseded by it)."""
    ws, viewer = fresh_env.workspace, fresh_env.headers("viewer")
    text = POLICY.replace("0.9", "2.4").replace("quarter", "month")
    first = str(upload(fresh_env, text, "kept-across.md")["document"])

    def listed(doc_id: str) -> dict[str, Any]:
        rows = fresh_env.client.get("/api/documents", headers=viewer).json()
        return next(row for row in rows if row["id"] == doc_id)

    before, order = listed(first), ws._document_order()
    waiting = fresh_env.client.get(
        "/api/reviews/queue", params={"document": first}, headers=viewer
    ).json()
    body = {"link": waiting[0]["id"], "decision": "confirm", "saw_version": waiting[0]["version"]}
    decided = fresh_env.client.post(
        "/api/reviews", json=body, headers=fresh_env.headers("reviewer")
    )
    assert decided.status_code in (200, 201), decided.text
    assert listed(first) == before
    assert ws._document_order() is order, "kept across the decision, not read again"
    second = str(
        upload(fresh_env, text + "\nReviewed yearly.\n", "kept-v2.md", revision_of=first)[
            "document"
        ]
    )
    assert ws._document_order() is not order
    assert listed(first)["superseded_by"] == second
    assert listed(second)["revision_of"] == first


def test_patch_refuses_bad_input_and_writes_nothing(fresh_env: ApiEnv) -> None:
    doc_id = str(upload(fresh_env, POLICY.replace("0.9", "1.1"), "bad-input.md")["document"])
    url, reviewer = f"/api/documents/{doc_id}", fresh_env.headers("reviewer")
    before = _document(fresh_env, doc_id)
    for body, words in (
        ({"owner": "Ops", "review_date": "2027-02-30"}, "no such day"),
        ({"owner": "Ops", "review_date": "next year"}, "not a date"),
        ({"owner": "Ops", "title": ""}, "needs a title"),
        ({"owner": "Ops", "type": "memo"}, "unknown document type"),
    ):
        error = assert_error(fresh_env.client.patch(url, json=body, headers=reviewer), 422)
        assert words in error["message"], error
    assert_error(fresh_env.client.patch(url, json={"colour": "red"}, headers=reviewer), 422)
    assert _document(fresh_env, doc_id) == before
    viewer = fresh_env.client.patch(url, json={"owner": "X"}, headers=fresh_env.headers("viewer"))
    assert_error(viewer, 403)
    missing = fresh_env.client.patch(
        "/api/documents/0123456789ab", json={"owner": "X"}, headers=reviewer
    )
    assert_error(missing, 404)


def test_edit_form_keeps_the_input_on_error_and_redirects_when_saved(fresh_env: ApiEnv) -> None:
    doc_id = str(upload(fresh_env, POLICY.replace("0.9", "1.2"), "form.md")["document"])
    client = _client(fresh_env, "reviewer")
    page = client.get(f"/documents/{doc_id}").text
    assert 'class="tag state-undated"' in page and 'id="edit-form"' in page
    form = {
        "csrf": _csrf(page),
        "title": "Form policy",
        "type": "policy",
        "owner": "Ops",
        "version": "4",
        "effective_date": "",
        "review_date": "2099-13-01",
    }
    refused = client.post(f"/documents/{doc_id}/edit", data=form, follow_redirects=False)
    assert refused.status_code == 422
    assert 'id="edit-error"' in refused.text and "no such day in the calendar" in refused.text
    assert 'value="2099-13-01"' in refused.text and 'value="Form policy"' in refused.text
    assert 'href="/documents"' in refused.text  # inside the normal layout
    assert _document(fresh_env, doc_id)["owner"] is None
    saved = client.post(
        f"/documents/{doc_id}/edit",
        data=form | {"review_date": "2099-01-01"},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/documents/{doc_id}?saved=1"
    shown = client.get(saved.headers["location"]).text
    assert 'id="saved-notice"' in shown and "state-undated" not in shown
    assert _document(fresh_env, doc_id)["title"] == "Form policy"
    viewer = _client(fresh_env, "viewer")
    assert viewer.post(f"/documents/{doc_id}/edit", data=form).status_code == 403


def test_dashboard_says_why_a_confirmed_requirement_does_not_count(fresh_env: ApiEnv) -> None:
    text = POLICY.replace("0.9", "5.0").replace("Model testing", "Old testing")
    doc_id = str(upload(fresh_env, text, "old.md", review_date="2001-01-01")["document"])
    viewer, reviewer = fresh_env.headers("viewer"), fresh_env.headers("reviewer")
    links = fresh_env.client.get(
        "/api/reviews/queue", params={"document": doc_id}, headers=viewer
    ).json()
    link = next(item for item in links if item["notation"].startswith("A."))
    decided = fresh_env.client.post(
        "/api/reviews", json={"link": link["id"], "decision": "confirm"}, headers=reviewer
    )
    assert decided.status_code == 200, decided.text
    board = fresh_env.client.get("/api/dashboard", headers=viewer).json()
    gaps = fresh_env.client.get("/api/validation", headers=viewer).json()
    gap_notations = {g["notation"] for g in gaps["standards"]["iso42001"]["gaps"]}
    assert link["notation"] in gap_notations  # in this data directory nothing else covers it
    uncounted = board["not_counting"]
    assert link["notation"] in uncounted["requirements"]
    assert doc_id in [d["id"] for d in uncounted["documents"]]
    assert "past its review date" in uncounted["message"]
    page = _client(fresh_env, "viewer").get("/").text
    assert 'id="not-counting"' in page and f'href="/documents/{doc_id}#edit-h"' in page
    fresh_env.client.patch(
        f"/api/documents/{doc_id}", json={"review_date": "2099-01-01"}, headers=reviewer
    )
    after = fresh_env.client.get("/api/dashboard", headers=viewer).json()
    assert link["notation"] not in after["not_counting"]["requirements"]
    assert doc_id not in [d["id"] for d in after["not_counting"]["documents"]]


def test_dashboard_names_a_few_uncounted_documents_and_counts_the_rest(
    fresh_env: ApiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library of undated documents does not put each one on the home page: the first
    ``UNCOUNTED_SHOWN`` by title are named, the rest counted."""
    monkeypatch.setattr(documents_module, "UNCOUNTED_SHOWN", 1)
    viewer, reviewer = fresh_env.headers("viewer"), fresh_env.headers("reviewer")
    ids = []
    for name in ("b-old.md", "a-old.md"):
        text = POLICY.replace("0.9", "5.0").replace("Model testing", f"Testing {name}")
        doc_id = str(upload(fresh_env, text, name, review_date="2001-01-01")["document"])
        queue = fresh_env.client.get(
            "/api/reviews/queue", params={"document": doc_id}, headers=viewer
        ).json()
        report = fresh_env.client.get("/api/validation", headers=viewer).json()
        gaps = {g["notation"] for g in report["standards"]["iso42001"]["gaps"]}
        # a requirement no current document covers (the module's other tests confirm some)
        link = next(item for item in queue if item["notation"] in gaps)
        decided = fresh_env.client.post(
            "/api/reviews", json={"link": link["id"], "decision": "confirm"}, headers=reviewer
        )
        assert decided.status_code == 200, decided.text
        ids.append(doc_id)
    uncounted = fresh_env.client.get("/api/dashboard", headers=viewer).json()["not_counting"]
    assert uncounted["document_count"] == 2 and len(uncounted["documents"]) == 1
    assert uncounted["documents"][0]["id"] in ids
    page = _client(fresh_env, "viewer").get("/").text
    assert "and 1 more" in page and 'href="/documents"' in page
