"""Fit the shipped fusion model and selection rule, and write ``mapping/retrieval/fusion.json``.

    .venv/bin/python -m benchmarks.quality.fit_fusion [--corpus ../shared/corpus]
        [--cache-dir DIR] [--folds 5] [--out mapping/retrieval/fusion.json] [--dry-run]

Ingests the labelled documents through the real pipeline (no suggestions written), computes
the fusion features of every (document, non-group requirement) pair
(:mod:`benchmarks.quality.heldout`), fits the logistic regression on every labelled
document, and fits the selection rule on out-of-fold probabilities (each document's
probabilities from a model that did not see it), so the rule is chosen on probabilities as
honest as a new document's. The held-out quality of this procedure is what
``benchmarks.quality.run`` prints; this script only produces the shipped values.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.quality import heldout as h
from benchmarks.quality.run import LABELS, ROOT, heldout_samples, ingest_corpus
from mapping.retrieval.embedder import DEFAULT_BACKEND
from mapping.retrieval.ranking import RankingSettings

OUT = ROOT / "mapping" / "retrieval" / "fusion.json"


def fit_shipped(samples: list[h.Sample], k: int) -> dict[str, object]:
    """The model fitted on every primary sample, with its rule, as JSON data."""
    primary = [s for s in samples if s.primary]
    model = h.fit(primary, h.MODEL_FEATURES)
    rule = h.fit_rule(primary, h.out_of_fold(primary, h.MODEL_FEATURES, k))
    data = model.to_json()
    data["selection"] = rule.__dict__
    data["meta"] = {
        "fitted": datetime.now(UTC).date().isoformat(),
        "fitted_by": "benchmarks/quality/fit_fusion.py",
        "labels": "benchmarks/quality/labels.yaml and labels_extra.yaml (unless others were given)",
        "documents": len(primary),
        "pairs": int(sum(len(s.notations) for s in primary)),
        "relevant": int(sum(s.y().sum() for s in primary)),
        "l2": h.L2,
        "standard": "iso42001",
        "rule_objective": f"mean per-document F{h.BETA:g} of the written suggestions",
    }
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument(
        "--labels",
        type=Path,
        action="append",
        default=None,
        help="labels file (repeat for several; default: labels.yaml and labels_extra.yaml)",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to fit", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="aimsgraph-fusion-") as tmp:
        corpus = ingest_corpus(
            args.corpus,
            Path(tmp),
            args.cache_dir or Path(tmp) / "cache",
            "all-MiniLM-L6-v2",
            labels=args.labels or LABELS,
            backend=DEFAULT_BACKEND,
        )
        samples = heldout_samples(corpus, RankingSettings())
        corpus.store.close()
    data = fit_shipped(samples, args.folds)
    text = json.dumps(data, indent=2) + "\n"
    print(text)
    if not args.dry_run:
        args.out.write_text(text, encoding="utf-8")
        print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
