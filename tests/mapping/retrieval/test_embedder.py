"""The embedder: real model, normalised vectors, cache hits instead of re-embedding.

The ``embedder`` fixture is the default backend (int8 ONNX); ``torch_embedder`` is PyTorch
float32. Both are loaded once per process.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from mapping.errors import ModelLoadError
from mapping.retrieval.embedder import DEFAULT_BACKEND, Embedder, load_embedder
from mapping.retrieval.onnx_backend import OnnxSentenceEncoder, bundled_model_path


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return load_embedder(backend="torch")


def test_default_backend_is_int8_onnx(embedder: Embedder) -> None:
    assert DEFAULT_BACKEND == "onnx-int8"
    assert isinstance(embedder._model, OnnxSentenceEncoder)
    assert embedder.model_name == "all-MiniLM-L6-v2+onnx-int8"
    assert embedder.cache_key.startswith("all-MiniLM-L6-v2+onnx-int8@")


@pytest.mark.parametrize("which", ["default", "torch"])
def test_vectors_are_normalised_float32_of_the_model_dimension(
    which: str, embedder: Embedder, torch_embedder: Embedder
) -> None:
    chosen = embedder if which == "default" else torch_embedder
    vectors = chosen.encode(["An AI policy approved by top management.", "Lunch menu"])
    assert chosen.dimension == 384
    assert vectors.dtype == np.float32 and vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert len(chosen.model_version) == 12


def test_torch_backend_keeps_the_plain_model_name(torch_embedder: Embedder) -> None:
    assert torch_embedder.model_name == "all-MiniLM-L6-v2"
    assert not isinstance(torch_embedder._model, OnnxSentenceEncoder)


@pytest.mark.parametrize("which", ["default", "torch"])
def test_similar_texts_are_closer_than_unrelated_ones(
    which: str, embedder: Embedder, torch_embedder: Embedder
) -> None:
    chosen = embedder if which == "default" else torch_embedder
    a, b, c = chosen.encode(
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


def test_model_is_loaded_once_per_process(
    embedder: Embedder, torch_embedder: Embedder, tmp_path: Path
) -> None:
    other = load_embedder("all-MiniLM-L6-v2", tmp_path)
    assert other._model is embedder._model
    assert load_embedder(backend="torch")._model is torch_embedder._model
    assert torch_embedder._model is not embedder._model


def test_backends_never_share_cached_vectors(
    embedder: Embedder, torch_embedder: Embedder, tmp_path: Path
) -> None:
    """Vectors cached by one backend are not served to another (the cache key differs)."""
    texts = ["a passage embedded by both backends"]
    onnx = load_embedder("all-MiniLM-L6-v2", tmp_path)
    onnx.encode(texts)
    torch = load_embedder("all-MiniLM-L6-v2", tmp_path, backend="torch")
    assert torch.cache_key != onnx.cache_key
    torch.encode(texts)
    assert torch.encoded_count == 1


def test_unknown_backend_gives_a_clear_error() -> None:
    with pytest.raises(ModelLoadError) as error:
        load_embedder(backend="onnx-int4")
    assert "onnx-int4" in error.value.message
    assert error.value.hint and "torch" in error.value.hint


def test_hub_name_not_available_offline_gives_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelLoadError) as error:
        load_embedder("aimsgraph-tests/no-such-model")
    assert "aimsgraph-tests/no-such-model" in error.value.message
    assert "offline" in error.value.message and error.value.hint


def test_local_cls_pooled_model_runs_as_onnx(tmp_path: Path) -> None:
    """A local model folder with CLS pooling: exported into the given model cache, and its
    int8 vectors agree with PyTorch's for the same folder."""
    folder = tmp_path / "cls-model"
    shutil.copytree(bundled_model_path(), folder)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text(encoding="utf-8"))
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config), encoding="utf-8")

    onnx = load_embedder(str(folder), model_cache_dir=tmp_path / "models")
    assert onnx._model.pooling == "cls" and onnx.model_name == "cls-model+onnx-int8"
    assert list((tmp_path / "models").glob("cls-model-*/onnx/model_qint8_avx512_vnni.onnx"))
    reference = load_embedder(str(folder), backend="torch")
    texts = ["Each AI system has an accountable owner.", "Training data is kept for a year."]
    cosines = (onnx.encode(texts) * reference.encode(texts)).sum(axis=1)
    assert cosines.min() > 0.95, cosines


def test_unknown_model_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as error:
        load_embedder(str(tmp_path / "no-such-model"), tmp_path)
    assert "no-such-model" in error.value.message and error.value.hint


#: Reference-like texts of uneven length, more than one batch of them.
REFERENCE_TEXTS = [
    f"Requirement {n}: the organisation shall " + "keep records of its AI systems " * (n % 7 + 1)
    for n in range(45)
]


def test_reference_vectors_are_bit_identical_to_embedding_afresh(tmp_path: Path) -> None:
    """The per-user reference cache returns exactly what one model call on the list gives,
    first time and in a later process; another order of the same texts is another list."""
    afresh = load_embedder()  # no cache at all: every call runs the model
    expected = afresh.encode(REFERENCE_TEXTS)
    cold = load_embedder(reference_cache_dir=tmp_path)
    assert np.array_equal(cold.encode_reference(REFERENCE_TEXTS), expected)
    assert cold.encoded_count == len(REFERENCE_TEXTS)
    assert (tmp_path / "reference-vectors.sqlite").is_file()
    later = load_embedder(reference_cache_dir=tmp_path)  # a later process, same cache
    warm = later.encode_reference(REFERENCE_TEXTS)
    assert later.encoded_count == 0
    assert np.array_equal(warm, expected) and warm.flags.writeable
    reordered = later.encode_reference(REFERENCE_TEXTS[::-1])
    assert later.encoded_count == len(REFERENCE_TEXTS)
    assert np.array_equal(reordered, afresh.encode(REFERENCE_TEXTS[::-1]))


def test_reference_cache_is_keyed_by_model(tmp_path: Path, torch_embedder: Embedder) -> None:
    load_embedder(reference_cache_dir=tmp_path).encode_reference(REFERENCE_TEXTS[:3])
    torch = load_embedder(backend="torch", reference_cache_dir=tmp_path)
    vectors = torch.encode_reference(REFERENCE_TEXTS[:3])
    assert torch.encoded_count == 3
    assert np.array_equal(vectors, torch_embedder.encode(REFERENCE_TEXTS[:3]))


def test_damaged_reference_cache_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "reference-vectors.sqlite").write_bytes(b"not a database " * 100)
    damaged = load_embedder(reference_cache_dir=tmp_path)
    assert damaged.reference_cache is None
    assert np.array_equal(
        damaged.encode_reference(REFERENCE_TEXTS[:4]), load_embedder().encode(REFERENCE_TEXTS[:4])
    )
