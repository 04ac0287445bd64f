"""Ranking quality metrics: precision@k, recall@k, reciprocal rank, nDCG@k.

A ranking is a list of item keys, best first; relevance is a mapping from key to grade
(2 strong, 1 partial; absent = not relevant). Every metric returns a float in 0–1, and
:func:`summarise` averages per-query figures into one row (macro average: each query counts
once, however many relevant items it has).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

DEFAULT_KS = (5, 10)


def precision_at_k(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """Share of the top ``k`` that is relevant (a ranking shorter than ``k`` counts misses).

    >>> precision_at_k(["a", "x", "b"], {"a": 2, "b": 1}, 2)
    0.5
    """
    return sum(1 for item in ranking[:k] if relevant.get(item, 0) > 0) / k


def recall_at_k(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """Share of the relevant items found in the top ``k`` (1.0 when nothing is relevant).

    >>> recall_at_k(["a", "x", "b"], {"a": 2, "b": 1, "c": 1}, 2)
    0.3333333333333333
    """
    wanted = {item for item, grade in relevant.items() if grade > 0}
    if not wanted:
        return 1.0
    return len(wanted.intersection(ranking[:k])) / len(wanted)


def capped_recall_at_k(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """Relevant items found in the top ``k`` over min(k, number relevant): 1.0 is reachable
    even when more than ``k`` items are relevant.

    >>> capped_recall_at_k(["a", "b"], {"a": 1, "b": 1, "c": 1}, 2)
    1.0
    """
    wanted = {item for item, grade in relevant.items() if grade > 0}
    if not wanted:
        return 1.0
    return len(wanted.intersection(ranking[:k])) / min(k, len(wanted))


def reciprocal_rank(ranking: Sequence[str], relevant: Mapping[str, int]) -> float:
    """1 / rank of the first relevant item (0 when none is ranked).

    >>> reciprocal_rank(["x", "y", "a"], {"a": 1})
    0.3333333333333333
    """
    for position, item in enumerate(ranking, start=1):
        if relevant.get(item, 0) > 0:
            return 1.0 / position
    return 0.0


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain of gains in rank order (log2 discount)."""
    return sum(gain / math.log2(position + 1) for position, gain in enumerate(gains, start=1))


def ndcg_at_k(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    """nDCG@k with the grade as gain; 1.0 for a perfect order.

    >>> ndcg_at_k(["a", "b"], {"a": 2, "b": 1}, 10)
    1.0
    >>> round(ndcg_at_k(["b", "a"], {"a": 2, "b": 1}, 10), 3)
    0.86
    """
    ideal = dcg(sorted((g for g in relevant.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 1.0
    return dcg(relevant.get(item, 0) for item in ranking[:k]) / ideal


def evaluate(
    ranking: Sequence[str], relevant: Mapping[str, int], ks: Sequence[int] = DEFAULT_KS
) -> dict[str, float]:
    """P@k, R@k and capped R@k for each k in ``ks``, MRR, and nDCG@(largest k) of one query."""
    row: dict[str, float] = {}
    for k in ks:
        row[f"P@{k}"] = precision_at_k(ranking, relevant, k)
        row[f"R@{k}"] = recall_at_k(ranking, relevant, k)
        row[f"Rc@{k}"] = capped_recall_at_k(ranking, relevant, k)
    row["MRR"] = reciprocal_rank(ranking, relevant)
    row[f"nDCG@{max(ks)}"] = ndcg_at_k(ranking, relevant, max(ks))
    return row


def summarise(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """The mean of each metric over ``rows`` (macro average)."""
    if not rows:
        return {}
    return {key: sum(r[key] for r in rows) / len(rows) for key in rows[0]}
