"""Ingest robustness benchmark: what happens to real-world and hostile files, per format.

    .venv/bin/python -m benchmarks.ingest_robustness [--folder DIR ...]

Runs every file of the robustness corpus (:mod:`benchmarks.robustness_corpus`: committed
third-party files and generated hard cases), plus any files under ``--folder``, through the
real pipeline (bounded parser child, embedded store on a temporary directory) and prints,
per format, figures — never pass/fail:

- **ingested**: files that became an artefact with passages;
- **clear error**: refusals in our words (an ingest error with a hint, no raw library
  exception text in it);
- **unclear error**: anything else that went wrong (a raw exception, a message without a
  hint);
- **wrongly refused**: refusals of files that hold text an independent extractor reads
  (poppler's ``pdftotext`` for PDFs; for corpus cases, the case says it must be read);
- **fidelity**: mean token F1 of our passages' text against a reference — ``pdftotext`` for
  PDFs (where installed), the true decoding for legacy-encoded text and HTML, the
  ``w:t`` text of the package for DOCX. Tokens are Unicode words, and single CJK characters;
- **passage max**: the longest passage in characters (the cap is
  :data:`ingest.passages.MAX_PASSAGE_CHARS`);
- **peak MiB**: the largest peak of Python memory allocations while one file was ingested
  in-process (``tracemalloc``), and the parser child's peak resident size overall.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import resource
import shutil
import subprocess
import tempfile
import tracemalloc
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.robustness_corpus import Case, all_cases
from ingest.errors import IngestError
from ingest.originals import OriginalStore
from ingest.passages import MAX_PASSAGE_CHARS
from ingest.pipeline import IngestOptions, ingest_bytes
from ingest.worker import ReaderWorker
from ontology.store import EmbeddedStore

RAW = re.compile(r"\b\w+(Error|Exception)\b|Traceback|pypdf|docx\.opc|\bline \d+")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+")
KINDS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".md": "markdown"}


def tokens(text: str) -> Counter[str]:
    """Lower-cased Unicode word tokens; CJK text counts character by character."""
    out: Counter[str] = Counter()
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).lower()):
        if _CJK.search(word):
            out.update(ch for ch in word if not ch.isspace())
        else:
            out[word] += 1
    return out


def token_f1(candidate: str, reference: str) -> float:
    got, want = tokens(candidate), tokens(reference)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def pdftotext(path: Path) -> str | None:
    """poppler's text of ``path`` ('' when it reads nothing), or None when not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "-q", str(path), "-"], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


def reference_text(case: Case) -> str | None:
    """The text an independent reading of the file gives, or None where there is none."""
    if case.kind == "pdf":
        if case.expect == "parse_timeout":
            return None  # the decompression bomb is not fed to poppler
        return pdftotext(case.path)
    data = case.path.read_bytes()
    if case.encoding is not None:
        return re.sub(r"<[^>]+>", " ", data.decode(case.encoding))
    if case.kind == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                xml = b" ".join(
                    archive.read(n)
                    for n in ("word/document.xml", "word/footnotes.xml")
                    if n in archive.namelist()
                ).decode("utf-8", errors="replace")
        except (zipfile.BadZipFile, KeyError):
            return None
        xml = re.sub(r"<mc:Fallback>.*?</mc:Fallback>", " ", xml, flags=re.S)
        return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    return None


@dataclass
class Tally:
    """Figures of one format."""

    files: int = 0
    ingested: int = 0
    clear: int = 0
    unclear: int = 0
    wrongly_refused: int = 0
    wrong_outcome: int = 0
    f1: list[float] = field(default_factory=list)
    longest: int = 0
    peak: int = 0
    notes: list[str] = field(default_factory=list)


