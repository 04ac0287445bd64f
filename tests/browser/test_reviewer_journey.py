"""The reviewer's journey in a real browser: upload with metadata (the button cannot be
pressed twice), the review queue with the suggestion's basis on screen, confirm with the
keyboard, the notice and its announcement, Undo, and the dashboard following each step."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import DEMO_DOCS
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser


def _covered(page: Any, site: Site) -> int:
    page.goto(f"{site.url}/")
    text = page.locator('[data-standard="iso42001"] .muted').inner_text()
    return int(re.match(r"(\d+) of", text).group(1))  # type: ignore[union-attr]


def test_upload_with_metadata_review_confirm_undo_and_the_dashboard(
    page: Any, site: Site, tmp_path: Path
) -> None:
    # a copy of its own: other journeys on the same site ingest the demo file itself, and a
    # duplicate upload keeps the metadata of the first
    source = DEMO_DOCS / "model-lifecycle-procedure.md"
    upload = tmp_path / "model-lifecycle-journey.md"
    upload.write_text(
        source.read_text("utf-8") + "\n\nThis copy is the reviewer journey's own.\n", "utf-8"
    )
    sign_in(page, site, "reviewer")
    page.goto(f"{site.url}/documents")
    page.get_by_label("File (PDF, DOCX, Markdown, HTML or text)").set_input_files(str(upload))
    page.get_by_label("Title (optional)").fill("Model lifecycle (journey)")
    page.get_by_label("Version (optional)").fill("3.2")
    page.get_by_label("Owner (optional)").fill("ML platform lead")
    page.get_by_label("Review date (evidence counts until then)").fill("2099-06-30")
    page.get_by_role("button", name="Upload").click()
    assert page.locator("#upload-button").is_disabled()  # no second submit while it runs
    page.wait_for_selector("#review-link", timeout=300_000)
    assert page.locator("#upload-button").is_enabled()  # free again once the job is done
    screenshot(page, "h12a-01-upload-with-metadata")
    document = page.locator("#review-link").get_attribute("href").split("document=")[1]
    page.goto(f"{site.url}/documents")
    row = page.locator(f"#doc-{document}")
    assert "3.2" in row.inner_text() and "2099-06-30" in row.inner_text()

    # the first queue item whose requirement is still a gap: confirming it must count
    gaps = {g.notation for g in site.workspace.gaps().standards["iso42001"].gaps}
    queue = site.workspace.queue_view(document, "iso42001", None, 0.2).items
    position = next(n for n, link in enumerate(queue) if link.notation in gaps)
    before = _covered(page, site)

    page.goto(f"{site.url}/review?document={document}&i={position}")
    review = page.locator("#review")
    link = review.get_attribute("data-link")
    assert link == queue[position].id
    assert page.locator("blockquote.cited-passage").count() >= 1  # the passage it rests on
    assert page.locator("#requirement-definition").inner_text().strip()
    assert "confidence" in page.locator(".confidence").inner_text()
    screenshot(page, "h12a-02-review-basis")
    with page.expect_navigation():
        page.keyboard.press("c")
    notice = page.locator("#decision-notice")
    assert "Confirmed" in notice.inner_text() and queue[position].notation in notice.inner_text()
    assert "Confirmed" in page.locator('#announce[aria-live="polite"]').inner_text()
    screenshot(page, "h12a-03-confirmed-notice")
    assert _covered(page, site) == before + 1

    page.go_back()  # Back to the queue page: it shows the queue as it is now
    page.wait_for_selector("#decision-notice")
    assert page.locator("#review").get_attribute("data-link") != link
    with page.expect_navigation():
        page.keyboard.press("u")  # undo from the notice
    assert page.locator("#review").get_attribute("data-link") == link  # back as the current one
    assert "Undid" in page.locator("#announce").inner_text()
    assert page.locator(".history").inner_text().count("confirm") >= 1
    screenshot(page, "h12a-04-undone")
    assert _covered(page, site) == before
    page.goto(f"{site.url}/documents/{document}")
    trail = page.locator(f"#link-{link} .history").inner_text()
    assert "confirm" in trail and "undo" in trail
    screenshot(page, "h12a-05-document-history")
