"""docs/ingest.md: its example queries answer, its tables cover every error code and option."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from api.cli.ingest_cmds import ingest
from ingest.errors import ERRORS_BY_CODE, DocumentNotFoundError
from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions, ingest_path
from ontology.store import EmbeddedStore

from .conftest import FIXTURES

DOC = Path(__file__).resolve().parents[2] / "docs" / "ingest.md"


def test_example_queries_answer(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    first = ingest_path(embedded_store, originals, FIXTURES / "policy.md", options=options)
    newer = replace(options, revision_of=first.artefact_id)  # a new version, named explicitly
    ingest_path(embedded_store, originals, FIXTURES / "policy-v2.md", options=newer)
    queries = re.findall(r"```sparql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert len(queries) >= 2
    for query in queries:
        assert embedded_store.select(query), query


def test_every_error_code_and_option_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    codes = {*ERRORS_BY_CODE, DocumentNotFoundError.code} - {"ingest_failed"}
    assert not [code for code in codes if f"`{code}`" not in text]
    options = [
        opt for param in ingest.params for opt in getattr(param, "opts", []) if opt.startswith("--")
    ]
    assert options and not [opt for opt in options if f"`{opt}" not in text]
