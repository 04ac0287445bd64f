"""The int8 ONNX variant of the bundled model: built offline, embeds, agrees with PyTorch.

It is the default embedding backend, so onnx and onnxruntime are main dependencies and these
tests are never skipped. The export runs once per session into a temporary cache folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from mapping.errors import ModelLoadError  # noqa: E402
from mapping.retrieval.embedder import Embedder, load_embedder  # noqa: E402
from mapping.retrieval.onnx_backend import (  # noqa: E402
    FLOAT_FILE,
    QUANTISED_FILE,
    bundled_model_path,
    export_quantised_model,
    load_onnx_embedder,
)

#: Policy-like sentences in our own words, plus the edge cases of length.
SENTENCES = [
    "Every AI system we deploy has a named owner who answers for its risks.",
    "Before release, models are tested against the acceptance criteria agreed with the "
    "business, and the results are kept for audit.",
    "Personal data used for training is minimised and deleted when no longer needed.",
    "Suppliers of AI components must tell us about incidents within 72 hours.",
    "The impact assessment considers harm to individuals, groups and society.",
    "Staff receive yearly training on the acceptable use of generative AI tools.",
    "Logging.",
    "Access to the production model registry is reviewed every quarter by security. " * 40,
]

#: Requirement-like queries, each with the sentence above that answers it.
QUERIES = {
    "accountability and roles for AI systems": 0,
    "testing a model against agreed criteria before it is released": 1,
    "data protection and retention of training data": 2,
    "supplier obligations and incident reporting": 3,
    "awareness and competence of personnel": 5,
}


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-models")


@pytest.fixture(scope="module")
def int8(cache_dir: Path) -> Embedder:
    return load_onnx_embedder(cache_dir)


@pytest.fixture(scope="module")
def pytorch() -> Embedder:
    """The product's PyTorch float32 embedder (the model is loaded once per process)."""
    return load_embedder(backend="torch")


def test_int8_vectors_agree_with_pytorch(int8: Embedder, pytorch: Embedder) -> None:
    ours, reference = int8.encode(SENTENCES), pytorch.encode(SENTENCES)
    assert ours.shape == reference.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() > 0.97, cosines
    assert cosines.mean() > 0.98, cosines


def test_int8_ranks_like_pytorch(int8: Embedder, pytorch: Embedder) -> None:
    """Each query finds its answer first under both backends, with near-equal scores."""
    matrices = []
    for embedder in (int8, pytorch):
        scores = embedder.encode(list(QUERIES)) @ embedder.encode(SENTENCES).T
        assert scores.argmax(axis=1).tolist() == list(QUERIES.values()), embedder.model_name
        matrices.append(scores)
    assert np.abs(matrices[0] - matrices[1]).max() < 0.05


def test_export_is_int8_and_reused(cache_dir: Path, int8: Embedder) -> None:
    import onnx

    folder = export_quantised_model(bundled_model_path(), cache_dir)
    quantised = folder / QUANTISED_FILE
    built = quantised.stat().st_mtime_ns
    assert export_quantised_model(bundled_model_path(), cache_dir) == folder
    assert quantised.stat().st_mtime_ns == built
    ops = {node.op_type for node in onnx.load(str(quantised)).graph.node}
    assert {"DynamicQuantizeLinear", "MatMulInteger"} <= ops
    assert quantised.stat().st_size < 0.4 * (folder / FLOAT_FILE).stat().st_size
    assert not list(folder.glob("*.safetensors"))


def test_int8_has_its_own_cache_key(
    int8: Embedder, pytorch: Embedder, cache_dir: Path, tmp_path: Path
) -> None:
    assert int8.model_name == "all-MiniLM-L6-v2+onnx-int8"
    assert int8.cache_key != pytorch.cache_key
    cached = load_onnx_embedder(cache_dir, embedding_cache_dir=tmp_path)
    first = cached.encode(SENTENCES[:3])
    second = cached.encode(SENTENCES[:3])
    assert cached.encoded_count == 3
    assert np.array_equal(first, second)


def test_the_default_embedder_is_this_int8_model(int8: Embedder, pytorch: Embedder) -> None:
    """``load_embedder``'s default runs the same export (same cache key, same vectors)."""
    default = load_embedder()
    assert default.cache_key == int8.cache_key != pytorch.cache_key
    assert np.allclose(default.encode(SENTENCES[:3]), int8.encode(SENTENCES[:3]), atol=1e-6)


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as caught:
        export_quantised_model(tmp_path, tmp_path / "cache")
    assert "config.json" in caught.value.message
    assert caught.value.hint


def test_tokenizer_gives_the_ids_transformers_gives(cache_dir: Path) -> None:
    """The tokenizer run without transformers (and so without PyTorch) is the same one."""
    from transformers import AutoTokenizer

    from mapping.retrieval.onnx_backend import load_tokenizer

    folder = export_quantised_model(bundled_model_path(), cache_dir)
    ours = load_tokenizer(folder, 256)(SENTENCES + ["本政策規定組織如何管理", "Ünïcödé ﬁle", ""])
    auto = AutoTokenizer.from_pretrained(str(folder))(
        SENTENCES + ["本政策規定組織如何管理", "Ünïcödé ﬁle", ""],
        padding=True,
        truncation="longest_first",
        max_length=256,
        return_tensors="np",
    )
    for name in ("input_ids", "attention_mask", "token_type_ids"):
        assert np.array_equal(ours[name], auto[name]), name
    assert ours["input_ids"].shape[1] == 256  # the long sentence is truncated


def test_long_batches_run_in_slices_with_the_same_vectors(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slicing a batch of long passages (to bound the model's working memory) keeps the
    vectors within int8 noise: the whole batch at once and slices of one passage each agree
    as closely as int8 agrees with float32 (dynamic quantisation scales activations per
    run, so which passages share a run moves a vector slightly either way)."""
    from mapping.retrieval import onnx_backend

    folder = export_quantised_model(bundled_model_path(), cache_dir)
    encoder = onnx_backend.OnnxSentenceEncoder(folder)
    texts = [s * 3 for s in SENTENCES]
    monkeypatch.setattr(onnx_backend, "MAX_BATCH_TOKENS", 10**9)
    whole = encoder.encode(texts, normalize_embeddings=True)
    monkeypatch.setattr(onnx_backend, "MAX_BATCH_TOKENS", 16)
    sliced = encoder.encode(texts, normalize_embeddings=True)
    cosines = np.sum(whole * sliced, axis=1)
    assert cosines.min() > 0.97 and cosines.mean() > 0.98, cosines
    assert not np.array_equal(whole, sliced)  # the slices did run separately
