"""Ingest benchmark: speed per format, passages per document, PDF extraction fidelity.

    .venv/bin/python -m benchmarks.ingest_bench [--corpus ../shared/corpus]

Prints figures, never pass/fail:

- reading speed per format (pages/s for PDFs, words/s for every format), best of 3 runs of
  the readers in-process, plus a generated 50-page PDF;
- end-to-end ingest of the whole corpus into a fresh embedded store (bounded parser child
  included), documents/s;
- passages per document and words per passage;
- fidelity of each corpus PDF's text against its Markdown twin: token-level F1 (multiset of
  lower-cased word tokens) of pypdf's raw default extraction, of raw layout extraction, and of
  our repaired text.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from ingest.originals import OriginalStore
from ingest.passages import build_passages
from ingest.pipeline import IngestOptions, ingest_paths
from ingest.readers import ReaderLimits, read_document
from ingest.readers.base import assemble
from ingest.readers.pdf import read_pdf
from ingest.repair import words_per_line
from ingest.sniff import sniff
from ingest.worker import ReaderWorker
from ontology.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text).lower()))


def token_f1(candidate: str, reference: str) -> float:
    """Harmonic mean of token precision and recall (multisets)."""
    got, want = tokens(candidate), tokens(reference)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def char_f1(candidate: str, reference: str, n: int = 5) -> float:
    """F1 of letter 5-grams with all spacing removed: blind to where words are split."""

    def grams(text: str) -> Counter[str]:
        letters = "".join(_TOKEN.findall(unicodedata.normalize("NFKC", text).lower()))
        return Counter(letters[i : i + n] for i in range(len(letters) - n + 1))

    got, want = grams(candidate), grams(reference)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def raw_pdf_text(path: Path, mode: str) -> str:
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(path)
    if mode == "layout":
        return "\n".join(p.extract_text(extraction_mode="layout") or "" for p in reader.pages)
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def fidelity(corpus: Path) -> None:
    """Token F1 against each PDF's Markdown twin, raw and repaired, with the repairs made.

    Caveat: a twin is itself an extraction (the OWASP twin is pypdf's layout mode with its
    NUL ligatures deleted and its words still run together), so repairs that make the text
    right (``efficient`` for ``e\0cient``, ``of AI`` for ``ofAI``) count against the score.
    """
    print("\nPDF fidelity against the Markdown twin (token F1)")
    print("  ingested = repaired, as stored; +chrome = repaired, running headers/footers kept;")
    print("  chars = F1 of letter 5-grams with spacing removed (blind to word splits)")
    print(
        f"{'pdf':<46} {'raw default':>11} {'raw layout':>10} {'+chrome':>8} {'ingested':>9}"
        "  chars raw->ingested  words/line  repairs"
    )
    for pdf in sorted((corpus / "pdf").glob("*.pdf")):
        twin = corpus / (pdf.stem + ".md")
        if not twin.exists():
            continue
        reference = twin.read_text(encoding="utf-8")
        data = pdf.read_bytes()
        extraction = read_pdf(data, pdf.name)
        repaired = assemble(extraction.blocks).text
        kept = assemble(read_pdf(data, pdf.name, drop_running_lines=False).blocks).text
        raw = raw_pdf_text(pdf, "plain")
        scores = [token_f1(raw, reference), token_f1(raw_pdf_text(pdf, "layout"), reference)]
        scores += [token_f1(kept, reference), token_f1(repaired, reference)]
        row = " ".join(f"{v:>{w}.3f}" for v, w in zip(scores, (11, 10, 8, 9), strict=True))
        per_line = f"{words_per_line(raw):.1f}->{words_per_line(repaired):.1f}"
        repairs = "; ".join(w for w in extraction.warnings if "used layout" not in w) or "-"
        chars = f"{char_f1(raw, reference):.3f}->{char_f1(repaired, reference):.3f}"
        print(f"{pdf.name[:46]:<46} {row}  {chars:>19}  {per_line:>10}  {repairs}")


def fifty_page_pdf(folder: Path) -> Path:
    """A generated 50-page policy PDF (reportlab, dev extra)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = folder / "fifty-pages.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    line = "Staff use approved AI tools only and record each use in the AI system inventory."
    for page in range(1, 51):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(72, 800, f"{page} Section {page}")
        c.setFont("Helvetica", 10)
        for row in range(50):
            c.drawString(72, 780 - row * 14, line)
        c.showPage()
    c.save()
    return path


