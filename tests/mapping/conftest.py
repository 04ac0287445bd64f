"""Mapping fixtures: the real model (loaded once per session), a real store with the real
reference data, and real corpus documents ingested through the real pipeline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from mapping.retrieval.embedder import Embedder, load_embedder  # noqa: E402
from mapping.retrieval.index import VectorIndex  # noqa: E402
from ontology.reference import load_reference  # noqa: E402
from ontology.store import EmbeddedStore  # noqa: E402

#: Small real documents: a policy, a guidance page and its PDF print.
SAMPLE_DOCS = (
    "rocky-linux-ai-assisted-contribution-policy.md",
    "gwu-privacy-guidance-ai.md",
    "pdf/gwu-privacy-guidance-ai.pdf",
)


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The bundled all-MiniLM-L6-v2 with a session-wide embedding cache."""
    return load_embedder("all-MiniLM-L6-v2", tmp_path_factory.mktemp("embeddings"))


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


@pytest.fixture
def mapped(tmp_path: Path, embedder: Embedder, corpus_dir: Path) -> Iterator[MappedData]:
    """Reference loaded and the sample documents ingested (no suggestions yet)."""
    from ingest.originals import OriginalStore
    from ingest.pipeline import IngestOptions, ingest_path

    store = EmbeddedStore(tmp_path / "oxigraph")
    load_reference(store)
    originals = OriginalStore(tmp_path / "originals")
    artefacts = {}
    for name in SAMPLE_DOCS:
        result = ingest_path(store, originals, corpus_dir / name, options=IngestOptions())
        artefacts[name] = result.artefact_id
    index = VectorIndex.open(tmp_path / "vectors", embedder.dimension)
    data = MappedData(store, index, embedder, artefacts, tmp_path)
    yield data
    data.release()
