"""Gap-report benchmark: ``validate_aims`` time as the organisation's graph grows.

    .venv/bin/python -m benchmarks.validate_bench [--sizes 100 1000 10000] [--repeat 3]

Synthetic organisation data exactly as contracts.md describes it, on top of the real
reference graph (``init``): per artefact 6 passages, 4 evidence links to ISO/IEC 42001
requirements (each citing 2 passages with aims:Support nodes), of which one is confirmed
by a review decision in the audit graph and one rejected; one artefact in ten lacks an
owner, one in five is past its review date. Crosswalk propagation runs once before timing.

Prints, per size: triples in the store, best-of-N seconds of the whole report and of its
phases (CONSTRUCT of the data graph, pySHACL, assembling the gaps), the data-graph size,
the seconds of one whole-graph propagation run, and of one confirm decision (with its
artefact-scoped propagation). Figures only, never a pass/fail.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from mapping.evidence.propagation import propagate_evidence
from mapping.evidence.review import decide
from ontology.namespaces import AUDIT_GRAPH, ORG_GRAPH
from ontology.reference import load_reference
from ontology.store import EmbeddedStore
from shapes.report import validate_aims

AIMS = "https://w3id.org/aimsgraph/ns#"
ORG = "https://w3id.org/aimsgraph/org/"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
TODAY = date(2026, 6, 1)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: object, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=_n(XSD + datatype))
    return ox.Literal(str(value))


def requirements(store: EmbeddedStore) -> list[str]:
    rows = store.select(
        "SELECT ?r WHERE { ?r <http://www.w3.org/2004/02/skos/core#inScheme>"
        " <https://w3id.org/aimsgraph/std/iso42001> ; <https://w3id.org/aimsgraph/ns#kind> ?k ."
        ' FILTER(?k IN ("control", "clause")) }'
    )
    return sorted(str(r["r"]) for r in rows)


def synthetic_quads(n: int, reqs: list[str], seed: int = 42) -> list[ox.Quad]:
    """``n`` artefacts with passages, links, supports and decisions (contracts.md shapes)."""
    rng = random.Random(seed)
    org, audit = _n(str(ORG_GRAPH)), _n(str(AUDIT_GRAPH))
    quads: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: str, o: object, g: ox.NamedNode = org) -> None:
        quads.append(ox.Quad(s, RDF_TYPE if p == "a" else _n(p), o, g))  # type: ignore[arg-type]

    reviewer = _n(ORG + "reviewer/bench")
    add(reviewer, "a", _n(AIMS + "Reviewer"), audit)
    add(reviewer, "http://www.w3.org/2000/01/rdf-schema#label", _lit("bench"), audit)
    for i in range(n):
        aid = hashlib.sha256(f"artefact-{i}".encode()).hexdigest()[:12]
        art = _n(f"{ORG}artefact/{aid}")
        add(art, "a", _n(AIMS + "Artefact"))
        add(art, DCT + "identifier", _lit(aid))
        add(art, DCT + "title", _lit(f"Synthetic policy {i}"))
        add(art, AIMS + "artefactType", _n(AIMS + "policy"))
        if i % 10:
            add(art, AIMS + "owner", _lit("Owner"))
        add(art, AIMS + "reviewDate", _lit("2025-01-01" if i % 5 == 0 else "2030-01-01", "date"))
        passages = []
        for k in range(6):
            p = _n(f"{ORG}artefact/{aid}/passage/{k}")
            passages.append(p)
            add(p, "a", _n(AIMS + "Passage"))
            add(p, AIMS + "inArtefact", art)
            add(p, AIMS + "text", _lit(f"Passage {k} of synthetic policy {i}."))
            add(p, AIMS + "page", _lit(k + 1, "integer"))
            add(p, AIMS + "sectionPath", _lit(f"Policy > {k + 1}"))
            add(p, AIMS + "ordinal", _lit(k, "integer"))
            add(p, AIMS + "textHash", _lit(hashlib.sha256(f"{i}-{k}".encode()).hexdigest()))
        for j, req in enumerate(rng.sample(reqs, 4)):
            _link(
                add,
                art,
                req,
                passages[j : j + 2],
                ("confirmed", "rejected", "suggested", "suggested")[j],
                reviewer,
                audit,
                rng,
            )
    return quads


def _link(add, art, req, passages, status, reviewer, audit, rng) -> None:  # type: ignore[no-untyped-def]
    lid = hashlib.sha256(f"{art.value}|{req}".encode()).hexdigest()[:16]
    link = _n(f"{ORG}link/{lid}")
    add(link, "a", _n(AIMS + "EvidenceLink"))
    add(link, DCT + "identifier", _lit(lid))
    add(link, AIMS + "evidenceArtefact", art)
    add(link, AIMS + "requirement", _n(req))
    add(link, AIMS + "status", _n(AIMS + status))
    add(link, AIMS + "score", _lit(round(rng.random(), 4), "decimal"))
    add(link, AIMS + "method", _lit("dense+bm25"))
    add(link, AIMS + "linkVersion", _lit(0 if status == "suggested" else 1, "integer"))
    for rank, p in enumerate(passages, start=1):
        support = _n(f"{link.value}/s{rank}")
        add(link, AIMS + "evidencePassage", p)
        add(link, AIMS + "support", support)
        add(support, "a", _n(AIMS + "Support"))
        add(support, AIMS + "passage", p)
        add(support, AIMS + "rank", _lit(rank, "integer"))
    if status != "suggested":
        decision = _n(f"{ORG}decision/{lid}")
        add(link, AIMS + "latestDecision", decision)
        add(decision, "a", _n(AIMS + "ReviewDecision"), audit)
        add(decision, PROV + "used", link, audit)
        add(
            decision,
            AIMS + "decisionType",
            _n(AIMS + ("confirm" if status == "confirmed" else "reject")),
            audit,
        )
        add(decision, PROV + "wasAssociatedWith", reviewer, audit)
        add(decision, PROV + "endedAtTime", _lit("2026-01-01T00:00:00+00:00", "dateTime"), audit)
        add(decision, AIMS + "resultingStatus", _n(AIMS + status), audit)


def measure(size: int, repeat: int, workdir: Path) -> dict[str, float]:
    store = EmbeddedStore(workdir / f"store-{size}")
    try:
        load_reference(store)
        store.oxigraph.extend(synthetic_quads(size, requirements(store)))
        start = time.perf_counter()
        propagate_evidence(store)
        propagation = time.perf_counter() - start
        best: dict[str, float] = {}
        for _ in range(repeat):
            start = time.perf_counter()
            report = validate_aims(store, today=TODAY)
            total = time.perf_counter() - start
            if not best or total < best["total_s"]:
                best = {"total_s": total, **report.timings}
        best["propagation_s"] = propagation
        best["decision_s"] = _one_decision(store)
        best["triples"] = float(len(store.oxigraph))
        best["gaps"] = float(sum(len(s.gaps) for s in report.standards.values()))
        best["issues"] = float(len(report.issues))
        return best
    finally:
        store.close()


def _one_decision(store: EmbeddedStore) -> float:
    """Seconds of one confirm (with its artefact-scoped propagation)."""
    row = store.select(
        f"SELECT ?id WHERE {{ ?l <{AIMS}status> <{AIMS}suggested> ; <{DCT}identifier> ?id ."
        f" FILTER NOT EXISTS {{ ?l <{AIMS}derivedVia> ?m }} }} LIMIT 1"
    )[0]
    start = time.perf_counter()
    decide(store, str(row["id"]), "confirm", "bench")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'artefacts':>9} {'triples':>9} {'total s':>8} {'construct':>9} {'shacl':>7} "
        f"{'report':>7} {'data tr.':>9} {'issues':>7} {'propag. s':>9} {'decide s':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            m = measure(size, args.repeat, Path(tmp))
            print(
                f"{size:>9} {int(m['triples']):>9} {m['total_s']:>8.2f} {m['construct_s']:>9.2f} "
                f"{m['shacl_s']:>7.2f} {m['report_s']:>7.2f} {int(m['data_triples']):>9} "
                f"{int(m['issues']):>7} {m['propagation_s']:>9.2f} {m['decision_s']:>8.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
