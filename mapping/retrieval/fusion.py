"""Learned fusion: one probability per (document, requirement) from several signals.

The hand-set method ranks a document's requirements by one number, the mean of the 3 best
passages' fused z-score (``0.6 × dense + 0.4 × BM25``). That number mixes signals with
fixed weights and is not comparable across documents: a long, on-topic document has higher
z-scores for everything. Fusion instead describes each (document, requirement) pair by a
few features (:data:`FEATURES`, documented in docs/mapping.md) and combines them with a
logistic regression fitted to the labelled benchmark, cross-validated over documents
(``benchmarks/quality/fit_fusion.py``). The fitted model ships as data
(``mapping/retrieval/fusion.json``): feature names, their standardisation, the weights, and the
selection rule fitted with it. The model's output is a probability that the pair is
labelled evidence, which is also the confidence a reviewer sees.

Several features are relative to the document itself (its best requirement, the spread of
its requirements' scores), so that the model transfers to documents whose score level
differs from the benchmark's.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from mapping.retrieval.embedder import Vectors
from mapping.retrieval.ranking import roll_up

#: Model parameters (float64; feature matrices are float32 :data:`Vectors`).
Array = npt.NDArray[Any]

#: z-score above which a passage counts as covering a requirement (coverage feature).
COVERAGE_Z = 2.0


@dataclass(frozen=True)
class DocumentSignals:
    """What the features of one document are computed from.

    ``channels`` are passages × requirements z-score matrices by name (see
    :meth:`mapping.retrieval.scoring.RequirementScorer.channels`); ``headings`` the BM25 z-scores of
    each passage's section path alone (passages × requirements); ``annex`` marks Annex A
    requirements; ``extra`` holds further signals already rolled up per requirement (for
    example a statement score), by feature name.
    """

    channels: Mapping[str, Vectors]
    headings: Vectors
    annex: Vectors
    extra: Mapping[str, Vectors] = field(default_factory=dict)

    @property
    def passages(self) -> int:
        return int(self.channels["fused"].shape[0])


def _top(name: str, n: int) -> Callable[[DocumentSignals], Vectors]:
    def feature(s: DocumentSignals) -> Vectors:
        return roll_up(s.channels[name], n)

    return feature


def _relative_to_best(s: DocumentSignals) -> Vectors:
    top = roll_up(s.channels["fused"], 3)
    return np.asarray(top - float(top.max()), dtype=np.float32)


def _within_document(s: DocumentSignals) -> Vectors:
    top = roll_up(s.channels["fused"], 3)
    return ((top - float(top.mean())) / max(float(top.std()), 1e-3)).astype(np.float32)


def _coverage(s: DocumentSignals) -> Vectors:
    covering = (s.channels["fused"] > COVERAGE_Z).sum(axis=0)
    return np.asarray(np.log1p(covering), dtype=np.float32)


def _heading(s: DocumentSignals) -> Vectors:
    return roll_up(s.headings, 1)


def _position(s: DocumentSignals) -> Vectors:
    best = np.argmax(s.channels["fused"], axis=0)
    return np.asarray(best / max(1, s.passages - 1), dtype=np.float32)


def _log_passages(s: DocumentSignals) -> Vectors:
    return np.full(s.annex.shape, math.log1p(s.passages), dtype=np.float32)


#: Every feature the model may use, by name (docs/mapping.md, "Learned fusion").
FEATURES: dict[str, Callable[[DocumentSignals], Vectors]] = {
    "fused_top3": _top("fused", 3),
    "fused_top1": _top("fused", 1),
    "whole_top3": _top("whole", 3),
    "evidence_top3": _top("evidence", 3),
    "bm25_top3": _top("bm25", 3),
    "statements_top3": _top("statements", 3),
    "relative_to_best": _relative_to_best,
    "within_document_z": _within_document,
    "coverage": _coverage,
    "heading": _heading,
    "position": _position,
    "log_passages": _log_passages,
    "annex": lambda s: s.annex.astype(np.float32),
}


def feature_matrix(signals: DocumentSignals, names: Sequence[str]) -> Vectors:
    """Requirements × features for one document, in the order of ``names``."""
    columns = []
    for name in names:
        if name in signals.extra:
            columns.append(np.asarray(signals.extra[name], dtype=np.float32))
        elif name in FEATURES:
            columns.append(FEATURES[name](signals))
        else:
            raise KeyError(f"unknown fusion feature {name!r}")
    return np.column_stack(columns).astype(np.float32)


@dataclass(frozen=True)
class SelectionRule:
    """How many suggestions a document gets (see :func:`mapping.retrieval.ranking.select_count`)."""

    expected_factor: float = 1.0
    passages_per_link: float = 10.0
    min_links: int = 3
    max_links: int = 30
    links_per_passage: float = 1e9


@dataclass(frozen=True)
class NeighbourTable:
    """What the ``neighbours`` feature compares a new document with: the labelled documents'
    score profiles and labels over the same requirements (see :func:`neighbour_prior`)."""

    notations: tuple[str, ...]
    profiles: Array  # documents × notations, each row a unit vector (see :func:`profile`)
    labels: Array  # documents × notations, 0/1
    rates: Array  # the smoothed share of documents evidencing each notation
    k: int = 8
    strength: float = 3.0

    def vector(self, within_document_z: Mapping[str, float]) -> dict[str, float]:
        """notation → the feature, for a document whose ``within_document_z`` is given."""
        values = np.array([within_document_z.get(n, 0.0) for n in self.notations])
        rates = self.feature(profile(values))
        return dict(zip(self.notations, (float(r) for r in rates), strict=True))

    def feature(self, document: Array) -> Array:
        """The feature over :attr:`notations` for a document's :func:`profile`."""
        return neighbour_prior(
            document, self.profiles, self.labels, self.rates, self.k, self.strength
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "notations": list(self.notations),
            "profiles": [[round(float(v), 5) for v in row] for row in self.profiles],
            "labels": [[int(v) for v in row] for row in self.labels],
            "rates": [round(float(v), 6) for v in self.rates],
            "k": self.k,
            "strength": self.strength,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> NeighbourTable:
        return cls(
            notations=tuple(data["notations"]),
            profiles=np.asarray(data["profiles"], dtype=np.float64),
            labels=np.asarray(data["labels"], dtype=np.float64),
            rates=np.asarray(data["rates"], dtype=np.float64),
            k=int(data["k"]),
            strength=float(data["strength"]),
        )


def profile(within_document_z: Array) -> Array:
    """A document's score profile: its requirements' within-document z, centred, unit length.

    >>> [round(float(v), 3) for v in profile(np.array([1.0, 2.0, 3.0]))]
    [-0.707, 0.0, 0.707]
    """
    v = np.asarray(within_document_z, dtype=np.float64)
    v = v - v.mean()
    return np.asarray(v / max(float(np.linalg.norm(v)), 1e-9))


#: Labelled documents the ``neighbours`` feature looks at, and how strongly its rate is
#: pulled towards the requirement's overall rate (as if that many more documents had it).
NEIGHBOURS_K = 8
NEIGHBOURS_STRENGTH = 3.0


def neighbour_prior(
    document: Array,
    profiles: Array,
    labels: Array,
    rates: Array,
    k: int = NEIGHBOURS_K,
    strength: float = NEIGHBOURS_STRENGTH,
) -> Array:
    """Feature ``neighbours``: per requirement, the log of how often the ``k`` labelled
    documents whose score profile is most like this one's (cosine) evidence it, each weighted
    by its similarity and smoothed towards the overall ``rates``: documents like this one
    (an incident plan, a model card) evidence these requirements.

    >>> profiles = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> labels = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> r = neighbour_prior(np.array([1.0, 0.0]), profiles, labels, np.array([0.5, 0.5]), 1, 1.0)
    >>> [round(float(math.exp(v)), 2) for v in r]
    [0.75, 0.25]
    """
    similarity = profiles @ document
    nearest = np.argsort(-similarity, kind="stable")[:k]
    weights = np.clip(similarity[nearest], 0.0, None)
    rate = (weights @ labels[nearest] + strength * rates) / (float(weights.sum()) + strength)
    return np.asarray(np.log(rate + 1e-3), dtype=np.float32)


@dataclass(frozen=True)
class FusionModel:
    """A logistic regression over standardised features, with its selection rule."""

    features: tuple[str, ...]
    mean: Array
    scale: Array
    weights: Array
    bias: float
    selection: SelectionRule = SelectionRule()
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: Feature ``prior``: per requirement notation, the log of the smoothed share of the
    #: labelled documents that evidence it (:func:`requirement_prior`); others get the default.
    prior: Mapping[str, float] = field(default_factory=dict)
    prior_default: float = 0.0
    #: Feature ``neighbours``: the labelled documents it compares with (None: not used).
    neighbours: NeighbourTable | None = None

    def prior_vector(self, notations: Sequence[str]) -> Vectors:
        return np.array([self.prior.get(n, self.prior_default) for n in notations], np.float32)

    def probabilities(self, x: Vectors) -> Vectors:
        """P(relevant) of each row of the features × ``features`` matrix ``x``."""
        logit = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return (1.0 / (1.0 + np.exp(-np.clip(logit, -60, 60)))).astype(np.float32)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(self.bias, 6),
            "selection": self.selection.__dict__,
            "prior": {k: round(v, 6) for k, v in self.prior.items()},
            "prior_default": round(self.prior_default, 6),
            "meta": dict(self.meta),
        } | ({"neighbours": self.neighbours.to_json()} if self.neighbours else {})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FusionModel:
        def vector(key: str) -> Array:
            return np.asarray(data[key], dtype=np.float64)

        return cls(
            features=tuple(data["features"]),
            mean=vector("mean"),
            scale=vector("scale"),
            weights=vector("weights"),
            bias=float(data["bias"]),
            selection=SelectionRule(**data.get("selection", {})),
            meta=dict(data.get("meta", {})),
            prior={str(k): float(v) for k, v in data.get("prior", {}).items()},
            prior_default=float(data.get("prior_default", 0.0)),
            neighbours=NeighbourTable.from_json(data["neighbours"])
            if "neighbours" in data
            else None,
        )


