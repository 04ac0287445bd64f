"""PDF reader (pypdf): text by page, repaired, split into headings, paragraphs and lists.

pypdf's default extraction is tried first; where it returns about one word per line (some
exports position every word separately) the layout mode is used for the whole document.
Lines that repeat at the top or bottom of most pages (running headers, footers, page numbers)
are dropped. A PDF that opens but yields no text is an image-only scan: we say so and suggest
OCR rather than ingesting an empty artefact.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ingest.errors import CorruptFileError, EncryptedPdfError, NoTextLayerError
from ingest.readers.base import Block, Extraction
from ingest.readers.failures import translate
from ingest.readers.header import header_fields
from ingest.readers.headings import SMALL_WORDS, heading_level, is_date_line
from ingest.readers.pdf_cmaps import teach_pypdf
from ingest.readers.pdf_filters import expand_filter_names, is_filter_name_error
from ingest.readers.pdf_fonts import FontHeadings, extract_with_sizes, font_headings
from ingest.readers.pdf_glyphs import glyph_text, is_character_per_line
from ingest.readers.pdf_outline import Outline, read_outline
from ingest.repair import fix_ligatures, repair_text, vocabulary, word_list, words_per_line
from ingest.sniff import PDF

#: Below this many words per line, default extraction is taken as one-word-per-line.
LAYOUT_THRESHOLD = 2.0
#: Pages whose default extraction decides between default and layout mode.
SAMPLE_PAGES = 6
#: Layout mode is used only where it keeps at least this share of default mode's characters.
LAYOUT_MIN_KEPT = 0.9
#: Fewer characters than this per page on average is sparse text (a warning, not a refusal).
MIN_CHARS_PER_PAGE = 20
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LIST_ITEM = re.compile(r"^([•●▪◦○■\-*–]|\d{1,2}[.)]|[a-z][.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;)\]\"”]$")


def read_pdf(data: bytes, file_name: str, *, drop_running_lines: bool = True) -> Extraction:
    """Extract a PDF's text page by page, with repairs and warnings.

    ``drop_running_lines=False`` keeps running headers and footers (for measuring).
    """
    extraction = Extraction(blocks=[], media_type=PDF)
    reader, extracted = _open(data, file_name, extraction)
    pages = extracted.texts
    extraction.page_count = len(pages)
    _check_text_layer(pages, file_name, extraction)
    pages = _repair_pages(pages, extraction, extracted.default_texts)
    if drop_running_lines:
        pages = _drop_running_lines(pages, extraction)
    finder = HeadingFinder(read_outline(reader), extracted.fonts)
    for number, text in enumerate(pages, start=1):
        extraction.blocks.extend(page_blocks(text, number, finder))
    extraction.metadata.update(header_fields(pages[0] if pages else ""))
    extraction.metadata.update(_pdf_metadata(reader))
    return extraction


def _open(data: bytes, file_name: str, extraction: Extraction) -> tuple[Any, _Pages]:
    """Open, unlock and extract the pages; damaged files become :class:`CorruptFileError`."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    teach_pypdf()
    truncated = b"%%EOF" not in data[-2048:]
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        _unlock(reader, file_name)
        extracted = _extract_retrying(reader, extraction)
    except (EncryptedPdfError, NoTextLayerError):
        raise
    except Exception as error:  # noqa: BLE001 - said in our words by the failure table
        if truncated:
            raise CorruptFileError(
                file_name,
                "the PDF is truncated (no end-of-file marker) and what is there cannot be read",
                hint="upload the complete file again",
            ) from None
        raise translate(error, PDF, file_name) from None
    if truncated:
        extraction.warnings.append("the PDF has no end-of-file marker; read what is there")
    return reader, extracted


def _extract_retrying(reader: Any, extraction: Extraction) -> _Pages:
    """Extract the pages; once more with filter names written out where pypdf refuses them."""
    try:
        return _extract_pages(reader, extraction)
    except Exception as error:
        if not is_filter_name_error(error) or not expand_filter_names(reader):
            raise
    extraction.warnings.append("the PDF uses abbreviated stream filter names; read them anyway")
    return _extract_pages(reader, extraction)


def _unlock(reader: object, file_name: str) -> None:
    import pypdf

    assert isinstance(reader, pypdf.PdfReader)
    if not reader.is_encrypted:
        return
    try:
        opened = bool(reader.decrypt(""))
    except Exception as error:  # noqa: BLE001 - a missing AES component is not a password
        failure = translate(error, PDF, file_name)
        if not isinstance(failure, CorruptFileError):
            raise failure from None
        opened = False
    if not opened:
        raise EncryptedPdfError(
            file_name,
            "the PDF is encrypted with a password",
            hint="remove the password (export or print an unprotected copy) and ingest that",
        )


