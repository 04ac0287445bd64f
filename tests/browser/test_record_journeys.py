"""Journeys of a record an auditor can trust, in a real browser: a re-target (mistyped first:
the comment stays in the form) read back in the audit log with its target and the link it
created; an SoA row set to implemented without evidence, refused inline while another row's
unsaved edit is kept; Back after a confirm does not let ``c`` decide an unread item, and
``j``/``k`` keep a typed comment; a duplicate upload says so and keeps the typed details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from ingest.pipeline import IngestOptions
from tests.api.conftest import DEMO_DOCS
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def procedure_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A document of this module's own (other journeys decide on theirs)."""
    source = DEMO_DOCS / "ai-incident-and-supplier-procedure.md"
    copy = tmp_path_factory.mktemp("audit-journeys") / "incident-procedure-audit.md"
    copy.write_text(source.read_text("utf-8") + "\n\nThe audit journeys' own copy.\n", "utf-8")
    return copy


@pytest.fixture(scope="module")
def procedure(site: Site, procedure_file: Path) -> str:
    report = site.workspace.ingest(
        [procedure_file],
        IngestOptions(parse_timeout_s=None, title="Incident procedure (audit journeys)"),
    )
    return report.documents[0].id


def _queue(site: Site, document: str) -> str:
    return f"{site.url}/review?document={document}&min_score=all"


def test_retarget_then_read_it_in_the_audit_log(page: Any, site: Site, procedure: str) -> None:
    sign_in(page, site, "reviewer")
    page.goto(_queue(site, procedure))
    link = page.locator("#review").get_attribute("data-link")
    notation = page.locator("#cur-h a").first.inner_text().strip()
    target = "A.6.2.5" if notation != "A.6.2.5" else "A.6.2.6"
    page.get_by_label("Comment (optional)").fill("Belongs to the deployment control")
    page.get_by_label("Re-target to (notation, e.g. A.6.2.5)").fill("A.6.2.55")
    with page.expect_navigation():
        page.locator("#retarget").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()  # in the layout
    expect(page.locator("#retarget-error")).to_contain_text("A.6.2.55")
    expect(page.get_by_label("Comment (optional)")).to_have_value(
        "Belongs to the deployment control"
    )
    assert page.locator("#review").get_attribute("data-link") == link, "the same item"
    screenshot(page, "h19b-01-retarget-mistyped")
    page.get_by_label("Re-target to (notation, e.g. A.6.2.5)").fill(target)
    with page.expect_navigation():
        page.locator("#retarget").click()
    expect(page.locator("#decision-notice")).to_contain_text("Re-targeted")
    expect(page.locator("#retarget-done")).to_have_text(target)

    page.goto(f"{site.url}/audit?kind=decision")
    row = page.locator("tr.event-decision", has=page.locator(f"code:text-is('{link}')"))
    expect(row).to_have_count(1)
    expect(row.locator(".retarget-target")).to_have_text(f"→ {target}")
    created = row.locator(".created-link code").inner_text()
    expect(row.locator("td").nth(2)).to_have_text("Reviewer Browser")
    expect(row.locator("td.before")).to_contain_text("suggested")
    expect(row.locator("td.after")).to_contain_text("rejected")
    expect(row.locator("td.after")).to_contain_text("Belongs to the deployment control")
    screenshot(page, "h19b-02-audit-log-retarget")
    made = {x.id: x for x in site.workspace.suggestions(document=procedure)}
    assert made[created].notation == target and made[created].status == "confirmed"


