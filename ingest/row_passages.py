"""Passages of a spreadsheet: consecutive rows of one sheet, cited by sheet and row range.

The prose rules of :mod:`ingest.passages` (sentences packed to ~180 words) would blur the
records of a register together, so rows are packed by their own rule:

* a row of :data:`ALONE_WORDS` words or more is a passage by itself — one risk, one AI
  system, one incident per passage, so a suggestion cites exactly that record;
* shorter rows of the same sheet (and under the same sheet title) are grouped, in order,
  while the group stays within :data:`GROUP_WORDS` words and :data:`GROUP_ROWS` rows;
* a row over :data:`~ingest.passages.MAX_WORDS` words is cut between cells ("; ") into
  several passages that all cite that row; no passage (row, piece or group) exceeds
  :data:`~ingest.passages.MAX_PASSAGE_CHARS` characters.

Each passage's section is the sheet name (with the sheet title when there is one) and
``row``/``row_end`` are the first and last row numbers it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.passages import (
    MAX_PASSAGE_CHARS,
    MAX_WORDS,
    SECTION_SEPARATOR,
    TARGET_WORDS,
    PassageRecord,
    char_pieces,
    normalised_text_hash,
)
from ingest.readers.base import AssembledText
from ingest.readers.spreadsheet import CELL_SEPARATOR

ALONE_WORDS = 60
GROUP_WORDS = 120
GROUP_ROWS = 8


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    words: int
    row: int
    section: str
    whole: bool  # the whole row (not a piece of an over-long one)


def is_tabular(assembled: AssembledText) -> bool:
    """True when the text came from a spreadsheet reader (it holds row blocks)."""
    return any(placed.block.kind == "row" for placed in assembled.blocks)


def build_row_passages(assembled: AssembledText) -> list[PassageRecord]:
    """Pack the rows of ``assembled`` into passages (see the module docstring)."""
    records: list[PassageRecord] = []
    for group in _groups(_spans(assembled)):
        start, end = group[0].start, group[-1].end
        text = assembled.text[start:end]
        records.append(
            PassageRecord(
                ordinal=len(records),
                text=text,
                start=start,
                end=end,
                page=None,
                page_end=None,
                section_path=group[0].section,
                text_hash=normalised_text_hash(text),
                row=group[0].row,
                row_end=group[-1].row,
            )
        )
    return records


def _spans(assembled: AssembledText) -> list[_Span]:
    """One span per row (several for an over-long row), with its section path."""
    stack: list[tuple[int, str]] = []
    spans: list[_Span] = []
    for placed in assembled.blocks:
        block = placed.block
        if block.kind == "heading":
            level = max(1, block.level)
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, block.text)]
            continue
        if block.kind != "row" or block.row is None:
            continue
        section = SECTION_SEPARATOR.join(t for _, t in stack)[:500]
        pieces = _cut(assembled.text, placed.start, placed.end)
        for start, end in pieces:
            words = len(assembled.text[start:end].split())
            spans.append(_Span(start, end, words, block.row, section, len(pieces) == 1))
    return spans


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` whole, or cut after cell separators into pieces of ~TARGET words,
    none longer than MAX_PASSAGE_CHARS."""
    return [c for a, b in _cut_words(text, start, end) for c in char_pieces(a, b, text)]


def _cut_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if len(text[start:end].split()) <= MAX_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    piece_start, words = start, 0
    for match in re.finditer(r"\S+", text[start:end]):
        words += 1
        token_end = start + match.end()
        at_cell_end = text.startswith(CELL_SEPARATOR, token_end - 1)
        if words >= MAX_WORDS or (words >= TARGET_WORDS and at_cell_end):
            pieces.append((piece_start, token_end))
            piece_start, words = token_end + 1, 0
    if words:
        pieces.append((piece_start, end))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def _groups(spans: list[_Span]) -> list[list[_Span]]:
    groups: list[list[_Span]] = []
    for span in spans:
        current = groups[-1] if groups else None
        fits = (
            current is not None
            and span.whole
            and current[-1].whole
            and span.words < ALONE_WORDS
            and current[-1].words < ALONE_WORDS
            and current[-1].section == span.section
            and sum(s.words for s in current) + span.words <= GROUP_WORDS
            and len(current) < GROUP_ROWS
            and span.end - current[0].start <= MAX_PASSAGE_CHARS
        )
        if fits and current is not None:
            current.append(span)
        else:
            groups.append([span])
    return groups
