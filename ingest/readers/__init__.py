"""Readers: bytes of one format → :class:`~ingest.readers.base.Extraction`.

:func:`read_document` picks the reader for a sniffed media type (see :mod:`ingest.sniff`).
"""

from __future__ import annotations

from ingest.errors import UnsupportedTypeError
from ingest.readers.base import Extraction
from ingest.readers.failures import said_in_our_words
from ingest.readers.limits import ReaderLimits
from ingest.sniff import CSV, DOCX, HTML, MARKDOWN, PDF, TEXT, XLSX


@said_in_our_words
def read_document(data: bytes, media_type: str, file_name: str, limits: ReaderLimits) -> Extraction:
    """Extract ``data`` (already sniffed as ``media_type``) with the matching reader."""
    if media_type == PDF:
        return _read_pdf(data, file_name)
    if media_type == DOCX:
        from ingest.readers.docx import read_docx

        return read_docx(data, file_name, limits)
    if media_type == XLSX:
        from ingest.readers.spreadsheet import read_xlsx

        return read_xlsx(data, file_name, limits)
    if media_type == CSV:
        from ingest.readers.spreadsheet import read_csv

        return read_csv(data, file_name, limits)
    if media_type == HTML:
        from ingest.readers.html import read_html

        return read_html(data, file_name, limits)
    if media_type == MARKDOWN:
        from ingest.readers.markdown import read_markdown

        return read_markdown(data, file_name)
    if media_type == TEXT:
        from ingest.readers.text import read_text

        return read_text(data, file_name)
    raise UnsupportedTypeError(file_name, f"no reader for {media_type}")


def _read_pdf(data: bytes, file_name: str) -> Extraction:
    """A PDF, said so where its header is late or missing; a file that only looked like a
    PDF without a header, and that the PDF reader cannot open, is read as the text it is."""
    from ingest.errors import CorruptFileError
    from ingest.pdf_signature import misplaced_pdf
    from ingest.readers.pdf import read_pdf

    why = misplaced_pdf(data)
    try:
        extraction = read_pdf(data, file_name)
    except CorruptFileError:
        if why is None:
            raise
        from ingest.readers.text import read_text

        return read_text(data, file_name)
    if why is not None:
        extraction.warnings.append(
            f"the file does not start with a PDF header ({why}); it was read as a PDF"
        )
    return extraction


__all__ = ["Extraction", "ReaderLimits", "read_document"]
