"""Access control: the role matrix over every route, token storage, sessions and CSRF."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.auth import TokenStore
from api.cli import cli
from tests.api.conftest import ApiEnv
from tests.api.test_app_errors import assert_error

ROLES = (None, "viewer", "reviewer", "admin")
RANK = {None: -1, "viewer": 0, "reviewer": 1, "admin": 2}

#: (method, path, body, the least role allowed). Bodies are valid-looking but point at
#: nothing, so an allowed call ends in 2xx/4xx from the route itself, never 401/403.
MATRIX = [
    ("GET", "/api/me", None, "viewer"),
    ("GET", "/api/documents", None, "viewer"),
    ("GET", "/api/documents/000000000000", None, "viewer"),
    ("GET", "/api/jobs", None, "viewer"),
    ("GET", "/api/requirements", None, "viewer"),
    ("GET", "/api/requirements/A.6.2.4", None, "viewer"),
    ("GET", "/api/crosswalk/A.6.2.4", None, "viewer"),
    ("GET", "/api/dashboard", None, "viewer"),
    ("GET", "/api/soa", None, "viewer"),
    ("GET", "/api/export", None, "viewer"),
    ("GET", "/sparql?query=ASK%20%7B%7D", None, "viewer"),
    ("POST", "/api/reviews", {"link": "0" * 16, "decision": "confirm"}, "reviewer"),
    ("POST", "/api/reviews/bulk", {"links": ["0" * 16], "decision": "reject"}, "reviewer"),
    ("POST", "/api/documents", None, "reviewer"),
    ("PUT", "/api/soa/A.2.2", {"applicable": True}, "admin"),
    ("GET", "/api/validation", None, "viewer"),
    ("GET", "/api/soa/export?format=json", None, "viewer"),
    ("GET", "/api/oscal/catalog?standard=euaiact", None, "viewer"),
    ("POST", "/api/oscal/import", {"not": "oscal"}, "admin"),
    ("GET", "/api/reviews/0000000000000000", None, "viewer"),
    ("POST", "/api/match", {"text": "model testing", "top_k": 1}, "viewer"),
    ("POST", "/api/backup", None, "admin"),
    ("GET", "/api/tokens", None, "admin"),
    ("DELETE", "/api/tokens/ffffffff", None, "admin"),
]


@pytest.mark.parametrize(("method", "path", "body", "least"), MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(
    api_env: ApiEnv, role: str | None, method: str, path: str, body: object, least: str
) -> None:
    response = api_env.client.request(method, path, json=body, headers=api_env.headers(role))
    if role is None:
        assert_error(response, 401, "unauthenticated")
    elif RANK[role] < RANK[least]:
        assert_error(response, 403, "forbidden")
    else:
        assert response.status_code not in (401, 403), response.text


def test_health_needs_no_token(api_env: ApiEnv) -> None:
    body = api_env.client.get("/api/health").json()
    assert body["status"] == "ok" and body["store"].startswith("embedded")


def test_tokens_are_stored_hashed_and_salted(api_env: ApiEnv) -> None:
    raw = (api_env.workspace.data_dir / "tokens.json").read_text()
    for secret in api_env.tokens.values():
        assert secret not in raw
        assert secret.split("_", 2)[2] not in raw
    records = json.loads(raw)["tokens"]
    assert len({r["salt"] for r in records}) == len(records)
    assert (api_env.workspace.data_dir / "tokens.json").stat().st_mode & 0o077 == 0


def test_admin_creates_uses_and_revokes_a_token(api_env: ApiEnv) -> None:
    client, admin = api_env.client, api_env.headers("admin")
    created = client.post(
        "/api/tokens", json={"name": "Temp Reviewer", "role": "reviewer"}, headers=admin
    )
    assert created.status_code == 201
    token = created.json()["token"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {"name": "Temp Reviewer", "role": "reviewer", "token_id": created.json()["id"]}
    assert any(t["id"] == me["token_id"] for t in client.get("/api/tokens", headers=admin).json())
    assert client.delete(f"/api/tokens/{me['token_id']}", headers=admin).status_code == 200
    assert_error(client.get("/api/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_invalid_token_names_and_roles_are_refused(api_env: ApiEnv) -> None:
    admin = api_env.headers("admin")
    assert_error(
        api_env.client.post("/api/tokens", json={"name": "x", "role": "root"}, headers=admin), 422
    )
    bad = api_env.client.post(
        "/api/tokens", json={"name": "<script>", "role": "viewer"}, headers=admin
    )
    assert_error(bad, 422, "bad_input")


def test_http_basic_with_the_token_as_password(api_env: ApiEnv) -> None:
    response = api_env.client.get("/api/me", auth=("anyone", api_env.tokens["viewer"]))
    assert response.json()["role"] == "viewer"


def test_token_cli_create_list_revoke(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    base = ["--data-dir", str(tmp_path)]
    made = runner.invoke(
        cli, [*base, "token", "create", "--role", "reviewer", "--name", "Bob", "--format", "json"]
    )
    assert made.exit_code == 0, made.output
    record = json.loads(made.output)
    assert record["role"] == "reviewer" and record["token"].startswith("agt_")
    assert TokenStore.for_data_dir(tmp_path).verify(record["token"]) is not None
    listed = runner.invoke(cli, [*base, "token", "list", "--format", "json"])
    assert [t["name"] for t in json.loads(listed.output)] == ["Bob"]
    assert "token" not in listed.output.replace('"name"', "")
    revoked = runner.invoke(cli, [*base, "token", "revoke", record["id"]])
    assert revoked.exit_code == 0
    assert TokenStore.for_data_dir(tmp_path).verify(record["token"]) is None


def _signed_in(api_env: ApiEnv, role: str) -> TestClient:
    client = TestClient(api_env.app)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/signin",
        data={"token": api_env.tokens[role], "csrf": presession, "next": "/documents"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/documents"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    return client


def _csrf(client: TestClient) -> str:
    return re.search(r'data-csrf="([^"]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]


def test_session_sign_in_and_csrf(api_env: ApiEnv) -> None:
    client = _signed_in(api_env, "admin")
    assert client.get("/api/me").json()["role"] == "admin"
    body = {"name": "Via Session", "role": "viewer"}
    assert_error(client.post("/api/tokens", json=body), 403, "forbidden")
    ok = client.post("/api/tokens", json=body, headers={"X-CSRF-Token": _csrf(client)})
    assert ok.status_code == 201
    refused = client.post("/tokens", data={"name": "Form", "role": "viewer", "csrf": "wrong"})
    assert refused.status_code == 403 and "CSRF" in refused.text


def test_sign_in_with_a_bad_token_says_so(api_env: ApiEnv) -> None:
    client = TestClient(api_env.app)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/signin", data={"token": "agt_nope", "csrf": presession})
    assert response.status_code == 200 and "unknown or was revoked" in response.text


def test_sign_in_never_redirects_off_site(api_env: ApiEnv) -> None:
    client = TestClient(api_env.app)
    page = client.get("/signin?next=//evil.example/x")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/signin",
        data={"token": api_env.tokens["viewer"], "csrf": presession, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_sign_out_ends_the_session(api_env: ApiEnv) -> None:
    client = _signed_in(api_env, "viewer")
    response = client.post("/signout", data={"csrf": _csrf(client)}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303
