"""A new version uploaded through the web UI carries reviewed evidence over: unchanged cited
passages keep their confirmation (carried over), edited ones come back for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mapping.evidence.listing import list_suggestions
from tests.api.conftest import DEMO_DOCS
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser
TITLE = "Supplier Model Assurance Policy"


def _upload(page: Any, site: Site, path: Path) -> str:
    """Upload through the documents page; the id of the document the job produced."""
    page.goto(f"{site.url}/documents")
    page.get_by_label("File (PDF, DOCX, Markdown, HTML or text)").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("#review-link", timeout=300_000)
    href = page.locator("#upload-result a").first.get_attribute("href")
    return str(href).rsplit("/", 1)[-1]


def _heading_of(source: str, section: str) -> str:
    """The Markdown heading line of the passage's section."""
    for line in source.splitlines():
        if (
            line.startswith("#")
            and line.lstrip("# ").strip()
            and line.lstrip("# ").strip() in section
        ):
            return line
    raise AssertionError(f"no heading for section {section!r}")


def _edit_one_cited_section(site: Site, document: str, source: str) -> str:
    """Version 2: the section cited by the best confirmed link gets a new sentence."""
    confirmed = list_suggestions(site.workspace.store, document=document, status="confirmed")
    assert len(confirmed) == 3
    heading = _heading_of(source, confirmed[0]["passages"][0]["section"])
    edited = source.replace(heading + "\n", heading + "\n\nRevised after the 2026 audit.\n", 1)
    assert edited != source
    return edited


def test_uploaded_revision_carries_reviews_over_and_flags_changes(
    page: Any, site: Site, tmp_path: Path
) -> None:
    source = (DEMO_DOCS / "ai-policy.md").read_text("utf-8").replace("Responsible AI Policy", TITLE)
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    v1, v2 = tmp_path / "v1" / "assurance.md", tmp_path / "v2" / "assurance.md"
    v1.write_text(source, "utf-8")
    sign_in(page, site, "reviewer")
    first = _upload(page, site, v1)
    page.goto(f"{site.url}/review?document={first}")
    page.wait_for_selector("#review")
    for _ in range(3):
        with page.expect_navigation():
            page.keyboard.press("c")  # confirm
    v2.write_text(_edit_one_cited_section(site, first, source), "utf-8")

    second = _upload(page, site, v2)
    assert second != first and "revision" in page.locator("#upload-result").inner_text()
    carried = int(page.locator("#carried-over").inner_text())
    flagged = int(page.locator("#needs-review").inner_text())
    screenshot(page, "09-revision-uploaded")
    assert flagged >= 1 and carried + flagged == 3

    page.goto(f"{site.url}/documents/{second}")
    # the ISO/IEC 42001 links (crosswalks carry evidence on to the other standards as well)
    links = page.locator('aside li:has(a[href^="/requirements/iso42001/"]) .tag')
    statuses = [links.nth(i).inner_text() for i in range(links.count())]
    assert statuses.count("carriedOver") == carried
    assert statuses.count("needsReview") == flagged
    screenshot(page, "10-revision-document")
    page.goto(f"{site.url}/review?document={second}")
    page.wait_for_selector("#review")
    assert int(page.locator("#review").get_attribute("data-count")) >= flagged
