"""How long loading the reference graph takes, on each path.

Figures: parsing every packaged Turtle file into rdflib's in-memory graph; `init` into a
fresh embedded Oxigraph store (rdflib parse + one SPARQL update per graph, as
``ontology.reference.load_reference`` does it); the idempotent re-run that finds every file
unchanged; pyoxigraph's own bulk loader on the same files, for comparison; and, when the
`oxigraph` CLI is installed, `init` into a real remote `oxigraph serve` over HTTP.

    .venv/bin/python -m benchmarks.reference_load_bench [--repeat 5] [--no-remote]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import Graph

from ontology.reference import load_reference, reference_files
from ontology.store import EmbeddedStore, RemoteStore


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` runs of ``action``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def parse_rdflib() -> int:
    graph = Graph()
    for ref in reference_files():
        graph.parse(ref.path, format="turtle")
    return len(graph)


def init_embedded() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "oxigraph")
        load_reference(store)
        store.close()


def bulk_load_pyoxigraph() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = ox.Store(str(Path(tmp) / "oxigraph"))
        for ref in reference_files():
            store.bulk_load(
                path=str(ref.path),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(str(ref.graph)),
            )
        store.flush()
        del store


def open_empty() -> None:
    """The fixed cost of creating, opening and closing a store directory (the baseline)."""
    with tempfile.TemporaryDirectory() as tmp:
        EmbeddedStore(Path(tmp) / "oxigraph").close()


def rerun_unchanged(store: EmbeddedStore) -> Callable[[], None]:
    def action() -> None:
        changed = [r for r in load_reference(store) if r.action != "unchanged"]
        assert not changed, changed

    return action


@contextmanager
def oxigraph_server() -> Iterator[str | None]:
    """A throw-away `oxigraph serve` on a free port, or None where the CLI is missing."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        yield None
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [
                exe,
                "serve",
                "--location",
                tmp,
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def init_remote(base: str) -> Callable[[], None]:
    def action() -> None:
        store = RemoteStore(base + "/query", base + "/update")
        store.update("DROP SILENT ALL")
        load_reference(store)
        store.close()

    return action


def report(name: str, times: list[float], triples: int) -> None:
    best, median = min(times), statistics.median(times)
    rate = f"{triples / median:12,.0f}" if triples else f"{'-':>12}"
    print(f"{name:<46} {median * 1000:9.1f} {best * 1000:9.1f} {rate}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Reference graph load times.")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-remote", action="store_true", help="skip the oxigraph server run")
    args = parser.parse_args(argv)
    files = reference_files()
    triples = parse_rdflib()
    size = sum(ref.path.stat().st_size for ref in files)
    print(f"reference: {len(files)} files, {size / 1024:.0f} KiB of Turtle, {triples:,} triples")
    print(f"{'path':<46} {'median ms':>9} {'best ms':>9} {'triples/s':>12}")
    report("rdflib parse (in-memory Graph)", timed(parse_rdflib, args.repeat), triples)
    report("(baseline: create, open, close an empty store)", timed(open_empty, args.repeat), 0)
    report("init, embedded Oxigraph (fresh directory)", timed(init_embedded, args.repeat), triples)
    report(
        "pyoxigraph bulk_load (fresh directory)", timed(bulk_load_pyoxigraph, args.repeat), triples
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "oxigraph")
        load_reference(store)
        report(
            "init again, nothing changed (embedded)",
            timed(rerun_unchanged(store), args.repeat),
            triples,
        )
        store.close()
    if args.no_remote:
        return
    with oxigraph_server() as base:
        if base is None:
            print("remote: the oxigraph CLI is not installed; skipped")
            return
        report(
            "init, remote oxigraph serve over HTTP", timed(init_remote(base), args.repeat), triples
        )


if __name__ == "__main__":
    main()
