"""Documents: upload (streamed, size-limited, sniffed), jobs with progress, reads, download."""

from __future__ import annotations

import io
import re
import time
from typing import Any

from tests.api.conftest import DEMO_DOCS, ApiEnv
from tests.api.test_app_errors import assert_error


def _upload(api_env: ApiEnv, name: str, data: bytes, *, wait: bool = True, **fields: str) -> Any:
    return api_env.client.post(
        "/api/documents" + ("?wait=true" if wait else ""),
        files={"file": (name, io.BytesIO(data), "application/octet-stream")},
        data=fields,
        headers=api_env.headers("reviewer"),
    )


def _leftovers(api_env: ApiEnv) -> list[str]:
    uploads = api_env.workspace.data_dir / "uploads"
    return [p.name for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []


def test_upload_ingests_and_suggests(api_env: ApiEnv, sample_document: dict[str, Any]) -> None:
    assert sample_document["status"] == "done"
    result = sample_document["result"]
    assert result["title"] == "Responsible AI Policy"
    assert result["passages"] >= 3 and result["suggestions"] > 0
    assert _leftovers(api_env) == []


def test_documents_list_get_and_passages(api_env: ApiEnv, sample_document: dict[str, Any]) -> None:
    viewer = api_env.headers("viewer")
    doc_id = sample_document["result"]["document"]
    listed = api_env.client.get("/api/documents", headers=viewer).json()
    assert any(d["id"] == doc_id and d["passages"] >= 3 for d in listed)
    doc = api_env.client.get(f"/api/documents/{doc_id}", headers=viewer).json()
    assert doc["title"] == "Responsible AI Policy" and doc["type"]
    passages = api_env.client.get(f"/api/documents/{doc_id}/passages", headers=viewer).json()
    assert any("impact assessment" in p["text"] for p in passages)
    assert all({"text", "page", "section", "start", "end"} <= set(p) for p in passages)


def test_original_download_uses_a_sanitised_name(api_env: ApiEnv) -> None:
    data = (DEMO_DOCS / "model-lifecycle-procedure.md").read_bytes()
    job = _upload(api_env, '../../evil "name"\r\nX-Injected: 1.md', data).json()
    doc_id = job["result"]["document"]
    response = api_env.client.get(
        f"/api/documents/{doc_id}/original", headers=api_env.headers("viewer")
    )
    assert response.status_code == 200 and response.content == data
    disposition = response.headers["content-disposition"]
    name = re.match(r'attachment; filename="([^"]+)"', disposition).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"[A-Za-z0-9._-]+", name) and name.endswith(".md") and "evil" in name
    assert "x-injected" not in {k.lower() for k in response.headers}
    assert response.headers["x-content-type-options"] == "nosniff"


def test_same_bytes_again_is_a_duplicate(api_env: ApiEnv, sample_document: dict[str, Any]) -> None:
    again = _upload(api_env, "copy.md", (DEMO_DOCS / "ai-policy.md").read_bytes()).json()
    assert again["result"]["status"] == "duplicate"
    assert again["result"]["document"] == sample_document["result"]["document"]


def test_background_job_reports_progress_until_done(api_env: ApiEnv) -> None:
    data = (DEMO_DOCS / "ai-incident-and-supplier-procedure.md").read_bytes()
    response = _upload(api_env, "incident.md", data, wait=False, owner="Ops Team")
    assert response.status_code == 202
    job_id = response.json()["id"]
    assert response.headers["location"] == f"/api/jobs/{job_id}"
    seen = []
    for _ in range(600):
        job = api_env.client.get(f"/api/jobs/{job_id}", headers=api_env.headers("viewer")).json()
        seen.append((job["status"], job["progress"]))
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["status"] == "done", job
    assert [p for _, p in seen] == sorted(p for _, p in seen)
    doc = api_env.client.get(
        f"/api/documents/{job['result']['document']}", headers=api_env.headers("viewer")
    )
    assert doc.json()["owner"] == "Ops Team"
    assert any(
        j["id"] == job_id
        for j in api_env.client.get("/api/jobs", headers=api_env.headers("viewer")).json()
    )


def test_413_for_an_upload_over_the_limit(api_env: ApiEnv) -> None:
    before = len(api_env.client.get("/api/documents", headers=api_env.headers("viewer")).json())
    big = b"# Big\n\n" + b"word " * 60_000  # 300 kB over the test limit of 200 kB
    error = assert_error(_upload(api_env, "big.md", big), 413, "too_large")
    assert "200,000" in error["message"]
    assert _leftovers(api_env) == []
    assert (
        len(api_env.client.get("/api/documents", headers=api_env.headers("viewer")).json())
        == before
    )


def test_415_for_content_no_reader_understands(api_env: ApiEnv) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    error = assert_error(_upload(api_env, "policy.pdf", png), 415, "unsupported_type")
    assert "PNG" in error["message"]
    assert_error(
        api_env.client.post(
            "/api/documents", content=b"hello", headers=api_env.headers("reviewer")
        ),
        415,
    )
    assert _leftovers(api_env) == []


def test_422_for_a_document_that_cannot_be_parsed(api_env: ApiEnv) -> None:
    before = len(api_env.client.get("/api/documents", headers=api_env.headers("viewer")).json())
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not really a pdf"
    response = _upload(api_env, "broken.pdf", broken)
    error = assert_error(response, 422)
    assert "broken.pdf" in error["message"]
    assert (
        len(api_env.client.get("/api/documents", headers=api_env.headers("viewer")).json())
        == before
    )
    assert _leftovers(api_env) == []


def test_422_for_an_empty_file_and_a_missing_part(api_env: ApiEnv) -> None:
    assert_error(_upload(api_env, "empty.md", b""), 422, "empty_file")
    response = api_env.client.post(
        "/api/documents", files={"other": ("x.md", b"# x")}, headers=api_env.headers("reviewer")
    )
    assert_error(response, 422)
