"""Refit benchmark: how long learning from decisions takes at N decided documents.

    .venv/bin/python -m benchmarks.refit_bench [--documents 1000] [--decisions 12] [--seed 0]

Builds a synthetic organisation in a temporary embedded store: N documents, each with a
recorded feature file (random features around the shipped model's standardisation, a random
score profile and probabilities) and ``--decisions`` decided ISO/IEC 42001 links (a third
confirmed). Then runs the real refit (:func:`mapping.evidence.learning.refit`: the decisions
query, reading the feature files, adapting the model, writing it) and prints its time, and
how long one document's ranking takes with the learned model beside the shipped one (the
neighbour table grows by one row per decided document). Prints figures only.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from mapping.evidence.learning import DocumentRecord, LearningStore, refit
from mapping.evidence.links import link_id, link_iri
from mapping.retrieval.adaptation import DecidedDocument, plain_features
from mapping.retrieval.fusion import FusionModel, profile, shipped_model
from ontology.namespaces import AIMS, ORG, ORG_GRAPH, STD
from ontology.reference import load_reference
from ontology.store import EmbeddedStore


def synthetic(
    store: EmbeddedStore,
    learning: LearningStore,
    documents: int,
    decisions: int,
    rng: np.random.Generator,
) -> None:
    """Feature records and decided links of ``documents`` made-up documents."""
    model = shipped_model()
    assert model.neighbours is not None
    notations = model.neighbours.notations
    plain = plain_features(model)
    columns = [model.features.index(f) for f in plain]
    graph = Graph()
    for d in range(documents):
        artefact = f"{ORG}artefact/synthetic-{d:05d}"
        x = rng.normal(model.mean[columns], model.scale[columns], (len(notations), len(plain)))
        learning.save_document(
            artefact,
            DocumentRecord(
                tuple(notations),
                tuple(plain),
                x.astype(np.float32),
                profile(rng.normal(size=len(notations))),
                rng.uniform(0, 0.3, len(notations)).astype(np.float32),
            ),
        )
        for k, i in enumerate(rng.choice(len(notations), decisions, replace=False)):
            requirement = f"{STD}iso42001/{notations[i]}"
            link = link_iri(link_id(artefact, requirement))
            status = AIMS.confirmed if k % 3 == 0 else AIMS.rejected
            graph.add((link, RDF.type, AIMS.EvidenceLink))
            graph.add((link, AIMS.status, status))
            graph.add((link, AIMS.evidenceArtefact, URIRef(artefact)))
            graph.add((link, AIMS.requirement, URIRef(requirement)))
            graph.add((link, AIMS.score, Literal(0.5)))
    for operation in store.insert_operations(ORG_GRAPH, graph):
        store.update(operation)


def synthetic_documents(documents: int, rng: np.random.Generator) -> list[DecidedDocument]:
    """``documents`` made-up decided documents (a third of 12 requirements each confirmed)."""
    model = shipped_model()
    assert model.neighbours is not None
    n = len(model.neighbours.notations)
    plain = plain_features(model)
    columns = [model.features.index(f) for f in plain]
    out = []
    for _ in range(documents):
        x = rng.normal(model.mean[columns], model.scale[columns], (n, len(plain)))
        y = rng.uniform(0, 0.3, n)
        y[rng.choice(n, 12, replace=False)] = [1.0, 0.0, 0.0] * 4
        out.append(DecidedDocument(x, profile(rng.normal(size=n)), y))
    return out


def ranking_ms(model: FusionModel, rng: np.random.Generator) -> float:
    """Milliseconds for one document's probabilities under a model (mean of 20)."""
    assert model.neighbours is not None
    n = len(model.neighbours.notations)
    x = rng.normal(size=(n, len(model.features))).astype(np.float32)
    model.neighbours.feature(profile(rng.normal(size=n)))  # warm-up
    started = time.perf_counter()
    for _ in range(20):
        model.neighbours.feature(profile(rng.normal(size=n)))
        model.probabilities(x)
    return (time.perf_counter() - started) / 20 * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--decisions", type=int, default=12, help="decided links a document")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory(prefix="aimsgraph-refit-") as tmp:
        store = EmbeddedStore(Path(tmp) / "oxigraph")
        load_reference(store)
        learning = LearningStore(Path(tmp) / "learning")
        started = time.perf_counter()
        synthetic(store, learning, args.documents, args.decisions, rng)
        print(
            f"synthetic organisation: {args.documents} documents, "
            f"{args.documents * args.decisions} decisions "
            f"({time.perf_counter() - started:.1f} s to build)"
        )
        shipped_ms = ranking_ms(learning.model()[0], rng)
        started = time.perf_counter()
        status = refit(store, learning)
        total = time.perf_counter() - started
        learned_ms = ranking_ms(learning.model()[0], rng)
        store.close()
    print(
        f"refit {total:.2f} s in all (decisions query, feature files and adapting "
        f"{status.seconds:.2f} s; then writing model.json); "
        f"learned from {status.decisions} decisions on {status.documents} documents"
    )
    print(
        f"one document's fusion probabilities: shipped model {shipped_ms:.2f} ms, "
        f"learned model {learned_ms:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