#: Smoothing of :func:`requirement_prior`: as if this many more documents had each
#: requirement at the average rate.
PRIOR_STRENGTH = 5.0


def requirement_prior(
    labels: Sequence[Vectors], notations: Sequence[str], strength: float = PRIOR_STRENGTH
) -> tuple[dict[str, float], float]:
    """(notation → log smoothed rate, default) from per-document 0/1 label vectors.

    The rate is (documents evidencing it + strength × mean rate) / (documents + strength).

    >>> table, default = requirement_prior([np.array([1.0, 0.0]), np.array([1.0, 0.0])], ["a", "b"], 2.0)
    >>> round(math.exp(table["a"]), 2), round(math.exp(default), 2)
    (0.75, 0.5)
    """
    rate, mean = smoothed_rates(labels, strength)
    table = {n: math.log(float(r) + 1e-3) for n, r in zip(notations, rate, strict=True)}
    return table, math.log(mean + 1e-3)


def smoothed_rates(
    labels: Sequence[Vectors], strength: float = PRIOR_STRENGTH
) -> tuple[Array, float]:
    """Per requirement the smoothed share of documents evidencing it, and the mean share."""
    y = np.sum(np.asarray(labels, dtype=np.float64), axis=0)
    documents = len(labels)
    mean = float(y.mean()) / max(documents, 1)
    return (y + strength * mean) / (documents + strength), mean


