"""Leave-documents-out evaluation: every fitted thing is fitted on the other folds only.

The labelled documents are split into ``k`` folds by a hash of their slug (a document and
its PDF twin always fall in the same fold). For each fold, the calibration curve (hand-set
method), the fusion weights and the selection rule are fitted on the other folds' documents
and applied to this fold's; the figures are the held-out documents' figures pooled. The
selection rule is fitted on out-of-fold probabilities of the training documents (an inner
cross-validation), so it is chosen on probabilities as honest as the held-out ones.

Figures are given twice: over the *written* suggestions (what a suggestion run writes and
a reviewer sees: the ranking cut at the selected count) and over the *full ranking* (every
non-group requirement, as :func:`mapping.evidence.suggest.rank_document` orders them).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from mapping.evidence.suggest import DocumentPassages
from mapping.retrieval.evaluation import evaluate, summarise
from mapping.retrieval.fusion import (
    FEATURES,
    NEIGHBOURS_K,
    NEIGHBOURS_STRENGTH,
    FusionModel,
    NeighbourTable,
    SelectionRule,
    feature_matrix,
    fit_logistic,
    profile,
    requirement_prior,
    smoothed_rates,
)
from mapping.retrieval.ranking import calibrate, select_count, select_links
from mapping.retrieval.scoring import RequirementScorer

#: Features of the shipped model (docs/mapping.md, "Learned fusion").
MODEL_FEATURES = (
    "fused_top3",
    "whole_top3",
    "evidence_top3",
    "bm25_top3",
    "relative_to_best",
    "within_document_z",
    "coverage",
    "heading",
    "position",
    "log_passages",
    "annex",
    "neighbours",
    "prior",
)
L2 = 1.0
MAX_LINKS = 30
#: Not fitted: a guard (at most 2 suggestions per passage) for small libraries, whose
#: z-scores run higher than the benchmark's, so that a short document is not flooded.
LINKS_PER_PASSAGE = 2.0
#: Grid the selection rule is chosen from (on training folds only).
RULE_GRID = {
    "expected_factor": (0.5, 0.75, 1.0, 1.25, 1.5, 2.0),
    "passages_per_link": (5.0, 10.0, 20.0, 40.0, 1e9),
    "min_links": (3, 5),
    "links_per_passage": (LINKS_PER_PASSAGE,),
}
#: The selection rule maximises the mean per-document F-beta of the written set; beta 2
#: weighs recall four times precision (a missed piece of evidence costs a reviewer more
#: than a wrong suggestion they reject in a click).
BETA = 2.0


@dataclass
class Sample:
    """One labelled artefact: its non-group requirements' features and labels."""

    slug: str
    primary: bool
    passages: int
    notations: list[str]
    x: np.ndarray  # requirements × every FEATURES column
    labels: dict[str, int]

    def y(self) -> np.ndarray:
        return np.array([1.0 if self.labels.get(n, 0) > 0 else 0.0 for n in self.notations])

    def columns(self, names: Sequence[str]) -> np.ndarray:
        every = list(FEATURES)
        return self.x[:, [every.index(n) for n in names]]


def collect(
    scorer: RequirementScorer,
    docs: Sequence[tuple[str, bool, dict[str, int]]],
    passages: Sequence[DocumentPassages],
) -> list[Sample]:
    """Features of every (document, non-group requirement) pair, once per document."""
    keep = [i for i, d in enumerate(scorer.descriptors) if not d.is_group]
    notations = [scorer.descriptors[i].notation for i in keep]
    out = []
    for (slug, primary, labels), doc in zip(docs, passages, strict=True):
        sections = doc.sections or [""] * len(doc.texts)
        signals = scorer.signals(doc.texts, doc.vectors, sections)
        x = feature_matrix(signals, list(FEATURES))[keep]
        out.append(Sample(slug, primary, len(doc.iris), notations, x, labels))
    return out


def fold_of(slug: str, k: int) -> int:
    return int(hashlib.sha256(slug.encode()).hexdigest(), 16) % k


