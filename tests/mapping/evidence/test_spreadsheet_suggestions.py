"""A risk register's rows get evidence suggestions that cite their sheet and rows."""

from __future__ import annotations

from pathlib import Path

from ingest.citations import cite
from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions, ingest_path
from mapping.evidence.suggest import list_suggestions, suggest_for_artefacts
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.index import VectorIndex
from ontology.reference import load_reference
from ontology.store import EmbeddedStore
from tests.conftest import FIXTURES

REGISTER = FIXTURES / "ingest" / "risk-register.xlsx"
RISK_FAMILY = ("6.1", "8.2", "8.3", "A.5", "A.6.2.6")


def test_risk_register_row_is_suggested_with_its_sheet_and_row(
    tmp_path: Path, embedder: Embedder
) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        load_reference(store)
        originals = OriginalStore(tmp_path / "originals")
        doc = ingest_path(store, originals, REGISTER, options=IngestOptions()).artefact_id
        index = VectorIndex.open(tmp_path / "vectors", embedder.dimension)
        suggest_for_artefacts(store, index, embedder, [doc])
        links = list_suggestions(store, document=doc)
        assert links, "the register got no suggestions"
        cited = [
            (link["notation"], p)
            for link in links
            for p in link["passages"]
            if p["section"].startswith("Risks") and p["row"] is not None
        ]
        assert cited, [link["passages"] for link in links]
        assert all(3 <= p["row"] <= p["row_end"] <= 7 for _, p in cited)
        risk_rows = [(n, cite(p)) for n, p in cited if n.startswith(RISK_FAMILY)]
        assert risk_rows, [n for n, _ in cited]
        assert risk_rows[0][1].startswith("Risks > Acme AI risk register · row")
    finally:
        store.close()
