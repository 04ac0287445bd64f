"""Headings from font sizes: lines set clearly larger than the body text of a PDF.

pypdf reports the font size and text matrices of every piece of text it extracts (its
``visitor_text`` callback), and the pieces concatenate to exactly the extracted text. Each
line's size is the size most of its characters are set in; the body size is the one most
characters of the document share. Short lines at least :data:`HEADING_RATIO` times the body
size are headings, the largest size level 1, the next level 2, and so on.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

HEADING_RATIO = 1.15
MAX_HEADING_WORDS = 15
MAX_LEVELS = 4
_CONTROL = re.compile(r"[\x00-\x1f\ue000-\uf8ff]")


def line_key(line: str) -> str:
    """How a line is looked up before and after repair (ligatures, spacing, case)."""
    text = _CONTROL.sub("", unicodedata.normalize("NFKC", line))
    return " ".join(text.split()).lower()


def _size(cm: list[float], tm: list[float], font_size: float) -> float:
    """The rendered size: the font size scaled by the text and page matrices."""
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    return round(float(font_size) * math.hypot(c, d), 1)


@dataclass
class PageSizes:
    """One page's text with the size of each of its lines."""

    text: str
    lines: dict[str, float]
    chars: Counter[float]


def extract_with_sizes(page: Any) -> PageSizes:
    """A page's default-mode text, and each line's dominant size."""
    chunks: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        chunks.append((text, _size(cm, tm, size) if cm and tm else 0.0))

    text = page.extract_text(visitor_text=visit) or ""
    lines: dict[str, float] = {}
    chars: Counter[float] = Counter()
    current: list[str] = []
    weights: Counter[float] = Counter()
    for chunk, size in chunks:
        for index, piece in enumerate(chunk.split("\n")):
            if index:
                _close(current, weights, lines)
                current, weights = [], Counter()
            current.append(piece)
            if piece.strip() and size > 0:
                weights[size] += len(piece.strip())
                chars[size] += len(piece.strip())
    _close(current, weights, lines)
    return PageSizes(text, lines, chars)


def _close(parts: list[str], weights: Counter[float], lines: dict[str, float]) -> None:
    key = line_key("".join(parts))
    if key and weights:
        lines.setdefault(key, weights.most_common(1)[0][0])


@dataclass
class FontHeadings:
    """Heading levels by line, for each page, decided from sizes across the document."""

    by_page: dict[int, dict[str, int]] = field(default_factory=dict)
    depth: int = 0

    def level(self, line: str, page: int) -> int | None:
        return self.by_page.get(page, {}).get(line_key(line))


def font_headings(pages: list[PageSizes]) -> FontHeadings:
    """Lines set well above the body size, with levels by size (largest first)."""
    chars: Counter[float] = Counter()
    for page in pages:
        chars.update(page.chars)
    if not chars:
        return FontHeadings()
    body = chars.most_common(1)[0][0]
    candidates: dict[int, dict[str, float]] = {}
    for number, page in enumerate(pages, start=1):
        for key, size in page.lines.items():
            words = key.split()
            if (
                size >= body * HEADING_RATIO
                and 0 < len(words) <= MAX_HEADING_WORDS
                and key[-1] not in ".,;"
            ):
                candidates.setdefault(number, {})[key] = size
    sizes = sorted({s for found in candidates.values() for s in found.values()}, reverse=True)
    levels = {size: min(rank, MAX_LEVELS) for rank, size in enumerate(sizes, start=1)}
    by_page = {n: {k: levels[s] for k, s in found.items()} for n, found in candidates.items()}
    return FontHeadings(by_page, min(len(sizes), MAX_LEVELS))
