"""Text of PDFs that place every character on its own: lines and words rebuilt from positions.

Some producers (letter-spaced headings, form generators, typesetting that kerns by hand)
draw each character with its own positioning operator. pypdf's default mode then returns
one character per line, and its layout mode spaces the characters by their distance, so
"Name: ALENAZI" comes out as "N a m e : A L E N A Z I" — no word of it can match.

:func:`glyph_text` rebuilds the text from where each character sits, as poppler's
``pdftotext`` does: characters on one baseline form a line; a space goes where the gap
between one character's end and the next one's start is clearly wider than the letter
spacing of that line (its median gap). Character widths come from the font (pypdf's
``Font``); a font without widths falls back to the space glyphs the PDF itself draws.

:func:`is_character_per_line` tells when the default extraction looks like that.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

#: Share of non-blank default-mode lines that hold one character, above which a page
#: places its characters one by one.
CHARACTER_LINES_SHARE = 0.6
#: A gap this much wider than the line's letter spacing (in ems of the font size) is a space.
WORD_GAP_EM = 0.15
#: Baselines closer than this (in ems) are one line.
SAME_LINE_EM = 0.5


def is_character_per_line(text: str) -> bool:
    """Whether most non-blank lines of a default-mode extraction hold a single character."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 8:
        return False
    single = sum(1 for line in lines if len(line) == 1)
    return single / len(lines) >= CHARACTER_LINES_SHARE


@dataclass(frozen=True)
class _Glyph:
    text: str
    x: float
    y: float
    size: float
    width: float | None  # in user space; None where the font gives no width


def glyph_text(page: Any) -> str:
    """The page's text rebuilt from character positions (see the module docstring).

    A line runs along one baseline, or down one column (vertical CJK writing: the same x,
    each character about an em below the one before), whose characters join without spaces.
    """
    lines: list[list[_Glyph]] = []
    vertical: list[bool] = []
    for glyph in _glyphs(page):
        direction = _continues(lines[-1], vertical[-1], glyph) if lines else None
        if direction is None:
            lines.append([glyph])
            vertical.append(False)
        else:
            lines[-1].append(glyph)
            vertical[-1] = direction == "v"
    return "\n".join(
        "".join(g.text for g in line).strip() if down else _line_text(line)
        for line, down in zip(lines, vertical, strict=True)
    )


def _continues(line: list[_Glyph], down: bool, glyph: _Glyph) -> str | None:
    """ "h" or "v" where ``glyph`` continues ``line`` across or down, else None."""
    last, em = line[-1], max(glyph.size, 1.0)
    if not down and abs(last.y - glyph.y) <= SAME_LINE_EM * em:
        return "h"
    below = 0 < last.y - glyph.y <= 2 * em
    if (down or len(line) == 1) and abs(last.x - glyph.x) <= SAME_LINE_EM * em and below:
        return "v"
    return None


def _line_text(line: list[_Glyph]) -> str:
    gaps = [
        nxt.x - (cur.x + cur.width)
        for cur, nxt in zip(line, line[1:], strict=False)
        if cur.width is not None and cur.text.strip() and nxt.text.strip()
    ]
    spacing = statistics.median(gaps) if gaps else 0.0
    out = [line[0].text]
    for cur, nxt in zip(line, line[1:], strict=False):
        if cur.width is not None and cur.text.strip() and nxt.text.strip():
            gap = nxt.x - (cur.x + cur.width) - spacing
            if gap > WORD_GAP_EM * max(cur.size, 1.0):
                out.append(" ")
        out.append(nxt.text)
    return " ".join("".join(out).split())


def _glyphs(page: Any) -> list[_Glyph]:
    fonts: dict[int, Any] = {}
    found: list[_Glyph] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        text = text.replace("\n", "")
        if not text or not cm or not tm:
            return
        scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or 1.0
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        rendered = float(size) * scale
        width = _width(fonts, font, text)
        found.append(
            _Glyph(text, x, y, rendered, None if width is None else width * float(size) * scale)
        )

    page.extract_text(visitor_text=visit)
    return found


def _width(fonts: dict[int, Any], font: Any, text: str) -> float | None:
    """The advance of ``text`` in ems (font units / 1000), or None when unknown."""
    if font is None:
        return None
    key = id(font)
    if key not in fonts:
        try:
            from pypdf.generic._font import Font

            fonts[key] = Font.from_font_resource(font)
        except Exception:  # noqa: BLE001 - an older pypdf or a font it cannot measure
            fonts[key] = None
    measured = fonts[key]
    if measured is None:
        return None
    try:
        return float(measured.get_text_width(text)) / 1000
    except Exception:  # noqa: BLE001 - widths missing for this font
        return None
