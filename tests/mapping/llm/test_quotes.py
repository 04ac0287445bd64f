"""The verbatim-quote check: whitespace forgiven, nothing else."""

from __future__ import annotations

import pytest

from mapping.llm.quotes import MIN_QUOTE_CHARS, locate_quote

PASSAGE = "Scope.\n\nThe  AI policy   is approved by\ntop management and reviewed yearly.\n"


@pytest.mark.parametrize(
    "quote",
    [
        "The AI policy is approved by top management",
        "  The AI policy is approved by top management  ",
        "approved by\n\n top   management and reviewed yearly.",
    ],
)
def test_whitespace_runs_match_any_whitespace(quote: str) -> None:
    span = locate_quote(quote, PASSAGE)
    assert span is not None
    start, end = span
    assert " ".join(PASSAGE[start:end].split()) == " ".join(quote.split())
    assert not PASSAGE[start].isspace() and not PASSAGE[end - 1].isspace()


@pytest.mark.parametrize(
    "quote",
    [
        "The AI policy is approved by the board",  # a word changed
        "the ai policy is approved by top management",  # case is not forgiven
        "The AI policy is approved by top-management",  # punctuation is not forgiven
        "“The AI policy” is approved",  # quotation marks the passage lacks
        "Scope.",  # too short to mean anything
        "",
    ],
)
def test_anything_else_is_not_found(quote: str) -> None:
    assert locate_quote(quote, PASSAGE) is None


def test_the_shortest_quote_that_counts() -> None:
    text = "x" * MIN_QUOTE_CHARS
    assert locate_quote(text, f"a {text} b") == (2, 2 + MIN_QUOTE_CHARS)
    assert locate_quote(text[1:], f"a {text} b") is None


def test_offsets_point_into_the_original_text_with_unicode() -> None:
    passage = "Die KI-Richtlinie\tgilt für alle Systeme – ohne Ausnahme."
    span = locate_quote("KI-Richtlinie gilt für alle Systeme", passage)
    assert span == (4, passage.index(" –"))
