"""The dense channel compares a passage with two views of each descriptor (real model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mapping.retrieval.descriptors import load_descriptors
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.scoring import FULL, RequirementScorer, ScorerConfig
from ontology.reference import load_reference
from ontology.store import EmbeddedStore

PASSAGES = [
    "Before we buy an AI service we send the vendor a due diligence questionnaire, and the "
    "contract forbids training on our data.",
    "The canteen is open from eight until three on weekdays.",
]


def test_evidence_view_takes_the_better_of_two_cosines(tmp_path: Path, embedder: Embedder) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_reference(store)
    descriptors = load_descriptors(store, "iso42001")
    store.close()
    vectors = embedder.encode(PASSAGES)
    both = RequirementScorer(descriptors, embedder, config=FULL)
    one = RequirementScorer(descriptors, embedder, config=ScorerConfig(evidence_view=False))
    dense_both, _ = both.raw(PASSAGES, vectors)
    dense_one, _ = one.raw(PASSAGES, vectors)
    assert dense_both is not None and dense_one is not None
    assert np.all(dense_both >= dense_one - 1e-6)
    evidence = embedder.encode([d.evidence_text or d.text for d in descriptors])
    assert np.allclose(dense_both, np.maximum(dense_one, vectors @ evidence.T), atol=1e-5)
    supplier = [d.notation for d in descriptors].index("A.10.3")
    assert dense_both[0, supplier] > dense_one[0, supplier]  # plainly supplier evidence
    assert one.config.method == "dense+bm25/one-view/fused"
    assert both.config.method == "dense+bm25/fused"
