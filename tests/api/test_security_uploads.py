"""Hostile uploads through the real API: file names that try to be paths or headers, a
"PDF" that is HTML, a DOCX that points outside itself, YAML front matter that asks for
Python objects, very long metadata, and multipart bodies that lie about their size.

Every refusal is a 4xx with a message and a hint, and leaves no file in ``uploads/``.
"""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import ApiEnv

POLICY = (
    "# Supplier AI risk note {tag}\n\nWe review the AI risks of every supplier each year and "
    "record the outcome in the supplier register kept by procurement.\n"
)


def _upload(env: ApiEnv, name: str, data: bytes, **fields: str) -> Any:
    return env.client.post(
        "/api/documents?wait=true",
        files={"file": (name, io.BytesIO(data), "application/octet-stream")},
        data=fields,
        headers=env.headers("reviewer"),
    )


def _leftovers(env: ApiEnv) -> list[Path]:
    uploads = env.workspace.data_dir / "uploads"
    return [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []


def _delete(env: ApiEnv, document: str) -> None:
    env.client.delete(f"/api/documents/{document}", headers=env.headers("admin"))


@pytest.mark.parametrize(
    "name",
    [
        "../../escape.md",
        "/etc/passwd.md",
        "..\\..\\win.md",
        "a\x00b.md",
        'x"\r\nSet-Cookie: a=b.md',
    ],
)
def test_file_names_are_data_never_paths_or_headers(api_env: ApiEnv, name: str) -> None:
    data = POLICY.format(tag=abs(hash(name))).encode()
    response = _upload(api_env, name, data)
    assert response.status_code in (201, 400, 422), response.text
    root = api_env.workspace.data_dir
    assert not (root.parent / "escape.md").exists() and not (root / "escape.md").exists()
    assert _leftovers(api_env) == []
    if response.status_code != 201:
        assert response.json()["error"]["hint"]
        return
    document = response.json()["result"]["document"]
    original = api_env.client.get(
        f"/api/documents/{document}/original", headers=api_env.headers("viewer")
    )
    assert original.status_code == 200 and original.content == data
    disposition = original.headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition
    assert "set-cookie" not in {
        k.lower() for k in original.headers if k.lower() != "content-disposition"
    }
    _delete(api_env, document)


def test_a_pdf_that_is_html_is_read_as_html(api_env: ApiEnv) -> None:
    html = (
        b"<!doctype html><html><head><title>Model monitoring <script>alert(1)</script></title>"
        b"</head><body><h1>Model monitoring</h1><p>We monitor each deployed AI model for drift "
        b"every month and record the results.</p><script>fetch('http://127.0.0.1:9')</script>"
        b"</body></html>"
    )
    response = _upload(api_env, "report.pdf", html)
    assert response.status_code == 201, response.text
    document = response.json()["result"]["document"]
    meta = api_env.client.get(f"/api/documents/{document}", headers=api_env.headers("viewer"))
    assert meta.json()["media_type"] == "text/html"
    passages = api_env.client.get(
        f"/api/documents/{document}/passages", headers=api_env.headers("viewer")
    ).json()
    assert not any("fetch(" in str(p) for p in passages)
    page = api_env.client.get(f"/documents/{document}", headers=api_env.headers("viewer")).text
    assert "<script>alert(1)" not in page
    _delete(api_env, document)


def test_binary_junk_named_pdf_is_refused_with_415(api_env: ApiEnv) -> None:
    response = _upload(api_env, "scan.pdf", bytes(range(256)) * 20)
    assert response.status_code == 415, response.text
    assert response.json()["error"]["hint"]
    assert _leftovers(api_env) == []


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    thread.join(timeout=5)


def _hostile_docx(url: str, secret_file: Path) -> bytes:
    """A DOCX whose XML declares an external entity and whose relationships point outside."""
    from docx import Document

    buffer = io.BytesIO()
    doc = Document()
    doc.add_heading("Data quality procedure", 1)
    doc.add_paragraph("We check the quality of training data before each model release. ENT")
    doc.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                head, body = text.split("?>", 1)
                doctype = (
                    f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">'
                    f'<!ENTITY net SYSTEM "{url}/entity">]>'
                )
                body = body.replace("ENT", "&xxe;&net;")
                data = (head + "?>" + doctype + body).encode()
            if item.filename == "word/_rels/document.xml.rels":
                extra = (
                    f'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/image" Target="{url}/image.png" '
                    f'TargetMode="External"/></Relationships>'
                )
                data = data.decode().replace("</Relationships>", extra).encode()
            target.writestr(item, data)
    return out.getvalue()


def test_docx_entities_and_external_relationships_are_not_followed(
    api_env: ApiEnv, listener: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, hits = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-42")
    response = _upload(api_env, "procedure.docx", _hostile_docx(url, secret))
    assert response.status_code in (201, 422), response.text
    assert hits == []
    if response.status_code == 201:
        document = response.json()["result"]["document"]
        passages = api_env.client.get(
            f"/api/documents/{document}/passages", headers=api_env.headers("viewer")
        ).text
        assert "TOPSECRET" not in passages
        _delete(api_env, document)
    else:
        assert response.json()["error"]["hint"]
    assert _leftovers(api_env) == []


def test_yaml_front_matter_never_builds_python_objects(api_env: ApiEnv, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        "---\n"
        f"title: !!python/object/apply:os.system ['touch {marker}']\n"
        "owner: !!python/name:os.system\n"
        "---\n" + POLICY.format(tag="yaml")
    ).encode()
    response = _upload(api_env, "yaml.md", text)
    assert response.status_code == 201, response.text
    assert not marker.exists()
    result = response.json()["result"]
    assert any("front matter" in w for w in result["warnings"])
    _delete(api_env, result["document"])


def test_long_metadata_is_capped(api_env: ApiEnv) -> None:
    huge, long = "T" * 100_000, "O" * 40_000  # within the test app's 200 kB upload limit
    text = (
        f"---\ntitle: {huge}\nowner: {long}\nversion: {long}\n---\n" + POLICY.format(tag="long")
    ).encode()
    response = _upload(api_env, "long.md", text)
    assert response.status_code == 201, response.text
    if response.status_code == 201:
        document = response.json()["result"]["document"]
        meta = api_env.client.get(f"/api/documents/{document}", headers=api_env.headers("viewer"))
        body = meta.json()
        for key in ("title", "owner", "version"):
            assert len(str(body.get(key) or "")) <= 300, key
        _delete(api_env, document)


def test_too_many_multipart_fields_are_refused(api_env: ApiEnv) -> None:
    fields = {f"f{i}": "x" for i in range(2000)}
    response = _upload(api_env, "many.md", POLICY.format(tag="many").encode(), **fields)
    assert response.status_code == 422, response.text
    assert "multipart" in response.json()["error"]["message"]
    assert _leftovers(api_env) == []


def test_a_body_larger_than_its_declared_length_is_still_capped(api_env: ApiEnv) -> None:
    boundary = "XyZ"
    big = b"A" * 400_000
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    response = api_env.client.post(
        "/api/documents?wait=true",
        content=chunks(),
        headers=api_env.headers("reviewer")
        | {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": "100"},
    )
    assert response.status_code in (400, 413), response.text
    assert response.json()["error"]["hint"]
    assert _leftovers(api_env) == []
