"""New versions through the web UI are explicit: two unrelated uploads in a row stay two
documents (the form starts empty for each file); an edited version is proposed, confirmed by
the user, and carries its reviewed evidence over by the text it cites, the reviewer seeing
what changed beside what was cited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mapping.evidence.listing import list_suggestions
from tests.api.conftest import DEMO_DOCS
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser
TITLE = "Supplier Model Assurance Policy"


def _choose(page: Any, site: Site, path: Path) -> None:
    page.goto(f"{site.url}/documents")
    page.get_by_label("File (PDF, DOCX, Markdown, HTML or text)").set_input_files(str(path))


def _upload(page: Any, name: str) -> tuple[str, str]:
    """Click Upload and wait for the job's result naming ``name``; (document id, result)."""
    page.get_by_role("button", name="Upload").click()
    link = page.locator("#upload-result a", has_text=name).first
    link.wait_for(timeout=300_000)
    page.wait_for_selector("#review-link", timeout=300_000)
    href = str(link.get_attribute("href"))
    return href.rsplit("/", 1)[-1], page.locator("#upload-result").inner_text()


def _file(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name.rsplit(".", 1)[0]
    folder.mkdir()
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_two_unrelated_uploads_in_a_row_stay_two_documents(
    page: Any, site: Site, tmp_path: Path
) -> None:
    lifecycle = (DEMO_DOCS / "model-lifecycle-procedure.md").read_text("utf-8")
    supplier = (DEMO_DOCS / "ai-incident-and-supplier-procedure.md").read_text("utf-8")
    # other text than the demo's copy (the same text would be a rendition of that copy)
    first_file = _file(
        tmp_path,
        "monitoring.md",
        lifecycle.replace("AI Model Lifecycle Procedure", "Model Lifecycle Procedure H19"),
    )
    second_file = _file(
        tmp_path,
        "supplier.md",
        supplier.replace("AI Incident and Third-Party Procedure", "Supplier Procedure H19"),
    )
    sign_in(page, site, "reviewer")
    _choose(page, site, first_file)
    page.get_by_label("Title (optional)").fill("Monitoring procedure")
    page.get_by_label("Owner (optional)").fill("Operations lead")
    page.get_by_label("Review date (evidence counts until then)").fill("2027-01-31")
    first, said = _upload(page, "Monitoring procedure")
    assert "(new)" in said
    # the form is empty again: nothing typed for the first file goes with the second
    for label in (
        "Title (optional)",
        "Owner (optional)",
        "Review date (evidence counts until then)",
    ):
        assert page.get_by_label(label).input_value() == ""
    assert page.locator("#revision_of").input_value() == ""

    page.get_by_label("File (PDF, DOCX, Markdown, HTML or text)").set_input_files(str(second_file))
    second, said = _upload(page, "Supplier Procedure H19")
    screenshot(page, "09-two-unrelated-uploads")
    assert second != first and "(new)" in said and "revision" not in said

    page.goto(f"{site.url}/documents/{first}")
    assert page.locator("#superseded-notice").count() == 0
    assert page.locator("#versions li").count() == 1
    page.goto(f"{site.url}/documents/{second}")
    assert page.locator("h1").inner_text().startswith("Supplier Procedure H19")


def _heading_of(source: str, section: str) -> str:
    """The Markdown heading line of the passage's section."""
    for line in source.splitlines():
        heading = line.lstrip("# ").strip()
        if line.startswith("#") and heading and heading in section:
            return line
    raise AssertionError(f"no heading for section {section!r}")


def _edited(site: Site, document: str, source: str) -> tuple[str, int]:
    """Version 2: one sentence added under the section the best confirmed link cites, and a
    short section appended (re-cutting the last passage); with how many confirmed links
    cite the edited text (the heading and what follows it)."""
    confirmed = list_suggestions(site.workspace.store, document=document, status="confirmed")
    assert len(confirmed) == 3
    heading = _heading_of(source, confirmed[0]["passages"][0]["section"])
    edited = source.replace(heading + "\n", heading + "\n\nRevised after the 2026 audit.\n", 1)
    assert edited != source
    words = heading.lstrip("# ").strip()
    touched = sum(any(words in p["text"] for p in link["passages"]) for link in confirmed)
    return edited + "\n## 6 Contacts\n\nQuestions go to the AI office.\n", touched


def test_an_edited_version_is_proposed_confirmed_and_carries_evidence_over(
    page: Any, site: Site, tmp_path: Path
) -> None:
    source = (DEMO_DOCS / "ai-policy.md").read_text("utf-8").replace("Responsible AI Policy", TITLE)
    v1 = _file(tmp_path, "assurance.md", source)
    sign_in(page, site, "reviewer")
    _choose(page, site, v1)
    first, _ = _upload(page, TITLE)
    page.goto(f"{site.url}/review?document={first}")
    page.wait_for_selector("#review")
    for _ in range(3):
        with page.expect_navigation():
            page.keyboard.press("c")  # confirm
    edited, touched = _edited(site, first, source)
    v2 = _file(tmp_path, "assurance-v2.md", edited)

    _choose(page, site, v2)
    proposal = page.locator("#proposal-0")
    proposal.wait_for(timeout=120_000)
    assert first in proposal.inner_text() and "same title" in proposal.inner_text()
    assert page.locator("#revision_of").input_value() == ""  # proposed, not taken
    proposal.get_by_role("button", name="Yes, a new version of it").click()
    assert page.locator("#revision_of").input_value() == first
    second, said = _upload(page, TITLE)
    carried = int(page.locator("#carried-over").inner_text())
    flagged = int(page.locator("#needs-review").inner_text())
    screenshot(page, "10-revision-uploaded")
    assert second != first and "revision" in said
    # only the links citing the edited section are to review again; the appended section
    # re-cut the last passage, and what it cited still carries over
    assert 1 <= flagged == touched and carried == 3 - touched

    page.goto(f"{site.url}/review?document={second}")
    page.wait_for_selector("#review")
    changes = page.locator("#item-changes")
    assert changes.is_visible()
    inserted = changes.locator(".cited-after ins").all_inner_texts()
    assert any("Revised after the 2026 audit." in text for text in inserted)
    assert "changed or is gone" in page.locator("#item-why").inner_text()
    screenshot(page, "11-revision-changes")

    page.goto(f"{site.url}/documents/{first}")
    assert second in page.locator("#superseded-notice").inner_text()
    assert page.locator("#versions li").count() == 2
    page.goto(f"{site.url}/review")
    options = page.locator("#f-document option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert first not in values
