"""The read-only SPARQL 1.1 Protocol service behind ``/sparql``: negotiate, limit, run.

- Read-only, judged on the parsed query (:mod:`ontology.query_safety`): size and nesting
  limits first, then only SELECT, ASK, CONSTRUCT and DESCRIBE, with SERVICE nowhere.
- Isolated: the check, the query and the serialisation of its results run in a worker
  process (:mod:`api.query_worker`), so a parser crash or a runaway query cannot take the
  server (or ``aimsgraph query``) down.
- Result limit: at most ``result_limit`` rows (SELECT) or triples (CONSTRUCT/DESCRIBE) come
  back; a capped answer carries the header ``Aimsgraph-Result-Truncated: <limit>``. On the
  embedded store results are read lazily, so the cap also stops the work early.
- Time limit: at most ``workers`` queries run at once; the request gives up after
  ``timeout_s`` (waiting for a worker included) with 503, and a query still running then is
  stopped (its worker process killed and replaced), so its slot is free again. Beyond
  ``max_waiting`` queries in flight, new ones get 503 at once instead of piling up.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from api import sparql_results as results
from api.errors import NotAcceptableError, QueryTimeoutError
from api.query_worker import STARTUP_LIMIT_S, Snapshots, WorkerPool, timed_out
from ontology.namespaces import PREFIXES
from ontology.query_safety import check_bounds
from ontology.sparql import syntax_error
from ontology.store import (
    GRAPH_MEDIA_TYPES,
    EmbeddedStore,
    GraphStore,
    RemoteStore,
    check_read_only,
    term_from_json,
    to_oxigraph,
    to_rdflib,
)

_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
#: JSON without spaces, non-ASCII characters as they are (UTF-8).
_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}
#: Queries whose parsed check is remembered (by exact text), most recent first out last.
CHECKED_CACHE = 256
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
    form: str = ""


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


def _ox_query(store: ox.Store, query: str) -> Any:
    try:
        return store.query(query, use_default_graph_as_union=True)
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


def _run_embedded(store: ox.Store, query: str, form: str, media: str, limit: int) -> SparqlAnswer:
    result = _ox_query(store, query)
    if isinstance(result, ox.QueryBoolean):
        return SparqlAnswer(results.write_ask(bool(result), media), media)
    if isinstance(result, ox.QueryTriples):
        triples, cut = _take(result, limit)
        return SparqlAnswer(_write_graph(triples, media), media, cut)
    names = [v.value for v in result.variables]
    solutions, cut = _take(result, limit)
    if media == results.JSON:
        return SparqlAnswer(_json_results(names, solutions), media, cut)
    rows: list[dict[str, Node]] = []
    for solution in solutions:
        row: dict[str, Node] = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = to_rdflib(value)
        rows.append(row)
    return SparqlAnswer(results.write_select(names, rows, media), media, cut)


def _json_results(names: list[str], solutions: list[Any]) -> bytes:
    """SPARQL 1.1 JSON of Oxigraph solutions, written as text: each distinct term is
    encoded once (answers repeat their IRIs, titles and labels row after row), and rows are
    joined as strings instead of being built as dictionaries and encoded again. The bytes
    are :func:`api.sparql_results.write_json`'s for the same rows."""
    keys = [json.dumps(name, **_COMPACT) + ":" for name in names]
    encoded: dict[Any, str] = {}
    rows = []
    for solution in solutions:
        cells = []
        for key, value in zip(keys, solution, strict=True):
            if value is None:
                continue
            text = encoded.get(value)
            if text is None:
                text = encoded[value] = json.dumps(_json_term(value), **_COMPACT)
            cells.append(key + text)
        rows.append("{" + ",".join(cells) + "}")
    head = json.dumps({"vars": names}, **_COMPACT)
    body = '{"head":' + head + ',"results":{"bindings":[' + ",".join(rows) + "]}}"
    return body.encode("utf-8")


