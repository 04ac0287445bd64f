"""Junk text: extracted characters that are not what the document says.

Some files give back text that no person wrote: PDFs whose fonts map glyphs to names
(``/g3 /g143 …``) instead of letters, text decoded in the wrong encoding (runs of U+FFFD),
or byte soup that a text layer or decoder turned into implausible tokens. Matched against
requirements such passages only add noise, so ingest keeps them out of the graph's passages
(the extracted text file still holds everything) and says so in a warning.

:func:`junk_reason` is the one test, applied to each passage; it says *why* a text is junk,
or returns None. The thresholds are deliberately loose: ordinary prose, tables of figures,
code and CJK text all pass.
"""

from __future__ import annotations

import dataclasses
import re

from ingest.readers.base import Block

#: Share of whitespace-separated tokens that look like glyph names (``/g3``, ``/uni4E2D``,
#: ``/C0_12``) above which a text is glyph-name junk.
GLYPH_NAME_SHARE = 0.3
#: Share of U+FFFD (unreadable character) among non-space characters.
REPLACEMENT_SHARE = 0.05
#: Share of non-space characters that must be letters or digits.
MIN_ALNUM_SHARE = 0.4
#: Tokens longer than this (outside CJK text, URLs and paths) are implausible as words.
LONG_TOKEN = 40
LONG_TOKEN_SHARE = 0.3
#: Single-letter tokens (outside CJK) that make a text letter-spaced: at least this many,
#: and more than this share of its tokens.
LETTER_SPACED_MIN = 8
LETTER_SPACED_SHARE = 0.6
_GLYPH_NAME = re.compile(r"^/?(g\d+|uni[0-9A-Fa-f]{4,}|[A-Za-z]{1,3}\d*_\d+|cid:?\d+|\(cid:\d+\))$")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_URLISH = re.compile(r"^(https?://|www\.|[\w.-]+/[\w./-]+$)")


def junk_reason(text: str) -> str | None:
    """Why ``text`` is not readable text (a short phrase), or None when it reads as text."""
    tokens = text.split()
    if letter_spaced(tokens):
        return "letter-spaced text (words split into single letters, e.g. 'N a m e')"
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return None
    glyphs = sum(1 for t in tokens if _GLYPH_NAME.match(t))
    if glyphs >= 5 and glyphs / len(tokens) > GLYPH_NAME_SHARE:
        return "glyph names instead of letters (the PDF's fonts have no Unicode map)"
    if text.count("\ufffd") / len(chars) > REPLACEMENT_SHARE:
        return "many unreadable characters (U+FFFD): a wrong encoding or a broken font map"
    if sum(c.isalnum() for c in chars) / len(chars) < MIN_ALNUM_SHARE:
        return "mostly symbols, not words"
    if len(_CJK.findall(text)) / len(chars) < 0.2:
        long_tokens = sum(1 for t in tokens if len(t) > LONG_TOKEN and not _URLISH.match(t))
        if long_tokens / len(tokens) > LONG_TOKEN_SHARE and (len(tokens) >= 3 or long_tokens):
            return "implausibly long tokens, not words"
    return None


def letter_spaced(tokens: list[str]) -> bool:
    """Whether most tokens are single letters ("N a m e : A L E N A Z I"): a text layer or
    a copy that spaced out every letter. No word of it can match a requirement.

    >>> letter_spaced("N a m e : A L E N A Z I".split())
    True
    >>> letter_spaced("a b c d are the options of I and a list".split())
    False
    """
    letters = sum(1 for t in tokens if len(t) == 1 and t.isalpha() and not _CJK.match(t))
    return letters >= LETTER_SPACED_MIN and letters > LETTER_SPACED_SHARE * len(tokens)


_WORD_GAP = re.compile(r"[ \t\u00a0]{2,}")


def mend_letter_spacing(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Blocks with letter-spaced text put back into words, where it can be; warnings.

    Letter-spaced text whose words are set wider apart than its letters ("N a m e :  A L E")
    is joined word by word ("Name: ALE"). Where nothing marks the words, the block is left
    out: no word of it could match, and a guess at the words would be invented text.
    """
    kept: list[Block] = []
    mended = dropped = 0
    for block in blocks:
        if not letter_spaced(block.text.split()):
            kept.append(block)
            continue
        words = [w for w in _WORD_GAP.split(block.text.strip()) if w.strip()]
        if len(words) >= 2 and all(len(t) == 1 for w in words for t in w.split()):
            kept.append(
                dataclasses.replace(block, text=" ".join("".join(w.split()) for w in words))
            )
            mended += 1
        else:
            dropped += 1
    notes = []
    if mended:
        notes.append(f"joined the letters of {mended} letter-spaced block(s) back into words")
    if dropped:
        notes.append(
            f"{dropped} block(s) of letter-spaced text (e.g. 'N a m e') left out of matching:"
            " nothing marks where their words end"
        )
    return kept, notes
