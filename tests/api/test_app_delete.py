"""Deleting a document over HTTP and from the document page: admins only, 404 for unknown ids,
and afterwards the document is gone from every listing while its audit trail stays."""

from __future__ import annotations

import io
import re
import uuid

import pytest

from tests.api.conftest import ApiEnv
from tests.api.test_app_errors import assert_error
from tests.api.test_app_ui import _client


def _upload(api_env: ApiEnv, topic: str) -> str:
    """A fresh document of its own (unique bytes), so deleting it disturbs no other test."""
    text = (
        f"# {topic} procedure {uuid.uuid4().hex[:8]}\n\n"
        "## Verification\n\nEvery AI system is tested against its acceptance criteria before "
        "release, and the results are recorded and reviewed by the model owner.\n\n"
        "## Monitoring\n\nDeployed models are monitored for drift and incidents are reported "
        "to the AI governance board within two working days.\n"
    )
    response = api_env.client.post(
        "/api/documents?wait=true",
        files={"file": (f"{topic}.md", io.BytesIO(text.encode()), "text/markdown")},
        headers=api_env.headers("reviewer"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["result"]["document"])


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("viewer", 403), ("reviewer", 403)])
def test_only_admins_may_delete(api_env: ApiEnv, role: str | None, status: int) -> None:
    doc_id = _upload(api_env, f"refused-{role}")
    response = api_env.client.delete(f"/api/documents/{doc_id}", headers=api_env.headers(role))
    assert_error(response, status, "unauthenticated" if status == 401 else "forbidden")
    assert api_env.client.get(
        f"/api/documents/{doc_id}", headers=api_env.headers("viewer")
    ).is_success


def test_unknown_document_is_404(api_env: ApiEnv) -> None:
    response = api_env.client.delete(
        "/api/documents/000000000000", headers=api_env.headers("admin")
    )
    assert_error(response, 404, "document_not_found")


def test_admin_deletes_and_the_document_is_gone(api_env: ApiEnv) -> None:
    doc_id = _upload(api_env, "deleted")
    viewer = api_env.headers("viewer")
    links = api_env.client.get(f"/api/suggestions?document={doc_id}", headers=viewer).json()

    response = api_env.client.delete(f"/api/documents/{doc_id}", headers=api_env.headers("admin"))

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == doc_id and body["passages"] >= 1 and body["original_removed"] is True
    assert body["links"] == len(links) and body["vectors"] == body["passages"]
    listed = api_env.client.get("/api/documents", headers=viewer).json()
    assert doc_id not in {d["id"] for d in listed}
    assert_error(api_env.client.get(f"/api/documents/{doc_id}", headers=viewer), 404)
    assert_error(api_env.client.get(f"/api/documents/{doc_id}/original", headers=viewer), 404)
    assert api_env.client.get(f"/api/suggestions?document={doc_id}", headers=viewer).json() == []
    again = api_env.client.delete(f"/api/documents/{doc_id}", headers=api_env.headers("admin"))
    assert_error(again, 404, "document_not_found")


def test_document_page_button_for_admins_only(api_env: ApiEnv) -> None:
    doc_id = _upload(api_env, "page")
    reviewer = _client(api_env, "reviewer")
    assert "Delete this document" not in reviewer.get(f"/documents/{doc_id}").text
    refused = reviewer.post(f"/documents/{doc_id}/delete", data={"confirm": "yes"})
    assert refused.status_code == 403

    admin = _client(api_env, "admin")
    page = admin.get(f"/documents/{doc_id}").text
    assert "Delete this document" in page
    form = re.search(r'action="/documents/[0-9a-f]{12}/delete">\s*<input[^>]*value="([^"]+)"', page)
    assert form is not None
    csrf = form.group(1)
    no_token = admin.post(f"/documents/{doc_id}/delete", data={"confirm": "yes"})
    assert no_token.status_code == 403
    unticked = admin.post(f"/documents/{doc_id}/delete", data={"csrf": csrf})
    assert unticked.status_code == 422 and "confirmation" in unticked.text
    assert admin.get(f"/documents/{doc_id}").status_code == 200

    done = admin.post(
        f"/documents/{doc_id}/delete",
        data={"csrf": csrf, "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/documents"
    assert admin.get(f"/documents/{doc_id}").status_code == 404