def run_case(case: Case, store: EmbeddedStore, originals: OriginalStore, tally: Tally) -> None:
    """Ingest one file in-process (memory traced) and count what happened."""
    tally.files += 1
    data = case.path.read_bytes()
    options = IngestOptions(parse_timeout_s=None)
    reference = reference_text(case)
    tracemalloc.start()
    try:
        result = ingest_bytes(store, originals, data, case.path.name, options=options)
    except IngestError as error:
        refused = error.code
        clear = bool(error.hint) and not RAW.search(error.message + " " + (error.hint or ""))
        tally.clear += clear
        tally.unclear += not clear
        if not clear:
            tally.notes.append(f"unclear: {error.message}")
        readable = reference is not None and len(tokens(reference)) >= 20
        if case.expect == "read" or (case.expect == "any" and readable and case.kind == "pdf"):
            tally.wrongly_refused += 1
            tally.notes.append(f"wrongly refused: {error.message}")
        elif case.expect != refused:
            tally.wrong_outcome += 1
            tally.notes.append(f"{case.path.name}: {refused}, expected {case.expect}")
        return
    except Exception as error:  # noqa: BLE001 - a benchmark counts every failure
        tally.unclear += 1
        tally.notes.append(f"unclear: {case.path.name}: {type(error).__name__}: {error}")
        return
    finally:
        tally.peak = max(tally.peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    if result.status in ("duplicate", "rendition"):
        tally.files -= 1  # the same file (or the same text) listed twice
        return
    tally.ingested += 1
    if case.expect not in ("read", "any"):
        tally.wrong_outcome += 1
        tally.notes.append(f"{case.path.name}: read, expected {case.expect}")
    text = " ".join(p.text for p in result.passages)
    tally.longest = max([tally.longest, *(len(p.text) for p in result.passages)])
    if reference and tokens(reference):
        tally.f1.append(token_f1(text, reference))
        if tally.f1[-1] < 0.9:
            tally.notes.append(f"F1 {tally.f1[-1]:.3f}: {case.path.name}")


def child_peak(cases: list[Case]) -> float:
    """Peak resident MiB of the bounded parser child over every file."""
    with ReaderWorker() as worker:
        from ingest.readers import ReaderLimits
        from ingest.sniff import sniff

        for case in cases:
            data = case.path.read_bytes()
            with contextlib.suppress(IngestError):
                worker.read(data, sniff(data, case.path.name), case.path.name, ReaderLimits())
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def extra_cases(folders: list[Path]) -> list[Case]:
    """Files under ``folders``, with no expectation beyond 'a clear answer'."""
    cases = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            kind = KINDS.get(path.suffix.lower(), "text")
            cases.append(Case(path, kind, "any"))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        cases = all_cases(work / "generated") + extra_cases(args.folder)
        store = EmbeddedStore(work / "oxigraph")
        originals = OriginalStore(work / "originals")
        tallies: dict[str, Tally] = defaultdict(Tally)
        for case in cases:
            run_case(case, store, originals, tallies[case.kind])
        store.close()
        child = child_peak(cases)
    report(tallies, child)


def report(tallies: dict[str, Tally], child_mib: float) -> None:
    poppler = "pdftotext" if shutil.which("pdftotext") else "pdftotext absent: PDF F1 n/a"
    print(f"ingest robustness ({poppler}; passage cap {MAX_PASSAGE_CHARS} chars)")
    head = (
        "format",
        "files",
        "ingested",
        "clear err",
        "unclear",
        "wrongly ref",
        "other",
        "F1 mean",
        "F1 min",
        "passage max",
        "peak MiB",
    )
    print("  ".join(f"{h:>11}" for h in head))
    for kind in sorted(tallies):
        t = tallies[kind]
        f1 = f"{sum(t.f1) / len(t.f1):.3f}" if t.f1 else "n/a"
        low = f"{min(t.f1):.3f}" if t.f1 else "n/a"
        row = (
            kind,
            t.files,
            t.ingested,
            t.clear,
            t.unclear,
            t.wrongly_refused,
            t.wrong_outcome,
            f1,
            low,
            t.longest,
            f"{t.peak / 2**20:.1f}",
        )
        print("  ".join(f"{v!s:>11}" for v in row))
    print(f"parser child peak resident memory over all files: {child_mib:.0f} MiB")
    for kind in sorted(tallies):
        for note in tallies[kind].notes:
            print(f"  [{kind}] {note}")


if __name__ == "__main__":
    main()
