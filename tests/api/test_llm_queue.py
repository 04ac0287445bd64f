"""The review queue and the language model's verdicts: each item carries its latest verdict,
the queue filters and orders by it, and the page flags the model's doubts — a hint that never
decides anything (no status changes, no decision recorded, nothing ticked).

Verdicts are written by the real verification path (``ws.verify`` and ``POST
/api/suggestions/{id}/verify``) against the local stub endpoint (tests/llm_support.py),
which answers what each test sets. The workspace is this module's own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.reviews import VerdictFilter
from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from mapping.llm.verdicts import VERDICT_FILTERS
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.cli_support import run_cli
from tests.conftest import initialised_data_dir
from tests.llm_support import StubLlm

#: The verdict each of the first three queue items gets, in queue order.
PLANNED = ("does_not_support", "partly", "unverifiable")


@dataclass
class Verified:
    """Two copies of one data directory whose first queue items have verdicts."""

    api_dir: Path
    cli_dir: Path
    links: dict[str, str]  # planned verdict → link id
    waiting: list[str]  # every queue item's id, best first


def _answer(item: Any, verdict: str) -> dict[str, Any]:
    """A stub answer: ``verdict`` with a quote from the item's first passage (made up for
    ``unverifiable``, which the quote check must discard)."""
    words = item.passages[0].text.split()
    quote = " ".join(words[:12]) if verdict != "unverifiable" else "words found in no passage"
    shown = "supports" if verdict == "unverifiable" else verdict
    return {"verdict": shown, "passage": 1, "quote": quote, "reason": f"stub says {verdict}"}


@pytest.fixture(scope="module")
def verified(
    tmp_path_factory: pytest.TempPathFactory, reference_template: Path, stub: StubLlm
) -> Verified:
    """Ingest the sample policy, verify its three best queue items through ``ws.verify``
    (what ``aimsgraph verify`` and the API call), close, and copy the folder (API, CLI)."""
    root = tmp_path_factory.mktemp("verdict-queue")
    data_dir = initialised_data_dir(reference_template, root / "data")
    settings = Settings(data_dir=data_dir, llm_url=stub.url, llm_model="stub-first")
    with share_model(Workspace.open(settings)) as ws:
        ws.ingest([DEMO_DOCS / "ai-policy.md"], IngestOptions(parse_timeout_s=None))
        queue = ws.review_queue()
        chosen = [item for item in queue if item.passages][: len(PLANNED)]
        links = {}
        for item, verdict in zip(chosen, PLANNED, strict=True):
            stub.behaviour, stub.answer = "answer", _answer(item, verdict)
            [done] = ws.verify(settings, link=item.id)
            assert done.verdict == verdict, done.reason
            links[verdict] = item.id
    shutil.copytree(data_dir, root / "cli")
    return Verified(data_dir, root / "cli", links, [item.id for item in queue])


@dataclass
class Env:
    client: TestClient
    ws: Workspace
    tokens: dict[str, str]

    def as_role(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def queue(self, **params: str) -> tuple[list[dict[str, Any]], int]:
        response = self.client.get(
            "/api/reviews/queue", params={"limit": "500", **params}, headers=self.as_role("viewer")
        )
        assert response.status_code == 200, response.text
        return response.json(), int(response.headers["X-Total-Count"])


@pytest.fixture(scope="module")
def env(verified: Verified, stub: StubLlm) -> Iterator[Env]:
    settings = Settings(data_dir=verified.api_dir, llm_url=stub.url)  # model: the stub's own
    ws = share_model(Workspace.open(settings))
    app = create_app(ws, settings)
    tokens = {r: app.state.tokens.create(f"{r.title()} Q", r)[1] for r in ("viewer", "reviewer")}
    with TestClient(app) as client:
        yield Env(client, ws, tokens)
    ws.close()


def _signed_in(env: Env) -> TestClient:
    client = TestClient(env.client.app)
    page = client.get("/signin")
    pre = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert pre
    client.post("/signin", data={"token": env.tokens["reviewer"], "csrf": pre.group(1)})
    return client


def test_the_api_filter_names_the_verdicts_the_core_knows() -> None:
    assert get_args(VerdictFilter) == VERDICT_FILTERS


def test_queue_items_carry_their_latest_verdict_and_filter_by_it(
    env: Env, verified: Verified
) -> None:
    every, total = env.queue()
    assert [item["id"] for item in every] == verified.waiting and total == len(every)
    by_id = {item["id"]: item for item in every}
    for planned, link in verified.links.items():
        found = by_id[link]["verdict"]
        assert found["verdict"] == planned and found["machine_drafted"] is True
        assert found["quote_verified"] is (planned != "unverifiable")
        assert found["doubts"] is (planned in {"does_not_support", "partly"})
        assert found["model"] == "stub-model-v1" and found["ended"]
    unchecked = [i for i in verified.waiting if i not in verified.links.values()]
    assert all(by_id[i]["verdict"] is None for i in unchecked)
    for planned, link in verified.links.items():
        items, count = env.queue(verdict=planned)
        assert [item["id"] for item in items] == [link] and count == 1
    assert env.queue(verdict="supports") == ([], 0)
    items, count = env.queue(verdict="none")
    assert [item["id"] for item in items] == unchecked and count == len(unchecked)
    doubted, _ = env.queue(order="doubts")
    doubts = [verified.links["does_not_support"], verified.links["partly"]]
    assert [item["id"] for item in doubted[:2]] == doubts
    rest = [i for i in verified.waiting if i not in doubts]
    assert [item["id"] for item in doubted[2:]] == rest  # otherwise best first, as before
    bad = env.client.get("/api/reviews/queue?verdict=maybe", headers=env.as_role("viewer"))
    assert bad.status_code == 422


def test_a_verdict_decides_nothing(env: Env, verified: Verified) -> None:
    for link in verified.links.values():
        assert env.ws.history(link) == []  # no decision recorded, by anyone
    statuses = {item["id"]: item["status"] for item in env.queue()[0]}
    assert {statuses[link] for link in verified.links.values()} == {"suggested"}


def test_the_review_page_flags_doubts_and_filters_with_counts(env: Env, verified: Verified) -> None:
    client = _signed_in(env)
    partly = verified.links["partly"]
    page = client.get("/review?min_score=all").text
    flag = re.search(rf'id="doubt-{partly}"[^>]*>([^<]*)<', page)
    assert flag and flag.group(1) == "model: partly supports — check the quote"
    assert 'class="tag machine-flag"' in page and "Machine-drafted" in page
    unverifiable = verified.links["unverifiable"]
    assert f'id="doubt-{unverifiable}"' not in page  # a discarded verdict is no doubt
    for box in re.findall(r'<input type="checkbox" name="pick"[^>]*>', page):
        assert "checked" not in box  # nothing ticked for the reviewer
    view = client.get("/api/review-view?min_score=all").json()["view"]
    counts = view["verdicts"]
    for verdict in VERDICT_FILTERS:
        _, total = env.queue(verdict=verdict)
        assert counts[verdict] == total
        label = {
            "does_not_support": "does not support",
            "partly": "partly supports",
            "unverifiable": "unverifiable: quote not found",
            "none": "not checked",
        }
        assert f"{label.get(verdict, verdict)} ({total})</option>" in page
    only = client.get("/review?min_score=all&verdict=partly").text
    assert re.findall(r'name="pick" value="([0-9a-f]{16}):', only) == [partly]
    assert f'data-link="{partly}"' in only and 'id="item-doubt"' in only
    kept = re.search(r'id="decide-form".*?</form>', only, re.S)
    assert kept and 'name="verdict" value="partly"' in kept.group(0)  # the filter stays on
    assert '<option value="partly" selected>' in only
    doubts_first = client.get("/review?min_score=all&order=doubts").text
    first = re.findall(r'name="pick" value="([0-9a-f]{16}):', doubts_first)
    assert first[0] in {verified.links["does_not_support"], partly}
    refused = client.get("/review?verdict=maybe")
    assert refused.status_code == 422 and "unknown verdict" in refused.text


def test_cli_review_queue_filters_by_verdict(verified: Verified) -> None:
    data = str(verified.cli_dir)
    args = ("--data-dir", data, "review", "queue", "--format", "json")
    done = run_cli(*args, "--verdict", "does_not_support")
    assert done.returncode == 0, done.stderr
    rows = done.json()
    assert isinstance(rows, list) and [r["id"] for r in rows] == [
        verified.links["does_not_support"]
    ]
    assert rows[0]["verdict"]["verdict"] == "does_not_support" and rows[0]["status"] == "suggested"
    doubted = run_cli(*args, "--order", "doubts", "--limit", "2").json()
    assert isinstance(doubted, list)
    assert [r["id"] for r in doubted] == [
        verified.links["does_not_support"],
        verified.links["partly"],
    ]
    table = run_cli("--data-dir", data, "review", "queue", "--verdict", "partly")
    assert table.returncode == 0 and "partly" in table.stdout
    bad = run_cli("--data-dir", data, "review", "queue", "--verdict", "maybe")
    assert bad.returncode == 2 and "maybe" in bad.stderr


def _suggestions(env: Env, **params: str) -> tuple[list[dict[str, Any]], int]:
    response = env.client.get(
        "/api/suggestions", params={"limit": "5000", **params}, headers=env.as_role("viewer")
    )
    assert response.status_code == 200, response.text
    return response.json(), int(response.headers["X-Total-Count"])


def test_suggestions_filter_by_verdict_as_the_queue_does(env: Env, verified: Verified) -> None:
    """``GET /api/suggestions?verdict=`` keeps the links the queue's filter keeps (the
    queue is the suggested iso42001 links here), each carrying its latest verdict."""
    every, total = _suggestions(env)
    assert total == len(every) and len(every) > len(verified.links)
    by_id = {link["id"]: link for link in every}
    for planned, link in verified.links.items():
        brief = by_id[link]["verdict"]
        assert brief["verdict"] == planned and brief["machine_drafted"] is True
        assert brief["reason"].endswith(f"stub says {planned}")  # unverifiable: says why
        assert brief["doubts"] is (planned in {"does_not_support", "partly"})
    assert sum(1 for link in every if link["verdict"]) == len(verified.links)
    waiting = {"status": "suggested", "standard": "iso42001"}
    for verdict in VERDICT_FILTERS:
        found, count = _suggestions(env, verdict=verdict, **waiting)
        queued, _ = env.queue(verdict=verdict)
        assert [link["id"] for link in found] == [item["id"] for item in queued]
        assert count == len(found)
        assert all((link["verdict"] or {}).get("verdict", "none") == verdict for link in found)
    unchecked, count = _suggestions(env, verdict="none")
    assert count == total - len(verified.links) and len(unchecked) == count
    page, count = _suggestions(env, verdict="none", limit="2", offset="1")
    assert [link["id"] for link in page] == [link["id"] for link in unchecked[1:3]]
    assert count == total - len(verified.links)
    bad = env.client.get("/api/suggestions?verdict=maybe", headers=env.as_role("viewer"))
    assert bad.status_code == 422


def test_cli_suggestions_filter_by_verdict(verified: Verified) -> None:
    data = str(verified.cli_dir)
    args = ("--data-dir", data, "suggestions")
    done = run_cli(*args, "--verdict", "partly", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = done.json()
    assert isinstance(rows, list) and [r["id"] for r in rows] == [verified.links["partly"]]
    assert rows[0]["verdict"]["verdict"] == "partly" and rows[0]["verdict"]["doubts"] is True
    assert rows[0]["verdict"]["reason"] == "stub says partly"
    every = run_cli(*args, "--format", "json").json()
    none = run_cli(*args, "--verdict", "none", "--format", "json").json()
    assert isinstance(every, list) and isinstance(none, list)
    assert [r["id"] for r in none] == [r["id"] for r in every if r["verdict"] is None]
    assert len(none) == len(every) - len(verified.links)
    table = run_cli(*args, "--verdict", "does_not_support")
    header = table.stdout.splitlines()[0].split()
    assert table.returncode == 0 and header[-1] == "model_check"
    assert table.stdout.splitlines()[2].rstrip().endswith("does_not_support")
    for wrong in (("--verdict", "maybe"), ("--verdict", "partly", "--passages")):
        bad = run_cli(*args, *wrong)
        assert bad.returncode == 2 and "verdict" in bad.stderr


def test_the_document_page_flags_the_models_doubts(env: Env, verified: Verified) -> None:
    """The document page (and its JSON view) shows each doubted or unverifiable link's check
    with the model's reason, marked machine-drafted; links never checked show none."""
    client = _signed_in(env)
    document = env.ws.review_queue()[0].document
    view = client.get(f"/api/documents/{document}/view").json()
    checks = {link["id"]: link["verdict"] for link in view["links"]}
    for planned, link in verified.links.items():
        assert checks[link]["verdict"] == planned
        assert checks[link]["reason"].endswith(f"stub says {planned}")
    page = client.get(f"/documents/{document}").text
    for planned, link in verified.links.items():
        shown = re.search(
            rf'<p class="machine-drafted link-check" id="check-{link}".*?</p>', page, re.S
        )
        assert shown, planned
        assert f"stub says {planned}" in shown.group(0) and "machine-drafted" in shown.group(0)
    partly = verified.links["partly"]
    flag = re.search(rf'id="check-{partly}".*?machine-flag[^>]*>([^<]*)<', page, re.S)
    assert flag and flag.group(1) == "model: partly supports — check the quote"
    assert "model: unverifiable — quote not found" in page
    summary = re.search(r'id="doubts-summary">(.*?)</p>', page)
    assert summary and "doubts 2 of these links" in summary.group(1)
    for planned in ("does_not_support", "partly"):
        assert f'href="#link-{verified.links[planned]}"' in summary.group(1)
    unchecked = [link for link, brief in checks.items() if brief is None]
    assert unchecked and all(f'id="check-{link}"' not in page for link in unchecked)


