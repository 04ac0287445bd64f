"""Real-world robustness: third-party files and generated hard cases through the real pipeline.

The corpus is :mod:`benchmarks.robustness_corpus` (committed files with their sources in
``tests/fixtures/ingest-realworld/SOURCES.md``, and files generated here). Each file is
ingested into a real embedded store; what it must come out as is part of the corpus.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.ingest_robustness import tokens
from benchmarks.robustness_corpus import Case, all_cases
from ingest.errors import IngestError
from ingest.originals import OriginalStore
from ingest.passages import MAX_PASSAGE_CHARS
from ingest.pipeline import IngestOptions, ingest_bytes
from ontology.namespaces import ORG_GRAPH
from ontology.store import EmbeddedStore

GENERATED = Path(tempfile.mkdtemp(prefix="aimsgraph-robustness-"))
#: What a raw library exception looks like in a message: "KeyError: …", a traceback, a
#: pypdf/python-docx class name.
RAW = re.compile(r"\b\w+(Error|Exception)\b|Traceback|pypdf|docx\.opc|\bline \d+")


def _cases() -> list[Case]:
    return all_cases(GENERATED)


CASES = _cases()


@pytest.fixture(scope="module", autouse=True)
def _generated_files() -> Iterator[None]:
    yield
    shutil.rmtree(GENERATED, ignore_errors=True)


def _id(case: Case) -> str:
    return f"{case.path.name}-{case.expect}-{case.contains[:12]}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_real_world_file_is_read_or_refused_in_our_words(
    case: Case, embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    data = case.path.read_bytes()
    options = IngestOptions(parse_timeout_s=None)
    if case.expect != "read":
        with pytest.raises(IngestError) as raised:
            ingest_bytes(embedded_store, originals, data, case.path.name, options=options)
        error = raised.value
        assert error.code == case.expect, error.message
        assert error.message.startswith(case.path.name + ": ") and error.hint
        assert not RAW.search(error.message + " " + error.hint), error.message
        assert case.contains in error.problem
        assert embedded_store.count(ORG_GRAPH) == 0 and list(originals.digests()) == []
        return
    result = ingest_bytes(embedded_store, originals, data, case.path.name, options=options)
    texts = [p.text for p in result.passages]
    assert result.status == "new" and texts
    assert max(len(t) for t in texts) <= MAX_PASSAGE_CHARS
    joined = " ".join(" ".join(t.split()) for t in texts)
    assert case.contains in joined
    if case.encoding is not None:
        truth = re.sub(r"<[^>]+>", " ", data.decode(case.encoding))
        sample = " ".join(truth.split())[:8]  # the document's first words, decoded right
        assert sample in joined and "\ufffd" not in joined
        assert any("encoding" in w for w in result.warnings), result.warnings


def _pdftotext(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    done = subprocess.run([exe, "-q", str(path), "-"], capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


#: Glyph-name junk reads as "words" to poppler too, and the bomb is not fed to it.
PDFS = [
    c for c in CASES if c.kind == "pdf" and c.expect not in ("unreadable_text", "parse_timeout")
]


@pytest.mark.parametrize("case", PDFS, ids=_id)
def test_what_pdftotext_reads_we_read(
    case: Case, embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    """A PDF poppler extracts words from is never refused, and most of its words are ours
    (CJK text, which has no spaces between words, is compared character by character)."""
    theirs = set(tokens(_pdftotext(case.path)))
    if len(theirs) < 3:
        return  # poppler reads nothing either (scans, password-protected files)
    options = IngestOptions(parse_timeout_s=None)
    result = ingest_bytes(
        embedded_store, originals, case.path.read_bytes(), case.path.name, options=options
    )
    ours = set(tokens(" ".join(p.text for p in result.passages)))
    assert len(theirs & ours) >= 0.6 * len(theirs), sorted(theirs - ours)[:20]