def _check_text_layer(raw_pages: list[str], file_name: str, extraction: Extraction) -> None:
    """Refuse a PDF without one letter in its text layer; warn where the text is sparse.

    A one-line PDF is read; a scan whose text layer holds only page numbers is not. (Text
    that is there but unreadable, such as glyph names, is judged by :mod:`ingest.quality`.)
    """
    if not any(char.isalpha() for text in raw_pages for char in text):
        raise NoTextLayerError(
            file_name,
            f"the PDF has no text layer ({len(raw_pages)} page(s) of images only)",
            hint="run OCR on it (e.g. ocrmypdf) and ingest the result",
        )
    chars = sum(len(text.strip()) for text in raw_pages)
    if len(raw_pages) > 1 and chars < MIN_CHARS_PER_PAGE * len(raw_pages) / 4:
        extraction.warnings.append(
            f"only {chars} characters of text on {len(raw_pages)} pages: the other pages may"
            " be scanned images (run OCR on the PDF to read them)"
        )


@dataclass
class _Pages:
    """Page texts as extracted, with what the repairs and heading finder need."""

    texts: list[str]
    #: default-mode texts of a document read in layout mode (its word list), else None
    default_texts: list[str] | None = None
    fonts: FontHeadings | None = None


def _extract_pages(reader: Any, extraction: Extraction) -> _Pages:
    """Every page's text, in default mode with font sizes, or in layout mode.

    The mode is chosen on the first :data:`SAMPLE_PAGES` pages: default mode, unless it
    gives about one word per line and layout mode does better. The default-mode text of a
    laid-out document is kept as its list of correctly separated words.
    """
    pages = reader.pages
    sized = [extract_with_sizes(page) for page in pages]
    default = [s.text for s in sized]
    sample = default[:SAMPLE_PAGES]
    if is_character_per_line("\n".join(sample)):
        extraction.warnings.append(
            "the PDF places its characters one by one; lines and words were rebuilt from"
            " their positions"
        )
        return _Pages([glyph_text(page) for page in pages])
    ratio = words_per_line("\n".join(sample))
    if ratio >= LAYOUT_THRESHOLD or not any(t.strip() for t in sample) or _mostly_cjk(sample):
        return _Pages(default, fonts=font_headings(sized))
    laid_out = [_layout_text(page) for page in pages[:SAMPLE_PAGES]]
    if words_per_line("\n".join(laid_out)) <= ratio or _loses_text(laid_out, sample):
        return _Pages(default, fonts=font_headings(sized))
    extraction.warnings.append(
        f"default text extraction gave {ratio:.1f} words per line; used layout extraction"
    )
    laid_out += [_layout_text(page) for page in pages[SAMPLE_PAGES:]]
    return _Pages(laid_out, default_texts=default)


def _mostly_cjk(texts: list[str]) -> bool:
    """Whether most characters are CJK: text without spaces between words, where the
    words-per-line cue means nothing (and layout mode reads vertical columns across)."""
    chars = [c for text in texts for c in text if not c.isspace()]
    return bool(chars) and len(_CJK.findall("".join(chars))) >= 0.5 * len(chars)


def _loses_text(laid_out: list[str], default: list[str]) -> bool:
    """Whether layout mode read clearly fewer characters (it skips rotated text)."""
    count = sum(len("".join(t.split())) for t in laid_out)
    return count < LAYOUT_MIN_KEPT * sum(len("".join(t.split())) for t in default)


def _layout_text(page: Any) -> str:
    text: str = page.extract_text(extraction_mode="layout") or ""
    return text


def _repair_pages(
    pages: list[str], extraction: Extraction, default_pages: list[str] | None
) -> list[str]:
    """Repair every page; ``default_pages`` (layout documents only) supplies known words."""
    vocab = vocabulary(pages)
    words = None
    if default_pages is not None:
        words = word_list(fix_ligatures(text, vocab)[0] for text in default_pages)
    repaired_pages: list[str] = []
    ligatures = separated = 0
    for text in pages:
        fixed, restored, split = repair_text(
            text, vocab, layout=default_pages is not None, words=words
        )
        repaired_pages.append(fixed)
        ligatures, separated = ligatures + restored, separated + split
    if ligatures:
        extraction.warnings.append(
            f"restored {ligatures} ligature glyph(s) the PDF maps to control characters"
        )
    if separated:
        extraction.warnings.append(f"separated {separated} run-together word(s)")
    return repaired_pages


