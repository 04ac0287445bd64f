"""Language-model verification of suggestions: the round trip with llama.cpp's server and
Gemma 3 270M, and every way an endpoint can fail (a local stub server misbehaving).

The tiny model's judgement is not what is tested: its quotes are often not in the passage,
and the tests assert that the checker tells the two apart, independently of the model.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import URIRef

from api.operations.verification import LlmCheck
from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from mapping.llm.client import LlmEndpoint
from mapping.llm.errors import (
    LlmAnswerError,
    LlmHttpError,
    LlmNotConfiguredError,
    LlmTimeoutError,
    LlmUnreachableError,
    RemoteEndpointError,
)
from mapping.llm.quotes import MIN_QUOTE_CHARS
from mapping.llm.verdicts import LLM_GRAPH
from tests.api.conftest import DEMO_DOCS, ApiEnv
from tests.api.shared_model import share_model
from tests.cli_support import run_cli
from tests.conftest import initialised_data_dir
from tests.llm_support import StubLlm, llama_server


@pytest.fixture
def link(api_env: ApiEnv, sample_document: dict[str, object]) -> dict[str, Any]:
    """The sample policy's best suggestion, with its cited passages (IRI and text)."""
    links = api_env.workspace.suggestions(status="suggested", limit=50)
    entry = next(e for e in links if e.passages)
    from mapping.evidence.listing import list_suggestions

    found = list_suggestions(api_env.workspace.store, document=entry.document)
    return next(e for e in found if e["id"] == entry.id)


def settings_for(api_env: ApiEnv, url: str | None, **extra: Any) -> Settings:
    return replace(api_env.workspace.settings, llm_url=url, **extra)


def verdict_count(api_env: ApiEnv) -> int:
    return api_env.workspace.store.count(LLM_GRAPH)


def answer_quoting(
    link: dict[str, Any], number: int = 1, *, quote: str | None = None
) -> dict[str, Any]:
    text = link["passages"][0]["text"]
    sentence = quote if quote is not None else " ".join(text.split()[:12])
    return {"verdict": "supports", "passage": number, "quote": sentence, "reason": "it says so"}


# --- without an endpoint: everything as before, verify says what is missing -------------


def test_verify_without_endpoint_exits_2_saying_so() -> None:
    done = run_cli("verify", "--queue", "--format", "json")
    assert done.returncode == 2
    assert "no language-model endpoint is configured" in done.stderr
    assert "AIMSGRAPH_LLM_URL" in done.stderr
    assert run_cli("llm", "check").returncode == 2


