"""Every decision names the person who made it (issue 18, item 5).

A reviewer is the token (its id), shown by its name as given: "Анна Петрова" and "李雷" are
two reviewers (a lossy slug once made both ``reviewer/anonymous``), "alice example" is not
"Alice.Example", and a second token may not take a live token's name. History, the audit
log, OSCAL assessment results and the audit pack all show the same person.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from api.auth import TokenStore
from ontology.namespaces import ORG
from ontology.reviewers import reviewer_iri
from tests.api.conftest import DEMO_DOCS, ApiEnv
from tests.api.fresh_env import POLICY, fresh_env, upload
from tests.api.test_uvicorn import AIMSGRAPH

__all__ = ["fresh_env"]

DEMO = DEMO_DOCS / "ai-policy.md"
NAMES = ("Анна Петрова", "李雷", "alice example", "Alice.Example Two")


def _token(env: ApiEnv, name: str) -> dict[str, str]:
    response = env.client.post(
        "/api/tokens", json={"name": name, "role": "reviewer"}, headers=env.headers("admin")
    )
    assert response.status_code in (200, 201), response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture(scope="module")
def decided(fresh_env: ApiEnv) -> dict[str, str]:
    """Each named reviewer confirms one different link; ``{link id: reviewer name}``."""
    links = []
    for text, name in ((POLICY, "identity-policy.md"), (DEMO.read_text(), DEMO.name)):
        document = upload(fresh_env, text, name)["document"]
        links += fresh_env.client.get(
            "/api/suggestions",
            params={"document": document, "status": "suggested"},
            headers=fresh_env.headers("viewer"),
        ).json()
    controls = [link for link in links if link["notation"].startswith("A.")]
    controls += [link for link in links if link not in controls]
    assert len(controls) >= len(NAMES), "the policy should get enough suggestions"
    by_link = {}
    for name, link in zip(NAMES, controls, strict=False):
        body = {"link": link["id"], "decision": "confirm", "saw_version": link["version"]}
        answer = fresh_env.client.post("/api/reviews", json=body, headers=_token(fresh_env, name))
        assert answer.status_code == 200, answer.text
        assert answer.json()["reviewer"] == name
        by_link[link["id"]] = name
    return by_link


def test_history_names_each_reviewer_as_given(fresh_env: ApiEnv, decided: dict[str, str]) -> None:
    for link, name in decided.items():
        history = fresh_env.client.get(
            f"/api/reviews/{link}", headers=fresh_env.headers("viewer")
        ).json()
        assert history[-1]["reviewer"] == name, (link, history[-1])


def test_audit_log_names_each_reviewer(fresh_env: ApiEnv, decided: dict[str, str]) -> None:
    log = fresh_env.client.get(
        "/api/audit",
        params={"kind": "decision", "per_page": 200},
        headers=fresh_env.headers("viewer"),
    ).json()
    who = [event.get("who") for event in log["events"]]
    for name in NAMES:
        assert who.count(name) == 1, (name, who)


def test_oscal_results_have_one_party_per_reviewer(
    fresh_env: ApiEnv, decided: dict[str, str]
) -> None:
    answer = fresh_env.client.get(
        "/api/oscal/assessment-results", headers=fresh_env.headers("viewer")
    )
    assert answer.status_code == 200, answer.text
    parties = answer.json()["assessment-results"]["metadata"].get("parties", [])
    names = [party["name"] for party in parties]
    for name in NAMES:
        assert names.count(name) == 1, (name, names)
    assert len({party["uuid"] for party in parties}) == len(parties)


def test_audit_pack_names_each_reviewer(fresh_env: ApiEnv, decided: dict[str, str]) -> None:
    answer = fresh_env.client.get("/api/audit-pack", headers=fresh_env.headers("viewer"))
    assert answer.status_code == 200, answer.text
    with zipfile.ZipFile(io.BytesIO(answer.content)) as pack:
        text = "\n".join(
            pack.read(name).decode("utf-8", errors="replace")
            for name in pack.namelist()
            if name.endswith((".csv", ".json"))
        )
    for name in NAMES:
        assert name in text or json.dumps(name)[1:-1] in text, name


PROV_AGENT = "http://www.w3.org/ns/prov#wasAssociatedWith"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _agent_of(env: ApiEnv, link: str) -> str:
    rows = env.workspace.store.select(
        f"SELECT ?agent WHERE {{ GRAPH ?g {{ ?d <http://www.w3.org/ns/prov#used> ?l ; "
        f"<{PROV_AGENT}> ?agent }} GRAPH ?o {{ ?l <http://purl.org/dc/terms/identifier> "
        f"{Literal(link).n3()} }} }}"
    )
    assert len(rows) == 1, rows
    return str(rows[0]["agent"])


def test_decisions_are_credited_to_the_token_not_a_slug(
    fresh_env: ApiEnv, decided: dict[str, str]
) -> None:
    token_of = {record.name: record.id for record in fresh_env.app.state.tokens.list()}
    store = fresh_env.workspace.store
    for link, name in decided.items():
        agent = _agent_of(fresh_env, link)
        assert agent == f"{ORG}reviewer/token-{token_of[name]}", (name, agent)
        labels = store.select(f"SELECT ?l WHERE {{ GRAPH ?g {{ <{agent}> <{LABEL}> ?l }} }}")
        assert [str(row["l"]) for row in labels] == [name]
    assert not store.ask(f"ASK {{ GRAPH ?g {{ ?d ?p <{ORG}reviewer/anonymous> }} }}")


def test_a_second_token_with_a_live_name_is_refused(fresh_env: ApiEnv) -> None:
    admin = fresh_env.headers("admin")
    first = fresh_env.client.post(
        "/api/tokens", json={"name": "Zoë Ng", "role": "viewer"}, headers=admin
    )
    assert first.status_code in (200, 201), first.text
    for clash in ("Zoë Ng", "zoë ng", "  ZOË NG "):
        again = fresh_env.client.post(
            "/api/tokens", json={"name": clash, "role": "viewer"}, headers=admin
        )
        assert again.status_code == 409, again.text
        error = again.json()["error"]
        assert "already exists" in error["message"] and error["hint"]
    names = [r.name for r in fresh_env.app.state.tokens.list()]
    assert names.count("Zoë Ng") == 1


def test_old_slug_decisions_still_display(fresh_env: ApiEnv, decided: dict[str, str]) -> None:
    """A decision recorded before the change (its agent a slug IRI) shows its stored label."""
    link = list(decided)[-1]
    old = URIRef(f"{ORG}reviewer/old-style")
    fresh_env.workspace.store.update(
        f"DELETE {{ GRAPH ?g {{ ?d <{PROV_AGENT}> ?a }} }} "
        f'INSERT {{ GRAPH ?g {{ ?d <{PROV_AGENT}> <{old}> . <{old}> <{LABEL}> "Old Style" }} }} '
        f"WHERE {{ GRAPH ?g {{ ?d <http://www.w3.org/ns/prov#used> ?l ; <{PROV_AGENT}> ?a }} "
        f"GRAPH ?o {{ ?l <http://purl.org/dc/terms/identifier> {Literal(link).n3()} }} }}"
    )
    history = fresh_env.client.get(f"/api/reviews/{link}", headers=fresh_env.headers("viewer"))
    assert history.json()[-1]["reviewer"] == "Old Style"


def test_the_cli_refuses_a_duplicate_name_and_credits_the_token(tmp_path: Path) -> None:
    first = subprocess.run(
        [
            *AIMSGRAPH,
            "--data-dir",
            str(tmp_path),
            "token",
            "create",
            "--role",
            "reviewer",
            "--name",
            "Анна Петрова",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    again = subprocess.run(
        [
            *AIMSGRAPH,
            "--data-dir",
            str(tmp_path),
            "token",
            "create",
            "--role",
            "viewer",
            "--name",
            "анна петрова",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 2
    assert "already exists" in again.stderr and "revoke" in again.stderr
    tokens = TokenStore.for_data_dir(tmp_path)
    (record,) = tokens.list()
    assert tokens.actor_named("  анна петрова ").key == f"token-{record.id}"
    assert tokens.actor_named("Someone Else").key is None
    names = ["Анна Петрова", "李雷", "alice example", "alice-example", "Alice.Example"]
    assert len({reviewer_iri(name) for name in names}) == len(names)
