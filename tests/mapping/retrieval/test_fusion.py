"""Learned fusion and the selection rule that follows the document (real model, real store)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mapping.retrieval.descriptors import load_descriptors
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.fusion import (
    FEATURES,
    FusionModel,
    feature_matrix,
    fit_logistic,
    shipped_model,
)
from mapping.retrieval.ranking import select_count
from mapping.retrieval.scoring import FULL, RequirementScorer
from ontology.reference import load_reference
from ontology.store import EmbeddedStore

PASSAGES = [
    "Before we buy an AI service we send the vendor a due diligence questionnaire, and the "
    "contract forbids training on our data.",
    "The AI incident log records each incident, its root cause and the corrective action.",
    "The canteen is open from eight until three on weekdays.",
]
SECTIONS = ["Suppliers > Due diligence", "Incidents > Log", "Facilities"]


def _rule(p: np.ndarray, passages: int, **kw: float) -> int:
    args: dict[str, float] = {
        "expected_factor": 1.0,
        "passages_per_link": 10.0,
        "min_links": 3,
        "max_links": 30,
    }
    args.update(kw)
    return select_count(p, passages, **args)  # type: ignore[arg-type]


def test_count_grows_with_what_the_document_covers() -> None:
    low = np.full(70, 0.01)
    high = np.concatenate([np.full(12, 0.9), np.full(58, 0.01)])
    assert _rule(low, 8) == 3  # little expected evidence: the floor
    assert _rule(high, 8) == round(12 * 0.9 + 58 * 0.01)  # the expected label count
    assert _rule(low, 150) == 15  # a long document never gets only the floor
    assert _rule(high, 8, expected_factor=2.0) == 23
    assert _rule(high, 3, expected_factor=2.0, links_per_passage=2.0) == 6  # guard
    assert _rule(high, 900) == 30  # the ceiling
    assert _rule(np.full(4, 0.9), 900) == 4  # never more than there are requirements


def test_logistic_fit_finds_the_informative_feature_and_round_trips() -> None:
    rng = np.random.default_rng(7)
    signal, noise = rng.normal(size=400), rng.normal(size=400)
    y = (signal + 0.5 * rng.normal(size=400) > 0.8).astype(float)
    x = np.column_stack([signal, noise]).astype(np.float32)
    model = fit_logistic(x, y, ["signal", "noise"], l2=1.0)
    assert model.weights[0] > 1.0 and abs(model.weights[1]) < 0.3
    p = model.probabilities(x)
    assert abs(float(p.mean()) - float(y.mean())) < 0.01  # calibrated in the mean
    again = FusionModel.from_json(model.to_json())
    assert np.allclose(again.probabilities(x), p, atol=1e-4)


def test_shipped_model_scores_real_passages(tmp_path: Path, embedder: Embedder) -> None:
    model = shipped_model()
    assert set(model.features) <= {*FEATURES, "neighbours", "prior"}
    assert model.meta["documents"] >= 19
    assert {"5.2", "A.2.2", "A.9.2"} <= set(model.prior)  # 42001 notations, fitted rates
    assert len(model.weights) == len(model.features) == len(model.mean)
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_reference(store)
    descriptors = load_descriptors(store, "iso42001")
    store.close()
    scorer = RequirementScorer(descriptors, embedder, config=FULL)
    scorer.fusion = model
    scorer.fit_background(PASSAGES)
    signals = scorer.signals(PASSAGES, embedder.encode(PASSAGES), SECTIONS)
    assert set(signals.channels) == {"fused", "dense", "whole", "evidence", "bm25", "statements"}
    assert set(signals.extra) == {"neighbours", "prior"} & set(model.features)
    if model.neighbours is not None:  # one labelled document per row, the 42001 requirements
        table = model.neighbours
        assert (
            table.profiles.shape
            == table.labels.shape
            == (model.meta["documents"], len(table.notations))
        )
        own = {d.notation for d in descriptors if not d.is_group}
        assert set(table.notations) == own
        values = signals.extra["neighbours"]
        groups = [i for i, d in enumerate(descriptors) if d.is_group]
        assert np.allclose(values[groups], model.prior_default), "no neighbours for a group"
        assert np.isfinite(values).all() and len(set(values.round(4))) > 10
    x = feature_matrix(signals, model.features)
    assert x.shape == (len(descriptors), len(model.features)) and np.isfinite(x).all()
    p = model.probabilities(x)
    best = [descriptors[i].notation for i in np.argsort(-p)[:8]]
    # the supplier and incident passages pull their requirements up, the canteen nothing
    assert any(n.startswith("A.10") for n in best) and any(n.startswith("10.") for n in best)


def test_neighbours_follow_the_most_similar_labelled_documents() -> None:
    from mapping.retrieval.fusion import NeighbourTable, profile

    # two kinds of labelled document: incident plans (evidence 10.2) and policies (5.2)
    incident, policy = profile(np.array([0.0, 3.0, -1.0])), profile(np.array([3.0, 0.0, -1.0]))
    table = NeighbourTable(
        notations=("5.2", "10.2", "A.2.2"),
        profiles=np.stack([incident, incident, policy, policy]),
        labels=np.array([[0, 1, 0], [0, 1, 0], [1, 0, 1], [1, 0, 1]], dtype=float),
        rates=np.array([0.5, 0.5, 0.5]),
        k=2,
        strength=1.0,
    )
    like_incident = table.vector({"5.2": -0.5, "10.2": 2.5, "A.2.2": -1.0})
    like_policy = table.vector({"5.2": 2.5, "10.2": -0.5, "A.2.2": -1.0})
    assert like_incident["10.2"] > like_incident["5.2"]
    assert (
        like_policy["5.2"] > like_policy["10.2"] and like_policy["A.2.2"] > like_incident["A.2.2"]
    )
    again = NeighbourTable.from_json(table.to_json())
    assert again.vector({"5.2": 1.0}) == pytest.approx(table.vector({"5.2": 1.0}), abs=1e-4)
