"""Load the packaged vocabulary and reference data into their named graphs.

Each packaged Turtle file goes to one graph: ``aims.ttl`` to the vocabulary graph,
``reference/<standard>.ttl`` to ``graph/std/<standard>`` and
``reference/crosswalk-<pair>.ttl`` to ``graph/crosswalk/<pair>``. A graph is (re)loaded only
when its file's content hash differs from the one recorded at the last load, so ``init`` is
idempotent and upgrades the reference when the package changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ontology.errors import StoreError
from ontology.namespaces import GRAPH, VOCABULARY_GRAPH, crosswalk_graph, standard_graph
from ontology.query_files import load_query
from ontology.store import GraphStore

META_GRAPH = URIRef(GRAPH + "meta")


@dataclass(frozen=True)
class ReferenceFile:
    path: Path
    graph: URIRef


@dataclass(frozen=True)
class LoadResult:
    graph: str
    file: str
    triples: int
    action: str  # "loaded", "upgraded" or "unchanged"


def package_dir() -> Path:
    return Path(str(resources.files("ontology")))


def reference_files() -> list[ReferenceFile]:
    """Every packaged file with the graph it goes to, vocabulary first."""
    base = package_dir()
    files = [ReferenceFile(base / "aims.ttl", VOCABULARY_GRAPH)]
    for path in sorted((base / "reference").glob("*.ttl")):
        name = path.stem
        if name.startswith("crosswalk-"):
            files.append(ReferenceFile(path, crosswalk_graph(name.removeprefix("crosswalk-"))))
        else:
            files.append(ReferenceFile(path, standard_graph(name)))
    return files


def load_reference_graph() -> Graph:
    """All packaged reference data in one in-memory rdflib graph (for validation, tests)."""
    graph = Graph()
    for ref in reference_files():
        graph.parse(ref.path, format="turtle")
    return graph


def _ntriples(path: Path, content: bytes) -> tuple[str, int]:
    """N-Triples of a packaged Turtle file and its triple count (pyoxigraph: ~20x rdflib)."""
    try:
        triples = set(ox.parse(content, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))
    except SyntaxError as error:
        raise StoreError(
            f"packaged reference file {path.name} is not valid Turtle: {error}",
            hint="reinstall aimsgraph, or fix the file and rebuild it",
        ) from error
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return text.decode("utf-8"), len(triples)


def _recorded_hash(store: GraphStore, graph: URIRef) -> str | None:
    rows = store.select(load_query("ontology", "graph-content-hash", graph=graph))
    return str(rows[0]["hash"]) if rows else None


def _record_hash(store: GraphStore, graph: URIRef, digest: str) -> None:
    """Remember which file content ``graph`` was loaded from (after the load succeeded)."""
    store.update(load_query("ontology", "set-graph-content-hash", graph=graph, hash=digest))


def load_reference(store: GraphStore, *, force: bool = False) -> list[LoadResult]:
    """Load or upgrade the vocabulary and reference graphs; unchanged files are skipped.

    The hash is recorded only after its graph is written, so a load cut short is simply
    redone by the next call.
    """
    results: list[LoadResult] = []
    for ref in reference_files():
        content = ref.path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        previous = _recorded_hash(store, ref.graph)
        if previous == digest and not force:
            count = store.count(ref.graph)
            results.append(LoadResult(str(ref.graph), ref.path.name, count, "unchanged"))
            continue
        ntriples, count = _ntriples(ref.path, content)
        store.replace_graph_ntriples(ref.graph, ntriples)
        _record_hash(store, ref.graph, digest)
        action = "loaded" if previous is None else "upgraded"
        results.append(LoadResult(str(ref.graph), ref.path.name, count, action))
    return results


def is_initialised(store: GraphStore) -> bool:
    return _recorded_hash(store, VOCABULARY_GRAPH) is not None
