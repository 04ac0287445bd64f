"""PDFs that do not start with ``%PDF-``: junk before the header, or no header at all.

A PDF's header may sit after other bytes (a mail or HTTP header saved with it, a
download wrapper), or be missing where a tool cut it off; PDF readers (poppler, pypdf)
open such files all the same. :func:`misplaced_pdf` recognises them from bounded windows at
both ends of the file, so that they are read as PDFs instead of as text full of PDF syntax:

- a ``%PDF-1.x`` header at the start of a line anywhere in the first 64 KiB; or
- no header, but the body and trailer of a PDF: an indirect object (``1 0 obj``) near the
  start and ``startxref`` followed by ``%%EOF`` near the end.

The PDF reader then confirms it (pypdf must open it); see :func:`ingest.readers.read_document`.
"""

from __future__ import annotations

import re

HEAD = 64 * 1024
TAIL = 4 * 1024
_HEADER = re.compile(rb"(?:^|[\r\n])%PDF-\d\.\d")
_OBJECT = re.compile(rb"(?:^|[\r\n])\d{1,10} \d{1,5} obj\b")
_TRAILER = re.compile(rb"startxref\s+\d{1,20}\s+%%EOF")


def misplaced_pdf(data: bytes) -> str | None:
    """Why ``data`` is a PDF that does not start with its header ("junk before the header",
    "no header"), or None (a PDF that starts right, or no PDF at all)."""
    if data.lstrip()[:5] == b"%PDF-":
        return None
    head, tail = data[:HEAD], data[-TAIL:]
    if _HEADER.search(head):
        return "junk before the header"
    if _OBJECT.search(head) and _TRAILER.search(tail):
        return "no header"
    return None
