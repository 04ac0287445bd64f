"""Readers on the committed fixtures: structure, pages, metadata, chrome removed."""

from __future__ import annotations

import pytest

from ingest.errors import EmptyFileError, UnsupportedTypeError
from ingest.readers import ReaderLimits, read_document
from ingest.readers.base import assemble
from ingest.sniff import DOCX, HTML, MARKDOWN, PDF, TEXT, sniff

from .conftest import BAD, FIXTURES

LIMITS = ReaderLimits()
TITLE = "Acme AI Acceptable Use Policy"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("policy.pdf", PDF),
        ("policy.docx", DOCX),
        ("policy.html", HTML),
        ("policy.md", MARKDOWN),
        ("policy.txt", TEXT),
    ],
)
def test_type_is_sniffed_from_content(name: str, expected: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert sniff(data, name) == expected
    # the name does not decide: the same bytes under a misleading name sniff the same
    assert (
        sniff(data, "renamed.bin") in (expected, TEXT)
        if expected == MARKDOWN
        else sniff(data, "renamed.bin") == expected
    )


def test_png_named_pdf_is_refused_by_content() -> None:
    with pytest.raises(UnsupportedTypeError, match="picture-named.pdf: the content is a PNG image"):
        sniff((BAD / "picture-named.pdf").read_bytes(), "picture-named.pdf")


def test_empty_file_is_refused() -> None:
    with pytest.raises(EmptyFileError, match="empty.txt: the file is empty"):
        sniff(b"", "empty.txt")


def read(name: str):  # type: ignore[no-untyped-def]
    data = (FIXTURES / name).read_bytes()
    return read_document(data, sniff(data, name), name, LIMITS)


def test_pdf_pages_headings_and_dehyphenation() -> None:
    extraction = read("policy.pdf")
    assert extraction.page_count == 3
    headings = [(b.text, b.page) for b in extraction.blocks if b.kind == "heading"]
    assert ("1 Purpose", 1) in headings and ("3.1 Approval of new tools", 2) in headings
    assert ("4 Data protection", 3) in headings
    text = assemble(extraction.blocks).text
    assert "internal management every quarter" in text  # "manage-" + "ment" joined
    assert "Acme Ltd - internal" not in text  # running header dropped
    assert extraction.metadata["title"] == "Acme AI Acceptable Use Policy"


def test_pdf_bookmarks_set_heading_levels() -> None:
    """ "Exceptions" alone looks like a top-level heading; its bookmark puts it under 4."""
    headings = [(b.text, b.level) for b in read("policy.pdf").blocks if b.kind == "heading"]
    assert headings[-2:] == [("4 Data protection", 1), ("Exceptions", 2)]


def test_pdf_font_sizes_find_sentence_case_headings_and_wrapped_titles() -> None:
    """report.pdf has no bookmarks; its headings differ from the body only by size."""
    headings = [(b.text, b.level) for b in read("report.pdf").blocks if b.kind == "heading"]
    assert headings == [
        ("Quarterly AI monitoring report for the customer service assistant", 1),
        ("How we measured drift", 2),
        ("What the review board decided", 2),
    ]


def test_docx_headings_lists_tables() -> None:
    extraction = read("policy.docx")
    kinds = {(b.kind, b.text.split("\n")[0]) for b in extraction.blocks}
    assert ("heading", "3.1 Approval of new tools") in kinds
    assert ("list", "- Making hiring decisions without human review.") in kinds
    assert ("table", "Tool | Status") in kinds
    levels = {b.text: b.level for b in extraction.blocks if b.kind == "heading"}
    assert (
        levels[TITLE] == 1 and levels["6 Review"] == 2
    )  # "6 Review": a custom style's outline level
    assert levels["3 Roles and responsibilities"] == 2 and levels["3.1 Approval of new tools"] == 3
    assert extraction.metadata["title"] == "Acme AI Acceptable Use Policy"


def test_markdown_front_matter_and_structure() -> None:
    extraction = read("policy.md")
    assert extraction.metadata["owner"] == "Chief Technology Officer"
    assert extraction.metadata["version"] == "1.0"
    assert extraction.metadata["review_date"] == "2026-01-01"
    assert [b.level for b in extraction.blocks if b.kind == "heading"][:3] == [1, 2, 2]
    assert any(b.kind == "table" and "CodeHelper | approved" in b.text for b in extraction.blocks)


def test_html_drops_navigation_scripts_and_footers() -> None:
    text = assemble(read("policy.html").blocks).text
    assert "3.1 Approval of new tools" in text and "CodeHelper | approved" in text
    for chrome in ("HR menu", "tracking", "color: red", "intranet banner", "footer text"):
        assert chrome not in text


def test_plain_text_headings_and_header_fields() -> None:
    extraction = read("policy.txt")
    assert extraction.metadata["owner"] == "Chief Technology Officer"
    assert "2 Scope" in [b.text for b in extraction.blocks if b.kind == "heading"]


def test_html_keeps_text_sitting_directly_in_containers() -> None:
    html = b"<html><body><div>Staff must use approved tools <p>Approval takes a week.</p></div></body></html>"
    text = assemble(read_document(html, HTML, "page.html", LIMITS).blocks).text
    assert "Staff must use approved tools" in text and "Approval takes a week." in text


def test_other_office_and_rich_text_formats_are_named() -> None:
    import io
    import zipfile

    slides = io.BytesIO()
    with zipfile.ZipFile(slides, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<presentation/>")
    # (spreadsheets are read now: tests/ingest/test_spreadsheets.py)
    with pytest.raises(UnsupportedTypeError, match="a presentation"):
        sniff(slides.getvalue(), "deck.pptx")
    with pytest.raises(UnsupportedTypeError, match="an RTF document"):
        sniff(b"{\\rtf1\\ansi Policy}", "policy.rtf")
