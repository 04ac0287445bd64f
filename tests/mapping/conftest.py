"""Mapping fixtures: the real model (loaded once per session), a real store with the real
reference data, and real corpus documents ingested through the real pipeline."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from mapping.retrieval.embedder import (  # noqa: E402
    Embedder,
    default_model_cache_dir,
    load_embedder,
)
from mapping.retrieval.index import VectorIndex  # noqa: E402
from ontology.store import EmbeddedStore  # noqa: E402
from tests.conftest import copy_reference  # noqa: E402

#: Small real documents: a policy, a guidance page and its PDF print.
SAMPLE_DOCS = (
    "rocky-linux-ai-assisted-contribution-policy.md",
    "gwu-privacy-guidance-ai.md",
    "pdf/gwu-privacy-guidance-ai.pdf",
)


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The bundled all-MiniLM-L6-v2 with a session-wide embedding cache, and the reference
    texts' vectors in the per-user model cache (as a workspace keeps them)."""
    return load_embedder(
        "all-MiniLM-L6-v2",
        tmp_path_factory.mktemp("embeddings"),
        reference_cache_dir=default_model_cache_dir(),
    )


@dataclass
class MappedData:
    """A data directory with reference data and ingested corpus documents."""

    store: EmbeddedStore
    index: VectorIndex
    embedder: Embedder
    artefacts: dict[str, str]  # file name → artefact id
    data_dir: Path
    closed: bool = False

    def release(self) -> None:
        """Close the store so another opener (the CLI) can take the data directory."""
        if not self.closed:
            self.store.close()
            self.closed = True


@pytest.fixture(scope="session")
def mapped_template(
    tmp_path_factory: pytest.TempPathFactory, reference_template: Path, corpus_dir: Path
) -> tuple[Path, dict[str, str]]:
    """A data directory with the reference and the sample documents ingested through the
    real pipeline, once per session; :func:`mapped` gives each test a copy of it."""
    from ingest.originals import OriginalStore
    from ingest.pipeline import IngestOptions, ingest_path

    folder = tmp_path_factory.mktemp("mapped-template")
    store = copy_reference(reference_template, folder / "building")
    originals = OriginalStore(folder / "originals")
    artefacts = {}
    for name in SAMPLE_DOCS:
        result = ingest_path(store, originals, corpus_dir / name, options=IngestOptions())
        artefacts[name] = result.artefact_id
    store.backup(folder / "oxigraph")
    store.close()
    return folder, artefacts


@pytest.fixture
def mapped(
    tmp_path: Path, embedder: Embedder, mapped_template: tuple[Path, dict[str, str]]
) -> Iterator[MappedData]:
    """Reference loaded and the sample documents ingested (no suggestions yet): a copy of
    :func:`mapped_template`'s store and originals, and an empty vector index."""
    template, artefacts = mapped_template
    store = copy_reference(template / "oxigraph", tmp_path / "oxigraph")
    shutil.copytree(template / "originals", tmp_path / "originals")
    index = VectorIndex.open(tmp_path / "vectors", embedder.dimension)
    data = MappedData(store, index, embedder, dict(artefacts), tmp_path)
    yield data
    data.release()
