"""Crosswalk queries at 10^4, 10^5 and 10^6 triples: embedded Oxigraph against rdflib.

The store holds the packaged reference graph plus synthetic organisation data shaped as
docs/dev/contracts.md describes it (artefacts, passages, evidence links with their supports,
review decisions in the audit graph), scaled so the whole store has about N triples. The same
packaged queries (ontology/queries/*.rq) run on

- aimsgraph's embedded store (Oxigraph on disk, through ``EmbeddedStore.select``, results
  converted to rdflib terms as the application sees them), and
- rdflib's in-memory ``Dataset`` with the union of named graphs as default graph,

and the table prints the median time of each, their ratio (rdflib / Oxigraph) and the row
counts (which must agree). rdflib queries that run past ``--timeout`` are cut and shown as
such. Times are figures, never a pass/fail.

    .venv/bin/python -m benchmarks.sparql_bench [--sizes 1e4,1e5,1e6] [--repeat 3] [--timeout 60]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import signal
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from ontology.namespaces import AUDIT_GRAPH, ORG, ORG_GRAPH
from ontology.query_files import load_query
from ontology.reference import load_reference, reference_files
from ontology.requirements import list_requirements
from ontology.store import EmbeddedStore

AIMS = "https://w3id.org/aimsgraph/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: (label, packaged query, VALUES bindings): the crosswalk questions an analyst asks.
QUERIES: list[tuple[str, str, dict[str, object]]] = [
    ("counterparts of A.6.2.4", "counterparts-of-control", {}),
    ("AI Act articles unreached", "ai-act-articles-unreached", {}),
    ("42001 controls w/o 27001", "iso42001-controls-without-iso27001", {}),
    ("coverage 42001 -> 27001", "coverage-by-crosswalk", {"to": "iso27001"}),
    ("evidence per requirement", "requirement-evidence", {}),
    ("AI Act via confirmed evidence", "ai-act-covered-by-confirmed-evidence", {}),
    ("evidence behind Art. 9", "ai-act-article-evidence", {}),
]
PASSAGES_PER_ARTEFACT = 10
LINKS_PER_ARTEFACT = 6
WORDS = [
    "policy",
    "risk",
    "model",
    "data",
    "owner",
    "review",
    "approval",
    "supplier",
    "incident",
    "impact",
    "assessment",
    "monitoring",
    "training",
    "record",
    "procedure",
    "control",
    "objective",
    "lifecycle",
    "validation",
    "testing",
    "transparency",
    "human",
    "oversight",
    "logging",
    "retention",
    "access",
    "change",
    "management",
    "audit",
]


# ------------------------------------------------------------------ synthetic data


def _lit(value: object, datatype: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"' + (f"^^<{datatype}>" if datatype else "")


class _Quads:
    """N-Quads lines of one named graph, written compactly."""

    def __init__(self, graph: str) -> None:
        self.graph = f"<{graph}>"
        self.lines: list[str] = []

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> {obj} {self.graph} .")


def _artefact(org: _Quads, rng: random.Random, n: int) -> str:
    digest = hashlib.sha256(f"artefact-{n}".encode()).hexdigest()
    iri = f"{ORG}artefact/{digest[:12]}"
    a = AIMS
    for predicate, obj in (
        (RDF_TYPE, f"<{a}Artefact>"),
        (DCT + "identifier", _lit(digest[:12])),
        (DCT + "title", _lit(f"Policy document {n}")),
        (a + "artefactType", f"<{a}policy>"),
        (a + "owner", _lit(rng.choice(["CISO", "Head of AI", "DPO"]))),
        (a + "versionLabel", _lit("1.0")),
        (a + "effectiveDate", _lit("2025-01-01", XSD + "date")),
        (a + "reviewDate", _lit("2026-06-30", XSD + "date")),
        (DCT + "format", _lit("application/pdf")),
        (a + "byteSize", _lit(rng.randint(10_000, 900_000), XSD + "integer")),
        (a + "sha256", _lit(digest)),
        (a + "originalFileName", _lit(f"doc-{n}.pdf")),
        (a + "ingestedAt", _lit("2025-06-01T10:00:00Z", XSD + "dateTime")),
        (a + "pageCount", _lit(rng.randint(1, 40), XSD + "integer")),
    ):
        org.add(iri, predicate, obj)
    return iri


def _passages(org: _Quads, rng: random.Random, artefact: str) -> list[str]:
    iris = []
    for ordinal in range(PASSAGES_PER_ARTEFACT):
        iri = f"{artefact}/passage/{ordinal}"
        text = " ".join(rng.choices(WORDS, k=40))
        a = AIMS
        for predicate, obj in (
            (RDF_TYPE, f"<{a}Passage>"),
            (a + "inArtefact", f"<{artefact}>"),
            (a + "text", _lit(text)),
            (a + "page", _lit(ordinal // 3 + 1, XSD + "integer")),
            (a + "sectionPath", _lit(f"Policy > {ordinal} Section")),
            (a + "startOffset", _lit(ordinal * 400, XSD + "integer")),
            (a + "endOffset", _lit(ordinal * 400 + 380, XSD + "integer")),
            (a + "ordinal", _lit(ordinal, XSD + "integer")),
            (a + "textHash", _lit(hashlib.sha256(text.encode()).hexdigest())),
        ):
            org.add(iri, predicate, obj)
        iris.append(iri)
    return iris


def _decision(audit: _Quads, link: str, status: str, n: int) -> str:
    iri = f"{ORG}decision/{hashlib.sha256(link.encode()).hexdigest()[:32]}"
    a = AIMS
    for predicate, obj in (
        (RDF_TYPE, f"<{a}ReviewDecision>"),
        (PROV + "used", f"<{link}>"),
        (a + "decisionType", f"<{a}{'confirm' if status == 'confirmed' else 'reject'}>"),
        (PROV + "wasAssociatedWith", f"<{ORG}reviewer/reviewer-{n % 7}>"),
        (PROV + "endedAtTime", _lit("2025-07-01T09:00:00Z", XSD + "dateTime")),
        (a + "sawStatus", f"<{a}suggested>"),
        (a + "sawVersion", _lit(0, XSD + "integer")),
    ):
        audit.add(iri, predicate, obj)
    return iri


def _links(
    org: _Quads,
    audit: _Quads,
    rng: random.Random,
    artefact: str,
    passages: list[str],
    requirements: list[str],
) -> None:
    a = AIMS
    for requirement in rng.sample(requirements, LINKS_PER_ARTEFACT):
        link_id = hashlib.sha256(f"{artefact}|{requirement}".encode()).hexdigest()[:16]
        link = f"{ORG}link/{link_id}"
        status = rng.choices(["confirmed", "suggested", "rejected"], weights=[30, 55, 15])[0]
        cited = rng.sample(passages, 2)
        for predicate, obj in (
            (RDF_TYPE, f"<{a}EvidenceLink>"),
            (DCT + "identifier", _lit(link_id)),
            (a + "evidenceArtefact", f"<{artefact}>"),
            (a + "requirement", f"<{requirement}>"),
            (a + "status", f"<{a}{status}>"),
            (a + "score", _lit(round(rng.random(), 3), XSD + "decimal")),
            (a + "method", _lit("dense+bm25")),
            (a + "model", _lit("all-MiniLM-L6-v2")),
            (PROV + "generatedAtTime", _lit("2025-06-01T10:05:00Z", XSD + "dateTime")),
            (a + "linkVersion", _lit(0 if status == "suggested" else 1, XSD + "integer")),
        ):
            org.add(link, predicate, obj)
        for rank, passage in enumerate(cited, start=1):
            support = f"{link}/s{rank}"
            org.add(link, a + "evidencePassage", f"<{passage}>")
            org.add(link, a + "support", f"<{support}>")
            org.add(support, RDF_TYPE, f"<{a}Support>")
            org.add(support, a + "passage", f"<{passage}>")
            org.add(support, a + "rank", _lit(rank, XSD + "integer"))
            org.add(support, a + "score", _lit(round(rng.random(), 3), XSD + "decimal"))
        if status != "suggested":
            org.add(link, a + "latestDecision", f"<{_decision(audit, link, status, rank)}>")


def synthetic_org_nquads(triples: int, requirements: list[str], seed: int = 42) -> str:
    """About ``triples`` quads of organisation data (graphs org and audit) as N-Quads.

    Evidence links point at ``requirements`` (IRIs); the data is deterministic for a seed.
    """
    rng = random.Random(seed)
    org, audit = _Quads(str(ORG_GRAPH)), _Quads(str(AUDIT_GRAPH))
    n = 0
    while len(org.lines) + len(audit.lines) < triples:
        artefact = _artefact(org, rng, n)
        passages = _passages(org, rng, artefact)
        _links(org, audit, rng, artefact, passages, requirements)
        n += 1
    return "\n".join(org.lines + audit.lines) + "\n"


# --------------------------------------------------------------------------- engines


@dataclass
class Timing:
    seconds: float | None  # None: cut at the timeout
    rows: int | None


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Timeout


def measure(run: Callable[[], int], repeat: int, timeout: float) -> Timing:
    """Median seconds over ``repeat`` runs (one run when it is slow); None past ``timeout``."""
    times, rows = [], 0
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for _ in range(repeat):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            start = time.perf_counter()
            try:
                rows = run()
            except _Timeout:
                return Timing(None, None)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - start)
            if times[-1] > 5:
                break
    finally:
        signal.signal(signal.SIGALRM, previous)
    return Timing(statistics.median(times), rows)


def load_oxigraph(directory: Path, org_nquads: str) -> tuple[EmbeddedStore, float]:
    """The embedded store with reference and organisation data; seconds to load it."""
    start = time.perf_counter()
    store = EmbeddedStore(directory / "oxigraph")
    load_reference(store)
    store.oxigraph.bulk_load(input=org_nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.oxigraph.flush()
    return store, time.perf_counter() - start


def load_rdflib(org_nquads: str) -> tuple[Dataset, float]:
    """rdflib's in-memory Dataset, union default graph, same data; seconds to load it."""
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    for ref in reference_files():
        dataset.graph(URIRef(ref.graph)).parse(ref.path, format="turtle")
    dataset.parse(data=org_nquads, format="nquads")
    return dataset, time.perf_counter() - start


