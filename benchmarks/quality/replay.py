"""Replay benchmark: how the ranking improves as an organisation reviews its documents.

    .venv/bin/python -m benchmarks.quality.replay [--corpus ../shared/corpus] [--cache-dir DIR]
        [--orders 20] [--seed 0] [--vendor 10] [--checkpoints 0,5,10,20,40] [--next 9]
        [--levers SET,...] [--retarget] [--no-soft] [--refresh]

The labelled documents are shuffled (one order per seed). In each order the first
``--vendor`` documents play the part of the labelled set the shipped model is fitted on
(weights, prior, neighbour table and selection rule, as ``fit_fusion`` does); the rest
arrive one at a time as the organisation's own library. For each arriving document the
current model writes its suggestions (the ranking cut at the selected count) and a
simulated reviewer decides each one from the labels: confirm where labelled, reject
otherwise (with ``--retarget`` a rejected one is re-targeted to the best-ranked labelled
requirement not suggested). After each checkpoint's number of decided documents the model
adapts (:func:`mapping.retrieval.adaptation.adapt_model`) and both it and the frozen model
are measured on the *next* ``--next`` documents, which nothing has seen: the curve is held
out by construction. Checkpoints beyond the stream are skipped (with 39 labelled documents
and 10 for the shipped set, 29 arrive).

Figures are over the written suggestions: P@5 with any label, R@10 and MRR with any label
and with strong labels only; macro averages over every order's test documents.
Features are computed once and cached (``--cache-dir``; see
:mod:`benchmarks.quality.samples_cache`), so a rerun takes seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from benchmarks.quality import heldout as h  # noqa: E402
from mapping.retrieval.adaptation import (  # noqa: E402
    PRIOR_ANCHOR,
    REFIT_ANCHOR,
    DecidedDocument,
    Levers,
    adapt_model,
    design_rows,
    plain_features,
)
from mapping.retrieval.evaluation import evaluate  # noqa: E402
from mapping.retrieval.fusion import FusionModel, SelectionRule, profile  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHOWN = ("P@5", "R@10", "MRR", "R@10 strong", "MRR strong")
#: Lever sets compared with the frozen model (the first is what ships).
LEVER_SETS = {
    "neighbours": Levers(neighbours=True, prior=False, refit=False),
    "prior": Levers(neighbours=False, prior=True, refit=False),
    "refit": Levers(neighbours=False, prior=False, refit=True),
    "neighbours+prior": Levers(neighbours=True, prior=True, refit=False),
    "neighbours+prior+refit": Levers(neighbours=True, prior=True, refit=True),
}


@dataclass
class Base:
    """The frozen model of one order and its selection rule."""

    model: FusionModel
    rule: SelectionRule


@dataclass
class Curve:
    """Per checkpoint and method, the per-document metric rows of the test documents."""

    rows: dict[tuple[int, str], list[dict[str, float]]] = field(default_factory=dict)

    def add(self, checkpoint: int, method: str, row: dict[str, float]) -> None:
        self.rows.setdefault((checkpoint, method), []).append(row)


def fit_base(vendor: Sequence[h.Sample], folds: int) -> Base:
    model = h.fit(vendor, h.MODEL_FEATURES)
    rule = h.fit_rule(vendor, h.out_of_fold(vendor, h.MODEL_FEATURES, folds))
    return Base(model, rule)


def decided(
    sample: h.Sample,
    model: FusionModel,
    confirmed: set[str],
    shown: Sequence[str] = (),
    p: np.ndarray | None = None,
) -> DecidedDocument:
    """A decided document: confirmed 1, rejected 0, undecided the probability ``p`` it was
    ranked with (0 without ``p``)."""
    x = sample.columns(plain_features(model))
    own = profile(sample.columns(["within_document_z"])[:, 0])
    y = np.zeros(len(sample.notations)) if p is None else np.asarray(p, dtype=np.float64).copy()
    for i, n in enumerate(sample.notations):
        if n in confirmed:
            y[i] = 1.0
        elif n in shown:
            y[i] = 0.0
    return DecidedDocument(x, own, y)


def probabilities(model: FusionModel, sample: h.Sample) -> np.ndarray:
    document = decided(sample, model, set())
    return model.probabilities(design_rows(model, document).astype(np.float32))


def written(model: FusionModel, rule: SelectionRule, sample: h.Sample) -> list[str]:
    p = probabilities(model, sample)
    return h.ranking(sample, p)[: h.count_for(rule, p, sample.passages)]


def review(sample: h.Sample, shown: list[str], ranked: list[str], retarget: bool) -> set[str]:
    """What the simulated reviewer confirms (with re-targets, their new targets too)."""
    wanted = {n for n, g in sample.labels.items() if g > 0}
    confirmed = {n for n in shown if n in wanted}
    if retarget:
        missing = [n for n in ranked if n in wanted and n not in confirmed]
        rejected = len(shown) - len(confirmed)
        confirmed |= set(missing[:rejected])
    return confirmed


def metrics(shown: list[str], labels: dict[str, int]) -> dict[str, float]:
    any_label, strong = evaluate(shown, labels), evaluate(shown, h.strong(labels))
    row = {m: any_label[m] for m in ("P@5", "R@10", "MRR")}
    if any(g >= 2 for g in labels.values()):
        row |= {"R@10 strong": strong["R@10"], "MRR strong": strong["MRR"]}
    return row


def replay_order(
    samples: list[h.Sample], order: np.ndarray, args: argparse.Namespace, curve: Curve
) -> None:
    """One order: fit the frozen model on the vendor part, stream the rest."""
    vendor = [samples[i] for i in order[: args.vendor]]
    stream = [samples[i] for i in order[args.vendor :]]
    base = fit_base(vendor, args.folds)
    anchors = {"prior_anchor": args.prior_anchor, "refit_anchor": args.refit_anchor}
    levers = {name: replace(LEVER_SETS[name], **anchors) for name in args.levers}
    last = max((c for c in args.checkpoints if c + args.next <= len(stream)), default=0)
    tests = [s for s in stream[last : last + args.next] if any(g > 0 for g in s.labels.values())]
    history: dict[str, list[DecidedDocument]] = {name: [] for name in levers}
    models = {name: base.model for name in levers}
    for checkpoint in args.checkpoints:
        if checkpoint > last:
            break
        for name, lever in levers.items():
            while len(history[name]) < checkpoint:  # decide up to the checkpoint
                sample = stream[len(history[name])]
                p = probabilities(models[name], sample)
                ranked = h.ranking(sample, p)
                shown = ranked[: h.count_for(base.rule, p, sample.passages)]
                confirmed = review(sample, shown, ranked, args.retarget)
                soft = p if args.soft else None
                history[name].append(decided(sample, base.model, confirmed, shown, soft))
            models[name] = adapt_model(base.model, history[name], lever)
        for sample in tests:
            curve.add(
                checkpoint, "frozen", metrics(written(base.model, base.rule, sample), sample.labels)
            )
            for name in levers:
                shown = written(models[name], base.rule, sample)
                curve.add(checkpoint, name, metrics(shown, sample.labels))


def print_curve(curve: Curve, methods: Sequence[str], checkpoints: Sequence[int]) -> None:
    width = 26
    head = "".join(f"{m:>13}" for m in SHOWN)
    print(f"\n{'decided  method':<{width}}{head}   test docs")
    for checkpoint in checkpoints:
        frozen = summarise_partial(curve.rows.get((checkpoint, "frozen"), []))
        if not frozen:
            continue
        for method in ["frozen", *methods]:
            rows = curve.rows[(checkpoint, method)]
            row = summarise_partial(rows)
            cells = "".join(
                f"{row.get(m, 0.0):>7.3f}"
                + (
                    f" {row.get(m, 0.0) - frozen.get(m, 0.0):+.3f}"
                    if method != "frozen"
                    else " " * 7
                )
                for m in SHOWN
            )
            print(f"{checkpoint:>7}  {method:<{width - 9}}{cells}   {len(rows)}")


def summarise_partial(rows: list[dict[str, float]]) -> dict[str, float]:
    """Mean of each metric over the rows that have it (strong metrics need strong labels)."""
    keys = sorted({k for r in rows for k in r})
    return {k: float(np.mean([r[k] for r in rows if k in r])) for k in keys}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from benchmarks.quality.run import LABELS
    from mapping.retrieval.embedder import BACKENDS, DEFAULT_BACKEND

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=ROOT / "benchmarks" / "results" / "replay-cache",
        help="where embeddings and features are kept between runs",
    )
    p.add_argument("--labels", type=Path, action="append", default=None)
    p.add_argument("--model", default="all-MiniLM-L6-v2")
    p.add_argument("--backend", default=DEFAULT_BACKEND, choices=list(BACKENDS))
    p.add_argument("--orders", type=int, default=20, help="random orders (seeds) replayed")
    p.add_argument("--seed", type=int, default=0, help="seed of the first order")
    p.add_argument(
        "--vendor",
        type=int,
        default=10,
        help="documents the frozen model is fitted on in each order",
    )
    p.add_argument(
        "--checkpoints",
        default="0,5,10,20,40",
        help="decided documents after which the next ones are measured",
    )
    p.add_argument(
        "--next",
        type=int,
        default=9,
        help="documents measured: those arriving after the last checkpoint",
    )
    p.add_argument("--prior-anchor", type=float, default=PRIOR_ANCHOR)
    p.add_argument("--refit-anchor", type=float, default=REFIT_ANCHOR)
    p.add_argument("--folds", type=int, default=5, help="folds of the selection rule's fit")
    p.add_argument(
        "--levers",
        default=",".join(LEVER_SETS),
        help=f"lever sets compared, of: {', '.join(LEVER_SETS)}",
    )
    p.add_argument(
        "--retarget",
        action="store_true",
        help="the reviewer re-targets rejected suggestions to missed labels",
    )
    p.add_argument(
        "--soft",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="undecided requirements of a decided document count with the "
        "probability they were ranked with (else as not evidenced)",
    )
    p.add_argument("--refresh", action="store_true", help="recompute the cached features")
    args = p.parse_args(argv)
    args.labels = args.labels or list(LABELS)
    args.checkpoints = sorted({int(c) for c in args.checkpoints.split(",")})
    args.levers = [name for name in args.levers.split(",") if name]
    unknown = [n for n in args.levers if n not in LEVER_SETS]
    if unknown:
        p.error(f"unknown lever set(s) {unknown}; choose from {list(LEVER_SETS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    from benchmarks.quality.samples_cache import load_samples

    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to replay", file=sys.stderr)
        return 2
    started = time.perf_counter()
    samples = [
        s
        for s in load_samples(
            args.corpus,
            args.cache_dir,
            args.labels,
            args.model,
            args.backend,
            refresh=args.refresh,
        )
        if s.primary
    ]
    print(
        f"{len(samples)} labelled documents; features ready in "
        f"{time.perf_counter() - started:.1f} s"
    )
    curve = Curve()
    started = time.perf_counter()
    for k in range(args.orders):
        order = np.random.default_rng(args.seed + k).permutation(len(samples))
        replay_order(samples, order, args, curve)
    print(
        f"{args.orders} orders; frozen model fitted on {args.vendor} documents per order, "
        f"{len(samples) - args.vendor} arrive; measured on the next {args.next} after each "
        f"checkpoint ({time.perf_counter() - started:.1f} s); retarget={args.retarget}"
    )
    print("written suggestions; each cell: value and difference from the frozen model")
    print_curve(curve, args.levers, args.checkpoints)
    return 0


if __name__ == "__main__":
    sys.exit(main())
