"""One app for the API tests: a real workspace on a temporary data directory, the reference
graph loaded, the bundled embedding model (loaded once, on the first upload), three tokens,
and one uploaded sample policy with its suggestions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir
from tests.llm_support import StubLlm

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DEMO_DOCS = Path(__file__).resolve().parents[2] / "api" / "demo_docs"


@dataclass
class ApiEnv:
    """The shared app, a client, and a bearer header per role."""

    app: FastAPI
    client: TestClient
    workspace: Workspace
    tokens: dict[str, str]

    def headers(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}


@pytest.fixture(scope="session")
def api_env(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Iterator[ApiEnv]:
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("api-data"))
    settings = Settings(data_dir=data_dir, max_upload_bytes=200_000, sparql_result_limit=50)
    workspace = share_model(Workspace.open(settings))
    app = create_app(workspace, settings)
    tokens = {}
    for role in ("viewer", "reviewer", "admin"):
        _, tokens[role] = app.state.tokens.create(f"{role.title()} Tester", role)
    with TestClient(app) as client:
        yield ApiEnv(app, client, workspace, tokens)
    workspace.close()


@pytest.fixture(scope="session")
def sample_document(api_env: ApiEnv) -> dict[str, object]:
    """The sample AI policy, uploaded once through the API (waits for its suggestions)."""
    path = DEMO_DOCS / "ai-policy.md"
    with path.open("rb") as handle:
        response = api_env.client.post(
            "/api/documents?wait=true",
            files={"file": (path.name, handle, "text/markdown")},
            headers=api_env.headers("reviewer"),
        )
    assert response.status_code == 201, response.text
    job: dict[str, object] = response.json()
    return job


@pytest.fixture(scope="session")
def live_url(api_env: ApiEnv) -> Iterator[str]:
    """The shared app served by uvicorn in a thread on a free loopback port (for real clients)."""
    import threading
    import time

    import uvicorn

    from tests.conftest import free_port

    port = free_port()
    config = uvicorn.Config(
        api_env.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start within 30 s"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def stub() -> Iterator[StubLlm]:
    """A scripted OpenAI-compatible server on loopback (the LLM guards' tests), one per test
    file."""
    server = StubLlm()
    yield server
    server.close()
