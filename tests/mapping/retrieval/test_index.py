"""The FAISS index: add, search, remove, atomic save, reconcile with the graph."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mapping.errors import VectorIndexError
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.index import VectorIndex, passage_texts, vector_key
from tests.mapping.conftest import MappedData


def _unit(rows: int, dim: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_add_search_remove_and_reopen(tmp_path: Path) -> None:
    index = VectorIndex.open(tmp_path / "vectors", 8)
    iris = [f"https://w3id.org/aimsgraph/org/artefact/a/passage/{i}" for i in range(5)]
    vectors = _unit(5, 8)
    index.add(iris, vectors)
    hits = index.search(vectors[2:3], 2)[0]
    assert hits[0][0] == iris[2] and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert index.remove(iris[:2]) == 2 and len(index) == 3
    index.save()
    assert [p.name for p in (tmp_path / "vectors").iterdir()] == ["index.npz"]  # no temp left
    reopened = VectorIndex.open(tmp_path / "vectors", 8)
    assert reopened.iris == sorted(iris[2:])
    assert np.allclose(reopened.vectors([iris[4]]), vectors[4:5], atol=1e-6)


def test_wrong_dimension_is_refused(tmp_path: Path) -> None:
    index = VectorIndex.open(tmp_path, 8)
    index.add(["https://x/p/1"], _unit(1, 8))
    index.save()
    with pytest.raises(VectorIndexError):
        VectorIndex.open(tmp_path, 16)


def test_reconcile_embeds_missing_and_drops_orphans(mapped: MappedData) -> None:
    index, store, embedder = mapped.index, mapped.store, mapped.embedder
    texts = passage_texts(store)
    first = index.reconcile(store, embedder)
    assert first.added == len(texts) and first.removed == 0 and len(index) == len(texts)
    gone = sorted(texts)[:3]
    index.remove(gone)
    orphan = "https://w3id.org/aimsgraph/org/artefact/deleted/passage/1"
    index.add([orphan], embedder.encode(["a passage whose document was deleted"]))
    index.save()
    reopened = VectorIndex.open(mapped.data_dir / "vectors", embedder.dimension)
    before = embedder.encoded_count
    result = reopened.reconcile(store, embedder)
    assert (result.added, result.removed) == (3, 1)
    assert orphan not in reopened and all(iri in reopened for iri in gone)
    assert embedder.encoded_count == before  # their text was cached: no model time
    assert reopened.reconcile(store, embedder).added == 0


def test_reconcile_rebuilds_vectors_of_another_model(
    mapped: MappedData, embedder: Embedder
) -> None:
    mapped.index.reconcile(mapped.store, embedder)
    mapped.index.model = "some-other-model@123"
    result = mapped.index.reconcile(mapped.store, embedder)
    assert result.removed == result.added == len(mapped.index) > 0
    assert mapped.index.model == vector_key(embedder)
