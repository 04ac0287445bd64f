"""Guess headings in text that carries no markup (plain text, PDF text layers).

A line is taken as a heading when it is short, does not end like a sentence, and looks like
a title: numbered (``3.2 Roles``), an appendix or section label, or mostly capitalised words.
Numbered headings get their depth as level (``3`` → 1, ``3.2`` → 2); others level 1.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$")
_LABELLED = re.compile(r"^(appendix|annex|section|chapter|part)\s+[A-Z0-9IVX]+\b", re.I)
SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "&",
    "-",
    "–",
}
_BULLET = re.compile(r"^[•●▪◦○■\-*–]\s")


_DATE_LINE = re.compile(
    r"^((\d{1,2}\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\s+\d{1,2})?,?\s+\d{4}"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})$",
    re.I,
)


def is_date_line(line: str) -> bool:
    """A line that is only a date ("April 2023", "4 April 2023", "2025-01-27"): never a heading."""
    return bool(_DATE_LINE.match(line.strip()))


def heading_level(line: str, *, loose: bool = False) -> int | None:
    """The heading level of ``line``, or None when it reads like body text.

    ``loose`` also accepts sentence-case titles ("AI business cases"); use it where the line
    already stands alone as a paragraph, so wrapped body lines cannot be mistaken for one.
    """
    text = line.strip()
    if is_date_line(text):
        return None
    if not 2 <= len(text) <= 90 or text[-1] in ".,;:!?" or _BULLET.match(text):
        return None
    if ": " in text or "|" in text or "http" in text.lower():
        return None
    words = text.split()
    if len(words) > 12:
        return None
    numbered = _NUMBERED.match(text)
    if numbered:
        title = numbered.group(2)
        if not title[:1].isupper() or len(title.split()) > 10:
            return None
        return numbered.group(1).count(".") + 1
    if _LABELLED.match(text):
        return 1
    if not text[0].isupper() or len(words) > 8:
        return None
    if loose:
        return 1
    capitalised = sum(
        1 for w in words if w.lower() in SMALL_WORDS or not w[0].isalpha() or w[0].isupper()
    )
    return 1 if capitalised == len(words) else None
