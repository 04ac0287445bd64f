"""The fusion features of the labelled documents, computed once and kept on disk.

Ingesting and embedding the labelled corpus takes minutes on two cores; the replay benchmark
(:mod:`benchmarks.quality.replay`) only needs each document's feature matrix and labels. The
samples are stored as a pickle in the cache folder, keyed by the labels files, the model,
the backend and the feature list, so a change to any of them computes them afresh
(``--refresh`` forces it after a change to the scoring code).
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.quality.heldout import Sample
from mapping.retrieval.fusion import FEATURES


def cache_key(labels: Sequence[Path], model: str, backend: str) -> str:
    digest = hashlib.sha256()
    for path in labels:
        digest.update(path.read_bytes())
    digest.update(f"{model}|{backend}|{','.join(FEATURES)}".encode())
    return digest.hexdigest()[:16]


def load_samples(
    corpus_dir: Path,
    cache_dir: Path,
    labels: Sequence[Path],
    model: str,
    backend: str,
    *,
    refresh: bool = False,
) -> list[Sample]:
    """Every labelled artefact's :class:`Sample` (PDF twins marked not primary)."""
    from benchmarks.quality.run import heldout_samples, ingest_corpus
    from mapping.retrieval.ranking import RankingSettings

    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"samples-{cache_key(labels, model, backend)}.pkl"
    if path.is_file() and not refresh:
        with path.open("rb") as f:
            cached: list[Sample] = pickle.load(f)  # our own file, written below
        return cached
    with tempfile.TemporaryDirectory(prefix="aimsgraph-replay-") as tmp:
        corpus = ingest_corpus(
            corpus_dir, Path(tmp), cache_dir, model, labels=list(labels), backend=backend
        )
        samples = heldout_samples(corpus, RankingSettings())
        corpus.store.close()
    partial = path.with_suffix(".tmp")
    with partial.open("wb") as f:
        pickle.dump(samples, f)
    partial.replace(path)
    return samples
