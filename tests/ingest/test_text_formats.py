"""Text that must be read, and refusals whose advice fits the file (issue 22), through the
real pipeline on an embedded store."""

from __future__ import annotations

import pytest

from ingest.errors import UnreadableTextError
from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions, ingest_bytes
from ontology.store import EmbeddedStore

POLICY = "Every AI system has a named owner who approves its release after an impact assessment."


def test_unreadable_text_file_is_told_to_resave_as_utf8_not_to_ocr(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    junk = ("§¶†‡ ±×÷ ¤¦¨ ©®¯ °¹²³ " * 40).encode("utf-8")
    with pytest.raises(UnreadableTextError) as raised:
        ingest_bytes(embedded_store, originals, junk, "notes.txt", options=options)
    hint = raised.value.hint or ""
    assert "UTF-8" in hint and "OCR" not in hint and "fonts" not in hint


def test_letter_spaced_text_is_kept_out_of_matching_with_a_warning(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    text = f"Owner\n\n{POLICY}\n\nN a m e :  A L E N A Z I\n\nP o s i t i o n : C h i e f R i s k\n"
    result = ingest_bytes(embedded_store, originals, text.encode(), "card.txt", options=options)
    joined = " ".join(p.text for p in result.passages)
    assert POLICY in joined and "Name: ALENAZI" in joined  # wider gaps mark the words
    assert "C h i e f" not in joined and "Chief" not in joined  # nothing marks them: left out
    assert any("joined the letters" in w for w in result.warnings), result.warnings
    assert any("letter-spaced text" in w for w in result.warnings), result.warnings


def test_text_that_mentions_a_pdf_header_stays_text(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    """A file that only looks like a PDF without a header, and that no PDF reader opens,
    is read as the text it is."""
    text = f"File formats\n\n%PDF-1.7 is the version our archive accepts.\n\n{POLICY}\n"
    result = ingest_bytes(embedded_store, originals, text.encode(), "formats.txt", options=options)
    assert result.media_type == "text/plain"
    assert "archive accepts" in " ".join(p.text for p in result.passages)
