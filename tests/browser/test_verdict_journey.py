"""The model's doubts in a real browser: a queue item the language model doubts is flagged
in the list, the reviewer filters the queue to it with the *Model check* select (its count
shown), the document page flags it with the model's reason, and nothing is ticked or
decided for them. The verdict is written by the real
verification path against the local stub endpoint (tests/llm_support.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import IngestOptions
from tests.api.conftest import DEMO_DOCS
from tests.browser.conftest import Site, screenshot, sign_in
from tests.llm_support import StubLlm

pytestmark = pytest.mark.browser


def test_a_doubted_item_is_flagged_and_filtered_to_never_decided(
    page: Any, site: Site, tmp_path: Path
) -> None:
    ws = site.workspace
    upload = tmp_path / "ai-policy-verdicts.md"  # a copy of its own, not another journey's
    text = (DEMO_DOCS / "ai-policy.md").read_text("utf-8")
    upload.write_text(text + "\n\nThis copy is the verdict journey's own.\n", "utf-8")
    report = ws.ingest([upload], IngestOptions(parse_timeout_s=None))
    document = report.documents[0].id
    queue = [item for item in ws.review_queue(document) if item.passages]
    assert len(queue) >= 2
    doubted = queue[1]  # not the first: the filter must bring it to the front
    stub = StubLlm()
    try:
        stub.answer = {
            "verdict": "does_not_support",
            "passage": 1,
            "quote": " ".join(doubted.passages[0].text.split()[:12]),
            "reason": "the passage is about something else",
        }
        settings = replace(ws.settings, llm_url=stub.url, llm_model="stub-browser")
        [verdict] = ws.verify(settings, link=doubted.id)
    finally:
        stub.close()
    assert verdict.verdict == "does_not_support" and verdict.quote_verified

    sign_in(page, site, "reviewer")
    page.goto(f"{site.url}/review?document={document}&min_score=all")
    flag = page.locator(f"#doubt-{doubted.id}")
    assert flag.inner_text() == "model: does not support — check the quote"
    assert "Machine-drafted" in (flag.get_attribute("title") or "")
    assert not page.locator(f"#pick-{doubted.id}").is_checked()
    page.get_by_label("Model check (machine-drafted)").select_option("does_not_support")
    assert "does not support (1)" in page.locator("#f-verdict").inner_text()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**verdict=does_not_support**")
    assert page.locator("#review").get_attribute("data-link") == doubted.id
    assert page.locator('input[name="pick"]').count() == 1
    assert page.locator("#item-doubt").is_visible()
    assert not page.locator(f"#pick-{doubted.id}").is_checked()
    screenshot(page, "h20q-01-queue-filtered-to-model-doubts")
    page.goto(f"{site.url}/documents/{document}")  # the document page flags it the same way
    check = page.locator(f"#check-{doubted.id}")
    assert check.is_visible() and "the passage is about something else" in check.inner_text()
    assert "model: does not support — check the quote" in check.inner_text()
    assert "machine-drafted" in check.inner_text()
    page.locator("#doubts-summary a").first.click()
    page.wait_for_url(f"**#link-{doubted.id}")
    assert ws.history(doubted.id) == []  # the model decided nothing
    item = next(i for i in ws.review_queue(document) if i.id == doubted.id)
    assert item.status == "suggested"
