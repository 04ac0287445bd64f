"""The fidelity metrics of benchmarks/ingest_bench.py measure what they claim."""

from __future__ import annotations

from benchmarks.ingest_bench import char_f1, token_f1
from ingest.readers.base import assemble
from ingest.readers.pdf import read_pdf

from .conftest import FIXTURES


def test_token_f1_bounds_and_partial_overlap() -> None:
    assert token_f1("a b c", "c b a") == 1.0
    assert token_f1("a b", "c d") == 0.0
    assert 0.4 < token_f1("a b c d", "a b x y") < 0.6


def test_char_f1_ignores_where_words_split() -> None:
    assert char_f1("security of AI", "securityofAI") == 1.0
    assert token_f1("security of AI", "securityofAI") == 0.0


def test_fixture_pdf_matches_its_markdown_source() -> None:
    pdf = assemble(read_pdf((FIXTURES / "policy.pdf").read_bytes(), "policy.pdf").blocks).text
    assert token_f1(pdf, (FIXTURES / "policy.md").read_text()) > 0.8
