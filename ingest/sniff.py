"""Tell a document's type from its bytes, never from its name.

PDF and DOCX have signatures (``%PDF-``; a zip holding ``word/document.xml``). Anything else
must decode as text; HTML is recognised by its markup, Markdown by its syntax (front matter,
``#`` headings, lists, tables, links). The file name is only a tie-breaker between Markdown
and plain text, which are both text and equally safe to read.
"""

from __future__ import annotations

import io
import re
import zipfile

from ingest.errors import EmptyFileError, UnsupportedTypeError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
MARKDOWN = "text/markdown"
TEXT = "text/plain"

SUPPORTED = (PDF, DOCX, HTML, MARKDOWN, TEXT)

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
_UNSUPPORTED_HINT = "convert it to PDF, DOCX, Markdown, HTML or plain text and ingest that"


def sniff(data: bytes, file_name: str) -> str:
    """The media type of ``data``; raise :class:`UnsupportedTypeError` when unreadable."""
    if not data.strip():
        raise EmptyFileError(file_name, "the file is empty", hint="check that the upload completed")
    if data.lstrip()[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
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
            "the file starts like a zip (DOCX) archive but is damaged or truncated",
            hint="upload the complete file again",
        ) from None
    if "word/document.xml" in names:
        return DOCX
    kind = "a zip archive"
    if "xl/workbook.xml" in names:
        kind = "a spreadsheet (XLSX)"
    elif "ppt/presentation.xml" in names:
        kind = "a presentation (PPTX)"
    elif "mimetype" in names and "content.xml" in names:
        kind = "an OpenDocument file"
    raise UnsupportedTypeError(
        file_name, f"the content is {kind}, not a document", hint=_UNSUPPORTED_HINT
    )


def _sniff_text(data: bytes, text: str, file_name: str) -> str:
    if _HTML_START.match(data[:4096]) or len(_HTML_TAGS.findall(text[:8192])) >= 5:
        return HTML
    if file_name.lower().endswith((".md", ".markdown")) or _MD_SYNTAX.search(text[:20000]):
        return MARKDOWN
    return TEXT


def decode_text(data: bytes) -> str | None:
    """``data`` as text (BOM, UTF-8, else a detected encoding), or None when binary.

    Readers call :func:`ingest.encoding.decode_document` instead, which also says how the
    encoding was found.
    """
    from ingest.encoding import decode_document

    decoded = decode_document(data, html=True)
    return None if decoded is None else decoded.text
