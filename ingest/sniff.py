"""Tell a document's type from its bytes, never from its name.

PDF, DOCX and XLSX have signatures (``%PDF-``; a zip holding ``word/document.xml``; a zip
holding ``xl/workbook.xml``). Anything else must decode as text; HTML is recognised by its
markup, CSV by rows that split into the same number (two or more) of short fields under one
delimiter (comma, semicolon or tab), Markdown by its syntax (front matter, ``#`` headings,
lists, tables, links). The file name is only a tie-breaker between formats that are all text
and equally safe to read: a ``.md`` name makes Markdown win, a ``.csv``/``.tsv`` name lets
CSV win over Markdown syntax and relaxes the CSV test (see :func:`csv_dialect`).

The bytes are untrusted, so every test here runs in time linear in a bounded prefix: no
backtracking regular expression looks at them (a nested or overlapping quantifier over
``<!---->`` ×26 or 20 KB of newlines took seconds to minutes, and :class:`csv.Sniffer` takes
over a minute on 64 KB of ``,"``). Markup and Markdown are recognised by scanning lines with
string methods, CSV by running the C :mod:`csv` parser once per candidate delimiter.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter

from ingest.errors import EmptyFileError, UnsupportedTypeError
from ingest.pdf_signature import misplaced_pdf

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
HTML = "text/html"
MARKDOWN = "text/markdown"
TEXT = "text/plain"

SUPPORTED = (PDF, DOCX, XLSX, CSV, HTML, MARKDOWN, TEXT)

_HTML_PREFIX = 4096
_HTML_TAG_PREFIX = 8192
_HTML_ROOTS = ("html", "head", "body")
_HTML_TAGS = frozenset(
    ("html", "head", "body", "div", "p", "ul", "ol", "li", "table", "section", "article")
    + tuple(f"h{level}" for level in range(1, 7))
)
_MD_PREFIX = 20000
_KNOWN_BINARY = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "a legacy Office (OLE) file such as .doc or .xls",
    b"\x1f\x8b": "a gzip archive",
    b"{\\rtf": "an RTF document",
}
_UNSUPPORTED_HINT = (
    "convert it to PDF, DOCX, XLSX, CSV, Markdown, HTML or plain text and ingest that"
)
_CSV_DELIMITERS = ",;\t"
_CSV_SAMPLE_LINES = 50


def sniff(data: bytes, file_name: str) -> str:
    """The media type of ``data``; raise :class:`UnsupportedTypeError` when unreadable."""
    if not data.strip():
        raise EmptyFileError(file_name, "the file is empty", hint="check that the upload completed")
    if data.lstrip()[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
        return PDF
    if misplaced_pdf(data) is not None:  # header late or missing (ingest.pdf_signature)
        return PDF
    if data[:4] == b"PK\x03\x04":
        return _sniff_zip(data, file_name)
    for magic, what in _KNOWN_BINARY.items():
        if data.startswith(magic):
            raise UnsupportedTypeError(file_name, f"the content is {what}", hint=_UNSUPPORTED_HINT)
    text = decode_text(data)
    if text is None:
        raise UnsupportedTypeError(
            file_name, "the content is binary data of an unknown type", hint=_UNSUPPORTED_HINT
        )
    return _sniff_text(data, text, file_name)


def _sniff_zip(data: bytes, file_name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        from ingest.errors import CorruptFileError

        raise CorruptFileError(
            file_name,
            "the file starts like a zip (DOCX or XLSX) archive but is damaged or truncated",
            hint="upload the complete file again",
        ) from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    kind = "a zip archive"
    if "ppt/presentation.xml" in names:
        kind = "a presentation (PPTX)"
    elif "mimetype" in names and "content.xml" in names:
        kind = "an OpenDocument file"
    raise UnsupportedTypeError(
        file_name, f"the content is {kind}, not a document", hint=_UNSUPPORTED_HINT
    )


def _sniff_text(data: bytes, text: str, file_name: str) -> str:
    if starts_like_html(data[:_HTML_PREFIX]) or count_html_tags(text[:_HTML_TAG_PREFIX]) >= 5:
        return HTML
    name = file_name.lower()
    if name.endswith((".md", ".markdown")):
        return MARKDOWN
    hinted = name.endswith((".csv", ".tsv"))
    if hinted and csv_dialect(text, hinted=True) is not None:
        return CSV
    if has_markdown_syntax(text[:_MD_PREFIX]):
        return MARKDOWN
    if not hinted and csv_dialect(text, hinted=False) is not None:
        return CSV
    return TEXT


def starts_like_html(prefix: bytes) -> bool:
    """Whether ``prefix`` opens, after blanks and ``<!-- … -->`` comments, with a doctype
    or an ``html``/``head``/``body`` tag (a linear scan, case-insensitive).

    >>> starts_like_html(b"<!-- x --> <!DOCTYPE html><p>hi")
    True
    >>> starts_like_html(b"<!---->" * 26 + b"x")
    False
    """
    pos = 0
    while True:
        pos = _skip_blanks(prefix, pos)
        if not prefix.startswith(b"<!--", pos):
            break
        end = prefix.find(b"-->", pos + 4)
        if end < 0:
            return False
        pos = end + 3
    if not prefix.startswith(b"<", pos):
        return False
    head = prefix[pos + 1 : pos + 64].lower()
    if head.startswith(b"!doctype"):
        rest = head[8:]
        stripped = rest.lstrip()
        return len(stripped) < len(rest) and _name_is(stripped, b"html")
    return any(_name_is(head, root.encode()) for root in _HTML_ROOTS)


def _skip_blanks(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] in b" \t\n\r\f\v":
        pos += 1
    return pos


def _name_is(head: bytes, name: bytes) -> bool:
    """``head`` starts with the word ``name`` (not followed by a letter, digit or ``_``)."""
    after = head[len(name) : len(name) + 1]
    return head.startswith(name) and not (after.isalnum() or after == b"_")


def count_html_tags(text: str, enough: int = 5) -> int:
    """How many common HTML tags (``<p>``, ``</div>``, …) ``text`` holds, counting up to
    ``enough``; one pass of :meth:`str.find` over the text.

    >>> count_html_tags("<div><p>a</p><P>b</p></div>")
    5
    >>> count_html_tags("a < b and <pre> <px>")
    0
    """
    found, pos = 0, text.find("<")
    while pos >= 0 and found < enough:
        start = pos + 2 if text.startswith("/", pos + 1) else pos + 1
        end = start
        while end < len(text) and end - start <= 8 and (text[end].isalnum() or text[end] == "_"):
            end += 1
        if text[start:end].lower() in _HTML_TAGS:
            found += 1
        pos = text.find("<", pos + 1)
    return found


def has_markdown_syntax(text: str) -> bool:
    r"""Whether any line of ``text`` is Markdown: front matter ``---``, a ``#`` heading, a
    list item, a table row, or holds a ``[link](target)`` (each line scanned once).

    >>> has_markdown_syntax("Intro\n## Scope\nbody")
    True
    >>> has_markdown_syntax("\n" * 20000 + "[" * 5000)
    False
    """
    return any(_markdown_line(line) for line in text.split("\n"))


def _markdown_line(line: str) -> bool:
    stripped = line.lstrip()
    hashes = len(line) - len(line.lstrip("#"))
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    marker = 1 if stripped[:1] in ("-", "*", "+") else 0
    if digits and stripped[digits : digits + 1] == ".":
        marker = digits + 1
    trimmed = line.rstrip()
    return (
        trimmed == "---"
        or (1 <= hashes <= 6 and _gap_then_word(line[hashes:]))
        or (stripped != "" and marker > 0 and _gap_then_word(stripped[marker:]))
        or (len(trimmed) >= 2 and trimmed[0] == "|" and trimmed[-1] == "|")
        or _has_link(line)
    )


def _gap_then_word(rest: str) -> bool:
    return rest[:1].isspace() and rest.strip() != ""


def _has_link(line: str) -> bool:
    """``[text](target)`` with non-empty text and target, found in one left-to-right pass."""
    if "](" not in line:
        return False
    opened = -1
    for index, char in enumerate(line):
        if char == "[" and opened < 0:
            opened = index
        elif char == "]":
            if opened >= 0 and index - opened > 1 and line.startswith("(", index + 1):
                close = line.find(")", index + 2)
                if close < 0:
                    return False
                if close > index + 2:
                    return True
            opened = -1
    return False


def csv_dialect(text: str, *, hinted: bool = False) -> type[csv.Dialect] | None:
    r"""The CSV dialect ``text`` is written in, or None when it does not read as a table.

    Over the first 50 non-blank lines, each candidate delimiter (comma, semicolon, tab) is
    tried with the :mod:`csv` parser; the one that splits the most rows (at least 90%) into
    the same number (two or more) of fields wins. Without a ``.csv`` name (``hinted`` false)
    it must also hold at least three rows whose fields are short (median under 60
    characters) and most of which do not end like a sentence, so that prose with a comma
    per line stays text. Each try is one linear pass over at most 64 KB.

    >>> csv_dialect("id,risk,owner\nR1,drift,ML lead\nR2,bias,DPO\n").delimiter
    ','
    >>> csv_dialect("We use AI tools, carefully.\nStaff are trained, yearly.\n") is None
    True
    """
    lines = [line for line in text[:65536].splitlines() if line.strip()][:_CSV_SAMPLE_LINES]
    if len(lines) < (2 if hinted else 3):
        return None
    sample = "\n".join(lines)
    best: tuple[int, int, str, list[list[str]]] | None = None
    for delimiter in _CSV_DELIMITERS:
        rows = _csv_rows(sample, delimiter)
        if not rows:
            continue
        width, count = Counter(len(row) for row in rows).most_common(1)[0]
        if width >= 2 and count >= 0.9 * len(rows) and (best is None or count > best[0]):
            best = (count, width, delimiter, rows)
    if best is None:
        return None
    rows = best[3]
    if not hinted and not _short_fields(rows, lines):
        return None
    return _dialect(best[2], rows)


def _csv_rows(sample: str, delimiter: str) -> list[list[str]]:
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        return [row for row in reader if any(row)]
    except csv.Error:
        return []


def _short_fields(rows: list[list[str]], lines: list[str]) -> bool:
    sizes = sorted(len(cell) for row in rows for cell in row if cell.strip())
    prose = sum(1 for line in lines if line.rstrip().endswith((".", "!", "?")))
    return len(rows) >= 3 and bool(sizes) and sizes[len(sizes) // 2] < 60 and prose * 2 < len(lines)


def _dialect(delimiter: str, rows: list[list[str]]) -> type[csv.Dialect]:
    """The excel dialect with ``delimiter``; spaces after it are skipped when nearly every
    field after the first starts with one (``a, b, c``)."""
    later = [cell for row in rows for cell in row[1:] if cell]
    spaced = sum(1 for cell in later if cell.startswith(" "))
    skip = bool(later) and spaced >= 0.9 * len(later)
    attributes = {"delimiter": delimiter, "skipinitialspace": skip}
    return type("SniffedDialect", (csv.excel,), attributes)


def decode_text(data: bytes) -> str | None:
    """``data`` as text (BOM, UTF-8, else a detected encoding), or None when binary.

    Readers call :func:`ingest.encoding.decode_document` instead, which also says how the
    encoding was found.
    """
    from ingest.encoding import decode_document

    decoded = decode_document(data, html=True)
    return None if decoded is None else decoded.text
