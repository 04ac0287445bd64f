"""Calibration of document → requirement confidence against the labels.

    .venv/bin/python -m benchmarks.quality.calibration [--corpus ../shared/corpus] [--cache-dir DIR]

A confidence is honest when, of the suggestions shown at confidence ~p, a share ~p is
labelled relevant. This ingests the Markdown documents (the PDF twins would count every
document twice), takes every (document, non-group requirement) pair the system scores with
its rolled-up z-score and whether labels.yaml lists it, and prints:

1. a reliability table (confidence bin → pairs, mean confidence, observed precision), the
   expected calibration error (ECE) and Brier score of the shipped curve, over all pairs and
   over the selected suggestions only;
2. Platt scaling (a logistic fitted on the z-score) cross-validated over the two halves of
   the documents (fit on one half, measured on the other) against the fixed curve;
3. the fit on all documents (the values to ship) and how many links per document each curve
   and threshold selects.

Figures only; it never fails on a threshold.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from benchmarks.quality.run import ROOT, Corpus, Document, ingest_corpus
from mapping.evidence.suggest import load_document_passages
from mapping.retrieval.embedder import DEFAULT_BACKEND
from mapping.retrieval.ranking import RankingSettings, calibrate, roll_up, select_links
from mapping.retrieval.scoring import HAND_SET as HAND_SET_CONFIG
from mapping.retrieval.scoring import prepare_scorer

BINS = 10
#: The hand-set curve (midpoint, slope) and threshold shipped before the fit, kept as the
#: "before" of every comparison.
HAND_SET = (2.5, 1.5)
HAND_SET_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Pairs:
    """Per scored (document, requirement) pair: document index, z-score, relevant or not."""

    doc: np.ndarray
    z: np.ndarray
    relevant: np.ndarray

    def where(self, mask: np.ndarray) -> Pairs:
        return Pairs(self.doc[mask], self.z[mask], self.relevant[mask])


def reliability(
    conf: np.ndarray, relevant: np.ndarray, bins: int = BINS
) -> list[tuple[str, int, float, float]]:
    """(bin, pairs, mean confidence, observed precision) for equal-width confidence bins.

    >>> reliability(np.array([0.05, 0.95, 0.9]), np.array([0, 1, 0]), 2)
    [('0.0–0.5', 1, 0.05, 0.0), ('0.5–1.0', 2, 0.925, 0.5)]
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            label = f"{edges[b]:.1f}–{edges[b + 1]:.1f}"
            rows.append(
                (
                    label,
                    int(mask.sum()),
                    round(float(conf[mask].mean()), 4),
                    round(float(relevant[mask].mean()), 4),
                )
            )
    return rows


def ece(conf: np.ndarray, relevant: np.ndarray, bins: int = BINS) -> float:
    """Expected calibration error: pair-weighted mean |confidence − precision| over bins.

    >>> round(ece(np.array([0.05, 0.95, 0.9]), np.array([0, 1, 0]), 2), 4)
    0.3
    """
    rows = reliability(conf, relevant, bins)
    total = sum(n for _, n, _, _ in rows)
    return sum(n * abs(c - p) for _, n, c, p in rows) / max(total, 1)


def brier(conf: np.ndarray, relevant: np.ndarray) -> float:
    """Mean squared difference between confidence and the 0/1 label.

    >>> brier(np.array([1.0, 0.5]), np.array([1, 0]))
    0.125
    """
    return float(np.mean((conf - relevant) ** 2))


