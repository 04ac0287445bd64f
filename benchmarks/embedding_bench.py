"""Embedding and suggestion speed on the real corpus.

    .venv/bin/python -m benchmarks.embedding_bench [--corpus ../shared/corpus] [--sample 200]
        [--backends onnx-int8,torch]

Prints, each figure labelled with the embedding backend that produced it:
- passages embedded per second by the model (no cache), and from the embedding cache, for
  each of ``--backends`` (default: the product's default backend, int8 ONNX, and PyTorch
  float32 for comparison);
- end to end with the first of them, fresh data directory and empty cache: ingest + suggest
  for the whole corpus (Markdown and PDFs), and for the 43k-word CMS playbook alone.

Figures only; nothing here passes or fails on a time. Run on a quiet machine to compare.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from ingest.originals import OriginalStore  # noqa: E402
from ingest.pipeline import IngestOptions, ingest_path  # noqa: E402
from mapping.evidence.suggest import suggest_for_artefacts  # noqa: E402
from mapping.retrieval.embedder import DEFAULT_BACKEND, check_backend, load_embedder  # noqa: E402
from mapping.retrieval.index import VectorIndex, passage_texts  # noqa: E402
from ontology.reference import load_reference  # noqa: E402
from ontology.store import EmbeddedStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = "cms-ai-playbook-v3.md"
#: How each backend is named in the output.
BACKEND_NAMES = {
    "onnx-int8": "int8 ONNX (onnxruntime, CPU)",
    "torch": "PyTorch float32 (CPU)",
    "torch-int8": "PyTorch dynamic int8 (CPU)",
}


def describe(backend: str) -> str:
    default = " - the default" if backend == DEFAULT_BACKEND else ""
    return f"{BACKEND_NAMES.get(backend, backend)}, backend {backend}{default}"


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted(p for p in corpus.glob("*.md") if p.name != "INDEX.md")
    return files + sorted((corpus / "pdf").glob("*.pdf"))


def end_to_end(files: list[Path], model: str, backend: str) -> dict[str, float]:
    """Ingest ``files`` and suggest evidence in a fresh data directory with an empty cache."""
    with tempfile.TemporaryDirectory(prefix="aimsgraph-bench-") as tmp:
        data = Path(tmp)
        store = EmbeddedStore(data / "oxigraph")
        load_reference(store)
        originals = OriginalStore(data / "originals")
        embedder = load_embedder(model, data / "embeddings", backend=backend)
        index = VectorIndex.open(data / "vectors", embedder.dimension)
        started = time.perf_counter()
        ids = [ingest_path(store, originals, f, options=IngestOptions()).artefact_id for f in files]
        ingested = time.perf_counter()
        result = suggest_for_artefacts(store, index, embedder, ids)
        done = time.perf_counter()
        store.close()
    return {
        "files": len(files),
        "passages": result.embedded,
        "ingest_s": ingested - started,
        "suggest_s": done - ingested,
        "total_s": done - started,
        "links": result.written,
    }


def embedding_rate(texts: list[str], model: str, backend: str) -> tuple[float, float]:
    """(passages per second through the model, passages per second from the cache)."""
    plain = load_embedder(model, None, backend=backend)
    plain.encode(texts[:8])  # warm up
    started = time.perf_counter()
    plain.encode(texts)
    model_rate = len(texts) / (time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp:
        cached = load_embedder(model, Path(tmp), backend=backend)
        cached.encode(texts)
        started = time.perf_counter()
        cached.encode(texts)
        cache_rate = len(texts) / (time.perf_counter() - started)
        assert cached.cache is not None
        cached.cache.close()
    return model_rate, cache_rate


def sample_passages(corpus: Path, size: int) -> list[str]:
    """Real passages: the playbook's, as ingest cuts them."""
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "oxigraph")
        ingest_path(
            store, OriginalStore(Path(tmp) / "o"), corpus / PLAYBOOK, options=IngestOptions()
        )
        texts = sorted(passage_texts(store).values())
        store.close()
    return texts[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--sample", type=int, default=200, help="passages for the rate")
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument(
        "--backends",
        default=f"{DEFAULT_BACKEND},torch",
        help="comma-separated embedding backends to time; the first also runs end to end",
    )
    args = parser.parse_args(argv)
    backends = [check_backend(b.strip()) for b in args.backends.split(",") if b.strip()]
    if not backends:
        parser.error("--backends names no backend")
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to measure", file=sys.stderr)
        return 2
    texts = sample_passages(args.corpus, args.sample)
    words = sum(len(t.split()) for t in texts) / max(1, len(texts))
    for backend in backends:
        model_rate, cache_rate = embedding_rate(texts, args.model, backend)
        print(
            f"embedding ({args.model}, {describe(backend)}; {len(texts)} passages, mean {words:.0f} words)"
        )
        print(f"  through the model: {model_rate:8.1f} passages/s")
        print(f"  from the cache:    {cache_rate:8.1f} passages/s ({cache_rate / model_rate:.0f}x)")
    print(f"end to end with {describe(backends[0])}:")
    for label, files in (
        ("whole corpus", corpus_files(args.corpus)),
        ("CMS playbook (43k words)", [args.corpus / PLAYBOOK]),
    ):
        r = end_to_end(files, args.model, backends[0])
        print(
            f"  {label}: {r['files']:.0f} files, {r['passages']:.0f} passages: ingest "
            f"{r['ingest_s']:.1f} s + suggest {r['suggest_s']:.1f} s = {r['total_s']:.1f} s "
            f"({r['links']:.0f} suggestions)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
