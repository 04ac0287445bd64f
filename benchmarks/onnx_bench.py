"""Int8 ONNX against PyTorch: embedding speed, vector agreement and ranking quality.

    .venv/bin/python -m benchmarks.onnx_bench [--corpus ../shared/corpus] [--repeats 3]

Ingests the labelled corpus documents (Markdown and PDF twins) through the real ingest
pipeline, exactly as the quality benchmark does, so the passages are the ones the product
embeds. Then, in one process and on the same passages:

1. speed: every backend embeds all passages ``--repeats`` times (after a warm-up that is
   not counted; the order of backends rotates between repeats so neither always runs on a
   cooler machine); passages/second is the median; the ratio is against PyTorch;
2. agreement: cosine between each passage's PyTorch vector and its ONNX vector;
3. quality: each backend's vectors go into their own FAISS index and the quality
   benchmark's own functions rank requirements for every document (labels.yaml) and
   passages for every requirement (passage_labels.yaml): P@5, R@10, MRR, nDCG@10 for the
   full method and the dense baselines, with the difference to PyTorch.

Backends: ``pytorch`` (the product's embedder, mapping.retrieval.embedder), ``torch-int8`` (the
embedder's own option: PyTorch dynamic int8 quantisation of the linear layers),
``onnx-int8`` (dynamic int8 ONNX, mapping.retrieval.onnx_backend) and ``onnx-fp32`` (the same export
before quantisation, to show how much of any gain is onnxruntime and how much is int8).
It prints figures only; it never fails on a time or a threshold.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from benchmarks.quality import run as quality  # noqa: E402
from mapping.retrieval.embedder import Embedder, Vectors, load_embedder  # noqa: E402
from mapping.retrieval.evaluation import summarise  # noqa: E402
from mapping.retrieval.index import VectorIndex, passage_texts, vector_key  # noqa: E402
from mapping.retrieval.onnx_backend import FLOAT_FILE, QUANTISED_FILE, load_onnx_embedder  # noqa: E402
from mapping.retrieval.ranking import RankingSettings  # noqa: E402
from mapping.retrieval.scoring import FULL, TITLES_ONLY, ScorerConfig, prepare_scorer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "pytorch"
#: Methods whose ranking depends on the embeddings (lexical-only does not).
#: The learned fusion model needs every channel (its features include the lexical ones), so
#: the single-channel rows rank by the hand-set scores, as the quality benchmark's do.
METHODS: list[tuple[str, ScorerConfig]] = [
    ("full (learned fusion)", FULL),
    ("dense only (descriptors)", ScorerConfig(lexical=False, fusion=False)),
    ("baseline: dense on titles", TITLES_ONLY),
]
WARM_UP = 64


def load_backends(model_cache: Path, threads: int) -> dict[str, Embedder]:
    """The embedders compared, each without a vector cache (every call runs the model)."""
    started = time.perf_counter()
    backends = {
        REFERENCE: load_embedder(backend="torch"),
        "torch-int8": load_embedder(backend="torch-int8"),
    }
    backends["onnx-int8"] = load_onnx_embedder(
        model_cache, file_name=QUANTISED_FILE, threads=threads
    )
    backends["onnx-fp32"] = load_onnx_embedder(model_cache, file_name=FLOAT_FILE, threads=threads)
    print(f"models loaded (ONNX export built or reused) in {time.perf_counter() - started:.1f} s")
    return backends


def measure_speed(
    backends: dict[str, Embedder], texts: list[str], repeats: int
) -> tuple[dict[str, float], dict[str, Vectors]]:
    """Median passages/second per backend, and each backend's vectors from its last run."""
    for embedder in backends.values():
        embedder.encode(texts[:WARM_UP])
    names = list(backends)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    vectors: dict[str, Vectors] = {}
    for repeat in range(repeats):
        for name in names[repeat % len(names) :] + names[: repeat % len(names)]:
            started = time.perf_counter()
            vectors[name] = backends[name].encode(texts)
            seconds[name].append(time.perf_counter() - started)
    return {name: len(texts) / statistics.median(s) for name, s in seconds.items()}, vectors


def report_speed(rates: dict[str, float], count: int, words: float, repeats: int) -> None:
    print(
        f"\nEmbedding speed: {count} passages ({words:.0f} words on average), median of "
        f"{repeats} runs after a {WARM_UP}-passage warm-up"
    )
    print(f"{'backend':<12}{'passages/s':>12}{'× pytorch':>11}")
    for name, rate in rates.items():
        print(f"{name:<12}{rate:>12.1f}{rate / rates[REFERENCE]:>11.2f}")


