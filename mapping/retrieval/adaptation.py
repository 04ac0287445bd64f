"""Learning from an organisation's own decisions: the shipped fusion model, adapted.

Every document a reviewer has decided is a labelled example of what this organisation's
evidence looks like. :func:`adapt_model` turns the decided documents into a new
:class:`~mapping.retrieval.fusion.FusionModel`, through three levers that can be used
apart (:class:`Levers`; which ones help is measured by ``benchmarks/quality/replay.py`` and
recorded in docs/mapping.md):

- ``neighbours``: the decided documents join the labelled documents that the
  ``neighbours`` feature compares a new document with (their score profile, with the
  confirmed requirements as labels);
- ``prior``: each requirement's prior moves from the shipped rate toward the share of this
  organisation's decided documents that evidence it (smoothed: as if
  :data:`PRIOR_ANCHOR` documents at the shipped rate came first);
- ``refit``: the weights are refitted on the decided documents' pairs with a penalty that
  pulls them toward the shipped weights (a Gaussian prior centred on them, strength
  :data:`REFIT_ANCHOR`), so a few decisions move them little and many move them more.

A decided document's labels are its confirmed requirements (re-targeted links count for
their new target); a requirement it was never suggested for, or that was rejected, counts
as not evidenced. Everything here is arithmetic on arrays: no store, no model loading.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from mapping.retrieval.fusion import (
    Array,
    FusionModel,
    NeighbourTable,
)

#: Label features (their columns come last in a model's feature list).
LABEL_FEATURES = ("neighbours", "prior")
#: The shipped rate counts as this many documents when the prior adapts.
PRIOR_ANCHOR = 10.0
#: Strength of the pull of refitted weights toward the shipped ones (L2 penalty on the
#: difference, in the shipped model's standardised units).
REFIT_ANCHOR = 100.0


@dataclass(frozen=True)
class Levers:
    """Which parts of the model adapt to the decisions."""

    neighbours: bool = True
    prior: bool = True
    refit: bool = False
    prior_anchor: float = PRIOR_ANCHOR
    refit_anchor: float = REFIT_ANCHOR

    @property
    def name(self) -> str:
        on = [n for n in ("neighbours", "prior", "refit") if getattr(self, n)]
        return "+".join(on) or "none"


@dataclass(frozen=True)
class DecidedDocument:
    """One decided document: its requirements' plain features and what was confirmed.

    ``x`` holds one row per notation of the model's neighbour table and one column per
    feature of the model that is not a label feature (in the model's order); ``profile`` is
    the document's score profile (:func:`mapping.retrieval.fusion.profile`); ``y`` marks the
    confirmed notations (1) and the others (0).
    """

    x: Array
    profile: Array
    y: Array


def plain_features(model: FusionModel) -> list[str]:
    return [f for f in model.features if f not in LABEL_FEATURES]


def base_rates(model: FusionModel, notations: Sequence[str]) -> Array:
    """The shipped smoothed rate of each notation (the inverse of the prior's log)."""
    return np.array(
        [max(math.exp(model.prior.get(n, model.prior_default)) - 1e-3, 1e-4) for n in notations]
    )


def adapted_rates(base: Array, labels: Array, anchor: float = PRIOR_ANCHOR) -> Array:
    """(evidencing documents + anchor × shipped rate) / (documents + anchor), per notation.

    >>> adapted_rates(np.array([0.5, 0.5]), np.array([[1.0, 0.0], [1.0, 0.0]]), 2.0).tolist()
    [0.75, 0.25]
    """
    return np.asarray((labels.sum(axis=0) + anchor * base) / (len(labels) + anchor))


def _table(model: FusionModel) -> NeighbourTable:
    if model.neighbours is None:
        raise ValueError("the model has no neighbour table to adapt")
    return model.neighbours


def adapt_model(
    model: FusionModel, documents: Sequence[DecidedDocument], levers: Levers
) -> FusionModel:
    """``model`` adapted to the decided ``documents`` with the chosen ``levers``."""
    if not documents or not (levers.neighbours or levers.prior or levers.refit):
        return model
    table = _table(model)
    notations = list(table.notations)
    labels = np.stack([d.y for d in documents])
    out = model
    if levers.prior:
        rates = adapted_rates(base_rates(model, notations), labels, levers.prior_anchor)
        prior = dict(model.prior) | {
            n: math.log(float(r) + 1e-3) for n, r in zip(notations, rates, strict=True)
        }
        out = replace(out, prior=prior)
    if levers.neighbours:
        grown = replace(
            table,
            profiles=np.vstack([table.profiles, np.stack([d.profile for d in documents])]),
            labels=np.vstack([table.labels, labels]),
        )
        out = replace(out, neighbours=grown)
    if levers.refit:
        out = refit_weights(out, documents, model, levers.refit_anchor, levers.prior_anchor)
    return out


def design_rows(model: FusionModel, document: DecidedDocument) -> Array:
    """The full feature matrix of a document under ``model`` (label features last)."""
    table = _table(model)
    columns = [document.x]
    names = [f for f in model.features if f in LABEL_FEATURES]
    for name in names:
        if name == "neighbours":
            columns.append(table.feature(document.profile)[:, None])
        else:
            columns.append(model.prior_vector(list(table.notations))[:, None])
    return np.column_stack(columns)


def refit_weights(
    model: FusionModel,
    documents: Sequence[DecidedDocument],
    shipped: FusionModel,
    anchor: float = REFIT_ANCHOR,
    prior_anchor: float = PRIOR_ANCHOR,
    iterations: int = 25,
) -> FusionModel:
    """Weights fitted on ``documents``' pairs, penalised toward ``shipped``'s weights.

    Each document's label features leave that document out (its own labels would otherwise
    leak into its features; see :func:`left_out_label_features`).
    """
    columns = left_out_label_features(model, shipped, documents, prior_anchor)
    x = np.vstack(
        [np.column_stack([d.x, *(c[i] for c in columns)]) for i, d in enumerate(documents)]
    )
    x = (x - model.mean) / model.scale
    y = np.concatenate([d.y for d in documents])
    centre = np.append(shipped.weights, shipped.bias)
    a = np.column_stack([x, np.ones(len(x))])
    w = centre.copy()
    penalty = np.full(len(w), anchor)
    penalty[-1] = anchor / 10
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -60, 60)))
        gradient = a.T @ (p - y) + penalty * (w - centre)
        hessian = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return replace(model, weights=w[:-1], bias=float(w[-1]))


