"""Fixtures for the review tests: an embedded store holding the crafted reference data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mapping.embedder import Embedder
from ontology.store import EmbeddedStore
from tests.review.builders import load_mini_reference


@pytest.fixture
def mini(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An embedded store with the crafted reference data and nothing else."""
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_mini_reference(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The bundled all-MiniLM-L6-v2, loaded once for the review tests."""
    from mapping.embedder import load_embedder

    return load_embedder("all-MiniLM-L6-v2", cache_dir=tmp_path_factory.mktemp("embeddings"))
