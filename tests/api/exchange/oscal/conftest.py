"""The OSCAL tests' model: the process's one shared embedder (``tests.api.shared_model``)."""

from __future__ import annotations

import pytest

from mapping.retrieval.embedder import Embedder
from tests.api.shared_model import shared_embedder


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return shared_embedder()
