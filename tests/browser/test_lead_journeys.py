"""The compliance lead's journeys in a real browser: judge a crosswalk suggestion from the
ISO/IEC 42001 evidence it came from, close a gap from the gap report, have an SoA exclusion
refused inline and then saved; search and the audit log fit the page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from api.schemas import Decision
from ingest.pipeline import IngestOptions
from tests.api.conftest import DEMO_DOCS
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser


def _gap_row(notation: str) -> str:
    """The CSS selector of a 42001 gap's row in the gap report (dots escaped)."""
    return "#gap-iso42001-" + notation.replace(".", "\\.")


@pytest.fixture(scope="module")
def policy(site: Site) -> str:
    """The AI policy (current: its review date is ahead), ingested unless it already is."""
    report = site.workspace.ingest(
        [DEMO_DOCS / "ai-policy.md"], IngestOptions(parse_timeout_s=None)
    )
    return report.documents[0].id


def _crosswalk_suggestion(site: Site, document: str) -> dict[str, Any]:
    """Confirm the policy's 42001 suggestions until one makes a crosswalk suggestion in
    another standard (one a reviewer must judge); returns it."""
    ws = site.workspace

    def waiting() -> dict[str, Any]:
        return {
            link.id: link.model_dump()
            for standard in ("iso27001", "euaiact")
            for link in ws.review_queue(document, standard)
            if link.method == "crosswalk"
        }

    for link in ws.review_queue(document, "iso42001"):
        if waiting():
            break
        ws.decide(Decision(link=link.id, decision="confirm"), "Source Reviewer")
    found = waiting()
    assert found, "no confirmation of the policy made a crosswalk suggestion"
    return next(iter(found.values()))


def test_crosswalk_suggestion_judged_from_its_source(page: Any, site: Site, policy: str) -> None:
    made = _crosswalk_suggestion(site, policy)
    sign_in(page, site, "reviewer")
    page.goto(f"{site.url}/requirements/{made['standard']}/{made['notation']}")
    card = page.locator(f"#link-{made['id']}")
    expect(card).to_be_visible()
    source = card.locator(".basis-source")
    expect(source).to_contain_text("ISO/IEC 42001")
    expect(source).to_contain_text(re.compile(r"confirmed\s+by \w"))  # who confirmed the source
    expect(card.locator(".basis-relationship .rel")).to_have_text(
        re.compile(r"^(equal|subsetOf|supersetOf|intersectsWith)$")
    )
    expect(card.locator(".basis-rationale")).not_to_be_empty()
    passage = card.locator("blockquote.cited-passage")
    assert len(passage.inner_text().strip()) > 20, "the passage it came from is on screen"
    expect(card.locator(".why")).to_contain_text(f"{made['score']:.2f}")
    screenshot(page, "lead-01-crosswalk-basis")

    with page.expect_navigation():
        source.get_by_role("link").first.click()  # the ISO/IEC 42001 evidence it came from
    assert "/requirements/iso42001/" in page.url
    page.go_back()
    card = page.locator(f"#link-{made['id']}")
    card.get_by_label(f"Comment on {made['id']}").fill("Source passage covers it")
    with page.expect_navigation():
        card.get_by_role("button", name="Confirm").click()
    expect(page.locator("#decision-notice")).to_contain_text("confirmed")
    expect(page.locator(f"#link-{made['id']} .tag").first).to_have_text("confirmed")
    assert page.locator(f"#link-{made['id']} form.decide").count() == 0
    screenshot(page, "lead-02-crosswalk-confirmed")


def test_gap_fixed_from_the_gap_report(page: Any, site: Site, policy: str) -> None:
    report = site.workspace.gaps()
    gap = next(
        g
        for g in report.standards["iso42001"].gaps
        if g.kind == "control" and g.suggestions and g.suggestions[0]["document"] == policy
    )
    sign_in(page, site, "reviewer")
    page.goto(f"{site.url}/gaps")
    row = page.locator(_gap_row(gap.notation))
    expect(row).to_be_visible()
    assert "aimsgraph" not in row.inner_text(), "no CLI command to copy"
    expect(row.locator("a.action-soa")).to_have_attribute("href", f"/soa#row-{gap.notation}")
    screenshot(page, "lead-03-gap-report")
    with page.expect_navigation():
        row.locator("a.action-review").click()
    assert page.url.endswith(f"/requirements/iso42001/{gap.notation}#evidence")
    best = page.locator(f"#link-{gap.suggestions[0]['link']}")
    expect(best.locator("blockquote.cited-passage")).to_be_visible()
    with page.expect_navigation():
        best.get_by_role("button", name="Confirm").click()
    expect(page.locator("#decision-notice")).to_be_visible()
    page.goto(f"{site.url}/gaps")
    expect(page.locator(_gap_row(gap.notation))).to_have_count(0)
    screenshot(page, "lead-04-gap-closed")


def test_soa_exclusion_refused_inline_then_saved(page: Any, site: Site) -> None:
    sign_in(page, site, "admin")
    page.goto(f"{site.url}/soa")
    row = page.locator("#row-A\\.10\\.3")
    row.get_by_label("Applicable: A.10.3").select_option("no")
    row.get_by_label("Justification: A.10.3").fill("")
    with page.expect_navigation():
        row.get_by_role("button", name="Save").click()
    row = page.locator("#row-A\\.10\\.3")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(row.locator(".field-error")).to_contain_text("needs a justification")
    expect(row.get_by_label("Applicable: A.10.3")).to_have_value("no")  # the choice is kept
    justification = row.get_by_label("Justification: A.10.3")
    expect(justification).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("document.activeElement.id") == justification.get_attribute("id")
    screenshot(page, "lead-05-soa-refused")
    justification.fill("No AI system is supplied by third parties")
    with page.expect_navigation():
        row.get_by_role("button", name="Save").click()
    expect(page.locator("#soa-saved")).to_have_text("Saved A.10.3.")
    row = page.locator("#row-A\\.10\\.3")
    expect(row.get_by_label("Justification: A.10.3")).to_have_value(
        "No AI system is supplied by third parties"
    )
    screenshot(page, "lead-06-soa-saved")
    page.reload()
    expect(page.locator("#soa-saved")).to_have_count(1)  # the notice is the GET's; no re-post
    [entry] = [r for r in site.workspace.soa() if r.notation == "A.10.3"]
    assert entry.applicable is False


def test_search_and_audit_pages_fit_and_label_their_controls(
    page: Any, site: Site, policy: str
) -> None:
    sign_in(page, site, "viewer")
    page.get_by_label("Search documents, passages and requirements").fill("risk register")
    with page.expect_navigation():
        page.get_by_label("Search documents, passages and requirements").press("Enter")
    expect(page.locator("#search-summary")).to_contain_text("risk register")
    expect(page.locator("#found-passages mark").first).to_have_text(
        re.compile("risk register", re.IGNORECASE)
    )
    screenshot(page, "lead-07-search")
    page.goto(f"{site.url}/audit")
    expect(page.locator("#audit tbody tr").first).to_be_visible()
    screenshot(page, "lead-08-audit")
    for path in ("/search?q=policy", "/audit", "/gaps", "/no/such/page"):
        page.goto(f"{site.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label'))
            .length"""
        )
        assert unlabelled == 0, path
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()  # on the 404 page too
