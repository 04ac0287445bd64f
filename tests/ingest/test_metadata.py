"""Metadata: header lines, dates, type inference, title choice, override order."""

from __future__ import annotations

import datetime as dt

from ingest.metadata import describe, first_heading, infer_type, parse_date
from ingest.readers.base import Block
from ingest.readers.header import header_fields


def test_header_lines_in_markdown_bold_and_plain() -> None:
    text = "**Version:** 3.0  \n**Policy Owner:** CTO\nEffective Date: 2025-01-27\nNext Review: 2026-01-27"
    assert header_fields(text) == {
        "version": "3.0",
        "owner": "CTO",
        "effective_date": "2025-01-27",
        "review_date": "2026-01-27",
    }


def test_dates_and_types() -> None:
    assert parse_date("Effective 2025-10-26 (v1.1)") == dt.date(2025, 10, 26)
    assert parse_date("soon") is None and parse_date("2025-02-30") is None
    assert infer_type("AI Transparency & Disclosure Standard v1.1", "") == "standard"
    assert infer_type("Incident Response Procedure", "") == "procedure"
    assert infer_type("AI Risk Register", "") == "register"
    assert infer_type("Board minutes", "") == "record"
    assert infer_type("Notes", "This policy sets the rules.") == "policy"
    assert infer_type("Notes", "Nothing to see.") == "other"


def test_title_skips_generic_and_date_headings() -> None:
    blocks = [
        Block("heading", "Acknowledgments", 2),
        Block("heading", "August 2023", 1),
        Block("heading", "Model Risk Rules", 2),
    ]
    assert first_heading(blocks) == "Model Risk Rules"
    assert first_heading([Block("paragraph", "text")] * 7 + [Block("heading", "Late", 1)]) is None


def test_overrides_beat_metadata_which_beats_headings() -> None:
    blocks = [Block("heading", "Heading Title", 1)]
    meta = describe(
        blocks,
        "Owner: Header Owner",
        {"title": "Front Matter Title", "owner": "Header Owner"},
        {"owner": "Override"},
        "file.md",
    )
    assert (meta.title, meta.owner) == ("Front Matter Title", "Override")
    assert describe(blocks, "", {}, {}, "file.md").title == "Heading Title"
    assert describe([], "", {}, {}, "ai-use_policy.md").title == "ai use policy"
