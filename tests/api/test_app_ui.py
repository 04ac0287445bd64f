"""The web UI through the TestClient: every page renders the same data as its JSON route,
forms need the CSRF token, and user data is escaped."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ApiEnv

SCRIPT = "<script>alert('x')</script>"


def _client(api_env: ApiEnv, role: str) -> TestClient:
    client = TestClient(api_env.app)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post("/signin", data={"token": api_env.tokens[role], "csrf": presession})
    return client


def _csrf(page: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def hostile_document(api_env: ApiEnv) -> str:
    """A document whose title, passage and owner carry markup."""
    text = (
        f"Risk policy {SCRIPT}\n\nWe assess the risks of every AI system each year and record "
        f"them in the AI risk register. {SCRIPT} <img src=x onerror=alert(1)>\n"
    )
    response = api_env.client.post(
        "/api/documents?wait=true",
        files={"file": ("x.txt", io.BytesIO(text.encode()), "text/plain")},
        data={"owner": f"Mallory {SCRIPT}"},
        headers=api_env.headers("reviewer"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["result"]["document"])


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/documents",
        "/review",
        "/requirements",
        "/requirements?standard=euaiact",
        "/requirements/iso42001/A.6.2.4",
        "/gaps",
        "/soa",
        "/console",
        "/tokens",
    ],
)
def test_pages_render_for_an_admin(
    api_env: ApiEnv, path: str, sample_document: dict[str, Any]
) -> None:
    response = _client(api_env, "admin").get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in response.headers
    assert '<main id="main"' in response.text
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', response.text)
    assert assets and all(a.startswith("/static/") for a in assets), assets  # no CDN


def test_every_passage_and_user_string_is_escaped(api_env: ApiEnv, hostile_document: str) -> None:
    client = _client(api_env, "viewer")
    pages = [f"/documents/{hostile_document}", "/documents", f"/review?document={hostile_document}"]
    links = api_env.client.get(
        f"/api/suggestions?document={hostile_document}", headers=api_env.headers("viewer")
    ).json()
    pages += [f"/requirements/iso42001/{link['notation']}" for link in links[:2]]
    for path in pages:
        page = client.get(path).text
        assert SCRIPT not in page and "<img src=x" not in page, path
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        in client.get(f"/documents/{hostile_document}").text
    )
    assert "Mallory &lt;script&gt;" in client.get("/documents").text


def test_dashboard_shows_coverage_and_heat_map(api_env: ApiEnv) -> None:
    page = _client(api_env, "viewer").get("/").text
    assert "ISO/IEC 42001 Annex A" in page, re.findall(
        r"<h1>.*?</h1>|<p class=.hint.>.*?</p>", page, re.S
    )
    assert page.count('class="heat-') == 9
    data = api_env.client.get("/api/dashboard", headers=api_env.headers("viewer")).json()
    assert f'id="queue-size">{data["queue_by_standard"]["iso42001"]}<' in page
    # the ranking tile: which model ranks and how many decisions it learned from
    assert f'id="ranking-decisions">{data["ranking"]["decisions"]}<' in page
    assert data["ranking"]["version"] in page


def test_document_view_highlights_cited_passages(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    doc_id = sample_document["result"]["document"]
    page = _client(api_env, "viewer").get(f"/documents/{doc_id}").text
    assert 'class="passage cited"' in page
    assert "Responsible AI Policy" in page


def test_review_queue_form_decides_with_csrf(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    client = _client(api_env, "reviewer")
    doc_id = sample_document["result"]["document"]
    page = client.get(f"/review?document={doc_id}").text
    assert 'id="requirement-definition"' in page and "Typical evidence" in page
    link = re.search(r'action="/review/([0-9a-f]{16})"', page).group(1)  # type: ignore[union-attr]
    version = re.search(r'name="saw_version" value="(\d*)"', page).group(1)  # type: ignore[union-attr]
    form = {"decision": "reject", "saw_version": version, "i": "0", "document": doc_id}
    refused = client.post(f"/review/{link}", data=form | {"csrf": "nope"}, follow_redirects=False)
    assert refused.status_code == 403
    done = client.post(f"/review/{link}", data=form | {"csrf": _csrf(page)}, follow_redirects=False)
    assert done.status_code == 303 and "i=0" in done.headers["location"]
    history = api_env.client.get(f"/api/reviews/{link}", headers=api_env.headers("viewer")).json()
    assert history[-1]["type"] == "reject" and history[-1]["reviewer"] == "Reviewer Tester"
    stale = client.post(f"/review/{link}", data=form | {"csrf": _csrf(page), "decision": "confirm"})
    assert stale.status_code == 200 and 'id="stale-notice"' in stale.text  # nothing recorded
    again = api_env.client.get(f"/api/reviews/{link}", headers=api_env.headers("viewer")).json()
    assert again == history


def test_review_queue_offers_more_suggestions_for_a_document(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    client = _client(api_env, "reviewer")
    doc_id = sample_document["result"]["document"]
    page = client.get(f"/review?document={doc_id}&min_score=0").text
    waiting = int(re.search(r"(\d+) shown", page).group(1))  # type: ignore[union-attr]
    assert 'id="more-form"' in page
    form = {"document": doc_id, "standard": "iso42001"}
    refused = client.post("/review-more", data=form | {"csrf": "nope"}, follow_redirects=False)
    assert refused.status_code == 403
    done = client.post("/review-more", data=form | {"csrf": _csrf(page)}, follow_redirects=False)
    assert done.status_code == 303 and f"document={doc_id}" in done.headers["location"]
    after = client.get(done.headers["location"]).text
    assert int(re.search(r"(\d+) shown", after).group(1)) == waiting + 5  # type: ignore[union-attr]
    missing = client.post("/review-more", data={"csrf": _csrf(page), "document": "nosuch"})
    assert missing.status_code == 404 and "no document" in missing.text


def test_viewers_see_no_decision_form(api_env: ApiEnv, sample_document: dict[str, Any]) -> None:
    page = _client(api_env, "viewer").get("/review").text
    assert 'id="decide-form"' not in page and 'id="more-form"' not in page


def test_soa_editor_sets_a_row(api_env: ApiEnv) -> None:
    client = _client(api_env, "admin")
    page = client.get("/soa").text
    form = {
        "csrf": _csrf(page),
        "applicable": "yes",
        "justification": "",
        "implementation_status": "planned",
    }
    response = client.post("/soa/A.4.2", data=form, follow_redirects=False)
    assert response.status_code == 303
    rows = api_env.client.get("/api/soa", headers=api_env.headers("viewer")).json()
    assert next(r for r in rows if r["notation"] == "A.4.2")["implementation_status"] == "planned"
    reviewer = _client(api_env, "reviewer")
    assert (
        reviewer.post("/soa/A.4.2", data=form | {"csrf": _csrf(reviewer.get("/").text)}).status_code
        == 403
    )


def test_console_offers_the_packaged_queries(api_env: ApiEnv) -> None:
    page = _client(api_env, "viewer").get("/console?example=counterparts-of-control").text
    assert "counterparts-of-control" in page and "ai-act-articles-unreached" in page
    assert "PREFIX aims:" in page


def test_admin_creates_a_token_in_the_ui(api_env: ApiEnv) -> None:
    client = _client(api_env, "admin")
    page = client.get("/tokens").text
    created = client.post(
        "/tokens", data={"csrf": _csrf(page), "name": "UI Made", "role": "viewer"}
    )
    token = re.search(r'id="new-token">(agt_[^<]+)<', created.text).group(1)  # type: ignore[union-attr]
    assert (
        api_env.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["name"]
        == "UI Made"
    )


def test_upload_form_without_javascript(api_env: ApiEnv) -> None:
    client = _client(api_env, "reviewer")
    csrf = _csrf(client.get("/documents").text)
    data = b"# Short note\n\nAI systems are inventoried every quarter by the system owner.\n"
    response = client.post(
        "/documents/upload",
        data={"csrf": csrf},
        files={"file": ("note.md", data)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    job_id = response.headers["location"].rsplit("/", 1)[1]
    api_env.app.state.jobs.wait(job_id, timeout=300)
    assert "Short note" in client.get(f"/jobs/{job_id}").text
