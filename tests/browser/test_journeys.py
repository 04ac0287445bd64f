"""The main journeys in a real browser: sign in, upload and watch progress, work the queue
with the keyboard, see the dashboard change, run a query in the console."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.conftest import DEMO_DOCS
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/documents",
    "/review",
    "/requirements",
    "/requirements/iso42001/A.6.2.4",
    "/gaps",
    "/soa",
    "/systems",
    "/console",
    "/tokens",
]


def _no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"{page.url} is {width}px wide"


def _unlabelled_controls(page: Any) -> list[str]:
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label'))
            .map(e => e.outerHTML)"""
        )
    )


def _queue_size(page: Any, site: Site) -> int:
    page.goto(f"{site.url}/")
    return int(page.locator("#queue-size").inner_text())


def _coverage(page: Any) -> float:
    return float(page.locator('[data-standard="iso42001"] .big').get_attribute("data-coverage"))


def test_sign_in_upload_review_and_dashboard(page: Any, site: Site) -> None:
    sign_in(page, site, "reviewer")
    screenshot(page, "01-dashboard-before")
    before_queue, before_coverage = _queue_size(page, site), _coverage(page)

    page.goto(f"{site.url}/documents")
    page.get_by_label("File (PDF, DOCX, Markdown, HTML or text)").set_input_files(
        str(DEMO_DOCS / "ai-policy.md")
    )
    page.get_by_label("Owner (optional)").fill("Risk Office")
    page.get_by_role("button", name="Upload").click()
    page.locator("#upload-status").wait_for(state="visible")
    page.wait_for_selector("#review-link", timeout=300_000)
    assert "suggestions" in page.locator("#upload-result").inner_text()
    assert page.locator("#upload-progress").evaluate("e => e.value") == 1
    screenshot(page, "02-upload-done")

    page.locator("#review-link").click()
    page.wait_for_selector("#review")
    count = int(page.locator("#review").get_attribute("data-count"))
    assert count >= 3
    screenshot(page, "03-review-queue")
    page.keyboard.press("j")
    page.wait_for_url(re.compile(r"i=1"))
    page.keyboard.press("k")
    page.wait_for_url(re.compile(r"i=0"))
    first = page.locator("#cur-h a").inner_text()
    with page.expect_navigation():
        page.keyboard.press("c")  # confirm
    assert int(page.locator("#review").get_attribute("data-count")) == count - 1
    assert page.locator("#cur-h a").inner_text() != first or count == 1
    with page.expect_navigation():
        page.keyboard.press("r")  # reject the next one
    assert int(page.locator("#review").get_attribute("data-count")) == count - 2
    current = page.locator("#cur-h a").inner_text()
    target = "A.6.2.5" if "A.2.2" in current else "A.2.2"  # not the requirement it already has
    page.keyboard.press("t")  # re-target: focus the target field, type, Enter
    assert page.evaluate("document.activeElement.id") == "retarget_to"
    page.keyboard.type(target)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert int(page.locator("#review").get_attribute("data-count")) == count - 3
    screenshot(page, "04-review-after-keys")

    after_queue = _queue_size(page, site)
    assert before_queue == 0 and after_queue == count - 3  # the only document's queue
    assert _coverage(page) > before_coverage
    screenshot(page, "05-dashboard-after")


def test_console_runs_an_example_query(page: Any, site: Site) -> None:
    sign_in(page, site, "viewer")
    page.goto(f"{site.url}/console")
    page.get_by_role("link", name="counterparts-of-control").click()
    page.wait_for_url(re.compile("example=counterparts-of-control"))
    page.get_by_label("Query").click()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#results-status")).not_to_have_text(
        re.compile(r"^(Run a query|Running)"), timeout=60_000
    )
    assert page.locator("#results-table").count() == 1, page.locator("#results-status").inner_text()
    assert page.locator("#results-table tbody tr").count() > 0
    assert "rows in" in page.locator("#results-status").inner_text()
    screenshot(page, "06-console")
    page.get_by_label("Query").fill("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    page.get_by_role("button", name=re.compile("Run")).click()
    expect(page.locator("#results-status")).to_have_text(re.compile(r"^Error"), timeout=60_000)
    assert "read-only" in page.locator("#results-status").inner_text()


def test_pages_fit_1280px_and_label_their_controls(page: Any, site: Site) -> None:
    sign_in(page, site, "admin")
    for path in PAGES:
        page.goto(f"{site.url}{path}")
        _no_horizontal_scroll(page)
        assert _unlabelled_controls(page) == [], path
    screenshot(page, "07-tokens")
    page.goto(f"{site.url}/soa")
    screenshot(page, "08-soa")


def test_keyboard_focus_starts_at_the_skip_link(page: Any, site: Site) -> None:
    sign_in(page, site, "viewer")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_register_a_high_risk_system_link_a_document_see_obligations(page: Any, site: Site) -> None:
    path = DEMO_DOCS / "model-lifecycle-procedure.md"
    uploaded = page.request.post(
        f"{site.url}/api/documents?wait=true",
        multipart={
            "file": {"name": path.name, "mimeType": "text/markdown", "buffer": path.read_bytes()}
        },
        headers={"Authorization": f"Bearer {site.tokens['admin']}"},
    )
    assert uploaded.status in (200, 201), uploaded.text()
    sign_in(page, site, "admin")
    page.goto(f"{site.url}/systems")
    page.get_by_label("Name", exact=True).fill("Lifecycle Scorer")
    page.get_by_label("Aliases (; separated)").fill("model card")
    page.get_by_label("provider").check()
    page.get_by_label("Risk class").select_option("high-risk-annex-iii")
    with page.expect_navigation():
        page.get_by_role("button", name="Add system").click()
    assert page.url.endswith("/systems/lifecycle-scorer")
    obligations = page.locator("#obligations")
    expect(obligations).to_contain_text("art-9")
    expect(obligations).to_contain_text("missing")
    screenshot(page, "06-system-new")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Link ")).first.click()
    expect(page.get_by_role("button", name="Unlink")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("missing")
    screenshot(page, "07-system-linked")
    page.goto(f"{site.url}/systems")
    expect(page.locator("table.systems")).to_contain_text("Lifecycle Scorer")


def test_import_an_inventory_from_the_register_page(page: Any, site: Site) -> None:
    """A bad row is named in the page and nothing is written; the fixed file is imported."""
    sign_in(page, site, "admin")
    page.goto(f"{site.url}/systems")
    bad = b"name,roles,risk_class\nBrowser One,provider,minimal\nBrowser Two,provider,scary\n"
    page.get_by_label("Inventory file (.csv or .xlsx)").set_input_files(
        files=[{"name": "inventory.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("Nothing was imported")
    expect(problems).to_contain_text("scary")
    expect(page.locator("table.systems")).not_to_contain_text("Browser One")
    screenshot(page, "08-inventory-errors")
    good = bad.replace(b"scary", b"limited")
    page.get_by_label("Inventory file (.csv or .xlsx)").set_input_files(
        files=[{"name": "inventory.csv", "mimeType": "text/csv", "buffer": good}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    expect(page.locator("#notice")).to_contain_text("Imported 2 new and 0 updated AI systems.")
    expect(page.locator("table.systems")).to_contain_text("Browser Two")
    assert page.locator("#import-problems").count() == 0
    screenshot(page, "09-inventory-imported")