def test_soa_implemented_without_evidence_is_refused_inline(page: Any, site: Site) -> None:
    rows = {r.notation: r for r in site.workspace.soa()}
    bare = [n for n, r in rows.items() if not (r.evidence_count or r.justification or r.set)]
    notation, other = bare[0], bare[1]
    sign_in(page, site, "admin")
    page.goto(f"{site.url}/soa")
    escaped, other_escaped = notation.replace(".", "\\."), other.replace(".", "\\.")
    other_row = page.locator(f"#row-{other_escaped}")
    other_row.get_by_label(f"Justification: {other}").fill("Typed but not saved yet")
    row = page.locator(f"#row-{escaped}")
    row.get_by_label(f"Applicable: {notation}").select_option("yes")
    row.get_by_label(f"Justification: {notation}").fill("")
    row.get_by_label(f"Implementation status: {notation}").select_option("implemented")
    with page.expect_navigation():
        row.get_by_role("button", name="Save").click()
    row = page.locator(f"#row-{escaped}")
    status = row.get_by_label(f"Implementation status: {notation}")
    expect(row.locator(".field-error")).to_contain_text("Implemented needs current evidence")
    expect(status).to_have_value("implemented")  # the choice is kept
    expect(status).to_have_attribute("aria-invalid", "true")
    notice = page.locator("#soa-problem")
    expect(notice).to_contain_text(f"{notation} was not saved")
    colour = notice.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour != "rgb(232, 243, 234)", "the error notice is not the green of a success"
    other_row = page.locator(f"#row-{other_escaped}")
    expect(other_row.get_by_label(f"Justification: {other}")).to_have_value(
        "Typed but not saved yet"
    )
    expect(other_row).to_have_class("unsaved")
    expect(page.locator("#soa-kept")).to_be_visible()
    assert page.locator("tr.unsaved").count() == 1, "only the row that was edited"
    screenshot(page, "h19b-03-soa-implemented-refused")
    assert next(r for r in site.workspace.soa() if r.notation == notation).set is False

    row.get_by_label(f"Justification: {notation}").fill("Shown by the internal audit report")
    with page.expect_navigation():
        row.get_by_role("button", name="Save").click()
    expect(page.locator("#soa-saved")).to_have_text(f"Saved {notation}.")
    saved = next(r for r in site.workspace.soa() if r.notation == notation)
    assert saved.implementation_status == "implemented"


def test_back_after_a_confirm_does_not_arm_c_and_j_k_keep_a_comment(
    page: Any, site: Site, procedure: str
) -> None:
    sign_in(page, site, "reviewer")
    page.goto(_queue(site, procedure))
    first = page.locator("#review").get_attribute("data-link")
    comment = page.get_by_label("Comment (optional)")
    comment.fill("Half-written thought")
    comment.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("j")
    assert page.locator("#review").get_attribute("data-link") != first
    with page.expect_navigation():
        page.keyboard.press("k")
    expect(page.get_by_label("Comment (optional)")).to_have_value("Half-written thought")

    page.get_by_label("Comment (optional)").fill("")
    page.locator("h1").click()
    with page.expect_navigation():
        page.keyboard.press("c")
    expect(page.locator("#decision-notice")).to_contain_text("Confirmed")
    page.go_back()
    unread = page.locator("#review").get_attribute("data-link")
    assert unread != first, "the place now holds the next item"
    expect(page.locator("#back-notice")).to_be_visible()
    page.keyboard.press("c")
    page.wait_for_timeout(1500)
    assert site.workspace.history(unread) == [], "c did not decide the item nobody read"
    screenshot(page, "h19b-04-back-after-confirm")


def test_a_duplicate_upload_says_so_and_keeps_the_typed_details(
    page: Any, site: Site, procedure: str, procedure_file: Path
) -> None:
    sign_in(page, site, "reviewer")
    page.goto(f"{site.url}/documents")
    page.get_by_label("File (PDF, DOCX, Markdown, HTML or text)").set_input_files(
        str(procedure_file)
    )
    page.get_by_label("Owner (optional)").fill("Incident manager")
    page.get_by_label("Title (optional)").fill("Incident procedure, uploaded again")
    page.get_by_role("button", name="Upload").click()
    notice = page.locator("#duplicate-notice")
    expect(notice).to_be_visible(timeout=120_000)
    expect(page.locator("#upload-result")).to_contain_text("Nothing new was stored")
    expect(page.locator(f'#upload-result a[href="/documents/{procedure}"]')).to_have_count(1)
    expect(page.get_by_label("Owner (optional)")).to_have_value("Incident manager")
    expect(page.get_by_label("Title (optional)")).to_have_value(
        "Incident procedure, uploaded again"
    )
    assert "0 passages" not in page.locator("#upload-result").inner_text()
    screenshot(page, "h19b-05-duplicate-upload")
