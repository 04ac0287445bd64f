"""The demo: reference, sample documents with suggestions, tokens; idempotent on re-run."""

from __future__ import annotations

from pathlib import Path

from api.demo import DEMO_DOCS, prepare, sample_documents
from api.settings import Settings
from api.workspace import Workspace
from ingest.documents import list_documents
from mapping.evidence.listing import list_suggestions
from tests.api.shared_model import share_model


def test_demo_prepares_and_reruns_idempotently(tmp_path: Path) -> None:
    with Workspace.open(Settings(data_dir=tmp_path)) as ws:
        share_model(ws)
        first = prepare(ws, tmp_path / "no-corpus-here")
        assert len(first.documents) == 3 and {d["status"] for d in first.documents} == {"new"}
        assert set(first.tokens) == {"reviewer", "admin"}
        assert list_suggestions(ws.store, status="suggested")
        second = prepare(ws, None)
        assert {d["status"] for d in second.documents} == {"duplicate"}
        assert second.tokens == first.tokens
        assert len(list_documents(ws.store)) == 3
    assert (tmp_path / "demo-tokens.json").stat().st_mode & 0o077 == 0


def test_demo_samples_the_corpus_when_present(corpus_dir: Path) -> None:
    chosen = sample_documents(corpus_dir, 4)
    assert len(chosen) == 4 and all(p.parent == corpus_dir for p in chosen)
    assert sample_documents(None, 4) == sorted(DEMO_DOCS.glob("*.md"))
