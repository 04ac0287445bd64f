"""Ranking arithmetic: normalise, fuse, calibrate, roll up, select.

Why each step exists:

- *Background normalisation.* Raw scores are not comparable across requirements: a broad
  requirement ("AI policy") is close to almost every governance passage, a narrow one is
  close to few. Each requirement's scores are therefore turned into z-scores against the
  same requirement's scores over a background of ordinary passages; a z of 3 means "three
  standard deviations more related than a typical passage", whichever the requirement.
- *Fusion.* Dense (cosine) and lexical (BM25) scores live on different scales; their
  z-scores do not, so the fused score is a weighted mean of the two z-scores.
- *Roll-up.* A document's score for a requirement is the mean of its few best passages'
  scores: one lucky sentence in a long document should not outrank a document that returns
  to the topic again and again.
- *Calibration.* A logistic curve maps the rolled-up z-score to a 0–1 confidence that the
  review queue can threshold and sort on. Its two parameters are fitted offline to the
  labelled benchmark (Platt scaling, see :data:`CALIBRATION_MIDPOINT`), so that of the
  suggestions at confidence ~p about a share p is relevant; never fitted at run time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mapping.retrieval.embedder import Vectors

#: Confidence curve ``1 / (1 + exp(-slope × (z − midpoint)))`` of a document's rolled-up
#: fused z-score. Fitted 2026-11-25 by Platt scaling (maximum-likelihood logistic on the z,
#: ``benchmarks/quality/calibration.py``) to benchmarks/quality/labels.yaml: 19 Markdown
#: documents × 70 non-group ISO/IEC 42001 requirements = 1,330 pairs, 189 labelled relevant
#: (grade 1 or 2). Two-fold cross-validation over documents (fit on one half, measured on
#: the other): ECE 0.030 → 0.020, Brier 0.0976 → 0.0963 against the hand-set curve it
#: replaces (midpoint 2.5, slope 1.5). Values are the fit on all 19 documents, rounded.
#: A monotone map: the ranking order, and so P@5/R@10/MRR/nDCG, do not change.
CALIBRATION_MIDPOINT = 2.86
CALIBRATION_SLOPE = 1.14
#: Minimum confidence of a link. 0.4 on the fitted curve keeps the links per document about
#: where 0.5 on the old curve had them (5.47 vs 5.53 on the benchmark; precision 0.635).
MIN_CONFIDENCE = 0.4


@dataclass(frozen=True)
class RankingSettings:
    """Every knob of the ranking, with the values the quality benchmark was run with."""

    #: How far each requirement is normalised against its own background statistics:
    #: 1 = fully per requirement, 0 = one mean and spread per channel (see docs/mapping.md:
    #: per-requirement normalisation lowered every metric on the labelled corpus).
    requirement_normalisation: float = 0.0
    #: Weight of the dense z-score in the fused score (the lexical one gets the rest).
    dense_weight: float = 0.6
    #: How many of a document's best passages are averaged into its requirement score.
    top_passages: int = 3
    #: Rolled-up z-score at which the confidence is 0.5 (fitted; see CALIBRATION_MIDPOINT).
    calibration_midpoint: float = CALIBRATION_MIDPOINT
    #: Steepness of the confidence curve per unit of z-score (fitted, as above).
    calibration_slope: float = CALIBRATION_SLOPE
    #: Whether requirements that group narrower ones (top-level clauses, control
    #: objectives) are suggested; evidence normally goes to the narrower requirement.
    suggest_groups: bool = False
    #: Requirements with at least this confidence become suggestions ...
    min_confidence: float = MIN_CONFIDENCE
    #: ... but never fewer than this many per document (when it has passages) ...
    min_links: int = 3
    #: ... and never more than this many.
    max_links: int = 15
    #: Supporting passages cited per suggestion.
    supports: int = 3
    #: Share of the dense score taken from the closest confirmed exemplar passage.
    exemplar_weight: float = 0.5
    #: Penalty per unit of cosine above ``rejection_floor`` to a rejected passage.
    rejection_weight: float = 1.0
    rejection_floor: float = 0.6
    #: Factor on the confidence of an (artefact, requirement) pair a reviewer rejected.
    rejected_pair_factor: float = 0.3
    #: Smallest standard deviation used in normalisation (avoids dividing by ~0).
    min_std: float = 1e-3


@dataclass(frozen=True)
class Background:
    """Per-requirement mean and standard deviation of a score over background passages."""

    mean: Vectors
    std: Vectors

    @classmethod
    def from_scores(cls, scores: Vectors, min_std: float = 1e-3) -> Background:
        """Statistics of ``scores`` (passages × requirements), one per requirement (column).

        >>> b = Background.from_scores(np.array([[0.0, 1.0], [2.0, 1.0]], dtype=np.float32))
        >>> b.mean.tolist(), b.std.tolist()
        ([1.0, 1.0], [1.0, 0.0010000000474974513])
        """
        if len(scores) == 0:
            raise ValueError("a background needs at least one passage")
        mean = scores.mean(axis=0).astype(np.float32)
        std = np.maximum(scores.std(axis=0), min_std).astype(np.float32)
        return cls(mean=mean, std=std)

    def blend(self, strength: float) -> Background:
        """Statistics moved towards the channel-wide ones: ``strength`` 1 keeps them per
        requirement, 0 uses the mean over requirements for every requirement.

        >>> b = Background(np.array([0.0, 2.0]), np.array([1.0, 3.0])).blend(0.5)
        >>> b.mean.tolist(), b.std.tolist()
        ([0.5, 1.5], [1.5, 2.5])
        """
        mean = strength * self.mean + (1 - strength) * float(self.mean.mean())
        std = strength * self.std + (1 - strength) * float(self.std.mean())
        return Background(mean=mean.astype(np.float32), std=std.astype(np.float32))

    def normalise(self, scores: Vectors) -> Vectors:
        """z-scores of ``scores`` (passages × requirements) against this background."""
        return ((scores - self.mean) / self.std).astype(np.float32)


def fuse(dense_z: Vectors, lexical_z: Vectors, dense_weight: float) -> Vectors:
    """Weighted mean of two z-score matrices of the same shape."""
    return (dense_weight * dense_z + (1.0 - dense_weight) * lexical_z).astype(np.float32)


def calibrate(z: Vectors | float, midpoint: float, slope: float) -> Vectors:
    """Logistic confidence in 0–1 of z-scores.

    >>> calibrate(np.array([2.0, 100.0, -100.0]), 2.0, 1.0).round(3).tolist()
    [0.5, 1.0, 0.0]
    """
    x = np.clip(slope * (np.asarray(z, dtype=np.float64) - midpoint), -60, 60)
    return (1.0 / (1.0 + np.exp(-x))).astype(np.float32)


def roll_up(z: Vectors, top_n: int) -> Vectors:
    """Per requirement (column), the mean of the ``top_n`` best passage scores (rows).

    A document with fewer passages than ``top_n`` averages what it has.

    >>> roll_up(np.array([[1.0, 0.0], [3.0, 0.0], [2.0, 9.0]]), 2).tolist()
    [2.5, 4.5]
    """
    if len(z) == 0:
        return np.zeros(z.shape[1] if z.ndim == 2 else 0, dtype=np.float32)
    n = max(1, min(top_n, len(z)))
    best: Vectors = -np.sort(-z, axis=0)[:n]
    return np.asarray(best.mean(axis=0), dtype=np.float32)


def top_rows(column: Vectors, n: int) -> list[int]:
    """Indices of the ``n`` largest values, largest first (ties by position).

    >>> top_rows(np.array([0.1, 0.9, 0.5, 0.9]), 3)
    [1, 3, 2]
    """
    order = np.argsort(-np.asarray(column), kind="stable")
    return [int(i) for i in order[:n]]


def select_links(
    confidence: Vectors, min_confidence: float, min_links: int, max_links: int
) -> list[int]:
    """Requirements to suggest: those at or above ``min_confidence``, best first, at least
    ``min_links`` and at most ``max_links``.

    >>> select_links(np.array([0.9, 0.2, 0.6, 0.1]), 0.5, 3, 15)
    [0, 2, 1]
    >>> select_links(np.array([0.9, 0.8, 0.7]), 0.5, 1, 2)
    [0, 1]
    """
    ranked = top_rows(confidence, len(confidence))
    above = sum(1 for i in ranked if confidence[i] >= min_confidence)
    keep = min(max(above, min_links), max_links)
    return ranked[:keep]


def select_count(
    probabilities: Vectors,
    passages: int,
    *,
    expected_factor: float,
    passages_per_link: float,
    min_links: int,
    max_links: int,
    links_per_passage: float = 1e9,
) -> int:
    """How many suggestions a document gets: it follows what the document covers.

    ``probabilities`` are the (calibrated) chances that each requirement is evidenced, so
    their sum is the number of requirements the document is expected to evidence; the
    count is that expectation × ``expected_factor``, but at least one per
    ``passages_per_link`` passages (a long document never gets only the floor), at least
    ``min_links``, at most ``links_per_passage`` per passage (a short document in a small
    library, whose z-scores run high, is not flooded) and at most ``max_links`` (never more
    than there are requirements).

    >>> p = np.array([0.9, 0.8, 0.5, 0.3, 0.2, 0.1, 0.1])
    >>> select_count(p, 10, expected_factor=1.0, passages_per_link=10, min_links=1, max_links=30)
    3
    >>> select_count(p, 60, expected_factor=1.0, passages_per_link=10, min_links=1, max_links=30)
    6
    >>> select_count(p, 1, expected_factor=2.0, passages_per_link=10, min_links=1, max_links=30,
    ...              links_per_passage=2)
    2
    """
    expected = round(expected_factor * float(np.sum(probabilities)))
    floor = max(min_links, math.ceil(passages / passages_per_link))
    ceiling = max(min_links, math.ceil(links_per_passage * passages))
    return int(min(len(probabilities), max_links, ceiling, max(expected, floor)))


def exemplar_similarity(passages: Vectors, exemplars: Vectors) -> Vectors:
    """For each passage, its largest cosine to any exemplar (0 when there are none)."""
    if len(exemplars) == 0 or len(passages) == 0:
        return np.zeros(len(passages), dtype=np.float32)
    return np.asarray((passages @ exemplars.T).max(axis=1), dtype=np.float32)


def rejection_penalty(similarity: Vectors, floor: float, weight: float) -> Vectors:
    """Penalty for passages close to a rejected one: ``weight`` × cosine above ``floor``.

    >>> [round(float(x), 2) for x in rejection_penalty(np.array([0.5, 0.8, 1.0]), 0.6, 1.0)]
    [0.0, 0.2, 0.4]
    """
    return np.asarray(weight * np.maximum(0.0, similarity - floor), dtype=np.float32)
