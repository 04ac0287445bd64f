"""Suggestions, review decisions (single, bulk, conflicts), and what they change."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from tests.api.conftest import ApiEnv
from tests.api.test_app_errors import assert_error


def _suggestions(api_env: ApiEnv, **params: str) -> list[dict[str, Any]]:
    response = api_env.client.get(
        "/api/suggestions", params=params, headers=api_env.headers("viewer")
    )
    assert response.status_code == 200, response.text
    return list(response.json())


def test_suggestions_have_the_promised_keys(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    links = _suggestions(api_env, document=sample_document["result"]["document"])
    assert links
    for link in links:
        assert {"id", "document", "notation", "standard", "status", "score", "passages"} <= set(
            link
        )
        assert all({"text", "page", "section"} <= set(p) for p in link["passages"])
    scores = [link["score"] for link in links]
    assert scores == sorted(scores, reverse=True)


def test_more_suggestions_come_from_further_down_the_ranking(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    doc = sample_document["result"]["document"]
    before = _suggestions(api_env, document=doc)
    url = f"/api/suggestions/more?document={doc}&count=3"
    assert api_env.client.post(url, headers=api_env.headers("viewer")).status_code == 403
    more = api_env.client.post(url, headers=api_env.headers("reviewer"))
    assert more.status_code == 200, more.text
    added = more.json()
    assert len(added) == 3 and {a["id"] for a in added}.isdisjoint(b["id"] for b in before)
    assert all(a["document"] == doc and a["status"] == "suggested" for a in added)
    assert len(_suggestions(api_env, document=doc)) == len(before) + 3
    missing = api_env.client.post(
        "/api/suggestions/more?document=nosuch", headers=api_env.headers("reviewer")
    )
    assert_error(missing, 404)


def test_confirm_records_the_token_name_and_moves_the_dashboard(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    viewer, reviewer = api_env.headers("viewer"), api_env.headers("reviewer")
    before = api_env.client.get("/api/dashboard", headers=viewer).json()
    # an Annex A control: the gap report's coverage counts the controls
    link = next(
        s
        for s in _suggestions(
            api_env, document=sample_document["result"]["document"], status="suggested"
        )
        if s["notation"].startswith("A.")
    )
    body = {
        "link": link["id"],
        "decision": "confirm",
        "comment": "clear <b>evidence</b>",
        "saw_version": link["version"],
    }
    decided = api_env.client.post("/api/reviews", json=body, headers=reviewer)
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "confirmed"
    assert decided.json()["reviewer"] == "Reviewer Tester"
    history = api_env.client.get(f"/api/reviews/{link['id']}", headers=viewer).json()
    assert history[-1]["reviewer"] == "Reviewer Tester"
    assert history[-1]["comment"] == "clear <b>evidence</b>"
    after = api_env.client.get("/api/dashboard", headers=viewer).json()
    # confirming may add crosswalk suggestions for the other standards; 42001's queue shrinks
    assert after["queue_by_standard"]["iso42001"] == before["queue_by_standard"]["iso42001"] - 1
    assert after["coverage"]["iso42001"]["covered"] == before["coverage"]["iso42001"]["covered"] + 1
    detail = api_env.client.get(f"/api/requirements/{link['notation']}", headers=viewer).json()
    assert any(e["id"] == link["id"] and e["status"] == "confirmed" for e in detail["evidence"])


def test_the_dashboard_shows_the_gap_reports_coverage_of_every_standard(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    viewer = api_env.headers("viewer")
    board = api_env.client.get("/api/dashboard", headers=viewer).json()
    report = api_env.client.get("/api/validation", headers=viewer).json()
    assert set(board["coverage"]) == {"iso42001", "iso27001", "euaiact"}
    for standard, entry in report["standards"].items():
        shown = board["coverage"][standard]
        assert (shown["requirements"], shown["covered"], shown["gaps"]) == (
            entry["in_scope"],
            entry["covered"],
            len(entry["gaps"]),
        ), standard
        assert shown["coverage"] == entry["coverage"], standard


def test_a_stale_version_gets_409_and_changes_nothing(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    reviewer = api_env.headers("reviewer")
    link = _suggestions(
        api_env, document=sample_document["result"]["document"], status="suggested"
    )[0]
    first = {
        "link": link["id"],
        "decision": "comment",
        "comment": "looking",
        "saw_version": link["version"],
    }
    assert api_env.client.post("/api/reviews", json=first, headers=reviewer).status_code == 200
    stale = {"link": link["id"], "decision": "reject", "saw_version": link["version"]}
    assert_error(api_env.client.post("/api/reviews", json=stale, headers=reviewer), 409, "conflict")
    assert (
        _suggestions(api_env, control=link["notation"], document=link["document"])[0]["status"]
        == "suggested"
    )


def test_bulk_reject_reports_each_link(api_env: ApiEnv, sample_document: dict[str, Any]) -> None:
    links = _suggestions(
        api_env, document=sample_document["result"]["document"], status="suggested"
    )[-2:]
    body = {
        "links": [link["id"] for link in links] + ["f" * 16],
        "decision": "reject",
        "comment": "off topic",
    }
    outcome = api_env.client.post(
        "/api/reviews/bulk", json=body, headers=api_env.headers("reviewer")
    ).json()
    assert {d["link_id"] for d in outcome["decided"]} == {link["id"] for link in links}
    assert [f["link"] for f in outcome["failed"]] == ["f" * 16]


def test_unknown_link_and_bad_retarget(api_env: ApiEnv) -> None:
    reviewer = api_env.headers("reviewer")
    assert_error(
        api_env.client.post(
            "/api/reviews", json={"link": "0" * 16, "decision": "confirm"}, headers=reviewer
        ),
        404,
    )
    assert_error(
        api_env.client.post(
            "/api/reviews", json={"link": "xyz", "decision": "confirm"}, headers=reviewer
        ),
        422,
    )


def test_match_ranks_requirements(api_env: ApiEnv) -> None:
    body = {
        "text": "We assess the impact of each AI system on individuals and society.",
        "top_k": 5,
    }
    result = api_env.client.post("/api/match", json=body, headers=api_env.headers("viewer")).json()
    assert len(result["matches"]) == 5
    assert {"notation", "standard", "label", "score"} <= set(result["matches"][0])


def test_the_review_view_shows_the_cited_passages_neighbours(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    viewer = api_env.headers("viewer")
    doc = sample_document["result"]["document"]
    every = api_env.client.get(f"/api/documents/{doc}/passages", headers=viewer).json()
    position = {p["iri"]: at for at, p in enumerate(every)}
    link = next(  # a link citing a passage in the middle of the document
        s
        for s in _suggestions(api_env, document=doc, status="suggested")
        if 0 < position.get(s["passages"][0]["passage"], 0) < len(every) - 1
    )
    view = api_env.client.get(
        "/api/review-view", params={"link": link["id"], "document": doc}, headers=viewer
    )
    assert view.status_code == 200, view.text
    context = view.json()["context"]
    at = position[link["passages"][0]["passage"]]
    assert context["before"] == every[at - 1] and context["after"] == every[at + 1]
    assert context["document"]["id"] == doc and context["document"]["title"]
    assert "passage_list" not in context["document"]  # the passages have their own route
    page = api_env.client.get(
        "/review", params={"link": link["id"], "document": doc}, headers=viewer
    )
    assert str(escape(every[at + 1]["text"][:60])) in page.text  # as the page escapes it