@cache
def shipped_model() -> FusionModel:
    """The fitted model bundled with the package (``mapping/retrieval/fusion.json``)."""
    path = resources.files("mapping.retrieval") / "fusion.json"
    return FusionModel.from_json(json.loads(path.read_text(encoding="utf-8")))


@cache
def shipped_version() -> str:
    """``shipped-`` and a hash of the bundled ``fusion.json`` (``aims:rankingModel``)."""
    data = (resources.files("mapping.retrieval") / "fusion.json").read_bytes()
    return "shipped-" + hashlib.sha256(data).hexdigest()[:12]


def fit_logistic(
    x: Vectors, y: Vectors, names: Sequence[str], l2: float = 1.0, iterations: int = 30
) -> FusionModel:
    """Maximum-likelihood logistic regression with an L2 penalty (Newton's method).

    Features are standardised first (the penalty then treats them alike); the bias is not
    penalised.

    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> m = fit_logistic(x, np.array([0, 0, 1, 1]), ["f"], l2=0.1)
    >>> p = m.probabilities(x)
    >>> bool(p[0] < 0.5 < p[3])
    True
    """
    mean = x.mean(axis=0)
    scale = np.maximum(x.std(axis=0), 1e-6)
    a = np.column_stack([(x - mean) / scale, np.ones(len(x))]).astype(np.float64)
    target = np.asarray(y, dtype=np.float64)
    w = np.zeros(a.shape[1])
    penalty = np.full(a.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -60, 60)))
        gradient = a.T @ (p - target) + penalty * w
        hessian = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return FusionModel(tuple(names), mean, scale, w[:-1], float(w[-1]))
