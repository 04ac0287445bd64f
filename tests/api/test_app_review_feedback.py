"""The reviewer's feedback loop: undo (API and page), the notice after a decision, stale
items answered with a notice, queue filters and the confidence cut, bulk decisions with a
reason, paging through the queue, and one job for an upload sent twice."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.operations import views
from tests.api.conftest import DEMO_DOCS, ApiEnv
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


@pytest.fixture(scope="module")
def document(fresh_env: ApiEnv) -> str:
    return str(upload(fresh_env, POLICY, "feedback.md", review_date="2099-01-01")["document"])


@pytest.fixture(scope="module")
def bulk_document(fresh_env: ApiEnv) -> str:
    """A longer document of its own for the bulk tests: enough waiting links whatever the
    tests before them decided on ``document`` (how many a short policy gets can vary with
    the vectors by a link or two)."""
    text = (DEMO_DOCS / "model-lifecycle-procedure.md").read_text(encoding="utf-8")
    return str(upload(fresh_env, text, "bulk.md", review_date="2099-01-01")["document"])


def _queue(env: ApiEnv, **params: Any) -> list[dict[str, Any]]:
    response = env.client.get("/api/reviews/queue", params=params, headers=env.headers("viewer"))
    assert response.status_code == 200, response.text
    return list(response.json())


def _history(env: ApiEnv, link: str) -> list[dict[str, Any]]:
    return list(env.client.get(f"/api/reviews/{link}", headers=env.headers("viewer")).json())


def test_undo_through_the_api_restores_the_status_and_is_recorded(
    fresh_env: ApiEnv, document: str
) -> None:
    reviewer = fresh_env.headers("reviewer")
    link = _queue(fresh_env, document=document)[0]
    confirmed = fresh_env.client.post(
        "/api/reviews", json={"link": link["id"], "decision": "confirm"}, headers=reviewer
    ).json()
    url = f"/api/reviews/decisions/{confirmed['decision_id']}/undo"
    assert_error(fresh_env.client.post(url, headers=fresh_env.headers("viewer")), 403)
    undone = fresh_env.client.post(url, headers=reviewer)
    assert undone.status_code == 200, undone.text
    assert undone.json()["status"] == link["status"] == "suggested"
    trail = _history(fresh_env, link["id"])
    assert [h["type"] for h in trail][-2:] == ["confirm", "undo"]
    assert confirmed["decision_id"] in trail[-1]["comment"]
    assert link["id"] in [item["id"] for item in _queue(fresh_env, document=document)]
    assert_error(fresh_env.client.post(url, headers=reviewer), 409, "conflict")  # not latest
    again = f"/api/reviews/decisions/{undone.json()['decision_id']}/undo"
    assert_error(fresh_env.client.post(again, headers=reviewer), 422)  # an undo: no
    unknown = "/api/reviews/decisions/00000000-0000-0000-0000-000000000000/undo"
    assert_error(fresh_env.client.post(unknown, headers=reviewer), 404)
    assert_error(fresh_env.client.post("/api/reviews/decisions/x'y/undo", headers=reviewer), 404)


def test_page_names_the_decision_offers_undo_and_shows_the_history(
    fresh_env: ApiEnv, document: str
) -> None:
    client = _client(fresh_env, "reviewer")
    page = client.get(f"/review?document={document}").text
    link = re.search(r'data-link="([0-9a-f]{16})"', page).group(1)  # type: ignore[union-attr]
    version = re.search(r'name="saw_version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf": _csrf(page), "decision": "confirm", "saw_version": version, "i": "0"}
    form |= {"document": document, "comment": "the testing section says it"}
    done = client.post(f"/review/{link}", data=form, follow_redirects=False)
    assert done.status_code == 303
    query = parse_qs(urlsplit(done.headers["location"]).query)
    assert query["link"] == [link] and query["document"] == [document]
    shown = client.get(done.headers["location"])
    assert shown.headers["cache-control"] == "no-store"
    assert 'id="decision-notice"' in shown.text and "Confirmed" in shown.text
    assert 'role="status" aria-live="polite"' in shown.text and 'id="undo-form"' in shown.text
    assert f'data-link="{link}"' not in shown.text  # the next item is shown
    undo_action = re.search(r'action="(/review-undo/[^"]+)"', shown.text).group(1)  # type: ignore[union-attr]
    assert client.post(undo_action, data={"csrf": "nope"}).status_code == 403
    undone = client.post(
        undo_action, data={"csrf": _csrf(shown.text), "document": document}, follow_redirects=False
    )
    assert undone.status_code == 303
    back = client.get(undone.headers["location"]).text
    assert f'data-link="{link}"' in back and "Undid the decision on" in back
    assert "the testing section says it" in back  # its history beside it
    doc_page = client.get(f"/documents/{document}").text
    item = doc_page[doc_page.index(f'id="link-{link}"') :]
    assert "<strong>confirm</strong>" in item and "<strong>undo</strong>" in item
    assert "the testing section says it" in item


def test_a_stale_or_versionless_decision_records_nothing(fresh_env: ApiEnv, document: str) -> None:
    client = _client(fresh_env, "reviewer")
    link = _queue(fresh_env, document=document)[-1]
    base = {"csrf": _csrf(client.get("/review").text), "decision": "reject", "document": document}
    version = str(link["version"])
    assert (
        client.post(f"/review/{link['id']}", data=base | {"saw_version": version}).status_code
        == 200
    )
    before = _history(fresh_env, link["id"])
    stale = client.post(f"/review/{link['id']}", data=base | {"saw_version": version})
    assert stale.status_code == 200 and 'id="stale-notice"' in stale.text
    assert "rejected" in stale.text and _history(fresh_env, link["id"]) == before
    versionless = client.post(f"/review/{link['id']}", data=base)
    assert versionless.status_code == 422 and "which version" in versionless.text


def test_queue_filters_by_group_and_confidence(fresh_env: ApiEnv, document: str) -> None:
    every = _queue(fresh_env, document=document)
    first = every[0]["notation"]
    prefix = re.match(r"A\.\d+|\d+", first).group(0)  # type: ignore[union-attr]
    grouped = _queue(fresh_env, document=document, group=prefix)
    assert grouped and all(re.match(rf"{re.escape(prefix)}(\.|$)", i["notation"]) for i in grouped)
    cut = sorted(i["score"] for i in every)[len(every) // 2]
    high = _queue(fresh_env, document=document, min_score=cut)
    assert high and all(i["score"] >= cut for i in high) and len(high) < len(every) + 1
    assert_error(
        fresh_env.client.get("/api/reviews/queue?min_score=2", headers=fresh_env.headers("viewer")),
        422,
    )
    client = _client(fresh_env, "viewer")
    page = client.get(f"/review?document={document}&min_score={cut}&group={prefix}").text
    shown = int(re.search(r"(\d+) shown", page).group(1))  # type: ignore[union-attr]
    assert shown == len(_queue(fresh_env, document=document, group=prefix, min_score=cut))
    assert f'value="{cut}"' in page and f"<option selected>{prefix}</option>" in page
    refused = client.get("/review?min_score=lots")
    assert refused.status_code == 422 and "not a number" in refused.text


def test_default_cut_hides_low_confidence_and_can_be_lowered(
    fresh_env: ApiEnv, document: str
) -> None:
    client = _client(fresh_env, "reviewer")
    page = client.get(f"/review?document={document}").text
    more = client.post(
        "/review-more", data={"csrf": _csrf(page), "document": document}, follow_redirects=False
    )
    location = more.headers["location"]
    below = int(re.search(r"below=(\d+)", location).group(1))  # type: ignore[union-attr]
    # further down the ranking: the cut is off only where some fall below it (and said so)
    assert ("min_score=0" in location) == (below > 0)
    every = _queue(fresh_env, document=document)
    low = [i for i in every if i["score"] < views.DEFAULT_MIN_SCORE]
    page = client.get(f"/review?document={document}").text
    shown = int(re.search(r"(\d+) shown", page).group(1))  # type: ignore[union-attr]
    assert shown == len(every) - len(low)
    if low:
        assert f"{len(low)} below the cut" in page and 'id="show-all"' in page
    everything = client.get(f"/review?document={document}&min_score=all").text
    assert int(re.search(r"(\d+) shown", everything).group(1)) == len(every)  # type: ignore[union-attr]


def test_bulk_decision_needs_a_reason_and_reports_what_failed(
    fresh_env: ApiEnv, bulk_document: str
) -> None:
    client = _client(fresh_env, "reviewer")
    page = client.get(f"/review?document={bulk_document}&min_score=0").text
    picks = re.findall(r'name="pick" value="([0-9a-f]{16}:\d+)"', page)
    assert len(picks) >= 3
    form = {"csrf": _csrf(page), "decision": "reject", "document": bulk_document, "min_score": "0"}
    no_reason = client.post("/review-bulk", data=form | {"pick": picks[:2], "reason": " "})
    assert no_reason.status_code == 422 and "needs a reason" in no_reason.text
    nothing = client.post("/review-bulk", data=form | {"reason": "off topic"})
    assert nothing.status_code == 422 and "tick the items" in nothing.text
    stale = picks[2].split(":")[0] + ":99"
    done = client.post(
        "/review-bulk",
        data=form | {"pick": [*picks[:2], stale], "reason": "off topic"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = client.get(done.headers["location"]).text
    assert 'id="bulk-notice"' in shown and "Rejected 2 items; 1 not recorded" in shown
    for pick in picks[:2]:
        last = _history(fresh_env, pick.split(":")[0])[-1]
        assert (last["type"], last["comment"]) == ("reject", "off topic")
    assert _history(fresh_env, picks[2].split(":")[0]) == []

    # Undo all: both rejects are taken back, the links wait in the queue again
    undo_form = shown[
        shown.index('id="bulk-undo-form"') : shown.index(
            "</form>", shown.index('id="bulk-undo-form"')
        )
    ]
    assert "Undo all 2" in shown
    decisions = re.findall(r'name="decision" value="([0-9a-f-]{36})"', undo_form)
    assert len(decisions) == 2
    undone = client.post(
        "/review-bulk-undo",
        data={
            "csrf": _csrf(shown),
            "decision": decisions,
            "document": bulk_document,
            "min_score": "0",
        },
        follow_redirects=False,
    )
    assert undone.status_code == 303
    after = client.get(undone.headers["location"]).text
    assert "Undid 2 decisions" in after and 'id="bulk-undo-form"' not in after
    for pick in picks[:2]:
        trail = [h["type"] for h in _history(fresh_env, pick.split(":")[0])]
        assert trail[-2:] == ["reject", "undo"], "the reject, then its undo"
    queued = {i["id"] for i in _queue(fresh_env, document=bulk_document, min_score=0)}
    assert {p.split(":")[0] for p in picks[:2]} <= queued
    again = client.post(
        "/review-bulk-undo",
        data={"csrf": _csrf(after), "decision": decisions, "document": bulk_document},
        follow_redirects=False,
    )
    assert "failed=2" in again.headers["location"], "undone already: nothing undone twice"
    forged = client.post("/review-bulk-undo", data={"csrf": _csrf(after), "decision": "x'; DROP"})
    assert forged.status_code == 422 and "no decisions to undo" in forged.text


def test_api_undoes_many_decisions_each_on_its_own(fresh_env: ApiEnv, bulk_document: str) -> None:
    client = fresh_env.client
    links = [i["id"] for i in _queue(fresh_env, document=bulk_document, min_score=0)][:3]
    body = {"links": links, "decision": "confirm", "comment": "bulk"}
    done = client.post("/api/reviews/bulk", json=body, headers=fresh_env.headers("reviewer"))
    ids = [d["decision_id"] for d in done.json()["decided"]]
    assert len(ids) == 3
    viewer = client.post(
        "/api/reviews/decisions/undo", json={"decisions": ids}, headers=fresh_env.headers("viewer")
    )
    assert viewer.status_code == 403
    undo = client.post(
        "/api/reviews/decisions/undo",
        json={"decisions": [*ids[:2], "00000000-0000-4000-8000-000000000000"]},
        headers=fresh_env.headers("reviewer"),
    )
    assert undo.status_code == 200
    outcome = undo.json()
    assert [d["status"] for d in outcome["decided"]] == ["suggested", "suggested"]
    assert [f["decision"] for f in outcome["failed"]] == ["00000000-0000-4000-8000-000000000000"]
    assert _history(fresh_env, links[2])[-1]["type"] == "confirm", "the third stays confirmed"
    empty = client.post(
        "/api/reviews/decisions/undo", json={"decisions": []}, headers=fresh_env.headers("reviewer")
    )
    assert empty.status_code == 422


def test_the_queue_list_pages_past_its_page_size(
    fresh_env: ApiEnv, document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = _client(fresh_env, "viewer")
    total = len(_queue(fresh_env, min_score=0))
    assert total > 4
    first = client.get("/review?min_score=0").text
    assert "Items 1–2 of" in first and 'id="next-page"' in first and 'id="prev-page"' not in first
    third = client.get("/review?min_score=0&i=4").text
    assert f"Items 5–{min(6, total)} of {total}" in third and 'id="prev-page"' in third
    listed = third[third.index('<ol start="5">') : third.index("</ol>")]
    assert (
        listed.count("<li") == min(2, total - 4) and 'name="pick"' not in listed
    )  # viewers tick nothing


def test_the_same_upload_while_its_job_runs_answers_the_same_job(fresh_env: ApiEnv) -> None:
    body = POLICY.replace("Model testing", "Twice sent").encode()
    send = {
        "files": {"file": ("twice.md", body, "text/markdown")},
        "data": {"owner": "Ops"},
        "headers": fresh_env.headers("reviewer"),
    }
    with fresh_env.workspace.lock:  # the job waits for the lock: still queued or running
        first = fresh_env.client.post("/api/documents", **send)  # type: ignore[arg-type]
        second = fresh_env.client.post("/api/documents", **send)  # type: ignore[arg-type]
        other = fresh_env.client.post(
            "/api/documents",
            files={"file": ("twice.md", body, "text/markdown")},
            data={"owner": "Someone else"},
            headers=fresh_env.headers("reviewer"),
        )
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"] != other.json()["id"]
    done = fresh_env.app.state.jobs.wait(first.json()["id"])
    assert done.status == "done"
    fresh_env.app.state.jobs.wait(other.json()["id"])