def requirement_pool(store: EmbeddedStore) -> list[str]:
    """ISO/IEC 42001 clauses and controls that evidence links point at."""
    return [
        r["iri"]
        for r in list_requirements(store, "iso42001", with_evidence=False)
        if r["kind"] in {"clause", "control"}
    ]


def run_size(target: int, repeat: int, timeout: float) -> list[str]:
    """Load both engines at ``target`` triples and time every query; table lines."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = EmbeddedStore(Path(tmp) / "probe")
        load_reference(probe)
        pool = requirement_pool(probe)
        reference_size = len(probe.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))
        probe.close()
        org = synthetic_org_nquads(max(target - reference_size, 0), pool)
        store, ox_load = load_oxigraph(Path(tmp), org)
        total = len(store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"))
        dataset, rdf_load = load_rdflib(org)
        lines = [_line(f"{total:,}", "load (reference + org data)", None, ox_load, rdf_load, 0)]
        for label, name, values in QUERIES:
            query = load_query("ontology", name, **values)  # type: ignore[arg-type]
            fast = measure(lambda q=query: len(store.select(q)), repeat, timeout)
            slow = measure(lambda q=query: len(list(dataset.query(q))), repeat, timeout)
            rows = f"{fast.rows}" if slow.rows in (None, fast.rows) else f"{fast.rows}/{slow.rows}!"
            lines.append(_line(f"{total:,}", label, rows, fast.seconds, slow.seconds, timeout))
        store.close()
    return lines


def _ms(seconds: float | None, timeout: float | None = None) -> str:
    return f"> {timeout:.0f} s" if seconds is None else f"{seconds * 1000:,.1f}"


def _line(
    size: str, label: str, rows: str | None, fast: float | None, slow: float | None, limit: float
) -> str:
    """One table row; a query cut at the timeout shows as "> N s" with a lower-bound ratio."""
    if fast and slow:
        ratio = f"{slow / fast:,.1f}x"
    elif fast and slow is None and limit:
        ratio = f"> {limit / fast:,.0f}x"
    else:
        ratio = "-"
    return (
        f"{size:>10}  {label:<30} {rows or '':>7}  {_ms(fast, limit):>11}  "
        f"{_ms(slow, limit):>11}  {ratio:>8}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Crosswalk queries: Oxigraph vs rdflib.")
    parser.add_argument("--sizes", default="1e4,1e5,1e6", help="total triples, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (median)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per rdflib query")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    print(
        f"{'triples':>10}  {'query':<30} {'rows':>7}  {'oxigraph ms':>11}  {'rdflib ms':>11}  "
        f"{'rdflib/ox':>8}"
    )
    for size in sizes:
        started = time.perf_counter()
        for line in run_size(size, args.repeat, args.timeout):
            print(line, flush=True)
        print(f"{'':>10}  ({time.perf_counter() - started:.0f} s for this size)", flush=True)


if __name__ == "__main__":
    main()
