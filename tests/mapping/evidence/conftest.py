"""Fixtures for the evidence-lifecycle tests: a store holding the crafted reference data.

The bundled model (``embedder``) comes from tests/mapping/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ontology.store import EmbeddedStore
from tests.mapping.evidence.builders import load_mini_reference


@pytest.fixture
def mini(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An embedded store with the crafted reference data and nothing else."""
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_mini_reference(store)
    yield store
    store.close()
