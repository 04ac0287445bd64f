"""Drafted SoA justifications: only from confirmed evidence, citing it, accepted by an admin
(an SoA change in the audit log). The endpoint is the local stub (tests/llm_support.py);
the workspace is this module's own, since the tests confirm a link and set an SoA row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.schemas import Decision
from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from mapping.llm.verdicts import LLM_GRAPH
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir
from tests.llm_support import StubLlm


@dataclass
class Env:
    client: TestClient
    ws: Workspace
    stub: StubLlm
    tokens: dict[str, str]
    confirmed: str  # the notation of an Annex A control with confirmed evidence
    link: str  # that evidence link's IRI

    def as_role(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Iterator[Env]:
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("drafts"))
    stub = StubLlm()
    settings = Settings(data_dir=data_dir, llm_url=stub.url)
    ws = share_model(Workspace.open(settings))
    report = ws.ingest([DEMO_DOCS / "ai-policy.md"], IngestOptions(parse_timeout_s=None))
    document = report.documents[0].id
    annex = next(e for e in ws.review_queue(document, "iso42001") if e.notation.startswith("A."))
    ws.decide(Decision(link=annex.id, decision="confirm"), "Draft Tester")
    app = create_app(ws, settings)
    tokens = {
        r: app.state.tokens.create(f"{r.title()} Drafter", r)[1] for r in ("reviewer", "admin")
    }
    with TestClient(app) as client:
        yield Env(client, ws, stub, tokens, annex.notation, annex.link)
    ws.close()
    stub.close()


def test_a_draft_cites_confirmed_evidence_and_waits_for_an_admin(env: Env) -> None:
    env.stub.behaviour = "answer"
    env.stub.answer = {"justification": "The AI policy assigns this; see item 1.", "cites": [1]}
    made = env.client.post(f"/api/soa/{env.confirmed}/draft", headers=env.as_role("reviewer"))
    assert made.status_code == 201, made.text
    draft = made.json()
    assert draft["status"] == "draft" and draft["cites"] == [env.link]
    assert draft["machine_drafted"] is True and draft["model"] == "stub-model-v1"
    row = next(r for r in env.ws.soa() if r.notation == env.confirmed)
    assert row.justification != draft["text"]  # a draft changes nothing
    refused = env.client.post(
        f"/api/soa/drafts/{draft['id']}/accept", headers=env.as_role("reviewer")
    )
    assert refused.status_code == 403
    accepted = env.client.post(
        f"/api/soa/drafts/{draft['id']}/accept", headers=env.as_role("admin")
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["accepted_by"] == "Admin Drafter"
    row = next(r for r in env.ws.soa() if r.notation == env.confirmed)
    assert row.justification == draft["text"] and row.set_by == "Admin Drafter"
    events = env.client.get("/api/audit?kind=soa", headers=env.as_role("admin")).json()
    assert any(e["who"] == "Admin Drafter" for e in events["events"])
    again = env.client.post(f"/api/soa/drafts/{draft['id']}/accept", headers=env.as_role("admin"))
    assert again.status_code == 409


@pytest.mark.parametrize("cites", [[], [7], "1"])
def test_a_draft_citing_nothing_shown_is_refused_and_not_written(env: Env, cites: object) -> None:
    env.stub.behaviour = "answer"
    env.stub.answer = {"justification": "Trust me.", "cites": cites}
    before = env.ws.store.count(LLM_GRAPH)
    made = env.client.post(f"/api/soa/{env.confirmed}/draft", headers=env.as_role("reviewer"))
    assert made.status_code == 502 and made.json()["error"]["code"] == "llm_bad_answer"
    assert "confirmed evidence" in made.json()["error"]["message"]
    assert env.ws.store.count(LLM_GRAPH) == before


def test_no_confirmed_evidence_no_draft(env: Env) -> None:
    other = next(r.notation for r in env.ws.soa() if not r.evidence)
    made = env.client.post(f"/api/soa/{other}/draft", headers=env.as_role("reviewer"))
    assert made.status_code == 422
    assert "no confirmed evidence" in made.json()["error"]["message"]
