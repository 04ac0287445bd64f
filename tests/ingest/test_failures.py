"""Library exceptions become our errors at the reader boundary (real exception classes)."""

from __future__ import annotations

import pytest
from pypdf.errors import DependencyError, LimitReachedError, PdfReadError

from ingest.readers.failures import translate
from ingest.sniff import DOCX, PDF

CASES = [
    (
        DependencyError("cryptography>=3.1 is required for AES algorithm"),
        PDF,
        "missing_component",
        "cryptography",
    ),
    (PdfReadError("jbig2dec binary is not available"), PDF, "missing_component", "jbig2dec"),
    (LimitReachedError("Limit reached while decompressing"), PDF, "parse_timeout", "safety limit"),
    (
        KeyError(
            "no relationship of type 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument'"
        ),
        DOCX,
        "corrupt_file",
        "main document part",
    ),
    (ValueError("invalid literal for int() with base 10: b'x'"), PDF, "corrupt_file", "damaged"),
    (RecursionError("maximum recursion depth exceeded"), DOCX, "corrupt_file", "nests"),
]


@pytest.mark.parametrize(("error", "media_type", "code", "phrase"), CASES)
def test_library_failures_are_said_in_our_words(
    error: Exception, media_type: str, code: str, phrase: str
) -> None:
    ours = translate(error, media_type, "file.bin")
    assert ours.code == code and phrase in ours.problem and ours.hint
    assert type(error).__name__ not in ours.message + ours.hint
    assert str(error)[:20] not in ours.message