def _running_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _drop_running_lines(pages: list[str], extraction: Extraction) -> list[str]:
    """Remove lines repeated at the top or bottom of most pages (headers, footers).

    A page whose every line would go keeps them all: a document whose only line repeats
    on every page (a form, a one-line notice) is content, not a header.
    """
    if len(pages) < 3:
        return pages
    edges: Counter[str] = Counter()
    for text in pages:
        lines = [line for line in text.splitlines() if line.strip()]
        edges.update({_running_key(line) for line in lines[:2] + lines[-2:]})
    threshold = max(3, len(pages) // 2)
    running = {key for key, count in edges.items() if count >= threshold}
    if not running:
        return pages
    cleaned, kept = [], 0
    for text in pages:
        lines = text.splitlines()
        edge_ids = _edge_indexes(lines)
        left = [
            line
            for i, line in enumerate(lines)
            if not (i in edge_ids and _running_key(line) in running)
        ]
        if not any(line.strip() for line in left):  # a page is never emptied: its only
            left, kept = lines, kept + 1  # lines are its content, however often they repeat
        cleaned.append("\n".join(left))
    if kept < len(pages):
        extraction.warnings.append(f"dropped {len(running)} running header/footer line(s)")
    return cleaned


def _edge_indexes(lines: list[str]) -> set[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:2] + filled[-2:])


def page_blocks(text: str, page: int, finder: HeadingFinder | None = None) -> list[Block]:
    """Split one page's text into heading, list and paragraph blocks (headings: ``finder``)."""
    blocks: list[Block] = []
    current: list[str] = []
    kind = "paragraph"
    longest = max((len(line.strip()) for line in text.splitlines()), default=0)

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append(Block(kind, " ".join(current), page=page))  # type: ignore[arg-type]
        current, kind = [], "paragraph"

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        level = (finder or HeadingFinder()).level(line, page)
        if level is not None and (not current or _ends_sentence(current[-1]) or level < 0):
            flush()
            _add_heading(blocks, Block("heading", line, level=abs(level), page=page))
            continue
        if _LIST_ITEM.match(line):
            flush()
            kind = "list"
        current.append(line)
        if _ends_sentence(line) and len(line) < 0.75 * longest:
            flush()
    flush()
    return blocks


_CONNECTORS = SMALL_WORDS  # a heading line ending in one of these wrapped onto the next


def _add_heading(blocks: list[Block], heading: Block) -> None:
    """Append a heading, or extend the previous one where a long title wrapped onto this line."""
    previous = blocks[-1] if blocks else None
    if previous is not None and previous.kind == "heading" and previous.level == heading.level:
        words, following = previous.text.split(), heading.text.split()
        wrapped = (
            words[-1].lower() in _CONNECTORS
            or heading.text[0].islower()
            or (len(following) <= 2 and len(words) >= 4)
            or len(previous.text) >= 45
        )
        if wrapped and not heading.text[0].isdigit() and len(previous.text + heading.text) < 160:
            blocks[-1] = Block(
                "heading", f"{previous.text} {heading.text}", previous.level, previous.page
            )
            return
    blocks.append(heading)


@dataclass
class HeadingFinder:
    """Where a PDF's headings come from, surest first: bookmarks, font sizes, the line itself.

    A negative level means certain (bookmark or font size): the line is a heading even where
    the line before it does not end a sentence. Guessed headings sit below the levels the
    surer sources use.
    """

    outline: Outline | None = None
    fonts: FontHeadings | None = None

    def level(self, line: str, page: int) -> int | None:
        if is_date_line(line):
            return None
        depth = 0
        for source in (self.outline, self.fonts):
            if source is not None and source.depth:
                found = source.level(line, page)
                if found is not None:
                    return -(depth + found)
                depth += source.depth
        guessed = heading_level(line)
        return None if guessed is None else depth + guessed


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.strip()))


def _pdf_metadata(reader: object) -> dict[str, str]:
    info = getattr(reader, "metadata", None) or {}
    found: dict[str, str] = {}
    for key, name in (("/Title", "title"), ("/Author", "author"), ("/Subject", "subject")):
        value = info.get(key)
        if isinstance(value, str) and value.strip():
            found[name] = value.strip()
    return found
