"""The embedder: real model, normalised vectors, cache hits instead of re-embedding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mapping.embedder import Embedder, load_embedder
from mapping.errors import ModelLoadError


def test_vectors_are_normalised_float32_of_the_model_dimension(embedder: Embedder) -> None:
    vectors = embedder.encode(["An AI policy approved by top management.", "Lunch menu"])
    assert embedder.dimension == 384
    assert vectors.dtype == np.float32 and vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.model_name == "all-MiniLM-L6-v2" and len(embedder.model_version) == 12


def test_similar_texts_are_closer_than_unrelated_ones(embedder: Embedder) -> None:
    a, b, c = embedder.encode(
        [
            "We assess the risks of every AI system before deployment.",
            "AI risk assessment is carried out prior to putting systems into service.",
            "The cafeteria opens at eight in the morning.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_unchanged_text_is_never_embedded_twice(embedder: Embedder, tmp_path: Path) -> None:
    cached = load_embedder("all-MiniLM-L6-v2", tmp_path)
    texts = ["first passage about model validation", "second passage about data quality"]
    first = cached.encode(texts)
    assert cached.encoded_count == 2
    again = cached.encode(list(reversed(texts)) + ["a new third passage"])
    assert cached.encoded_count == 3  # only the new text went through the model
    assert np.array_equal(again[0], first[1])
    fresh = load_embedder("all-MiniLM-L6-v2", tmp_path)  # a later process, same cache dir
    fresh.encode(texts)
    assert fresh.encoded_count == 0


def test_model_is_loaded_once_per_process(embedder: Embedder, tmp_path: Path) -> None:
    other = load_embedder("all-MiniLM-L6-v2", tmp_path)
    assert other._model is embedder._model


def test_unknown_model_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as error:
        load_embedder(str(tmp_path / "no-such-model"), tmp_path)
    assert "no-such-model" in error.value.message and error.value.hint