def neighbour_table(samples: Sequence[Sample]) -> NeighbourTable:
    """What the ``neighbours`` feature compares a document with: ``samples``' profiles."""
    rates, _ = smoothed_rates([s.y() for s in samples])
    return NeighbourTable(
        notations=tuple(samples[0].notations),
        profiles=np.stack([profile(s.columns(["within_document_z"])[:, 0]) for s in samples]),
        labels=np.stack([s.y() for s in samples]),
        rates=rates,
        k=NEIGHBOURS_K,
        strength=NEIGHBOURS_STRENGTH,
    )


#: Features computed from the other (training) documents' labels, in the order they go last.
LABEL_FEATURES = ("neighbours", "prior")


def design(sample: Sample, names: Sequence[str], others: Sequence[Sample]) -> np.ndarray:
    """The sample's feature columns; ``neighbours`` and ``prior`` (last, in that order) from
    ``others``' labels only."""
    learnt = [n for n in names if n in LABEL_FEATURES]
    plain = list(names[: len(names) - len(learnt)])
    assert tuple(learnt) == tuple(n for n in LABEL_FEATURES if n in learnt), (
        "label features go last"
    )
    assert not set(plain) & set(LABEL_FEATURES), "label features go last"
    columns = [sample.columns(plain)] if plain else []
    if "neighbours" in learnt:
        own = profile(sample.columns(["within_document_z"])[:, 0])
        columns.append(neighbour_table(others).feature(own)[:, None])
    if "prior" in learnt:
        table, default = requirement_prior([o.y() for o in others], others[0].notations)
        prior = np.array([table.get(n, default) for n in sample.notations], dtype=np.float32)
        columns.append(prior[:, None])
    return np.column_stack(columns)


def fit(samples: Sequence[Sample], names: Sequence[str], l2: float = L2) -> FusionModel:
    """The model over ``samples``; each one's prior comes from the others (leave one out)."""
    x = np.vstack([design(s, names, [t for t in samples if t is not s]) for s in samples])
    y = np.concatenate([s.y() for s in samples])
    model = fit_logistic(x, y, names, l2)
    if "prior" in names or "neighbours" in names:
        table, default = requirement_prior([s.y() for s in samples], samples[0].notations)
        model = replace(model, prior=table, prior_default=default)
    if "neighbours" in names:
        model = replace(model, neighbours=neighbour_table(samples))
    return model


def f_beta(written: Sequence[str], labels: dict[str, int], beta: float = BETA) -> float:
    wanted = {n for n, g in labels.items() if g > 0}
    hits = len(wanted.intersection(written))
    if not hits:
        return 0.0
    precision, recall = hits / len(written), hits / len(wanted)
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


def ranking(sample: Sample, scores: np.ndarray) -> list[str]:
    order = np.argsort(-scores, kind="stable")
    return [sample.notations[i] for i in order]


def count_for(rule: SelectionRule, scores: np.ndarray, passages: int) -> int:
    return select_count(
        np.sort(scores)[::-1],
        passages,
        expected_factor=rule.expected_factor,
        passages_per_link=rule.passages_per_link,
        min_links=rule.min_links,
        max_links=rule.max_links,
        links_per_passage=rule.links_per_passage,
    )


def fit_rule(samples: Sequence[Sample], probabilities: Sequence[np.ndarray]) -> SelectionRule:
    """The grid rule with the best mean F-beta of the written sets over ``samples``."""
    best: tuple[float, SelectionRule] | None = None
    for factor, per_link, floor, per_passage in itertools.product(*RULE_GRID.values()):
        rule = SelectionRule(factor, per_link, int(floor), MAX_LINKS, per_passage)
        value = float(
            np.mean(
                [
                    f_beta(ranking(s, p)[: count_for(rule, p, s.passages)], s.labels)
                    for s, p in zip(samples, probabilities, strict=True)
                ]
            )
        )
        if best is None or value > best[0] + 1e-12:
            best = (value, rule)
    assert best is not None
    return best[1]