def left_out_label_features(
    model: FusionModel,
    shipped: FusionModel,
    documents: Sequence[DecidedDocument],
    prior_anchor: float = PRIOR_ANCHOR,
) -> list[Array]:
    """Per label feature of ``model`` (in its order), documents × notations: each decided
    document's feature as if it alone had not been decided (its own row left out of the
    grown neighbour table, its labels out of the adapted prior). All documents at once."""
    table = _table(model)
    notations = list(table.notations)
    n = len(documents)
    out: list[Array] = []
    for name in (f for f in model.features if f in LABEL_FEATURES):
        if name == "neighbours":
            out.append(_left_out_neighbours(table, len(_table(shipped).labels), documents))
        elif model.prior is not shipped.prior:  # the prior adapted to the decisions
            labels = np.stack([d.y for d in documents])
            base = base_rates(shipped, notations)
            rates = (labels.sum(axis=0) - labels + prior_anchor * base) / (n - 1 + prior_anchor)
            out.append(np.log(rates + 1e-3))
        else:
            out.append(np.tile(model.prior_vector(notations), (n, 1)))
    return out


def _left_out_neighbours(
    table: NeighbourTable, shipped_rows: int, documents: Sequence[DecidedDocument]
) -> Array:
    """:func:`mapping.retrieval.fusion.neighbour_prior` of every document at once, each
    without its own row (the rows after ``shipped_rows`` are the decided documents')."""
    n = len(documents)
    similarity = np.stack([d.profile for d in documents]) @ table.profiles.T
    grown = len(table.labels) > shipped_rows
    if grown:
        similarity[np.arange(n), len(table.labels) - n + np.arange(n)] = -np.inf
    k = min(table.k, similarity.shape[1] - int(grown))
    nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
    weights = np.clip(np.take_along_axis(similarity, nearest, axis=1), 0.0, None)
    hits = np.einsum("nk,nkm->nm", weights, table.labels[nearest])
    rate = (hits + table.strength * table.rates) / (weights.sum(axis=1)[:, None] + table.strength)
    return np.asarray(np.log(rate + 1e-3))