def fit_platt(z: np.ndarray, relevant: np.ndarray, iterations: int = 50) -> tuple[float, float]:
    """(midpoint, slope) of the logistic ``1/(1+exp(-slope·(z−midpoint)))`` that maximises
    the likelihood of the labels (Newton's method on a one-feature logistic regression,
    with Platt's target smoothing so a perfectly separated sample still has finite values).
    """
    positives = float(relevant.sum())
    negatives = float(len(relevant) - positives)
    target = np.where(relevant > 0, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    x = np.column_stack([z, np.ones_like(z)]).astype(np.float64)
    w = np.zeros(2)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -60, 60)))
        grad = x.T @ (p - target)
        hess = x.T @ (x * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    slope, intercept = float(w[0]), float(w[1])
    return -intercept / slope, slope


def collect(corpus: Corpus, docs: list[Document], settings: RankingSettings) -> Pairs:
    """Rolled-up z-score and label of every (document, non-group requirement) pair."""
    scorer = prepare_scorer(
        corpus.store,
        corpus.index,
        corpus.embedder,
        settings=settings,
        config=HAND_SET_CONFIG,
        use_feedback=False,
    )
    notation = [d.notation for d in scorer.descriptors]
    keep = [
        i for i, d in enumerate(scorer.descriptors) if settings.suggest_groups or not d.is_group
    ]
    passages = load_document_passages(corpus.store, corpus.index, [d.artefact for d in docs])
    doc_idx, zs, rel = [], [], []
    for i, (doc, dp) in enumerate(zip(docs, passages, strict=True)):
        z = roll_up(scorer.score(dp.texts, dp.vectors), settings.top_passages)
        for col in keep:
            doc_idx.append(i)
            zs.append(float(z[col]))
            rel.append(1 if doc.labels.get(notation[col], 0) > 0 else 0)
    return Pairs(np.array(doc_idx), np.array(zs), np.array(rel))


def selected(pairs: Pairs, conf: np.ndarray, settings: RankingSettings) -> np.ndarray:
    """Mask of the pairs :func:`mapping.retrieval.ranking.select_links` turns into links."""
    mask = np.zeros(len(conf), dtype=bool)
    for d in np.unique(pairs.doc):
        idx = np.flatnonzero(pairs.doc == d)
        keep = select_links(
            conf[idx], settings.min_confidence, settings.min_links, settings.max_links
        )
        mask[idx[keep]] = True
    return mask


def print_table(title: str, conf: np.ndarray, relevant: np.ndarray) -> None:
    print(
        f"\n{title}: {len(conf)} pairs, ECE {ece(conf, relevant):.4f}, "
        f"Brier {brier(conf, relevant):.4f}"
    )
    print(f"{'confidence':<12}{'pairs':>7}{'mean conf':>11}{'precision':>11}")
    for label, n, c, p in reliability(conf, relevant):
        print(f"{label:<12}{n:>7}{c:>11.3f}{p:>11.3f}")


def cross_validate(pairs: Pairs) -> None:
    """Fit on one half of the documents, measure on the other, both ways; pooled figures."""
    half = pairs.doc % 2
    fixed, fitted = np.zeros(len(pairs.z)), np.zeros(len(pairs.z))
    print("\nTwo-fold cross-validation over documents (half A = 1st, 3rd, ...; B = 2nd, ...)")
    for test in (0, 1):
        train = pairs.where(half != test)
        mid, slope = fit_platt(train.z, train.relevant)
        mask = half == test
        fitted[mask] = calibrate(pairs.z[mask], mid, slope)
        fixed[mask] = calibrate(pairs.z[mask], *HAND_SET)
        rel = pairs.relevant[mask]
        print(
            f"  fit on half {'BA'[test]}: midpoint {mid:.4f}, slope {slope:.4f}; on half "
            f"{'AB'[test]}: ECE hand-set {ece(fixed[mask], rel):.4f} → fitted "
            f"{ece(fitted[mask], rel):.4f}, Brier {brier(fixed[mask], rel):.4f} → "
            f"{brier(fitted[mask], rel):.4f}"
        )
    print(
        f"  pooled held-out: ECE {ece(fixed, pairs.relevant):.4f} → "
        f"{ece(fitted, pairs.relevant):.4f}, Brier {brier(fixed, pairs.relevant):.4f} → "
        f"{brier(fitted, pairs.relevant):.4f}"
    )
    print_table("Held-out reliability, fitted curve (all pairs)", fitted, pairs.relevant)


def links_report(pairs: Pairs, conf: np.ndarray, s: RankingSettings, name: str) -> None:
    mask = selected(pairs, conf, s)
    ndocs = len(np.unique(pairs.doc))
    rel = pairs.relevant[mask]
    found = rel.sum() / max(pairs.relevant.sum(), 1)
    print(
        f"  {name}: min_confidence {s.min_confidence:.3f} → {mask.sum() / ndocs:.2f} links "
        f"per document, precision {rel.mean():.3f}, recall of labels {found:.3f}, "
        f"ECE {ece(conf[mask], rel):.4f}"
    )


def report(pairs: Pairs, ndocs: int, s: RankingSettings) -> None:
    print(
        f"{ndocs} Markdown documents, {len(pairs.z)} scored pairs, "
        f"{int(pairs.relevant.sum())} labelled relevant"
    )
    hand = replace(
        s,
        calibration_midpoint=HAND_SET[0],
        calibration_slope=HAND_SET[1],
        min_confidence=HAND_SET_MIN_CONFIDENCE,
    )
    curves = {"hand-set": hand, "shipped": s}
    for name, c in curves.items():
        conf = calibrate(pairs.z, c.calibration_midpoint, c.calibration_slope)
        print_table(
            f"{name} curve (midpoint {c.calibration_midpoint}, slope "
            f"{c.calibration_slope}), all pairs",
            conf,
            pairs.relevant,
        )
        mask = selected(pairs, conf, c)
        print_table(
            f"{name} curve, selected links only (min_confidence {c.min_confidence})",
            conf[mask],
            pairs.relevant[mask],
        )
    cross_validate(pairs)
    mid, slope = fit_platt(pairs.z, pairs.relevant)
    allfit = calibrate(pairs.z, mid, slope)
    print(
        f"\nFit on all documents: midpoint {mid:.4f}, slope {slope:.4f} (in-sample ECE "
        f"{ece(allfit, pairs.relevant):.4f}, Brier {brier(allfit, pairs.relevant):.4f})"
    )
    print("\nLinks per document")
    for name, c in curves.items():
        conf = calibrate(pairs.z, c.calibration_midpoint, c.calibration_slope)
        links_report(pairs, conf, c, f"{name} curve")
    for threshold in (0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1):
        links_report(pairs, allfit, replace(s, min_confidence=threshold), "all-docs fit  ")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to measure", file=sys.stderr)
        return 2
    settings = RankingSettings()
    with tempfile.TemporaryDirectory(prefix="aimsgraph-calibration-") as tmp:
        data = Path(tmp)
        corpus = ingest_corpus(
            args.corpus, data, args.cache_dir or data / "cache", args.model, backend=DEFAULT_BACKEND
        )
        from mapping.evidence.suggest import suggest_for_artefacts

        suggest_for_artefacts(
            corpus.store,
            corpus.index,
            corpus.embedder,
            [d.artefact for d in corpus.documents],
            settings=settings,
        )
        md = [d for d in corpus.documents if d.kind == "md"]
        report(collect(corpus, md, settings), len(md), settings)
        corpus.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
