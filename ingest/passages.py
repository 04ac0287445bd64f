"""Passages: coherent, citable spans of a document's extracted text.

A passage is a heading with its paragraphs. Long sections are cut by size (about
:data:`TARGET_WORDS`, at most :data:`MAX_WORDS`) at sentence boundaries — never mid-sentence
unless one sentence alone is too long — and each cut repeats the previous passage's last
sentence as a small overlap. However words fall, no passage exceeds
:data:`MAX_PASSAGE_CHARS` characters. Sections too small to stand alone (a heading followed directly
by a sub-heading, a one-line note) merge with their neighbour, so no passage is a bare
heading.

Every passage keeps what a citation needs: ``text[start:end]`` of the extracted text is
exactly its text; its first and last page (paged formats); its section path ("Policy > 3
Roles"); its ordinal; and the SHA-256 of its normalised text, which is how a new version of a
document recognises unchanged passages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

from ingest.readers.base import AssembledText, PlacedBlock

TARGET_WORDS = 180
MIN_WORDS = 120
MAX_WORDS = 250
#: No passage is longer than this many characters, whatever the reader or the language:
#: text without spaces (CJK, tokens run together, glyph junk) is cut by characters, at a
#: sentence mark or space where there is one. The embedding model reads about 256 tokens,
#: so longer passages would hide their end from matching.
MAX_PASSAGE_CHARS = 2000
#: Sections or tails with fewer words than this merge with a neighbour.
SMALL_WORDS = 40
SECTION_SEPARATOR = " > "
_ENDS = re.compile(r"[.!?:;][\"”’')\]]*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class PassageRecord:
    """One passage as written to the graph (the IRI comes from the artefact and ordinal)."""

    ordinal: int
    text: str
    start: int
    end: int
    page: int | None
    page_end: int | None
    section_path: str
    text_hash: str
    #: first and last spreadsheet row cited (XLSX/CSV passages only, see ingest.row_passages)
    row: int | None = None
    row_end: int | None = None


@dataclass(frozen=True)
class _Unit:
    """A sentence (or list/table line) with its span and page."""

    start: int
    end: int
    words: int
    page: int | None
    #: a passage may end after this unit (a sentence end, a list or table line; not a
    #: heading, nor a sentence that runs on to the next page)
    ends: bool = True
    heading: bool = False


@dataclass
class _Section:
    path: str
    units: list[_Unit]

    @property
    def words(self) -> int:
        return sum(u.words for u in self.units)


def normalise(text: str) -> str:
    """The form whose hash identifies a passage's text: NFKC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def normalised_text_hash(text: str) -> str:
    """SHA-256 hex digest of the text after :func:`normalise` (NFKC, whitespace collapsed):
    a passage's ``aims:textHash``, equal for texts that differ only in layout."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def build_passages(assembled: AssembledText) -> list[PassageRecord]:
    """Cut the assembled text into passages (see the module docstring)."""
    sections = _merge_small(_sections(assembled))
    spans: list[tuple[list[_Unit], str]] = []
    for section in sections:
        spans.extend((chunk, section.path) for chunk in _cap(_split(section.units)))
    records = []
    for ordinal, (units, path) in enumerate(spans):
        start, end = units[0].start, units[-1].end
        text = assembled.text[start:end]
        pages = [u.page for u in units if u.page is not None]
        records.append(
            PassageRecord(
                ordinal=ordinal,
                text=text,
                start=start,
                end=end,
                page=min(pages) if pages else None,
                page_end=max(pages) if pages else None,
                section_path=path,
                text_hash=normalised_text_hash(text),
            )
        )
    return records


def _sections(assembled: AssembledText) -> list[_Section]:
    """Group blocks under their heading path; a heading opens a new section."""
    stack: list[tuple[int, str]] = []
    sections: list[_Section] = []
    current = _Section("", [])
    for placed in assembled.blocks:
        block = placed.block
        if block.kind == "heading":
            if current.units:
                sections.append(current)
            level = max(1, block.level)
            stack = [(lvl, title) for lvl, title in stack if lvl < level] + [(level, block.text)]
            current = _Section(SECTION_SEPARATOR.join(t for _, t in stack)[:500], [])
        current.units.extend(_units(placed, assembled.text))
    if current.units:
        sections.append(current)
    return sections


def _units(placed: PlacedBlock, text: str) -> list[_Unit]:
    """Sentences of a paragraph, lines of a list or table, the whole of a heading."""
    block = placed.block
    body = text[placed.start : placed.end]
    if block.kind == "heading":
        cuts = [0, len(body)]
    elif block.kind in ("list", "table"):
        cuts = [0] + [m.end() for m in re.finditer(r"\n", body)] + [len(body)]
    else:
        cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(body)] + [len(body)]
    units: list[_Unit] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = body[a:b]
        stripped = piece.rstrip()
        if stripped.strip():
            lead = len(piece) - len(piece.lstrip())
            start, end = placed.start + a + lead, placed.start + a + len(stripped)
            units.extend(_bounded(start, end, text, block.page))
    if units and block.kind == "heading":
        units[-1] = replace(units[-1], ends=False, heading=True)
    elif units and block.kind == "paragraph" and not _ENDS.search(body):
        units[-1] = replace(units[-1], ends=False)  # runs on into the next block (page break)
    return units


def _bounded(start: int, end: int, text: str, page: int | None) -> list[_Unit]:
    """One unit, or several where a 'sentence' exceeds MAX_WORDS or MAX_PASSAGE_CHARS."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) <= MAX_WORDS:
        spans = [(start, end)]
    else:
        step = TARGET_WORDS
        spans = [
            (start + words[i].start(), start + words[min(i + step, len(words)) - 1].end())
            for i in range(0, len(words), step)
        ]
    units = []
    for a, b in spans:
        for c, d in char_pieces(a, b, text):
            units.append(_Unit(c, d, max(1, len(text[c:d].split())), page))
    return units


