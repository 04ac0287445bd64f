"""POST /api/suggestions/missing completes documents that an interrupted ingest left bare."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import IngestOptions, ingest_path
from mapping.evidence.recovery import documents_without_suggestions

from .conftest import ApiEnv

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "policy.docx"


def test_missing_suggestions_are_made_for_a_reviewer(api_env: ApiEnv) -> None:
    ws = api_env.workspace
    bare = ingest_path(ws.store, ws.originals, FIXTURE, options=IngestOptions(parse_timeout_s=None))
    assert bare.artefact_id in documents_without_suggestions(ws.store)  # as a crash leaves it
    refused = api_env.client.post("/api/suggestions/missing", headers=api_env.headers("viewer"))
    assert refused.status_code == 403
    done = api_env.client.post("/api/suggestions/missing", headers=api_env.headers("reviewer"))
    assert done.status_code == 200, done.text
    body = done.json()
    assert bare.artefact_id in body["documents"] and body["written"] >= 1
    assert documents_without_suggestions(ws.store) == []
    again = api_env.client.post("/api/suggestions/missing", headers=api_env.headers("reviewer"))
    assert again.json()["documents"] == []
