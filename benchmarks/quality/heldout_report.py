"""Printing of the leave-documents-out figures (see :mod:`benchmarks.quality.heldout`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from benchmarks.quality import heldout as h
from mapping.retrieval.ranking import CALIBRATION_MIDPOINT, CALIBRATION_SLOPE, RankingSettings

SHOWN = ("P@5", "R@10", "Rc@10", "MRR", "nDCG@10")
WIDTH = 46

#: Fusion variants compared (name, features); the first is the shipped feature set.
VARIANTS: list[tuple[str, tuple[str, ...]]] = [
    ("fusion, shipped features", h.MODEL_FEATURES),
    ("fusion, fused z only (Platt + document rule)", ("fused_top3",)),
    # the statements already join the dense channel; a separate feature adds nothing
    (
        "fusion, shipped + statement channel (statements_top3)",
        ("statements_top3", *h.MODEL_FEATURES),
    ),
    (
        "fusion, without neighbours (shipped until 12/2026)",
        tuple(f for f in h.MODEL_FEATURES if f != "neighbours"),
    ),
    ("fusion, shipped without the requirement prior", h.MODEL_FEATURES[:-1]),
    (
        "fusion, without neighbours or prior",
        tuple(f for f in h.MODEL_FEATURES if f not in h.LABEL_FEATURES),
    ),
    ("fusion, fused z + requirement prior", ("fused_top3", "prior")),
    ("fusion, shipped + best-passage z (fused_top1)", ("fused_top1", *h.MODEL_FEATURES)),
    (
        "fusion, without document-relative features",
        tuple(
            f
            for f in h.MODEL_FEATURES
            if f not in ("relative_to_best", "within_document_z", "log_passages")
        ),
    ),
    (
        "fusion, channels only (no heading/position/annex)",
        tuple(f for f in h.MODEL_FEATURES if f not in ("heading", "position", "annex")),
    ),
]


def _cells(row: dict[str, float]) -> str:
    return "".join(f"{row.get(m, 0.0):>7.3f}" for m in SHOWN)


def _head(title: str) -> str:
    metrics = "".join(f"{m:>7}" for m in SHOWN)
    return (
        f"\n{title}\n{'':<{WIDTH}}{'written suggestions':^35} | {'full ranking':^35} | per doc\n"
        f"{'':<{WIDTH}}{metrics} | {metrics} | mean (min-max)"
    )


def _counts(counts: Sequence[int]) -> str:
    return f"{np.mean(counts):5.1f} ({min(counts)}-{max(counts)})"


def methods(
    samples: list[h.Sample], k: int, settings: RankingSettings
) -> list[tuple[str, h.Result]]:
    """Every method's held-out result, the hand-set baselines first."""
    hand = (settings.min_confidence, settings.min_links, settings.max_links)
    shipped = (CALIBRATION_MIDPOINT, CALIBRATION_SLOPE)
    out = [
        (
            "baseline: hand-set, shipped curve (in-sample)",
            h.cross_validate_hand_set(samples, k, lambda: hand, False, shipped),
        ),
        (
            "baseline: hand-set, curve refit per fold",
            h.cross_validate_hand_set(samples, k, lambda: hand, True, shipped),
        ),
    ]
    out += [(name, h.cross_validate_fusion(samples, names, k)) for name, names in VARIANTS]
    return out


def print_tables(
    samples: list[h.Sample],
    results: list[tuple[str, h.Result]],
    k: int,
    newer: frozenset[str] = frozenset(),
) -> None:
    """The figures over every document, over the PDF twins, and over ``newer`` slugs alone.

    ``newer`` are the documents added to the benchmark later (labels_extra.yaml: kinds the
    first corpus lacked), shown apart so that a gain that only holds on the first 19 shows.
    """
    subsets: list[tuple[str, Callable[[h.Sample], bool]]] = [
        ("", lambda s: s.primary),
        (" (PDF twins)", lambda s: not s.primary),
    ]
    if newer:
        subsets.append(
            (" (added later: labels_extra.yaml)", lambda s: s.primary and s.slug in newer)
        )
    for kind, pick in subsets:
        chosen = [i for i, s in enumerate(samples) if pick(s)]
        if not chosen:
            continue
        subset = [samples[i] for i in chosen]
        for strong_only, what in ((False, "all labels (grade ≥ 1)"), (True, "strong (grade 2)")):
            print(
                _head(
                    f"Leave-documents-out ({k} folds over documents), {len(subset)} documents"
                    f"{kind}, {what}"
                )
            )
            for name, result in results:
                part = h.Result(
                    [result.scores[i] for i in chosen], [result.counts[i] for i in chosen], []
                )
                written, full = h.figures(subset, part, strong_only)
                print(f"{name:<{WIDTH}}{_cells(written)} | {_cells(full)} | {_counts(part.counts)}")


def print_documents(samples: list[h.Sample], results: list[tuple[str, h.Result]]) -> None:
    base, fused = results[1][1], results[2][1]
    print(
        f"\nPer document, held out: labels, passages, suggestions written and R@10 over them"
        f"\n{'':<50}{'labels':>7}{'pass.':>6} | {'hand-set n, R@10':>17} | {'fusion n, R@10':>15}"
    )
    for i, s in enumerate(samples):
        if not s.primary:
            continue
        ranked_b, ranked_f = h.ranking(s, base.scores[i]), h.ranking(s, fused.scores[i])
        rb = h.evaluate(ranked_b[: base.counts[i]], s.labels)["R@10"]
        rf = h.evaluate(ranked_f[: fused.counts[i]], s.labels)["R@10"]
        print(
            f"{s.slug[:49]:<50}{len(s.labels):>7}{s.passages:>6} | "
            f"{base.counts[i]:>6} {rb:>9.3f}  | {fused.counts[i]:>5} {rf:>9.3f}"
        )
    rules = sorted(
        {
            (r.expected_factor, r.passages_per_link, r.min_links, r.links_per_passage)
            for r in fused.rules
        }
    )
    print(
        "selection rules fitted per fold (expected factor, passages per link, floor, "
        f"links per passage): {rules}"
    )
