"""Issue 18, item 6, through the real app: sessions end on sign-out and with their token,
``/signin?message=`` shows no attacker text, every route has a body limit, every response
(errors included) has the security headers, a bulk decision is one write with blank ids
reported, and an exported inventory imports back unchanged."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth import SESSION_COOKIE
from mapping.evidence import review
from tests.api.conftest import ApiEnv
from tests.api.fresh_env import POLICY, fresh_env, upload

__all__ = ["fresh_env"]

HEADERS = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control")


def _sign_in(env: ApiEnv, token: str) -> TestClient:
    client = TestClient(env.app)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    done = client.post("/signin", data={"token": token, "csrf": presession}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert client.get("/api/me").status_code == 200
    return client


def _csrf(client: TestClient) -> str:
    return re.search(r'data-csrf="([^"]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]


def _replay(env: ApiEnv, cookie: str) -> int:
    """The status of /api/me for a fresh client presenting only ``cookie``."""
    client = TestClient(env.app)
    client.cookies.set(SESSION_COOKIE, cookie)
    return client.get("/api/me").status_code


def test_a_signed_out_cookie_no_longer_works(fresh_env: ApiEnv) -> None:
    client = _sign_in(fresh_env, fresh_env.tokens["viewer"])
    cookie = client.cookies[SESSION_COOKIE]
    assert _replay(fresh_env, cookie) == 200
    out = client.post("/signout", data={"csrf": _csrf(client)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/signin?message=signed-out"
    assert _replay(fresh_env, cookie) == 401
    other = _sign_in(fresh_env, fresh_env.tokens["viewer"])  # the token itself still works
    assert other.get("/api/me").json()["role"] == "viewer"


def test_two_sessions_of_one_token_begun_together_end_apart(fresh_env: ApiEnv) -> None:
    """Two browsers signing in with one token in the same second hold two sessions: signing
    one out leaves the other (the cookie once held only the token and the second)."""
    first = _sign_in(fresh_env, fresh_env.tokens["reviewer"])
    second = _sign_in(fresh_env, fresh_env.tokens["reviewer"])
    kept = second.cookies[SESSION_COOKIE]
    assert first.cookies[SESSION_COOKIE] != kept
    out = first.post("/signout", data={"csrf": _csrf(first)}, follow_redirects=False)
    assert out.status_code == 303
    assert _replay(fresh_env, first.cookies.get(SESSION_COOKIE) or "") == 401
    assert _replay(fresh_env, kept) == 200


def test_revoking_a_token_ends_its_sessions(fresh_env: ApiEnv) -> None:
    admin = fresh_env.headers("admin")
    made = fresh_env.client.post(
        "/api/tokens", json={"name": "Short Lived", "role": "reviewer"}, headers=admin
    ).json()
    cookie = _sign_in(fresh_env, made["token"]).cookies[SESSION_COOKIE]
    assert _replay(fresh_env, cookie) == 200
    assert fresh_env.client.delete(f"/api/tokens/{made['id']}", headers=admin).status_code == 200
    assert _replay(fresh_env, cookie) == 401


@pytest.mark.parametrize(
    "message", ["<script>alert(1)</script>", "Your account is locked: call +1 555 0100", "x" * 500]
)
def test_signin_message_is_never_attacker_text(fresh_env: ApiEnv, message: str) -> None:
    page = TestClient(fresh_env.app).get("/signin", params={"message": message})
    assert page.status_code == 200
    assert message not in page.text and "alert(1)" not in page.text and "+1 555" not in page.text
    known = TestClient(fresh_env.app).get("/signin", params={"message": "signed-out"})
    assert "You are signed out." in known.text


def test_a_json_body_over_the_limit_gets_413(fresh_env: ApiEnv) -> None:
    limit = fresh_env.workspace.settings.max_body_bytes
    body = json.dumps({"text": "a" * (limit + 10), "top_k": 1})
    answer = fresh_env.client.post(
        "/api/match",
        content=body,
        headers={**fresh_env.headers("viewer"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 413, answer.text[:300]
    error = answer.json()["error"]
    assert error["code"] == "too_large" and "AIMSGRAPH_MAX_BODY_BYTES" in error["hint"]
    for name in HEADERS:
        assert name in answer.headers


def test_a_chunked_body_over_the_limit_gets_413(fresh_env: ApiEnv) -> None:
    """No Content-Length: the reading stops at the first chunk past the limit."""
    limit = fresh_env.workspace.settings.max_body_bytes
    sent = []

    def chunks() -> Iterator[bytes]:
        for _ in range(limit // 65536 + 50):
            sent.append(1)
            yield b" " * 65536

    answer = fresh_env.client.post(
        "/api/reviews/bulk",
        content=chunks(),
        headers={**fresh_env.headers("reviewer"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 413, answer.text[:300]
    print(f"chunks produced by the client: {len(sent)} of {limit // 65536 + 50}")


def test_a_form_post_over_the_limit_gets_413_page(fresh_env: ApiEnv) -> None:
    client = _sign_in(fresh_env, fresh_env.tokens["admin"])
    limit = fresh_env.workspace.settings.max_body_bytes
    answer = client.post("/systems", data={"name": "x" * (limit + 1), "csrf": _csrf(client)})
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in answer.headers


def test_security_headers_on_404_422_and_500(fresh_env: ApiEnv) -> None:
    viewer = fresh_env.headers("viewer")

    def boom() -> None:
        raise RuntimeError("a bug")

    fresh_env.app.add_api_route("/api/test-boom", boom)
    client = TestClient(fresh_env.app, raise_server_exceptions=False)
    answers = {
        404: client.get("/api/nothing-here", headers=viewer),
        422: client.get("/api/audit", params={"page": "zero"}, headers=viewer),
        500: client.get("/api/test-boom"),
    }
    for status, answer in answers.items():
        assert answer.status_code == status, (status, answer.text)
        for name in HEADERS:
            assert name in answer.headers, (status, name, dict(answer.headers))
    page = client.get("/no-such-page", headers=viewer)
    assert page.status_code == 404 and "Content-Security-Policy" in page.headers


def test_bulk_decisions_are_one_write_and_blank_ids_are_reported(
    fresh_env: ApiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = upload(fresh_env, POLICY, "bulk-policy.md")["document"]
    links = fresh_env.client.get(
        "/api/suggestions",
        params={"document": document, "status": "suggested"},
        headers=fresh_env.headers("viewer"),
    ).json()[:3]
    assert len(links) == 3
    store = fresh_env.workspace.store
    updates: list[str] = []
    real_update = type(store).update

    def counted(self: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        updates.append(text)
        return real_update(self, text, *args, **kwargs)

    monkeypatch.setattr(type(store), "update", counted)
    body = {
        "links": [links[0]["id"], "", links[1]["id"], "   ", links[2]["id"]],
        "decision": "reject",
    }
    outcome = fresh_env.client.post(
        "/api/reviews/bulk", json=body, headers=fresh_env.headers("reviewer")
    ).json()
    assert sorted(d["link_id"] for d in outcome["decided"]) == sorted(x["id"] for x in links)
    blanks = [f for f in outcome["failed"] if f["error"] == "blank_id"]
    assert [f["message"] for f in blanks] == [
        "item 2 of the request is a blank link id",
        "item 4 of the request is a blank link id",
    ]
    recording = [u for u in updates if "ReviewDecision" in u]
    assert len(recording) == 1, f"{len(recording)} updates recorded the decisions"
    assert all(link["id"] for link in links)
    for link in links:
        assert review.get_link(store, link["id"]).status == "rejected"
    updates.clear()
    ids = [decided["decision_id"] for decided in outcome["decided"]] + [
        "f" * 8 + "-0000-4000-8000-" + "0" * 12
    ]
    undone = fresh_env.client.post(
        "/api/reviews/decisions/undo",
        json={"decisions": ids},
        headers=fresh_env.headers("reviewer"),
    ).json()
    assert len(undone["decided"]) == 3 and [f["error"] for f in undone["failed"]] == ["not_found"]
    assert len([u for u in updates if "ReviewDecision" in u]) == 1
    for link in links:
        assert review.get_link(store, link["id"]).status == "suggested"


def test_an_exported_inventory_imports_back_unchanged(fresh_env: ApiEnv) -> None:
    admin, viewer = fresh_env.headers("admin"), fresh_env.headers("viewer")
    rows = [
        ["id", "name", "purpose", "owner", "aliases", "risk_class", "roles"],
        ["calc", "=SUM(A1:A2)", "-drops rows", "@ml-team", "+plus; 'quoted", "minimal", "provider"],
        ["quoted", "'=already quoted", "-0.25", "'plain", "minus", "limited", "deployer"],
    ]
    text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows)
    imported = fresh_env.client.post(
        "/api/systems/import", content=text.encode(), params={"format": "csv"}, headers=admin
    )
    assert imported.status_code == 200, imported.text

    def exported() -> str:
        answer = fresh_env.client.get(
            "/api/systems/export", params={"format": "csv"}, headers=viewer
        )
        assert answer.status_code == 200
        return answer.text

    def systems() -> dict[str, dict[str, Any]]:
        listed = fresh_env.client.get("/api/systems", headers=viewer).json()
        return {system["id"]: system for system in listed}

    before, first = systems(), exported()
    cells = {row["id"]: row for row in csv.DictReader(io.StringIO(first))}
    assert cells["calc"]["name"] == "'=SUM(A1:A2)"  # guarded for spreadsheets
    again = fresh_env.client.post(
        "/api/systems/import", content=first.encode(), params={"format": "csv"}, headers=admin
    )
    assert again.status_code == 200, again.text
    assert sorted(again.json()["unchanged"]) == ["calc", "quoted"]  # nothing rewritten
    assert systems() == before  # no value gained a quote
    assert exported() == first
    calc, quoted = before["calc"], before["quoted"]
    assert (calc["name"], calc["purpose"], calc["owner"]) == (
        "=SUM(A1:A2)",
        "-drops rows",
        "@ml-team",
    )
    assert sorted(calc["aliases"]) == ["'quoted", "+plus"]
    # a quote before a formula character is the spreadsheet guard; before anything else, data
    assert quoted["name"] == "=already quoted" and quoted["owner"] == "'plain"
    assert quoted["purpose"] == "-0.25"
