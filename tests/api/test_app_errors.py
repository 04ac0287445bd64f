"""Every failure answers with one JSON error body; this pins its shape."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import ApiEnv


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is ``status`` with exactly the common error body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"code", "message", "hint"} <= set(error)
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["hint"] is None or isinstance(error["hint"], str)
    if code is not None:
        assert error["code"] == code, error
    return dict(error)


def test_the_error_body_shape_is_pinned(api_env: ApiEnv) -> None:
    response = api_env.client.get("/api/documents/abcdef123456", headers=api_env.headers("viewer"))
    error = assert_error(response, 404)
    assert "abcdef123456" in error["message"]
    assert sorted(response.json()["error"]) in (
        ["code", "hint", "message"],
        ["code", "hint", "message", "suggestions"],
    )


def test_401_without_a_token_names_the_fix(api_env: ApiEnv) -> None:
    response = api_env.client.get("/api/documents")
    error = assert_error(response, 401, "unauthenticated")
    assert "Bearer" in (error["hint"] or "")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_401_for_a_made_up_token(api_env: ApiEnv) -> None:
    headers = {"Authorization": "Bearer agt_00000000_" + "x" * 40}
    assert_error(api_env.client.get("/api/me", headers=headers), 401, "unauthenticated")


def test_403_when_the_role_is_too_low(api_env: ApiEnv) -> None:
    response = api_env.client.post(
        "/api/tokens", json={"name": "x", "role": "viewer"}, headers=api_env.headers("reviewer")
    )
    error = assert_error(response, 403, "forbidden")
    assert "admin" in error["message"]


def test_404_for_an_unknown_path_is_json(api_env: ApiEnv) -> None:
    assert_error(api_env.client.get("/api/nothing-here"), 404, "not_found")


def test_405_for_a_wrong_method(api_env: ApiEnv) -> None:
    assert_error(api_env.client.delete("/api/documents", headers=api_env.headers("admin")), 405)


def test_422_for_a_malformed_body_lists_the_fields(api_env: ApiEnv) -> None:
    response = api_env.client.post(
        "/api/reviews", json={"link": 5}, headers=api_env.headers("reviewer")
    )
    error = assert_error(response, 422, "invalid_request")
    assert error["details"]
    assert any("decision" in d["field"] for d in error["details"])


def test_422_for_a_bad_query_parameter(api_env: ApiEnv) -> None:
    response = api_env.client.get(
        "/api/requirements?standard=iso9001", headers=api_env.headers("viewer")
    )
    error = assert_error(response, 422, "invalid_request")
    assert "standard" in error["message"]


def test_unknown_requirement_suggests_close_matches(api_env: ApiEnv) -> None:
    response = api_env.client.get("/api/requirements/A.6.2.44", headers=api_env.headers("viewer"))
    error = assert_error(response, 404, "not_found")
    assert "A.6.2.4" in (error["hint"] or "")
    assert "A.6.2.4" in response.json()["error"]["suggestions"]


def test_ui_errors_are_an_html_page_with_the_same_fields(api_env: ApiEnv) -> None:
    client = api_env.client
    response = client.get("/requirements/iso42001/A.99", headers=api_env.headers("viewer"))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no such requirement" in response.text
    assert "not_found" in response.text


def test_ui_sends_signed_out_browsers_to_sign_in(api_env: ApiEnv) -> None:
    response = api_env.client.get("/review?i=2", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/review%3Fi%3D2"
