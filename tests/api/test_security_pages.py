"""Cross-site scripting and headers: user strings on the SoA, review and token pages are
escaped, pages carry a strict content security policy, and responses that can hold a
token's secret are never cached."""

from __future__ import annotations

import re
from xml.dom import minidom

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ApiEnv

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "javascript:alert(3)"]


def _signed_in(env: ApiEnv, role: str) -> TestClient:
    client = TestClient(env.app)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post("/signin", data={"token": env.tokens[role], "csrf": presession})
    return client


def test_soa_justification_is_escaped_on_the_page(api_env: ApiEnv) -> None:
    body = {"applicable": True, "justification": " ".join(XSS), "implementation_status": "planned"}
    response = api_env.client.put("/api/soa/A.8.3", json=body, headers=api_env.headers("admin"))
    assert response.status_code == 200, response.text
    page = _signed_in(api_env, "viewer").get("/soa")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert 'href="javascript:' not in page.text


def test_html_pages_carry_a_strict_policy_and_api_answers_are_not_cached(
    api_env: ApiEnv,
) -> None:
    page = _signed_in(api_env, "viewer").get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    created = api_env.client.post(
        "/api/tokens",
        json={"name": "Cache Check", "role": "viewer"},
        headers=api_env.headers("admin"),
    )
    assert created.status_code == 201
    assert created.headers["cache-control"] == "no-store"


def test_the_ui_token_page_with_a_new_secret_is_not_cached(api_env: ApiEnv) -> None:
    client = _signed_in(api_env, "admin")
    csrf = re.search(r'data-csrf="([^"]+)"', client.get("/tokens").text).group(1)  # type: ignore[union-attr]
    page = client.post("/tokens", data={"name": "UI Cache Check", "role": "viewer", "csrf": csrf})
    assert page.status_code == 200 and "agt_" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_sparql_xml_results_escape_markup(api_env: ApiEnv) -> None:
    query = f"SELECT ?x WHERE {{ BIND('''{XSS[0]} & {XSS[1]}''' AS ?x) }}"
    response = api_env.client.get(
        "/sparql",
        params={"query": query},
        headers=api_env.headers("viewer") | {"Accept": "application/sparql-results+xml"},
    )
    assert response.status_code == 200, response.text
    literal = minidom.parseString(response.content).getElementsByTagName("literal")[0]
    assert literal.firstChild.data == f"{XSS[0]} & {XSS[1]}"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "target", ["/\\evil.example", "/\t/evil.example", "/\\/evil.example/x", "//evil.example"]
)
def test_sign_in_never_redirects_off_site_by_backslash_or_control(
    api_env: ApiEnv, target: str
) -> None:
    client = TestClient(api_env.app)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/signin",
        data={"token": api_env.tokens["viewer"], "csrf": presession, "next": target},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_session_cookie_is_secure_over_https(api_env: ApiEnv) -> None:
    client = TestClient(api_env.app, base_url="https://aimsgraph.example")
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/signin",
        data={"token": api_env.tokens["viewer"], "csrf": presession},
        follow_redirects=False,
    )
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and "session" in v
    )
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "samesite=strict"} <= flags