def report_agreement(vectors: dict[str, Vectors]) -> None:
    reference = vectors[REFERENCE]
    print("\nAgreement with PyTorch (cosine per passage)")
    print(f"{'backend':<12}{'mean':>9}{'p1':>9}{'min':>9}")
    for name, rows in vectors.items():
        if name == REFERENCE:
            continue
        cosines = (rows * reference).sum(axis=1)
        print(
            f"{name:<12}{cosines.mean():>9.4f}{np.percentile(cosines, 1):>9.4f}"
            f"{cosines.min():>9.4f}"
        )


def corpus_for(
    base: quality.Corpus, embedder: Embedder, iris: list[str], rows: Vectors, directory: Path
) -> quality.Corpus:
    """The same store and documents with a vector index of ``embedder``'s vectors."""
    index = VectorIndex(directory, embedder.dimension)
    index.model = vector_key(embedder)
    index.add(iris, rows)
    return quality.Corpus(base.store, index, embedder, list(base.documents))


def quality_rows(corpus: quality.Corpus, settings: RankingSettings) -> dict[str, dict[str, float]]:
    """Macro-averaged metrics per method: documents (Markdown, PDF) and passage search."""
    md = [d for d in corpus.documents if d.kind == "md"]
    pdf = [d for d in corpus.documents if d.kind == "pdf"]
    out: dict[str, dict[str, float]] = {}
    for name, config in METHODS:
        ranked = quality.rankings(corpus, config, settings, corpus.documents)
        out[f"doc→req md: {name}"] = summarise(quality.document_rows(md, ranked))
        out[f"doc→req pdf: {name}"] = summarise(quality.document_rows(pdf, ranked))
    for name, config in METHODS:
        scorer = prepare_scorer(
            corpus.store, corpus.index, corpus.embedder, settings=settings, config=config
        )
        rows, _ = quality.evaluate_passage_search(scorer, corpus, {d.artefact: d.slug for d in md})
        out[f"req→passage: {name}"] = summarise(rows)
    return out


def report_quality(results: dict[str, dict[str, dict[str, float]]], base: quality.Corpus) -> None:
    """One block per query set and method: a row per backend and its difference."""
    width = 46
    md = sum(1 for d in base.documents if d.kind == "md")
    title = (
        f"Ranking quality, macro averages ({md} Markdown documents, "
        f"{len(base.documents) - md} PDFs; quality benchmark's labels and functions)"
    )
    print(quality.header(title, width))
    for key in results[REFERENCE]:
        print(f"{key}")
        reference = results[REFERENCE][key]
        for name, per_key in results.items():
            print(quality.fmt_row(f"  {name}", per_key[key], width))
            if name != REFERENCE:
                delta = {m: per_key[key][m] - reference[m] for m in quality.METRICS}
                print(
                    f"{'    Δ vs pytorch':<{width}}"
                    + "".join(f"{delta[m]:>+9.3f}" for m in quality.METRICS)
                )


def describe_machine(threads: int) -> None:
    import onnxruntime
    import torch

    flags = (
        Path("/proc/cpuinfo").read_text(encoding="utf-8") if Path("/proc/cpuinfo").exists() else ""
    )
    isa = [f for f in ("avx2", "avx512f", "avx512_vnni", "amx_int8") if f" {f}" in flags]
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs "
        f"({', '.join(isa) or 'no AVX flags seen'}); torch {torch.__version__} "
        f"{torch.get_num_threads()} threads; onnxruntime {onnxruntime.__version__} "
        f"{threads or 'default'} threads"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--model-cache",
        type=Path,
        default=ROOT / "benchmarks" / "results" / "onnx-models",
        help="where the ONNX export is built once and reused",
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="threads for both backends (default: torch's)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to measure", file=sys.stderr)
        return 2
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    threads = torch.get_num_threads()
    describe_machine(threads)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor")  # torch-int8 load
    with tempfile.TemporaryDirectory(prefix="aimsgraph-onnx-") as tmp:
        data_dir = Path(tmp)
        base = quality.ingest_corpus(args.corpus, data_dir, data_dir / "cache", "all-MiniLM-L6-v2")
        texts_by_iri = passage_texts(base.store, [d.artefact for d in base.documents])
        iris = sorted(texts_by_iri)
        texts = [texts_by_iri[i] for i in iris]
        backends = load_backends(args.model_cache, threads)
        rates, vectors = measure_speed(backends, texts, args.repeats)
        report_speed(
            rates, len(texts), statistics.mean(len(t.split()) for t in texts), args.repeats
        )
        report_agreement(vectors)
        settings = RankingSettings()
        results = {
            name: quality_rows(
                corpus_for(base, backends[name], iris, vectors[name], data_dir / f"vectors-{name}"),
                settings,
            )
            for name in backends
        }
        report_quality(results, base)
        base.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
