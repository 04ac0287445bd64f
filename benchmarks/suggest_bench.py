"""Suggestion speed: a 50-page PDF, from ingested passages to written suggestions.

    .venv/bin/python -m benchmarks.suggest_bench [--corpus ../shared/corpus] [--pages 50]

Lays real policy text (the corpus's longest Markdown documents, in order) onto a PDF of
``--pages`` A4 pages (reportlab, dev extra), ingests it into a fresh data directory with the
reference graph loaded, then — the model already loaded, which is timed apart — measures:

1. suggestions with an empty vector cache: every passage embedded, scored with the learned
   fusion, the count chosen, links written (what a user waits for after an upload);
2. the same again with every vector cached (a re-run, or "more");
3. ``more`` (the next 5 suggestions down the ranking).

Figures only (the budget is 10 s for step 1); it never fails on a time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from ingest.originals import OriginalStore  # noqa: E402
from ingest.pipeline import IngestOptions, ingest_path  # noqa: E402
from mapping.evidence.learning import LearningStore  # noqa: E402
from mapping.evidence.suggest import SuggestResult, more_suggestions, suggest_for_artefacts  # noqa: E402
from mapping.retrieval.embedder import load_embedder  # noqa: E402
from mapping.retrieval.index import VectorIndex, passage_texts  # noqa: E402
from mapping.retrieval.scoring import prepare_scorer  # noqa: E402
from ontology.reference import load_reference  # noqa: E402
from ontology.store import EmbeddedStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LINES_PER_PAGE = 48
T = TypeVar("T")


def source_lines(corpus: Path) -> list[str]:
    """Lines of real policy text (headings kept as lines starting with '#')."""
    files = sorted(corpus.glob("*.md"), key=lambda p: -p.stat().st_size)
    lines: list[str] = []
    for path in files:
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = raw.strip()
            if not text:
                continue
            if text.startswith("#"):
                lines.append(text)
            else:
                lines += textwrap.wrap(text.lstrip("-* "), 95)
    return lines


def build_pdf(folder: Path, lines: list[str], pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = folder / f"policy-{pages}-pages.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in range(pages):
        chunk = lines[page * LINES_PER_PAGE : (page + 1) * LINES_PER_PAGE]
        for row, line in enumerate(chunk):
            heading = line.startswith("#")
            c.setFont("Helvetica-Bold" if heading else "Helvetica", 12 if heading else 9)
            c.drawString(50, 800 - row * 15.5, line.lstrip("# ") if heading else line)
        c.showPage()
    c.save()
    return path


def timed(label: str, action: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def learned_store(folder: Path, documents: int) -> LearningStore:
    """A learning store whose model learned from ``documents`` synthetic decided documents."""
    import numpy as np

    from benchmarks.refit_bench import synthetic_documents
    from mapping.evidence.learning import DEFAULT_LEVERS
    from mapping.retrieval.adaptation import adapt_model
    from mapping.retrieval.fusion import shipped_model

    learning = LearningStore(folder)
    decided = synthetic_documents(documents, np.random.default_rng(0))
    learning.write_model(
        adapt_model(shipped_model(), decided, DEFAULT_LEVERS),
        {
            "decisions": 0,
            "decided_documents": documents,
            "refitted": "synthetic",
            "refit_seconds": 0.0,
            "levers": DEFAULT_LEVERS.name,
        },
    )
    print(f"ranking with a model learned from {documents} synthetic decided documents")
    return learning


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument(
        "--learned",
        type=int,
        default=0,
        help="rank with a model learned from this many synthetic decided documents "
        "(and record the document's features, as a workspace does)",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to measure", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="aimsgraph-suggest-bench-") as tmp:
        folder = Path(tmp)
        pdf = build_pdf(folder, source_lines(args.corpus), args.pages)
        store = EmbeddedStore(folder / "oxigraph")
        load_reference(store)
        embedder = timed("model loaded", lambda: load_embedder(args.model, folder / "emb"))
        index = VectorIndex.open(folder / "vectors", embedder.dimension)
        timed(
            "descriptors + bundled background embedded (once per data dir)",
            lambda: prepare_scorer(store, index, embedder),
        )
        result = ingest_path(
            store, OriginalStore(folder / "originals"), pdf, options=IngestOptions()
        )
        print(f"{args.pages}-page PDF: {len(result.passages)} passages")
        artefact = [result.artefact_id]
        learning = learned_store(folder / "learning", args.learned) if args.learned else None

        def suggest() -> SuggestResult:
            return suggest_for_artefacts(store, index, embedder, artefact, learning=learning)

        first = timed("suggestions, empty vector cache (budget 10 s)", suggest)
        print(f"  embedded {first.embedded} passages, wrote {first.written} suggestions")
        timed("suggestions again, vectors cached", suggest)
        texts = [f"{t} (timing copy)" for t in passage_texts(store, [result.artefact_iri]).values()]
        timed(
            f"of which: embedding {len(texts)} passages through the model",
            lambda: embedder.encode(texts),
        )
        timed(
            "more (next 5 down the ranking)",
            lambda: more_suggestions(store, index, embedder, result.artefact_id, count=5),
        )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
