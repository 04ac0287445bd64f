"""AI-system register benchmark: inventory import, and the per-system completeness report.

    .venv/bin/python -m benchmarks.register_bench [--systems 1000] [--artefacts 1000] [--repeat 3]

On the real reference graph (``init``) in an embedded store:

1. import of a CSV inventory of N systems (all rows checked, one graph update), best of
   ``--repeat`` on a fresh register each time, against a baseline of adding the first 100
   systems one by one with ``create_system`` (per-system seconds and the ratio);
2. the per-system completeness report (obligations from role and risk class, A.5.x controls,
   evidenced / stale / missing) for N systems × M artefacts: each artefact covers 1-3
   systems and has 4 confirmed evidence links to AI Act articles or 42001 A.5.x controls;
   one in five is past its review date.

Prints figures only, never a pass/fail.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from ontology.namespaces import AIMS, ORG, ORG_GRAPH, STD
from ontology.reference import load_reference
from ontology.register.inventory import import_inventory
from ontology.register.obligations import system_reports
from ontology.register.systems import RISK_CLASSES, ROLES, create_system, system_iri
from ontology.store import EmbeddedStore

TODAY = date(2026, 9, 1)
TARGETS = [f"euaiact/art-{n}" for n in (4, 9, 10, 11, 12, 13, 14, 15, 17, 26, 27, 43, 50, 72)] + [
    f"iso42001/A.5.{n}" for n in (2, 3, 4, 5)
]


def inventory_csv(count: int, rng: random.Random) -> bytes:
    lines = ["id,name,roles,risk_class,purpose,affected_persons,lifecycle_stage,in_scope"]
    risks = list(RISK_CLASSES)
    for i in range(count):
        roles = ";".join(rng.sample(ROLES[:2], rng.randint(1, 2)))
        lines.append(
            f"sys-{i},System {i},{roles},{rng.choice(risks)},Purpose {i},"
            f"customers; staff,operation,{'yes' if i % 7 else 'no'}"
        )
    return ("\n".join(lines) + "\n").encode()


def _best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def clear_register(store: EmbeddedStore) -> None:
    store.update(f"DELETE WHERE {{ GRAPH <{ORG_GRAPH}> {{ ?s a <{AIMS.AISystem}> ; ?p ?o }} }}")


def bench_import(store: EmbeddedStore, count: int, repeat: int) -> None:
    data = inventory_csv(count, random.Random(1))

    def run() -> None:
        clear_register(store)
        import_inventory(store, data, "csv")

    best = _best(repeat, run)
    clear_register(store)
    start = time.perf_counter()
    for i in range(100):
        create_system(store, {"name": f"One {i}", "roles": "provider", "risk_class": "minimal"})
    one_by_one = (time.perf_counter() - start) / 100
    print(
        f"import {count} systems (CSV, one update): {best:.3f} s best of {repeat}"
        f" = {count / best:,.0f} systems/s"
    )
    print(
        f"baseline create_system one by one: {one_by_one * 1000:.2f} ms/system;"
        f" import is {one_by_one * count / best:.1f}x faster per system"
    )


def org_graph(systems: int, artefacts: int, rng: random.Random) -> Graph:
    graph = Graph()
    for a in range(artefacts):
        art = URIRef(f"{ORG}artefact/bench{a}")
        graph.add((art, RDF.type, AIMS.Artefact))
        graph.add((art, DCTERMS.identifier, Literal(f"bench{a}")))
        graph.add((art, DCTERMS.title, Literal(f"Document {a}")))
        review = "2026-03-01" if a % 5 == 0 else "2027-12-31"
        graph.add((art, AIMS.reviewDate, Literal(review, datatype=XSD.date)))
        for s in rng.sample(range(systems), rng.randint(1, 3)):
            graph.add((art, AIMS.coversSystem, system_iri(f"sys-{s}")))
        for k, target in enumerate(rng.sample(TARGETS, 4)):
            link = URIRef(f"{ORG}link/bench{a}-{k}")
            graph.add((link, RDF.type, AIMS.EvidenceLink))
            graph.add((link, AIMS.evidenceArtefact, art))
            graph.add((link, AIMS.requirement, URIRef(f"{STD}{target}")))
            graph.add((link, AIMS.status, AIMS.confirmed))
    return graph


def bench_report(store: EmbeddedStore, systems: int, artefacts: int, repeat: int) -> None:
    clear_register(store)
    import_inventory(store, inventory_csv(systems, random.Random(1)), "csv")
    store.add(ORG_GRAPH, org_graph(systems, artefacts, random.Random(2)))
    reports: list[object] = []

    def run() -> None:
        reports[:] = system_reports(store, today=TODAY)

    best = _best(repeat, run)
    tally = {"evidenced": 0, "stale": 0, "missing": 0}
    for report in reports:
        for key, value in report.counts.model_dump().items():  # type: ignore[attr-defined]
            tally[key] += value
    print(
        f"per-system report, {systems} systems x {artefacts} artefacts"
        f" ({store.count(ORG_GRAPH):,} org triples): {best:.3f} s best of {repeat}"
        f" = {best / systems * 1000:.2f} ms/system"
    )
    print(f"  requirements: {sum(tally.values()):,} ({tally})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=1000)
    parser.add_argument("--artefacts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "oxigraph")
        load_reference(store)
        bench_import(store, args.systems, args.repeat)
        bench_report(store, args.systems, args.artefacts, args.repeat)
        store.close()


if __name__ == "__main__":
    main()
