"""What the evidence statements cost to embed, per standard.

    .venv/bin/python -m benchmarks.statements_bench [--backend onnx-int8]

Prints, for each standard's bundled statements (mapping/retrieval/statement_data): how many there
are, the seconds to embed them with an empty cache (once per data directory and model),
and from the cache (every later scorer). Figures only; nothing passes or fails on a time.
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

from mapping.retrieval.embedder import BACKENDS, DEFAULT_BACKEND, load_embedder  # noqa: E402
from mapping.retrieval.statements import load_statements  # noqa: E402
from ontology.namespaces import STANDARDS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--backend", default=DEFAULT_BACKEND, choices=list(BACKENDS))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aimsgraph-statements-") as tmp:
        embedder = load_embedder(args.model, Path(tmp), backend=args.backend)
        embedder.encode(["warm-up"])
        print(f"model {embedder.cache_key}")
        for standard in STANDARDS:
            texts = [t for items in load_statements(standard).values() for t in items]
            if not texts:
                continue
            started = time.perf_counter()
            embedder.encode(texts)
            cold = time.perf_counter() - started
            started = time.perf_counter()
            embedder.encode(texts)
            cached = time.perf_counter() - started
            print(
                f"{standard}: {len(texts)} statements; empty cache {cold:.1f} s "
                f"({len(texts) / cold:.0f}/s); from the cache {cached * 1000:.0f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
