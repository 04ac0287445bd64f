"""The read-only SPARQL 1.1 Protocol service behind ``/sparql``: negotiate, limit, run.

- Read-only: :func:`ontology.store.check_read_only` refuses updates, LOAD and SERVICE.
- Result limit: at most ``result_limit`` rows (SELECT) or triples (CONSTRUCT/DESCRIBE) come
  back; a capped answer carries the header ``Aimsgraph-Result-Truncated: <limit>``. On the
  embedded store results are read lazily, so the cap also stops the work early.
- Time limit: a query runs on a small pool of worker threads and the request gives up after
  ``timeout_s`` (waiting for a worker included) with 503. Oxigraph cannot interrupt a running
  query, so it finishes in the background and keeps its worker until then; a query that
  timed out while still waiting is cancelled. Beyond ``max_waiting`` queries in flight, new
  ones get 503 at once instead of piling up.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from api import sparql_results as results
from api.errors import NotAcceptableError, QueryTimeoutError
from ontology.namespaces import PREFIXES
from ontology.sparql import syntax_error
from ontology.store import (
    GRAPH_MEDIA_TYPES,
    EmbeddedStore,
    GraphStore,
    check_read_only,
    term_from_json,
    to_oxigraph,
    to_rdflib,
)

GRAPH_TYPES = GRAPH_MEDIA_TYPES  # the formats the store writes CONSTRUCT/DESCRIBE results in
#: Short names for the ``format``/``output`` parameter that many clients send.
SHORT_NAMES = {
    "json": (results.JSON, "application/ld+json"),
    "xml": (results.XML, "application/rdf+xml"),
    "csv": (results.CSV, None),
    "tsv": (results.TSV, None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n-triples": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "nt": (None, "application/n-triples"),
    "json-ld": (None, "application/ld+json"),
    "jsonld": (None, "application/ld+json"),
    "rdf": (None, "application/rdf+xml"),
    "rdfxml": (None, "application/rdf+xml"),
}
#: Common media types that mean one of ours, by result kind (results, graph).
ALIASES = {
    "application/json": (results.JSON, "application/ld+json"),
    "text/javascript": (results.JSON, None),
    "application/javascript": (results.JSON, None),
    "application/xml": (results.XML, "application/rdf+xml"),
    "text/xml": (results.XML, "application/rdf+xml"),
    "application/x-turtle": (None, "text/turtle"),
    "text/plain": (None, "application/n-triples"),
}


@dataclass(frozen=True)
class SparqlAnswer:
    """A serialised query result."""

    body: bytes
    media_type: str
    truncated: bool = False


def _accept_list(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, pieces[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(form: str, accept: str | None, short: str | None = None) -> str:
    """The media type to answer a query of ``form`` in, from ``format`` or Accept."""
    graph = form in {"CONSTRUCT", "DESCRIBE"}
    allowed = list(GRAPH_TYPES) if graph else list(results.RESULT_TYPES)
    if short:
        pair = SHORT_NAMES.get(short.lower())
        choice = pair and (pair[1] if graph else pair[0])
        if short in allowed:
            return short
        if choice:
            return choice
        raise NotAcceptableError(
            f"unknown or unsuitable output format {short!r} for a {form} query",
            hint="use one of: " + ", ".join(allowed),
        )
    if not accept:
        return allowed[0]
    for media in _accept_list(accept):
        if media in allowed:
            return media
        alias = ALIASES.get(media)
        if alias and (alias[1] if graph else alias[0]):
            return str(alias[1] if graph else alias[0])
        if media in {"*/*", "application/*", "text/*"}:
            prefix = media.split("/")[0]
            for candidate in allowed:
                if prefix == "*" or candidate.startswith(prefix + "/"):
                    return candidate
    raise NotAcceptableError(
        f"cannot answer a {form} query in any of: {accept}",
        hint="accept one of: " + ", ".join(allowed),
    )


def _ox_query(store: EmbeddedStore, query: str) -> Any:
    try:
        return store.oxigraph.query(query, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise syntax_error(str(error)) from error


def _take(items: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    kept: list[Any] = []
    for item in items:
        if len(kept) == limit:
            return kept, True
        kept.append(item)
    return kept, False


def _write_graph(triples: list[Any], media_type: str) -> bytes:
    prefixes = PREFIXES if media_type == "text/turtle" else None
    kwargs: dict[str, Any] = {"format": GRAPH_TYPES[media_type]}
    if prefixes:
        kwargs["prefixes"] = prefixes
    return ox.serialize(triples, **kwargs) or b""


def _run_embedded(
    store: EmbeddedStore, query: str, form: str, media: str, limit: int
) -> SparqlAnswer:
    result = _ox_query(store, query)
    if isinstance(result, ox.QueryBoolean):
        return SparqlAnswer(results.write_ask(bool(result), media), media)
    if isinstance(result, ox.QueryTriples):
        triples, cut = _take(result, limit)
        return SparqlAnswer(_write_graph(triples, media), media, cut)
    names = [v.value for v in result.variables]
    solutions, cut = _take(result, limit)
    rows: list[dict[str, Node]] = []
    for solution in solutions:
        row: dict[str, Node] = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = to_rdflib(value)
        rows.append(row)
    return SparqlAnswer(results.write_select(names, rows, media), media, cut)


def _run_remote(store: GraphStore, query: str, form: str, media: str, limit: int) -> SparqlAnswer:
    if form == "ASK":
        return SparqlAnswer(results.write_ask(store.ask(query), media), media)
    if form in {"CONSTRUCT", "DESCRIBE"}:
        graph = store.construct(query)
        kept, cut = _take(graph, limit)
        triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in kept]
        return SparqlAnswer(_write_graph(triples, media), media, cut)
    # The store's own SPARQL JSON keeps the query's column order and its unbound variables
    # (rows alone would lose both).
    data = json.loads(store.query_serialized(query, results.JSON))
    names = [str(n) for n in data["head"]["vars"]]
    bindings, cut = _take(data["results"]["bindings"], limit)
    rows = [{n: term_from_json(b[n]) for n in names if n in b} for b in bindings]
    return SparqlAnswer(results.write_select(names, rows, media), media, cut)


def run_query(store: GraphStore, query: str, media: str, limit: int) -> SparqlAnswer:
    """Run a read-only query and serialise at most ``limit`` rows or triples (blocking)."""
    form = check_read_only(query)
    if isinstance(store, EmbeddedStore):
        return _run_embedded(store, query, form, media, limit)
    return _run_remote(store, query, form, media, limit)


class SparqlService:
    """Runs queries on a bounded pool with a time limit (one per app).

    A query waits for a free worker as part of its time limit; one that times out before it
    started is cancelled, so it never runs. At most ``max_waiting`` queries may be in flight
    (queued or running); beyond that the endpoint answers 503 at once.
    """

    def __init__(
        self, timeout_s: float, result_limit: int, workers: int = 4, max_waiting: int = 64
    ) -> None:
        self.timeout_s = timeout_s
        self.result_limit = result_limit
        self.max_waiting = max_waiting
        self._in_flight = 0
        self._lock = threading.Lock()
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        """The worker pool, started on first use and again after a shutdown (app restart)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=self._workers, thread_name_prefix="aimsgraph-sparql"
                )
            return self._pool

    def in_flight(self) -> int:
        """Queries queued or running now."""
        return self._in_flight

    def _admit(self) -> bool:
        with self._lock:
            if self._in_flight >= self.max_waiting:
                return False
            self._in_flight += 1
            return True

    def _release(self, _: object) -> None:
        with self._lock:
            self._in_flight -= 1

    def _submit(self, store: GraphStore, query: str, media: str) -> Future[SparqlAnswer]:
        if not self._admit():
            raise QueryTimeoutError(
                "the SPARQL endpoint is busy: too many queries are waiting or running",
                hint="retry in a few seconds; long-running queries hold their slot until they end",
            )
        future = self._executor().submit(run_query, store, query, media, self.result_limit)
        future.add_done_callback(self._release)
        return future

    def _timed_out(self) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"the query did not finish within the time limit of {self.timeout_s:g} s",
            hint="narrow the query (fewer joins, a LIMIT) or ask the operator to raise "
            "AIMSGRAPH_SPARQL_TIMEOUT",
        )

    async def answer(
        self, store: GraphStore, query: str, accept: str | None, short: str | None
    ) -> SparqlAnswer:
        """Check, negotiate and run ``query`` within the time limit (``/sparql``)."""
        form = check_read_only(query)
        future = self._submit(store, query, negotiate(form, accept, short))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except TimeoutError:
            raise self._timed_out() from None

    def run(self, store: GraphStore, query: str, media: str) -> SparqlAnswer:
        """The same, blocking, in ``media`` (``aimsgraph query``): same limits, same path."""
        check_read_only(query)
        future = self._submit(store, query, media)
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout:
            future.cancel()
            raise self._timed_out() from None

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
