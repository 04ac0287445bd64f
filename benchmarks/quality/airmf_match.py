"""NIST AI RMF 1.0 subcategory statements → ISO/IEC 42001 requirements, through ``match``.

    .venv/bin/python -m benchmarks.quality.airmf_match [--cache-dir DIR]

Each subcategory text of ``airmf_42001.yaml`` (public domain, labelled before any tuning)
is matched against ISO/IEC 42001 exactly as ``aimsgraph match`` does it on a fresh
workspace (reference data only, no organisation passages, no feedback), and the ranking is
compared with the labels: P@5, R@10, MRR and nDCG@10 over all labels and over the strong
(grade 2) ones, for the shipped method and its ablations. Nothing is fitted here, and none
of the ranking's parameters was fitted to these labels, so every figure is held out.
It prints figures only; it never fails on a threshold.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from mapping.retrieval.embedder import DEFAULT_BACKEND, load_embedder  # noqa: E402
from mapping.retrieval.evaluation import evaluate, summarise  # noqa: E402
from mapping.retrieval.index import VectorIndex  # noqa: E402
from mapping.retrieval.match import Matcher  # noqa: E402
from mapping.retrieval.scoring import FULL, HAND_SET, LEXICAL_ONLY, ScorerConfig, prepare_scorer  # noqa: E402
from ontology.reference import load_reference  # noqa: E402
from ontology.store import EmbeddedStore  # noqa: E402

HERE = Path(__file__).resolve().parent
LABELS = HERE / "airmf_42001.yaml"
SHOWN = ("P@5", "R@10", "MRR", "nDCG@10")
#: The shipped method first, then what it is made of.
METHODS: list[tuple[str, ScorerConfig]] = [
    ("shipped (match)", FULL),
    ("hand-set fused z (no learned fusion)", HAND_SET),
    ("hand-set, no evidence statements", ScorerConfig(statements=False, fusion=False)),
    ("hand-set, one descriptor view", ScorerConfig(evidence_view=False, fusion=False)),
    ("lexical only (BM25)", LEXICAL_ONLY),
]


def load_subcategories(path: Path = LABELS) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(data["subcategories"])


def grades(entry: dict[str, Any], strong_only: bool = False) -> dict[str, int]:
    return {
        str(lab["notation"]): int(lab["grade"])
        for lab in entry["labels"]
        if not strong_only or int(lab["grade"]) >= 2
    }


def measure(
    matcher: Matcher, subcategories: dict[str, dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """Mean figures over the subcategories, for all labels and for the strong ones."""
    texts = [str(e["text"]) for e in subcategories.values()]
    ranked = [[m["notation"] for m in row] for row in matcher.match(texts, top_k=50)]
    out = {}
    for name, strong in (("all labels", False), ("strong labels", True)):
        rows = [
            evaluate(r, grades(e, strong))
            for r, e in zip(ranked, subcategories.values(), strict=True)
            if grades(e, strong)
        ]
        out[name] = summarise(rows) | {"queries": float(len(rows))}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args(argv)
    subcategories = load_subcategories(args.labels)
    with tempfile.TemporaryDirectory(prefix="aimsgraph-airmf-") as tmp:
        store = EmbeddedStore(Path(tmp) / "oxigraph")
        load_reference(store)
        embedder = load_embedder(
            "all-MiniLM-L6-v2", args.cache_dir or Path(tmp) / "cache", backend=DEFAULT_BACKEND
        )
        index = VectorIndex.open(Path(tmp) / "vectors", embedder.dimension)
        metrics = "".join(f"{m:>9}" for m in SHOWN)
        print(f"NIST AI RMF 1.0 subcategories -> ISO/IEC 42001 ({len(subcategories)} statements)")
        print(f"{'':<40}{'all labels':^36}|{'strong labels':^36}")
        print(f"{'method':<40}{metrics}|{metrics}")
        for name, config in METHODS:
            matcher = Matcher(prepare_scorer(store, index, embedder, config=config))
            result = measure(matcher, subcategories)
            cells = "|".join(
                "".join(f"{result[part].get(m, 0.0):>9.3f}" for m in SHOWN)
                for part in ("all labels", "strong labels")
            )
            print(f"{name:<40}{cells}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
