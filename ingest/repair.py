"""Repair the text a PDF's text layer gives back.

PDF text layers break words in known ways; each repair here is one of them:

- ligature glyphs: presentation forms (``ﬁ``, ``ﬂ``, ``ﬃ``) fold to letters by Unicode
  compatibility normalisation; glyphs that a font maps to NUL or another control character
  are restored by trying the usual ligatures (ffi, ffl, ff, fi, fl) and keeping the spelling
  the document itself uses elsewhere;
- icon glyphs in the private-use area (bullets, arrows from symbol fonts) are dropped;
- layout-mode spacing (runs of spaces that position columns) collapses to one space;
- words hyphenated across a line break are joined, keeping the hyphen only where the
  document spells the word with one elsewhere;
- words that layout mode runs together ("ofAI", "10forLLM") are separated where every part
  is a word of the same document's default-mode extraction, which separates words well.

:func:`words_per_line` tells when pypdf's default mode returned one word per line, the cue
to use its layout mode instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

LIGATURE_CANDIDATES = ("ffi", "ffl", "ff", "fi", "fl")
#: Longest token tried as run-together words (longer ones are codes, hashes, URLs).
MAX_RUN_TOGETHER = 40
#: Control characters (and the replacement character) that broken font maps produce.
_BROKEN = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\ufffd"
_BROKEN_WORD = re.compile(rf"\w*[{re.escape(_BROKEN)}][\w{re.escape(_BROKEN)}]*")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)-[ \t]*\n[ \t]*([a-z][^\W\d_]*)")
_TOKEN = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each lower-cased word occurs in ``texts`` (after ligature folding)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", text)))
    return counts


def words_per_line(text: str) -> float:
    """Mean words per non-blank line; near 1.0 means a one-word-per-line extraction."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    return sum(len(line.split()) for line in lines) / len(lines)


def fix_ligatures(text: str, vocab: Counter[str]) -> tuple[str, int]:
    """Fold ligature glyphs and restore NUL-mapped ones; return the text and repairs made.

    A broken glyph becomes a ligature the document itself spells elsewhere; failing that,
    ``ffi`` (the commonest) only where the document's broken glyphs look like ligatures —
    nearly all sit between two letters. In math or symbol fonts they stand between digits,
    operators and spaces; there a guess would invent words ("x\x00y" is not "xfiy"), so an
    unconfirmed glyph becomes U+FFFD, which marks it as unreadable.
    """
    text = unicodedata.normalize("NFKC", text)
    guess = ligature_like(text)
    repaired = 0

    def restore(match: re.Match[str]) -> str:
        nonlocal repaired
        spelled = _best_spelling(match.group(0), vocab, guess=guess)
        if "\ufffd" not in spelled:
            repaired += 1
        return spelled

    text = _BROKEN_WORD.sub(restore, text)
    return _PRIVATE_USE.sub("", text), repaired


#: Share of a document's broken glyphs that must sit between letters for a guess.
LIGATURE_CONTEXT_SHARE = 0.8
_BROKEN_CHAR = re.compile(f"[{re.escape(_BROKEN)}]")


def ligature_like(text: str) -> bool:
    """Whether the broken glyphs of ``text`` sit where ligatures do (inside words)."""
    inside = total = 0
    for match in _BROKEN_CHAR.finditer(text):
        total += 1
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        inside += before.isalpha() and after.isalpha()
    return total > 0 and inside / total >= LIGATURE_CONTEXT_SHARE


def _best_spelling(word: str, vocab: Counter[str], *, guess: bool = True) -> str:
    best, best_count = _BROKEN_CHAR.sub("ffi" if guess else "\ufffd", word), 0
    for candidate in LIGATURE_CANDIDATES:
        spelled = _BROKEN_CHAR.sub(candidate, word)
        count = vocab.get(spelled.lower(), 0)
        if count > best_count:
            best, best_count = spelled, count
    if len(word) == 1:  # a lone broken glyph is noise, not a word
        return "" if best_count == 0 else best
    return best


def collapse_spaces(text: str) -> str:
    """Strip each line and collapse runs of spaces (layout-mode column padding)."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())


def dehyphenate(text: str, vocab: Counter[str]) -> str:
    """Join words split by a hyphen at a line break."""

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        hyphenated = f"{head}-{tail}".lower()
        if vocab.get(hyphenated, 0) > vocab.get((head + tail).lower(), 0):
            return f"{head}-{tail}"
        return head + tail

    return _HYPHEN_BREAK.sub(join, text)


def word_list(texts: Iterable[str]) -> Counter[str]:
    """Lower-cased word and number tokens of ``texts`` (ligatures folded) with their counts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(t.lower() for t in _TOKEN.findall(unicodedata.normalize("NFKC", text)))
    return counts


def split_run_together(text: str, words: Counter[str]) -> tuple[str, int]:
    """Separate tokens that are two or three known ``words`` run together; return the count.

    ``words`` must come from an extraction that separates words correctly (pypdf's default
    mode does, even where it puts each on its own line), so a real word that happens to
    look like two is found there and left alone.
    """
    splits = 0

    def split(match: re.Match[str]) -> str:
        nonlocal splits
        token = match.group(0)
        if not 4 <= len(token) <= MAX_RUN_TOGETHER or token.lower() in words:
            return token
        parts = _segment(token, words)
        if parts is None:
            return token
        splits += 1
        return " ".join(parts)

    return _TOKEN.sub(split, text), splits


def _segment(token: str, words: Counter[str], max_parts: int = 3) -> list[str] | None:
    """The split of ``token`` into the fewest known words (ties: the most common parts)."""
    best: list[tuple[int, int, list[str]] | None] = [None] * (len(token) + 1)
    best[0] = (0, 10**9, [])
    for end in range(1, len(token) + 1):
        for start in range(end):
            previous = best[start]
            part = token[start:end]
            if previous is None or not _known_part(part, words):
                continue
            candidate = (
                previous[0] + 1,
                min(previous[1], words[part.lower()]),
                [*previous[2], part],
            )
            current = best[end]
            if current is None or (candidate[0], -candidate[1]) < (current[0], -current[1]):
                best[end] = candidate
    found = best[len(token)]
    if found is None or not 2 <= found[0] <= max_parts:
        return None
    return found[2]


def _known_part(part: str, words: Counter[str]) -> bool:
    if len(part) == 1:
        return part in ("a", "A", "I") and words[part.lower()] > 0
    return words[part.lower()] > 0


def repair_text(
    text: str, vocab: Counter[str], *, layout: bool, words: Counter[str] | None = None
) -> tuple[str, int, int]:
    """All repairs in order; returns the text, ligature repairs and words separated.

    ``words`` (from a word-separating extraction) enables :func:`split_run_together`.
    """
    text, repaired = fix_ligatures(text, vocab)
    if layout:
        text = collapse_spaces(text)
    separated = 0
    if words:
        text, separated = split_run_together(text, words)
    text = dehyphenate(text, vocab)
    return text, repaired, separated