def speed(files: list[Path]) -> None:
    print("\nReading speed (readers in-process, best of 3)")
    print(
        f"{'format':<16} {'docs':>5} {'pages':>6} {'words':>8} {'seconds':>8} {'pages/s':>8} {'words/s':>9}"
    )
    by_format: dict[str, list[tuple[Path, bytes]]] = {}
    for path in files:
        data = path.read_bytes()
        by_format.setdefault(sniff(data, path.name), []).append((path, data))
    for media_type, items in sorted(by_format.items()):
        best, pages, words = float("inf"), 0, 0
        for _ in range(3):
            start = time.perf_counter()
            pages, words = 0, 0
            for path, data in items:
                extraction = read_document(data, media_type, path.name, ReaderLimits())
                pages += extraction.page_count or 0
                words += len(assemble(extraction.blocks).text.split())
            best = min(best, time.perf_counter() - start)
        rate = f"{pages / best:8.1f}" if pages else f"{'-':>8}"
        print(
            f"{media_type.split('/')[-1][:16]:<16} {len(items):>5} {pages:>6} {words:>8} {best:>8.2f} {rate} {words / best:>9.0f}"
        )


def passages_per_document(files: list[Path]) -> None:
    counts, sizes = [], []
    for path in files:
        data = path.read_bytes()
        passages = build_passages(
            assemble(read_document(data, sniff(data, path.name), path.name, ReaderLimits()).blocks)
        )
        counts.append(len(passages))
        sizes.extend(len(p.text.split()) for p in passages)
    print("\nPassages")
    print(
        f"per document: min {min(counts)}, median {statistics.median(counts):.0f}, max {max(counts)}, total {sum(counts)}"
    )
    quartiles = statistics.quantiles(sizes, n=4)
    print(
        f"words per passage: min {min(sizes)}, quartiles {quartiles[0]:.0f}/{quartiles[1]:.0f}/{quartiles[2]:.0f}, max {max(sizes)}"
    )


def fifty_pages(path: Path) -> None:
    """Ingest of one generated 50-page PDF, end to end (child process, store, files)."""
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "oxigraph")
        originals = OriginalStore(Path(folder) / "originals")
        start = time.perf_counter()
        results, _ = ingest_paths(store, originals, [path], options=IngestOptions())
        seconds = time.perf_counter() - start
        store.close()
    print(
        f"\n50-page PDF ingested end to end in {seconds:.2f} s "
        f"({50 / seconds:.1f} pages/s, {len(results[0].passages)} passages)"
    )


def end_to_end(corpus: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "oxigraph")
        originals = OriginalStore(Path(folder) / "originals")
        start = time.perf_counter()
        with ReaderWorker() as worker:
            results, failures = ingest_paths(
                store, originals, [corpus], options=IngestOptions(worker=worker)
            )
        seconds = time.perf_counter() - start
        store.close()
    print(
        f"\nEnd to end (bounded child, embedded store): {len(results)} documents, {len(failures)} failed, "
        f"{seconds:.2f} s, {len(results) / seconds:.1f} documents/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in {".md", ".pdf"})
    fixtures = sorted((ROOT / "tests" / "fixtures" / "ingest").glob("*.*"))
    with tempfile.TemporaryDirectory() as folder:
        fifty = fifty_page_pdf(Path(folder))
        speed([*files, fifty, *fixtures])
        fifty_pages(fifty)
    passages_per_document(files)
    end_to_end(corpus)
    fidelity(corpus)


if __name__ == "__main__":
    main()
