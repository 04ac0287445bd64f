"""Fixtures for ingest tests: the committed fixture files, a file store, fast options."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
BAD = FIXTURES / "bad"


@pytest.fixture
def originals(tmp_path: Path) -> OriginalStore:
    return OriginalStore(tmp_path / "originals")


@pytest.fixture
def options() -> IngestOptions:
    """In-process parsing: the worker's own tests cover the bounded child."""
    return IngestOptions(parse_timeout_s=None)
