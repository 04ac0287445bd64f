"""A fresh app on its own data directory, for tests whose figures (coverage, the queue)
must not depend on what other tests decided in the shared one. Shares the loaded model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from tests.api.conftest import ApiEnv
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir

#: A short policy whose passages the model ties to a few Annex A controls.
POLICY = """# Model testing policy

Version: 0.9

## Testing before release

Every AI model is verified and validated before release: the team runs the agreed test
suite, checks performance against the acceptance criteria and records the results.

## Monitoring in operation

Deployed AI systems are monitored for drift and errors; incidents are logged and reviewed.

## Data quality

Training data is checked for quality, provenance and bias before it is used.
"""


@pytest.fixture(scope="module")
def fresh_env(
    tmp_path_factory: pytest.TempPathFactory, reference_template: Path
) -> Iterator[ApiEnv]:
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("fresh-data"))
    settings = Settings(data_dir=data_dir)
    workspace = share_model(Workspace.open(settings))
    app = create_app(workspace, settings)
    tokens = {
        role: app.state.tokens.create(f"{role.title()} Fresh", role)[1]
        for role in ("viewer", "reviewer", "admin")
    }
    with TestClient(app) as client:
        yield ApiEnv(app, client, workspace, tokens)
    workspace.close()


def upload(env: ApiEnv, text: str, name: str, **fields: str) -> dict[str, object]:
    """Upload ``text`` as a Markdown file with form ``fields``; the finished job's result."""
    response = env.client.post(
        "/api/documents?wait=true",
        files={"file": (name, text.encode(), "text/markdown")},
        data=fields,
        headers=env.headers("reviewer"),
    )
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()["result"]
    return result