def test_a_new_verdict_is_seen_at_once(env: Env, verified: Verified, stub: StubLlm) -> None:
    """Verified again through the API by another model, the doubted item counts as supported
    at once: the labels memo follows the store's revision. (Last in the module: it changes
    the first item's latest verdict.)"""
    link = verified.links["does_not_support"]
    item = next(i for i in env.ws.review_queue() if i.id == link)
    stub.behaviour, stub.answer = "answer", _answer(item, "supports")
    builds = env.ws.evidence_index.builds
    done = env.client.post(f"/api/suggestions/{link}/verify", headers=env.as_role("reviewer"))
    assert done.status_code == 200, done.text
    assert done.json()["verdict"] == "supports" and not done.json()["cached"]
    assert env.queue(verdict="does_not_support") == ([], 0)
    items, _ = env.queue(verdict="supports")
    assert [i["id"] for i in items] == [link] and items[0]["verdict"]["doubts"] is False
    assert env.ws.evidence_index.builds == builds  # a verdict changes no link: no rebuild
    # and back: the first verdict's question asked again is answered from the record,
    # so the latest (by end time) stays the new one
    settings = replace(env.ws.settings, llm_url=stub.url, llm_model="stub-first")
    stub.answer = _answer(item, "does_not_support")
    [again] = env.ws.verify(settings, link=link)
    assert again.cached and again.verdict == "does_not_support"
    assert [i["id"] for i in env.queue(verdict="supports")[0]] == [link]