_SOFT_BREAK = re.compile(r"[\s。！？．，、；]")


def char_pieces(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces of at most MAX_PASSAGE_CHARS (softly where possible)."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PASSAGE_CHARS:
        limit = start + MAX_PASSAGE_CHARS
        window = text[start + MAX_PASSAGE_CHARS // 2 : limit]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = start + MAX_PASSAGE_CHARS // 2 + breaks[-1] if breaks else limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def _cap(chunks: list[list[_Unit]]) -> list[list[_Unit]]:
    """Chunks whose span exceeds MAX_PASSAGE_CHARS regrouped into ones that fit."""
    out: list[list[_Unit]] = []
    for chunk in chunks:
        if chunk[-1].end - chunk[0].start <= MAX_PASSAGE_CHARS:
            out.append(chunk)
            continue
        current: list[_Unit] = []
        for unit in chunk:
            if current and unit.end - current[0].start > MAX_PASSAGE_CHARS:
                out.append(current)
                current = []
            current.append(unit)
        out.append(current)
    return out


def _overlap(passage: list[_Unit]) -> list[_Unit]:
    """The last sentence of a passage, whole (with a part on the previous page), if short."""
    start = len(passage) - 1
    while start > 0 and not passage[start - 1].ends and not passage[start - 1].heading:
        start -= 1
    tail = passage[start:]
    return tail if sum(u.words for u in tail) <= 40 else []


def _merge_small(sections: list[_Section]) -> list[_Section]:
    """Fold sections under SMALL_WORDS into the next one (the last into the previous)."""
    merged: list[_Section] = []
    pending: list[_Section] = []
    for section in sections:
        pending.append(section)
        if sum(s.words for s in pending) >= SMALL_WORDS:
            merged.append(_join(pending))
            pending = []
    if pending:
        if merged and merged[-1].words + sum(s.words for s in pending) <= MAX_WORDS:
            merged[-1] = _join([merged[-1], *pending])
        else:
            merged.append(_join(pending))
    return merged


def _join(sections: list[_Section]) -> _Section:
    main = max(sections, key=lambda s: s.words)
    return _Section(main.path, [u for s in sections for u in s.units])


def _split(units: list[_Unit]) -> list[list[_Unit]]:
    """Pack sentences into passages of about TARGET (at most MAX) words, overlapping by one."""
    remaining = [0] * (len(units) + 1)
    for i in range(len(units) - 1, -1, -1):
        remaining[i] = remaining[i + 1] + units[i].words
    chunks: list[list[_Unit]] = []
    current: list[_Unit] = []
    fresh = 0  # units in ``current`` that are not the carried-over overlap

    def close() -> None:
        nonlocal current, fresh
        chunks.append(current)
        current = _overlap(current)
        fresh = 0

    for i, unit in enumerate(units):
        words = sum(u.words for u in current)
        full = words + unit.words > MAX_WORDS and words >= MIN_WORDS // 2
        if fresh and full and (current[-1].ends or words + unit.words > MAX_WORDS * 1.5):
            close()
        current.append(unit)
        fresh += 1
        enough = sum(u.words for u in current) >= TARGET_WORDS
        if enough and unit.ends and remaining[i + 1] >= SMALL_WORDS:
            close()
    if fresh:
        new = current[len(current) - fresh :]
        new_words = sum(u.words for u in new)
        if (
            chunks
            and new_words < SMALL_WORDS
            and sum(u.words for u in chunks[-1]) + new_words <= MAX_WORDS * 1.3
        ):
            chunks[-1] = chunks[-1] + new
        else:
            chunks.append(current)
    return chunks