def test_api_verify_without_endpoint_is_503(api_env: ApiEnv, link: dict[str, Any]) -> None:
    response = api_env.client.post(
        f"/api/suggestions/{link['id']}/verify", headers=api_env.headers("reviewer")
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "llm_not_configured"
    assert (
        api_env.client.post(
            "/api/suggestions/verify", headers=api_env.headers("reviewer")
        ).status_code
        == 503
    )


# --- the quote check, through the stub --------------------------------------------------


def test_a_quote_in_the_passage_is_verified_recorded_and_cached(
    api_env: ApiEnv, link: dict[str, Any], stub: StubLlm
) -> None:
    settings = settings_for(api_env, stub.url, llm_model="stub-cached")
    stub.behaviour, stub.answer = "answer", answer_quoting(link)
    before = verdict_count(api_env)
    [verdict] = api_env.workspace.verify(settings, link=link["id"])
    passage = link["passages"][0]
    assert verdict.quote_verified and verdict.verdict == "supports"
    assert verdict.passage == passage["passage"] and verdict.model == "stub-model-v1"
    assert verdict.quote_start is not None and verdict.quote_end is not None
    cut = passage["text"][verdict.quote_start : verdict.quote_end]
    assert " ".join(cut.split()) == " ".join(stub.answer["quote"].split())
    assert verdict_count(api_env) > before
    asked = len(stub.requests)
    [again] = api_env.workspace.verify(settings, link=link["id"])
    assert again.cached and len(stub.requests) == asked and again.key == verdict.key
    shown = api_env.client.get(
        f"/api/suggestions/{link['id']}/verdict", headers=api_env.headers("viewer")
    ).json()
    assert shown["quote_verified"] is True and shown["machine_drafted"] is True
    # the requirement page shows it beside the link, marked machine-drafted, quote highlighted
    page = api_env.client.get(
        f"/requirements/{link['standard']}/{link['notation']}", headers=api_env.headers("viewer")
    ).text
    article = page[page.index(f'id="link-{link["id"]}"') :]
    article = article[: article.index("</article>")]
    assert f'id="verdict-{link["id"]}"' in article and "Machine-drafted check" in article
    assert '<mark class="machine-quote"' in article


@pytest.mark.parametrize(
    ("case", "number", "quote"),
    [
        ("made-up quote", 1, "The board approves every model release in writing each quarter."),
        ("passage out of range", 9, None),
        ("too short to mean anything", 1, "AI"),
    ],
)
def test_a_quote_that_does_not_check_out_is_unverifiable(
    api_env: ApiEnv, link: dict[str, Any], stub: StubLlm, case: str, number: int, quote: str | None
) -> None:
    settings = settings_for(api_env, stub.url, llm_model=f"stub-{case}")
    stub.behaviour, stub.answer = "answer", answer_quoting(link, number, quote=quote)
    [verdict] = api_env.workspace.verify(settings, link=link["id"])
    assert verdict.verdict == "unverifiable" and not verdict.quote_verified
    assert verdict.model_verdict == "supports" and verdict.quote_start is None
    assert ("passage 9" in verdict.reason) == (number == 9)
    status = api_env.workspace.suggestions(document=link["document"], limit=500)
    assert next(e for e in status if e.id == link["id"]).status == "suggested"


@pytest.mark.parametrize("refusal", ["no_json_schema", "no_json_schema_500"])
def test_a_server_without_json_schema_gets_the_fallback(
    api_env: ApiEnv, link: dict[str, Any], stub: StubLlm, refusal: str
) -> None:
    settings = settings_for(api_env, stub.url, llm_model=f"stub-fallback-{refusal}")
    stub.behaviour, stub.answer = refusal, answer_quoting(link)
    stub.requests.clear()
    [verdict] = api_env.workspace.verify(settings, link=link["id"])
    assert verdict.quote_verified
    kinds = [r.get("response_format", {}).get("type") for r in stub.requests]
    assert kinds == ["json_schema", "json_object"]


# --- endpoint failures: a clear message, nothing written, the queue still works ---------


@pytest.mark.parametrize(
    ("behaviour", "error", "words"),
    [
        ("429", LlmHttpError, "HTTP 429"),
        ("500", LlmHttpError, "HTTP 500"),
        ("not_json", LlmAnswerError, "not JSON"),
        ("prose", LlmAnswerError, "not a JSON object"),
        ("slow", LlmTimeoutError, "did not answer within"),
    ],
)
def test_a_failing_endpoint_writes_nothing(
    api_env: ApiEnv,
    link: dict[str, Any],
    stub: StubLlm,
    behaviour: str,
    error: type[Exception],
    words: str,
) -> None:
    settings = settings_for(api_env, stub.url, llm_model=f"stub-{behaviour}", llm_timeout_s=1.0)
    stub.behaviour, stub.answer = behaviour, answer_quoting(link)
    before = verdict_count(api_env)
    with pytest.raises(error, match=words):
        api_env.workspace.verify(settings, link=link["id"])
    assert verdict_count(api_env) == before
    queue = api_env.client.get("/review", headers=api_env.headers("reviewer"))
    assert queue.status_code == 200


def test_an_endpoint_that_is_down_is_unreachable(api_env: ApiEnv, link: dict[str, Any]) -> None:
    settings = settings_for(api_env, "http://127.0.0.1:9/v1", llm_model="down")
    before = verdict_count(api_env)
    with pytest.raises(LlmUnreachableError, match="nothing answers at http://127.0.0.1:9/v1"):
        api_env.workspace.verify(settings, link=link["id"])
    assert verdict_count(api_env) == before


def test_a_remote_endpoint_needs_the_explicit_setting() -> None:
    with pytest.raises(RemoteEndpointError, match="not on this machine"):
        LlmEndpoint(url="https://llm.example.com/v1")
    assert LlmEndpoint(url="https://llm.example.com/v1", allow_remote=True).allow_remote
    assert LlmEndpoint(url="http://[::1]:8080/v1").url


def test_no_endpoint_raises_not_configured(api_env: ApiEnv, link: dict[str, Any]) -> None:
    with pytest.raises(LlmNotConfiguredError):
        api_env.workspace.verify(settings_for(api_env, None), link=link["id"])


# --- the real round trip: llama.cpp's server with Gemma 3 270M --------------------------


#: How long the real round trips wait for the local model (a test runs beside others).
LLAMA_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def llama_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with llama_server(tmp_path_factory.mktemp("llama")) as url:
        yield url


def test_llm_check_against_llama_server(
    api_env: ApiEnv, llama_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One probe (a generation is the slow part): the CLI prints check_llm's result whole.
    # Gemma's first answer took 80-110 s on two loaded cores: wait longer than the default.
    monkeypatch.setenv("AIMSGRAPH_LLM_URL", llama_url)
    monkeypatch.setenv("AIMSGRAPH_LLM_TIMEOUT", str(LLAMA_TIMEOUT_S))
    done = run_cli("llm", "check", "--format", "json")
    assert done.returncode == 0, done.stderr
    found = LlmCheck.model_validate(done.json())
    assert found.structured is True and found.models and not found.remote


def test_verify_round_trip_with_llama_server(
    api_env: ApiEnv, link: dict[str, Any], llama_url: str
) -> None:
    settings = settings_for(api_env, llama_url, llm_timeout_s=LLAMA_TIMEOUT_S)
    app_settings = api_env.app.state.settings
    api_env.app.state.settings = settings
    try:
        response = api_env.client.post(
            f"/api/suggestions/{link['id']}/verify", headers=api_env.headers("reviewer")
        )
    finally:
        api_env.app.state.settings = app_settings
    assert response.status_code == 200, response.text
    verdict = response.json()
    assert verdict["verdict"] in {"supports", "partly", "does_not_support", "unverifiable"}
    texts = {p["passage"]: p["text"] for p in link["passages"]}
    shown = list(dict.fromkeys(p["passage"] for p in link["passages"]))  # as numbered
    number = verdict["passage_number"]
    in_range = 1 <= number <= min(3, len(shown))
    quote = " ".join(verdict["quote"].split())
    # an independent check: whitespace-squeezed substring, long enough to mean something
    expected = (
        in_range
        and len(quote.replace(" ", "")) >= MIN_QUOTE_CHARS
        and quote in " ".join(texts[shown[number - 1]].split())
    )
    assert verdict["quote_verified"] is expected
    assert (verdict["verdict"] == "unverifiable") is (not expected)
    if expected:
        cut = texts[verdict["passage"]][verdict["quote_start"] : verdict["quote_end"]]
        assert " ".join(cut.split()) == " ".join(verdict["quote"].split())
    recorded = api_env.workspace.store.select(
        f"SELECT ?a WHERE {{ GRAPH <{LLM_GRAPH}> {{ ?a <https://w3id.org/aimsgraph/ns#verifies> "
        f"{URIRef(link['link']).n3()} ; <https://w3id.org/aimsgraph/ns#llmModel> ?m }} }}"
    )
    assert recorded


# --- the queue page: Verify button, reason and highlighted quote -------------------------


def _signed_in(api_env: ApiEnv) -> TestClient:
    client = TestClient(api_env.app)
    page = client.get("/signin")
    pre = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert pre
    client.post("/signin", data={"token": api_env.tokens["reviewer"], "csrf": pre.group(1)})
    return client


def test_queue_verify_button_shows_reason_and_checked_quote(
    api_env: ApiEnv, sample_document: dict[str, object], stub: StubLlm
) -> None:
    client = _signed_in(api_env)
    assert 'id="verify"' not in client.get("/review?min_score=all").text  # no model: no button
    saved = api_env.app.state.settings
    api_env.app.state.settings = settings_for(api_env, stub.url, llm_model="stub-page")
    try:
        page = client.get("/review?min_score=all").text
        assert 'id="verify"' in page
        current = re.search(r'data-link="([0-9a-f]{16})"', page)
        token = re.search(r'data-csrf="([^"]+)"', page)
        assert current and token
        from mapping.evidence.listing import list_suggestions

        entry = next(
            e
            for e in list_suggestions(api_env.workspace.store, status="suggested")
            if e["id"] == current.group(1)
        )
        stub.behaviour, stub.answer = "answer", answer_quoting(entry)
        stub.answer["reason"] = "the policy <b>names</b> an owner"
        done = client.post(
            f"/review-verify/{current.group(1)}",
            data={"csrf": token.group(1), "min_score": "all"},
            follow_redirects=False,
        )
        assert done.status_code == 303 and "min_score=all" in done.headers["location"]
        shown = client.get(done.headers["location"]).text
    finally:
        api_env.app.state.settings = saved
    assert "Machine-drafted check" in shown
    assert "the policy &lt;b&gt;names&lt;/b&gt; an owner" in shown
    marked = re.search(r'<mark class="machine-quote"[^>]*>(.*?)</mark>', shown, re.S)
    assert marked
    assert " ".join(html.unescape(marked.group(1)).split()) == " ".join(
        stub.answer["quote"].split()
    )


# --- the CLI: verify --document --format json on a data directory of its own ------------


def test_cli_verify_document_prints_one_object_per_verdict(
    tmp_path: Path, reference_template: Path, stub: StubLlm, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = initialised_data_dir(reference_template, tmp_path / "data")
    with share_model(Workspace.open(Settings(data_dir=data_dir))) as ws:
        report = ws.ingest([DEMO_DOCS / "ai-policy.md"], IngestOptions(parse_timeout_s=None))
        document = report.documents[0].id
        waiting = [e for e in ws.suggestions(document=document, limit=500) if e.passages]
    monkeypatch.setenv("AIMSGRAPH_LLM_URL", stub.url)
    monkeypatch.setenv("AIMSGRAPH_LLM_MODEL", "stub-cli")
    stub.behaviour = "answer"
    stub.answer = {
        "verdict": "partly",
        "passage": 1,
        "quote": "nowhere in any passage at all",
        "reason": "made up",
    }
    done = run_cli(
        "--data-dir", data_dir, "verify", "--document", document, "--limit", "3", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    verdicts = done.json()
    assert isinstance(verdicts, list) and len(verdicts) == min(3, len(waiting))
    for v in verdicts:
        assert {"link", "verdict", "passage", "quote", "quote_verified", "reason", "model"} <= set(
            v
        )
        assert v["verdict"] == "unverifiable" and v["quote_verified"] is False
        assert v["model"] == "stub-model-v1" and v["machine_drafted"] is True


def test_verify_this_page_runs_one_job_and_shows_its_counts(
    api_env: ApiEnv, sample_document: dict[str, object], stub: StubLlm
) -> None:
    from api.operations.verification import verify_jobs

    client = _signed_in(api_env)
    saved = api_env.app.state.settings
    api_env.app.state.settings = settings_for(api_env, stub.url, llm_model="stub-whole-page")
    stub.behaviour = "answer"
    stub.answer = {
        "verdict": "supports",
        "passage": 1,
        "quote": "not in any passage of it",
        "reason": "invented",
    }
    try:
        page = client.get("/review?min_score=all").text
        links = re.findall(r'name="link" value="([0-9a-f]{16})"', page)
        token = re.search(r'data-csrf="([^"]+)"', page)
        assert links and token and 'id="verify-page"' in page
        done = client.post(
            "/review-verify-page",
            data={"csrf": token.group(1), "min_score": "all", "link": links},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        job_id = done.headers["location"].split("/review-verify-jobs/")[1].split("?")[0]
        job = verify_jobs(api_env.app.state).wait(job_id, timeout=120)
        shown = client.get(done.headers["location"]).text
    finally:
        api_env.app.state.settings = saved
    assert job.status == "done", job.error
    assert job.result is not None and job.result["counts"]["unverifiable"] == len(links)
    assert f"unverifiable: {len(links)}" in shown and "a person decides" in shown
    assert 'href="/review?min_score=all"' in shown
