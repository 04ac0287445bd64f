"""A data directory with the reference data and the sample policy's suggestions, built once
per test module (``template``) and copied for each test (``data_dir``): for tests that start
processes on a real library (the kept copy, the CLI). Import both fixtures by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir

DEMO_DOCS = Path(__file__).resolve().parents[2] / "api" / "demo_docs"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Path:
    """The library, built once for the module."""
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("lib") / "data")
    with share_model(Workspace.open(Settings(data_dir=data_dir))) as ws:
        ws.ingest([DEMO_DOCS / "ai-policy.md"], IngestOptions())
    return data_dir


@pytest.fixture
def data_dir(template: Path, tmp_path: Path) -> Path:
    """A copy of the library of one's own (without the template's lock files)."""
    target = tmp_path / "data"
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("*.lock"))
    return target
