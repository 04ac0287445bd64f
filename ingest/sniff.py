"""Tell a document's type from its bytes, never from its name.

PDF, DOCX and XLSX have signatures (``%PDF-``; a zip holding ``word/document.xml``; a zip
holding ``xl/workbook.xml``). Anything else must decode as text; HTML is recognised by its
markup, CSV by rows that split into the same number (two or more) of short fields under one
delimiter (comma, semicolon or tab), Markdown by its syntax (front matter, ``#`` headings,
lists, tables, links). The file name is only a tie-breaker between formats that are all text
and equally safe to read: a ``.md`` name makes Markdown win, a ``.csv``/``.tsv`` name lets
CSV win over Markdown syntax and relaxes the CSV test (see :func:`csv_dialect`).
"""

from __future__ import annotations

import csv
import io
import re
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

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"</?(html|head|body|div|p|h[1-6]|ul|ol|li|table|section|article)\b", re.I)
_MD_SYNTAX = re.compile(
    r"(^---\s*$)|(^#{1,6}\s+\S)|(^\s*[-*+]\s+\S)|(^\s*\d+\.\s+\S)|(^\|.*\|\s*$)|(\[[^\]]+\]\([^)]+\))",
    re.M,
)
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
    if _HTML_START.match(data[:4096]) or len(_HTML_TAGS.findall(text[:8192])) >= 5:
        return HTML
    name = file_name.lower()
    if name.endswith((".md", ".markdown")):
        return MARKDOWN
    hinted = name.endswith((".csv", ".tsv"))
    if hinted and csv_dialect(text, hinted=True) is not None:
        return CSV
    if _MD_SYNTAX.search(text[:20000]):
        return MARKDOWN
    if not hinted and csv_dialect(text, hinted=False) is not None:
        return CSV
    return TEXT


def csv_dialect(text: str, *, hinted: bool = False) -> type[csv.Dialect] | None:
    r"""The CSV dialect ``text`` is written in, or None when it does not read as a table.

    Over the first 50 lines, the delimiter :class:`csv.Sniffer` finds must split at least
    90% of the rows into the same number (two or more) of fields. Without a ``.csv`` name
    (``hinted`` false) it must also hold at least three rows whose fields are short (median
    under 60 characters) and most of which do not end like a sentence, so that prose with a
    comma per line stays text.

    >>> csv_dialect("id,risk,owner\nR1,drift,ML lead\nR2,bias,DPO\n").delimiter
    ','
    >>> csv_dialect("We use AI tools, carefully.\nStaff are trained, yearly.\n") is None
    True
    """
    lines = [line for line in text[:65536].splitlines() if line.strip()][:_CSV_SAMPLE_LINES]
    if len(lines) < (2 if hinted else 3):
        return None
    sample = "\n".join(lines)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS)
        rows = [row for row in csv.reader(io.StringIO(sample), dialect) if any(row)]
    except csv.Error:
        return None
    width, count = Counter(len(row) for row in rows).most_common(1)[0]
    if width < 2 or count < 0.9 * len(rows):
        return None
    if not hinted:
        sizes = sorted(len(cell) for row in rows for cell in row if cell.strip())
        prose = sum(1 for line in lines if line.rstrip().endswith((".", "!", "?")))
        if len(rows) < 3 or not sizes or sizes[len(sizes) // 2] >= 60 or prose * 2 >= len(lines):
            return None
    return dialect


def decode_text(data: bytes) -> str | None:
    """``data`` as text (BOM, UTF-8, else a detected encoding), or None when binary.

    Readers call :func:`ingest.encoding.decode_document` instead, which also says how the
    encoding was found.
    """
    from ingest.encoding import decode_document

    decoded = decode_document(data, html=True)
    return None if decoded is None else decoded.text