def _json_term(term: Any) -> dict[str, str]:
    """A SPARQL JSON term read straight from an Oxigraph term where that gives what rdflib
    gives (IRIs, blank nodes, plain strings: most of any answer, at a fraction of the cost);
    any other literal through rdflib, which writes typed values in its own canonical form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal) and not term.language and term.datatype == _XSD_STRING:
        return {"type": "literal", "value": term.value}
    return results.json_term(to_rdflib(term))


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


def run_query(
    store: GraphStore | ox.Store, query: str, media: str, limit: int, *, form: str | None = None
) -> SparqlAnswer:
    """Run a read-only query and serialise at most ``limit`` rows or triples, in this
    process (blocking); ``form`` when the query was checked already."""
    form = form or check_read_only(query)
    if isinstance(store, EmbeddedStore):
        store = store.oxigraph
    if isinstance(store, ox.Store):
        answer = _run_embedded(store, query, form, media, limit)
    else:
        answer = _run_remote(store, query, form, media, limit)
    return SparqlAnswer(answer.body, answer.media_type, answer.truncated, form)


class SparqlService:
    """Runs queries in worker processes with a time limit (one per app).

    A query waits for a free worker as part of its time limit; one that times out before it
    started is cancelled, so it never runs; one still running at its deadline is stopped.
    At most ``max_waiting`` queries may be in flight (queued or running); beyond that the
    endpoint answers 503 at once.
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
        self._processes: WorkerPool | None = None
        self._snapshots: dict[Path, Snapshots] = {}
        self._checked: OrderedDict[str, str] = OrderedDict()

    def _executor(self) -> tuple[ThreadPoolExecutor, WorkerPool]:
        """The threads and worker processes, started on first use and again after a
        shutdown (app restart)."""
        with self._lock:
            if self._pool is None or self._processes is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=self._workers, thread_name_prefix="aimsgraph-sparql"
                )
                self._processes = WorkerPool(self._workers)
            return self._pool, self._processes

    def warm(self) -> None:
        """Start a worker process now, so the first query does not wait for one."""
        self._executor()[1].warm()

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

    def _store_spec(
        self, store: GraphStore, deadline: float
    ) -> tuple[dict[str, Any], Snapshots | None, Path | None]:
        """What the worker opens: the snapshot of an embedded store at its current revision
        (shared by the queries of one revision), or the endpoint."""
        if isinstance(store, EmbeddedStore):
            snapshots = Snapshots.of(store.path)
            with self._lock:
                self._snapshots[store.path] = snapshots
            path = snapshots.take(store)
            return {"kind": "embedded", "path": str(path)}, snapshots, path
        if isinstance(store, RemoteStore):
            timeout = deadline - time.monotonic()
            spec = {"query_url": store.query_url, "update_url": store.update_url}
            return {"kind": "remote", "timeout": timeout, **spec}, None, None
        raise TypeError(f"cannot run user queries on {store!r}")

    def _work(
        self, store: GraphStore, query: str, accept: str | None, short: str | None, deadline: float
    ) -> SparqlAnswer:
        """In a service thread: bounds here, the rest in a worker process."""
        check_bounds(query)
        if time.monotonic() >= deadline:
            raise timed_out(self.timeout_s)
        spec, snapshots, snapshot = self._store_spec(store, deadline)
        job = {"query": query, "accept": accept, "short": short, "limit": self.result_limit}
        job["form"] = self._checked.get(query)
        try:
            header, body = self._executor()[1].run(job | {"store": spec}, deadline, self.timeout_s)
        finally:
            if snapshots is not None and snapshot is not None:
                snapshots.release(snapshot)
        self._remember(query, str(header["form"]))
        return SparqlAnswer(body, str(header["media"]), bool(header["truncated"]), header["form"])

    def _remember(self, query: str, form: str) -> None:
        """Keep the form of a query that passed the parsed check, so the same text asked
        again (a dashboard, a client polling) is not parsed again."""
        with self._lock:
            self._checked[query] = form
            self._checked.move_to_end(query)
            while len(self._checked) > CHECKED_CACHE:
                self._checked.popitem(last=False)

    def _submit(
        self, store: GraphStore, query: str, accept: str | None, short: str | None
    ) -> Future[SparqlAnswer]:
        if not self._admit():
            raise QueryTimeoutError(
                "the SPARQL endpoint is busy: too many queries are waiting or running",
                hint="retry in a few seconds; a query holds its slot until it ends or is "
                "stopped at the time limit",
            )
        deadline = time.monotonic() + self.timeout_s
        threads = self._executor()[0]
        future = threads.submit(self._work, store, query, accept, short, deadline)
        future.add_done_callback(self._release)
        return future

    def _backstop(self) -> float:
        """How long a caller waits at most: the service thread stops the query at its
        deadline itself (a worker's start-up excluded); this only guards against a hang."""
        return self.timeout_s + STARTUP_LIMIT_S + 5

    async def answer(
        self, store: GraphStore, query: str, accept: str | None, short: str | None
    ) -> SparqlAnswer:
        """Check, negotiate and run ``query`` within the time limit (``/sparql``)."""
        future = self._submit(store, query, accept, short)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._backstop())
        except TimeoutError:
            future.cancel()
            raise timed_out(self.timeout_s) from None

    def run(self, store: GraphStore, query: str, accept: str) -> SparqlAnswer:
        """The same, blocking, answering in one of ``accept`` (``aimsgraph query``)."""
        future = self._submit(store, query, accept, None)
        try:
            return future.result(timeout=self._backstop())
        except FutureTimeout:
            future.cancel()
            raise timed_out(self.timeout_s) from None

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            processes, self._processes = self._processes, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if processes is not None:
            processes.shutdown()
        with self._lock:
            snapshots = list(self._snapshots.values())
        for each in snapshots:
            each.close()
