"""Reaching a document the review page's Document filter does not list, in a real browser
without any script of ours doing it: the select holds only the documents with the most
waiting (the cap made 1 here), *Find a document* narrows it by title words with a plain GET
form, and picking the match filters the queue to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.operations import queue_documents
from ingest.pipeline import IngestOptions
from tests.api.fresh_env import POLICY
from tests.browser.conftest import Site, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_document_beyond_the_cap_is_found_by_title_and_filtered_to(
    page: Any, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = site.workspace
    found = {}
    for word in ("Yankee", "Zulu"):
        source = tmp_path / f"{word.lower()}.md"
        source.write_text(POLICY + f"\nKept by the {word} team.\n", "utf-8")
        options = IngestOptions(title=f"{word} search journey policy", parse_timeout_s=None)
        found[word] = ws.ingest([source], options).documents[0].id
    total = ws.queue_view(min_score=None).documents_total
    assert total >= 2 and all(ws.review_queue(d) for d in found.values())
    monkeypatch.setattr(queue_documents, "DOCUMENT_CHOICES", 1)

    sign_in(page, site, "viewer")
    page.goto(f"{site.url}/review?min_score=all")
    assert page.locator("#f-document option").count() == 2  # "all documents" and one
    assert f"1 of {total} documents" in page.locator("#f-document-help").inner_text()
    listed = page.locator("#f-document option").nth(1).get_attribute("value")
    word = "Zulu" if listed != found["Zulu"] else "Yankee"
    wanted = found[word]

    page.get_by_label("Find a document").fill(word.lower())
    page.get_by_label("Find a document").press("Enter")
    page.wait_for_url(f"**doc_q={word.lower()}**")
    options = page.locator("#f-document option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["", wanted]
    assert f"match “{word.lower()}”" in page.locator("#f-document-help").inner_text()
    screenshot(page, "review-document-search")
    page.get_by_label("Document", exact=True).select_option(wanted)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**document={wanted}**")
    assert (
        page.locator(f'#f-document option[value="{wanted}"]').get_attribute("selected") is not None
    )
    assert page.locator(f'#review a[href="/documents/{wanted}"]').count() >= 1
