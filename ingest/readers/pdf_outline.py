"""A PDF's outline (bookmarks) as headings: the author's own section structure.

Word and most publishing tools export headings as bookmarks with their page. Where a PDF
has them, a line on that page that reads like a bookmark title becomes a heading at the
bookmark's depth, and headings guessed from the text alone sit one level below the deepest
bookmark (they are sub-headings the outline leaves out).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

_SPACE = re.compile(r"\s+")


def outline_key(text: str) -> str:
    """The form in which lines and bookmark titles are compared."""
    return _SPACE.sub(" ", text).strip().lower()


@dataclass
class Outline:
    """Bookmark titles by 1-based page, with their depth (1 = top level)."""

    by_page: dict[int, dict[str, int]] = field(default_factory=dict)
    depth: int = 0

    def level(self, line: str, page: int) -> int | None:
        """The bookmark level of ``line`` on ``page``, or None."""
        titles = self.by_page.get(page)
        if not titles:
            return None
        key = outline_key(line)
        if key in titles:
            return titles[key]
        for title, level in titles.items():  # a long title wrapped over lines: its first line
            if len(key) >= 12 and title.startswith(key):
                return level
        return None


def read_outline(reader: Any) -> Outline:
    """The outline of a pypdf reader; empty when there is none or it is broken."""
    pages: dict[int, dict[str, int]] = defaultdict(dict)
    deepest = 0

    def walk(items: list[Any], depth: int) -> None:
        nonlocal deepest
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
                continue
            try:
                number = reader.get_destination_page_number(item)
            except Exception:  # noqa: BLE001 - a broken bookmark is skipped, not fatal
                continue
            title = outline_key(str(getattr(item, "title", "") or ""))
            if title and number is not None and number >= 0:
                pages[number + 1].setdefault(title, depth)
                deepest = max(deepest, depth)

    try:
        walk(list(reader.outline or []), 1)
    except Exception:  # noqa: BLE001 - outlines are optional; a damaged one is ignored
        return Outline()
    return Outline(dict(pages), deepest)
