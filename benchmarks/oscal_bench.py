"""OSCAL export benchmark: seconds and size of each export as the organisation's graph grows.

    .venv/bin/python -m benchmarks.oscal_bench [--sizes 100 1000] [--repeat 3]

The synthetic organisation data of :mod:`benchmarks.validate_bench` (per artefact 6
passages, 4 evidence links, one confirmed, one rejected) on top of the real reference graph.
Prints, per size: triples, and per model (catalog of ISO/IEC 42001, mapping-collection,
assessment-results, POA&M) the best-of-N seconds of the export (the POA&M includes the gap
report it is built from) and the document's size in kB, plus the observations in the
assessment results. Figures only, never a pass/fail.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from api.exchange.oscal import MODELS, export_document
from benchmarks.validate_bench import TODAY, requirements, synthetic_quads
from mapping.evidence.propagation import propagate_evidence
from ontology.reference import load_reference
from ontology.store import EmbeddedStore
from shapes.report import validate_aims


def measure(size: int, repeat: int, workdir: Path) -> dict[str, float]:
    store = EmbeddedStore(workdir / f"store-{size}")
    try:
        load_reference(store)
        store.oxigraph.extend(synthetic_quads(size, requirements(store)))
        propagate_evidence(store)
        figures: dict[str, float] = {"triples": float(len(store.oxigraph))}
        for model in MODELS:
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                doc = export_document(
                    store, model, gap_report=lambda s: validate_aims(s, today=TODAY).to_json()
                )
                text = doc.to_json()
                best = min(best, time.perf_counter() - start)
            figures[f"{model}_s"] = best
            figures[f"{model}_kb"] = len(text.encode("utf-8")) / 1000
            if model == "assessment-results":
                result = doc.document["assessment-results"]["results"][0]
                figures["observations"] = float(len(result.get("observations", [])))
        return figures
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header = " ".join(f"{m[:12]:>12} s {'kB':>7}" for m in MODELS)
    print(f"{'artefacts':>9} {'triples':>9} {header} {'observ.':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            m = measure(size, args.repeat, Path(tmp))
            cells = " ".join(f"{m[f'{x}_s']:>14.2f} {m[f'{x}_kb']:>7.0f}" for x in MODELS)
            print(
                f"{size:>9} {int(m['triples']):>9} {cells} {int(m['observations']):>7}", flush=True
            )


if __name__ == "__main__":
    main()
