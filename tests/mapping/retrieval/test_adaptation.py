"""Adapting the shipped fusion model to decided documents (arithmetic on the real shipped
model; the documents are small made-up feature matrices)."""

from __future__ import annotations

import math

import numpy as np

from mapping.retrieval.adaptation import (
    DecidedDocument,
    Levers,
    adapt_model,
    design_rows,
    plain_features,
)
from mapping.retrieval.fusion import profile, shipped_model


def _documents(evidenced: str, count: int, seed: int = 0) -> list[DecidedDocument]:
    model = shipped_model()
    assert model.neighbours is not None
    notations = model.neighbours.notations
    plain = plain_features(model)
    columns = [model.features.index(f) for f in plain]
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        x = rng.normal(model.mean[columns], model.scale[columns], (len(notations), len(plain)))
        y = np.array([1.0 if n == evidenced else 0.0 for n in notations])
        out.append(DecidedDocument(x, profile(rng.normal(size=len(notations))), y))
    return out


def test_no_decisions_or_no_levers_keep_the_shipped_model() -> None:
    model = shipped_model()
    assert adapt_model(model, [], Levers()) is model
    assert adapt_model(model, _documents("A.2.2", 3), Levers(False, False, False)) is model


def test_the_prior_moves_toward_what_the_organisation_evidences() -> None:
    model = shipped_model()
    rare = min(model.prior, key=lambda n: model.prior[n])
    adapted = adapt_model(model, _documents(rare, 20), Levers(neighbours=False, prior=True))
    assert adapted.prior[rare] > model.prior[rare]
    # 20 documents against an anchor of 10: two thirds of the way to "every document"
    assert math.exp(adapted.prior[rare]) > 0.6
    assert adapted.neighbours is model.neighbours
    assert np.array_equal(adapted.weights, model.weights)


def test_decided_documents_join_the_neighbour_table() -> None:
    model = shipped_model()
    assert model.neighbours is not None
    documents = _documents("A.6.2.4", 4)
    adapted = adapt_model(model, documents, Levers(neighbours=True, prior=False))
    assert adapted.neighbours is not None
    assert len(adapted.neighbours.labels) == len(model.neighbours.labels) + 4
    # a document with the same profile as a decided one now leans to what it evidenced
    column = list(model.neighbours.notations).index("A.6.2.4")
    before = model.neighbours.feature(documents[0].profile)[column]
    after = adapted.neighbours.feature(documents[0].profile)[column]
    assert after > before


def test_refit_moves_the_weights_toward_the_decisions_and_stays_near_the_shipped_ones() -> None:
    model = shipped_model()
    documents = _documents("A.6.2.4", 30, seed=1)
    # make one feature predict the confirmed requirement perfectly
    heading = plain_features(model).index("heading")
    for d in documents:
        d.x[:, heading] = np.where(d.y > 0, 3.0, -1.0)
    adapted = adapt_model(model, documents, Levers(neighbours=False, prior=False, refit=True))
    column = model.features.index("heading")
    assert adapted.weights[column] > model.weights[column]
    others = [i for i in range(len(model.weights)) if i != column]
    drift = np.abs(adapted.weights[others] - model.weights[others]).max()
    assert drift < abs(adapted.weights[column] - model.weights[column])
    probabilities = adapted.probabilities(design_rows(adapted, documents[0]).astype(np.float32))
    assert int(np.argmax(probabilities)) == int(np.argmax(documents[0].y))


def test_left_out_features_leave_out_exactly_the_document_itself() -> None:
    from dataclasses import replace

    from mapping.retrieval.adaptation import left_out_label_features

    model = shipped_model()
    documents = _documents("A.6.2.4", 5, seed=2)
    adapted = adapt_model(model, documents, Levers(neighbours=True, prior=True))
    neighbours, prior = left_out_label_features(adapted, model, documents)
    table = adapted.neighbours
    assert table is not None
    for i, document in enumerate(documents):
        keep = np.arange(len(table.labels)) != len(table.labels) - len(documents) + i
        alone = replace(table, profiles=table.profiles[keep], labels=table.labels[keep])
        assert np.allclose(neighbours[i], alone.feature(document.profile), atol=1e-5)
        others = [d for j, d in enumerate(documents) if j != i]
        without = adapt_model(model, others, Levers(neighbours=False, prior=True))
        assert np.allclose(prior[i], without.prior_vector(list(table.notations)), atol=1e-5)