def out_of_fold(
    samples: Sequence[Sample], names: Sequence[str], k: int, l2: float = L2
) -> list[np.ndarray]:
    """Each sample's probabilities from a model fitted on the other folds' primary samples."""
    folds = [fold_of(s.slug, k) for s in samples]
    out: list[np.ndarray] = [np.zeros(0)] * len(samples)
    for f in sorted(set(folds)):
        train = [s for s, g in zip(samples, folds, strict=True) if g != f and s.primary]
        model = fit(train, names, l2)
        for i, g in enumerate(folds):
            if g == f:
                out[i] = model.probabilities(design(samples[i], names, train))
    return out


@dataclass
class Result:
    """Held-out scores and suggestion counts, one per sample."""

    scores: list[np.ndarray]
    counts: list[int]
    rules: list[SelectionRule]


def cross_validate_fusion(
    samples: Sequence[Sample], names: Sequence[str], k: int, l2: float = L2
) -> Result:
    """Fusion + selection rule, both fitted on the other folds only."""
    folds = [fold_of(s.slug, k) for s in samples]
    scores: list[np.ndarray] = [np.zeros(0)] * len(samples)
    counts = [0] * len(samples)
    rules = []
    for f in sorted(set(folds)):
        train = [s for s, g in zip(samples, folds, strict=True) if g != f and s.primary]
        inner = out_of_fold(train, names, k - 1 if k > 2 else 2, l2)
        rule = fit_rule(train, inner)
        rules.append(rule)
        model = fit(train, names, l2)
        for i, g in enumerate(folds):
            if g == f:
                scores[i] = model.probabilities(design(samples[i], names, train))
                counts[i] = count_for(rule, scores[i], samples[i].passages)
    return Result(scores, counts, rules)


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    model = fit_logistic(z[:, None], y, ["z"], l2=0.0)
    slope = float(model.weights[0] / model.scale[0])
    intercept = float(model.bias - model.weights[0] * model.mean[0] / model.scale[0])
    return -intercept / slope, slope


def cross_validate_hand_set(
    samples: Sequence[Sample],
    k: int,
    settings_of: Callable[[], tuple[float, int, int]],
    refit: bool,
    shipped: tuple[float, float],
) -> Result:
    """The hand-set method: rank by the rolled-up z, keep confidence ≥ threshold (min/max).

    ``refit`` fits the calibration curve on the other folds (else the shipped curve, which
    was fitted on the 19 Markdown documents themselves).
    """
    threshold, low, high = settings_of()
    col = list(FEATURES).index("fused_top3")
    folds = [fold_of(s.slug, k) for s in samples]
    scores: list[np.ndarray] = [s.x[:, col] for s in samples]
    counts = [0] * len(samples)
    for f in sorted(set(folds)):
        train = [s for s, g in zip(samples, folds, strict=True) if g != f and s.primary]
        curve = shipped
        if refit:
            curve = fit_platt(
                np.concatenate([s.x[:, col] for s in train]),
                np.concatenate([s.y() for s in train]),
            )
        for i, g in enumerate(folds):
            if g == f:
                conf = calibrate(scores[i], *curve)
                counts[i] = len(select_links(conf, threshold, low, high))
    return Result(scores, counts, [])


def strong(labels: dict[str, int]) -> dict[str, int]:
    return {n: g for n, g in labels.items() if g >= 2}


def figures(
    samples: Sequence[Sample], result: Result, strong_only: bool = False
) -> tuple[dict[str, float], dict[str, float]]:
    """(written suggestions, full ranking) macro averages over ``samples``."""
    written, full = [], []
    for s, p, n in zip(samples, result.scores, result.counts, strict=True):
        labels = strong(s.labels) if strong_only else s.labels
        if not any(g > 0 for g in labels.values()):
            continue
        ranked = ranking(s, p)
        written.append(evaluate(ranked[:n], labels))
        full.append(evaluate(ranked, labels))
    return summarise(written), summarise(full)
