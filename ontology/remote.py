"""A remote SPARQL 1.1 endpoint as the graph store (``oxigraph serve``, Fuseki, GraphDB,
Virtuoso, Neptune).

Requests use the SPARQL protocol's portable form: an URL-encoded POST (``query=`` or
``update=``), which every engine answers (Virtuoso never answers a query sent as an
``application/sparql-query`` body).

Writes go in batches of at most ``batch_triples`` triples per ``INSERT DATA`` (Virtuoso's
SPARQL compiler refuses a few thousand), ``request_batches`` batches per request. A write of
more than one batch never shows a half-written graph in its target: the batches go to a
*staging graph* first, and one operation moves (replace) or adds (add) it into place
(see ``docs/operations.md`` for what each engine makes atomic). A staging graph a killed
process left behind is dropped by :meth:`RemoteStore.drop_stale_staging`.

Every write request also rewrites the store's revision token (a random value in its own
graph, :mod:`ontology.store_revision`), so every instance on the same endpoint sees a write
by any of them as a changed :meth:`RemoteStore.revision`.

Reads that may be long (``dump``) page through ``ORDER BY`` + ``LIMIT``/``OFFSET`` and check
the rows they got against a ``COUNT``, so an engine's row limit (Virtuoso's
``ResultSetMaxRows``) can never silently shorten an export.
"""

from __future__ import annotations

import contextlib
import functools
import random
import re
import ssl
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ontology.errors import QueryError, StoreError, StoreTimeoutError, StoreUnreachableError
from ontology.sparql import SYNTAX_LOCATION, query_form, syntax_error
from ontology.store import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    GraphStore,
    Row,
    ntriples_chunks,
    term_from_json,
)
from ontology.store_revision import revision_query, revision_update

#: Staging graphs live outside ``…/graph/``, so exports and validation never see them.
STAGING = "https://w3id.org/aimsgraph/staging/"
_JSON = "application/sparql-results+json"
_HINTS = {
    "memory exhausted": "the request is too large for the engine: lower the batch size "
    "(--store-batch / AIMSGRAPH_STORE_BATCH)",
    "permission": "grant SPARQL update to the user the endpoint runs as (Virtuoso: "
    'GRANT SPARQL_UPDATE TO "SPARQL"), or point --store-update at the update service',
    "SR171": "the engine's time limit stopped the query: raise it (Virtuoso: "
    "MaxQueryExecutionTime in virtuoso.ini [SPARQL])",
}


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default verifying TLS context, made once per process: every client made with
    its own loads the CA file again (tens of ms), and a store is opened per command."""
    return httpx.create_ssl_context()


class RemoteStore(GraphStore):
    """Any SPARQL 1.1 Query/Update endpoint, by URL.

    ``update_url`` defaults to the query URL's sibling ``/update`` (``oxigraph serve`` and
    Fuseki); Virtuoso (``/sparql`` for both) and GraphDB (``/repositories/R/statements``)
    need it given.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = 60.0,
        batch_triples: int = 1000,
        request_batches: int = 20,
        page_rows: int = 5000,
        deadlock_retries: int = 3,
    ) -> None:
        if min(batch_triples, request_batches, page_rows) < 1 or timeout <= 0:
            raise StoreError(
                "batch sizes, page size and time-out of a remote store must be positive"
            )
        if deadlock_retries < 0:
            raise StoreError("the deadlock retries of a remote store cannot be negative")
        self.query_url = query_url
        self.update_url = update_url or _guess_update_url(query_url)
        self.description = f"remote: {query_url}"
        self.timeout = timeout
        self.batch_triples = batch_triples
        self.request_batches = request_batches
        self.page_rows = page_rows
        self.deadlock_retries = deadlock_retries
        self._client = httpx.Client(timeout=timeout, verify=_tls_context())

    # -- requests -------------------------------------------------------------------------

    def _post(
        self, url: str, form: dict[str, str], accept: str, *, deadlock_retries: int = 0
    ) -> httpx.Response:
        """POST ``form``; a request the engine refused as a deadlock victim is sent again up to
        ``deadlock_retries`` times, after a short pause that doubles each time."""
        pause = _DEADLOCK_PAUSE_S
        for attempt in range(deadlock_retries + 1):
            response = self._send(url, form, accept)
            if response.status_code < 300 or not _deadlocked(response):
                break
            if attempt < deadlock_retries:
                time.sleep(pause * random.uniform(1.0, 1.5))  # apart from the other victim
                pause *= 2
        if response.status_code >= 300:
            raise _refusal(url, response, tries=attempt + 1)
        _check_complete(url, response)
        return response

    def _send(self, url: str, form: dict[str, str], accept: str) -> httpx.Response:
        try:
            return self._client.post(url, data=form, headers={"Accept": accept})
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            detail = " ".join(str(error).split())[:200]
            raise StoreUnreachableError(
                f"SPARQL endpoint {url} is unreachable: {error.__class__.__name__}: {detail}",
                hint="check that the server runs and the --store URL is right",
            ) from error
        except httpx.TimeoutException as error:
            raise StoreTimeoutError(
                f"SPARQL endpoint {url} gave no answer within {self.timeout:g} s",
                hint="the engine may be overloaded or the request too heavy for it: check its "
                "log, or raise the time-out (AIMSGRAPH_STORE_TIMEOUT)",
            ) from error
        except httpx.HTTPError as error:
            detail = " ".join(str(error).split())[:200]
            raise StoreUnreachableError(
                f"SPARQL endpoint {url} failed: {error.__class__.__name__}: {detail}",
                hint="check that the server runs and the --store URL is right",
            ) from error

    def _query(self, query: str, accept: str) -> httpx.Response:
        return self._post(self.query_url, {"query": query}, accept)

    def select(self, query: str) -> list[Row]:
        data = self._query(query, _JSON).json()
        if "results" not in data:
            raise QueryError("expected a SELECT query")
        return [
            {name: term_from_json(value) for name, value in binding.items()}
            for binding in data["results"]["bindings"]
        ]

    def ask(self, query: str) -> bool:
        data = self._query(query, _JSON).json()
        if "boolean" not in data:
            raise QueryError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str) -> Graph:
        response = self._query(query, "application/n-triples")
        return Graph().parse(data=response.text, format="nt")

    def query_serialized(self, query: str, media_type: str) -> bytes:
        form = query_form(query)
        if form in {"CONSTRUCT", "DESCRIBE"} and media_type not in GRAPH_MEDIA_TYPES:
            media_type = "text/turtle"
        if form in {"SELECT", "ASK"} and media_type not in RESULT_MEDIA_TYPES:
            media_type = _JSON
        return self._query(query, media_type).content

    def update(self, update: str) -> None:
        """Run ``update`` and, in the same request, set a new revision token.

        A request Virtuoso refused as the victim of a deadlock (SQLSTATE 40001) is sent again,
        up to ``deadlock_retries`` times: Virtuoso rolls such a request back whole, earlier
        operations included (measured: ``docs/operations.md``), so nothing of it is doubled.
        Any other refusal is final (after other errors Virtuoso keeps earlier operations)."""
        body = update.rstrip()
        glue = "\n" if body.endswith(";") else "\n;\n"  # a last line may be a comment
        request = body + glue + revision_update(uuid.uuid4().hex)
        form = {"update": request}
        self._post(self.update_url, form, "*/*", deadlock_retries=self.deadlock_retries)

    def revision(self) -> str:
        """The endpoint's revision token (``none`` before any write set one)."""
        rows = self.select(revision_query())
        return str(rows[0]["token"]) if rows else "none"

    # -- writes in batches ------------------------------------------------------------------

    def insert_operations(self, graph_iri: URIRef, data: Graph) -> list[str]:
        chunks = [c for c in ntriples_chunks(data, self.batch_triples) if c]
        blank = any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in data)
        return _insert_operations(graph_iri, chunks, blank)

    def replace_graph(self, graph_iri: URIRef, data: Graph) -> None:
        if len(data) == 0:
            self.update(f"DROP SILENT GRAPH <{graph_iri}>")
            return
        self._staged(graph_iri, data, f"MOVE SILENT GRAPH <{{staging}}> TO GRAPH <{graph_iri}>")

    def replace_graph_ntriples(self, graph_iri: URIRef, ntriples: str) -> None:
        """As :meth:`replace_graph`, with the text parsed by pyoxigraph rather than into an
        rdflib graph (a reference load: about a second less per load)."""
        chunks, blank = _ntriples_text_chunks(ntriples, self.batch_triples)
        if not chunks:
            self.update(f"DROP SILENT GRAPH <{graph_iri}>")
            return
        finish = f"MOVE SILENT GRAPH <{{staging}}> TO GRAPH <{graph_iri}>"
        self._staged(graph_iri, lambda staging: _insert_operations(staging, chunks, blank), finish)

    def add(self, graph_iri: URIRef, data: Graph) -> None:
        operations = self.insert_operations(graph_iri, data)
        if len(operations) <= 1:
            for operation in operations:
                self.update(operation)
            return
        finish = f"ADD SILENT GRAPH <{{staging}}> TO GRAPH <{graph_iri}> ;\nDROP SILENT GRAPH <{{staging}}>"
        self._staged(graph_iri, data, finish)

    def _staged(
        self, graph_iri: URIRef, data: Graph | Callable[[URIRef], list[str]], finish: str
    ) -> None:
        """Write ``data`` (a graph, or the insert operations for a given graph IRI) to a
        fresh staging graph, then run ``finish`` (one operation that puts it in place) in the
        same request as the last batch; drop the staging graph on any failure."""
        staging = URIRef(f"{STAGING}{time.time_ns() // 1_000_000}-{uuid.uuid4().hex}")
        if isinstance(data, Graph):
            operations = self.insert_operations(staging, data)
        else:
            operations = data(staging)
        step = self.request_batches
        requests = [operations[i : i + step] for i in range(0, len(operations), step)]
        requests[-1] = [*requests[-1], finish.replace("{staging}", str(staging))]
        try:
            for request in requests:
                self.update(" ;\n".join(request))
        except BaseException:
            with contextlib.suppress(StoreError):
                self.update(f"DROP SILENT GRAPH <{staging}>")
            raise

    def drop_stale_staging(self, older_than_s: float = 3600.0) -> list[str]:
        """Drop staging graphs a killed writer left (older than ``older_than_s``: another
        process's may be in flight). Returns their IRIs."""
        cutoff = time.time_ns() // 1_000_000 - int(older_than_s * 1000)
        stale = []
        for graph in self.named_graphs(STAGING):
            stamp = graph[len(STAGING) :].split("-", 1)[0]
            if stamp.isdigit() and int(stamp) < cutoff:
                self.update(f"DROP SILENT GRAPH <{graph}>")
                stale.append(graph)
        return stale

    # -- long reads, paged and counted -------------------------------------------------------

    def graph_triples(self, graph_iri: str) -> Iterator[tuple[Node, Node, Node]]:
        expected = self.count(URIRef(graph_iri))
        got = 0
        while True:
            rows = self.select(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }} "
                f"ORDER BY ?s ?p ?o LIMIT {self.page_rows} OFFSET {got}"
            )
            for row in rows:
                yield row["s"], row["p"], row["o"]
            got += len(rows)
            if len(rows) < self.page_rows:
                break
        if got != expected:
            raise StoreError(
                f"reading graph {graph_iri} from {self.query_url} gave {got} triples where the "
                f"engine counts {expected}; nothing was written",
                hint="the engine cut or changed the answer: raise its row limit (Virtuoso: "
                "ResultSetMaxRows in virtuoso.ini [SPARQL]) or retry when no write is running",
            )

    def pairs(self, predicate: str, obj: str | None = None) -> set[tuple[str, str]]:
        """Paged by ``ORDER BY`` + ``LIMIT``/``OFFSET`` and checked against a ``COUNT``, like
        :meth:`graph_triples` (an engine's row limit never shortens it silently)."""
        triple = f"?s <{predicate}> ?o"
        if obj is not None:
            triple = f"?s <{predicate}> <{obj}> BIND(<{obj}> AS ?o)"
        pattern = f"{{ SELECT DISTINCT ?s ?o WHERE {{ {triple} }} }}"
        counted = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {pattern}")
        expected = int(str(counted[0]["n"])) if counted else 0
        found: set[tuple[str, str]] = set()
        got = 0
        while got < expected:
            rows = self.select(
                f"SELECT ?s ?o WHERE {pattern} ORDER BY ?s ?o LIMIT {self.page_rows} OFFSET {got}"
            )
            found.update((str(r["s"]), str(r["o"])) for r in rows)
            got += len(rows)
            if len(rows) < self.page_rows:
                break
        if got != expected:
            raise StoreError(
                f"reading <{predicate}> from {self.query_url} gave {got} rows where the engine "
                f"counts {expected}",
                hint="the engine cut or changed the answer: raise its row limit (Virtuoso: "
                "ResultSetMaxRows in virtuoso.ini [SPARQL]) or retry when no write is running",
            )
        return found

    def close(self) -> None:
        self._client.close()


def _engine(response: httpx.Response) -> str:
    server = response.headers.get("server", "")
    return server.split("/")[0].strip() or "the SPARQL endpoint"


#: Virtuoso's parser message: ``SP030: SPARQL compiler, line 3: syntax error at ')' …``.
_VIRTUOSO_SYNTAX = re.compile(r"SP030: SPARQL compiler, line (\d+): (syntax error[^\n]*)")


#: Virtuoso's error line: ``Virtuoso 40001 Error SR172: Transaction deadlocked``.
_VIRTUOSO_STATE = re.compile(r"Virtuoso (\w{5}) Error ")
_DEADLOCK_PAUSE_S = 0.2


def _deadlocked(response: httpx.Response) -> bool:
    """Whether Virtuoso refused the request as a deadlock victim (SQLSTATE 40001)."""
    if _engine(response) != "Virtuoso":
        return False
    state = _VIRTUOSO_STATE.match(response.text.lstrip())
    return state is not None and state.group(1) == "40001"


def _refusal(url: str, response: httpx.Response, tries: int = 1) -> Exception:
    """The error for an engine's refusal: its own words, and what to do about them."""
    text = response.text.strip()
    if response.status_code == 400 and SYNTAX_LOCATION.match(text):
        return syntax_error(text)
    virtuoso = _VIRTUOSO_SYNTAX.search(text.split("SPARQL query:")[0])
    if virtuoso:
        line, words = virtuoso.groups()
        return QueryError(
            f"malformed SPARQL at line {line}: {' '.join(words.split())[:250]}",
            hint="fix the query at the line given",
        )
    # Virtuoso repeats the whole request after its message; the message is what matters.
    words = " ".join(text.split("SPARQL query:")[0].split())
    words = words if len(words) <= 300 else words[:297] + "..."
    hint = next((h for key, h in _HINTS.items() if key.lower() in text.lower()), None)
    engine, status = _engine(response), response.status_code
    message = f"{engine} refused the request (HTTP {status}): {words or response.reason_phrase}"
    if status == 400:
        return QueryError(
            message, hint=hint or "the engine cannot run this SPARQL; see docs/operations.md"
        )
    if _deadlocked(response):
        hint = (
            f"another write held what this one needed; the engine rolled the request back whole "
            f"(nothing of it was written), {tries} time(s): run it again when fewer writes run"
        )
    return StoreError(
        f"{message} [{url}]",
        hint=hint or "check the engine's log and the --store / --store-update URLs",
    )


def _check_complete(url: str, response: httpx.Response) -> None:
    """Refuse an answer an engine cut short (Virtuoso's anytime queries and row limit)."""
    if response.headers.get("x-sql-state") == "S1TAT":
        raise StoreTimeoutError(
            f"{_engine(response)} stopped the query at its time limit and sent a partial "
            f"answer [{url}]",
            hint="raise MaxQueryExecutionTime in virtuoso.ini [SPARQL] (0: no limit)",
        )


def _guess_update_url(query_url: str) -> str:
    """``…/query`` → ``…/update`` (``oxigraph serve``, Fuseki); else the query URL itself
    (Virtuoso's ``/sparql`` takes both). GraphDB's differs: give it (``--store-update``)."""
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("/query")] + "/update"
    return query_url


def _insert_operations(graph_iri: URIRef, chunks: list[str], blank: bool) -> list[str]:
    """``INSERT DATA`` of each N-Triples chunk into ``graph_iri``. With blank nodes (all in
    the first chunk) that one is ``INSERT {…} WHERE {}``: Virtuoso refuses blank nodes in
    ``INSERT DATA``, and the template means the same (fresh nodes, one solution)."""
    operations = [f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{c}\n}} }}" for c in chunks]
    if chunks and blank:
        operations[0] = f"INSERT {{ GRAPH <{graph_iri}> {{\n{chunks[0]}\n}} }} WHERE {{}}"
    return operations


def _ntriples_text_chunks(ntriples: str, size: int) -> tuple[list[str], bool]:
    """As :func:`ontology.store.ntriples_chunks` for an N-Triples text, parsed by pyoxigraph:
    the chunks (every triple with a blank node in the first) and whether there are any."""
    with_blank: list[str] = []
    ground: list[str] = []
    for triple in ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        line = f"{triple} ."
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            with_blank.append(line)
        else:
            ground.append(line)
    head = max(size - len(with_blank), 0)
    chunks = ["\n".join(with_blank + ground[:head])]
    chunks += ["\n".join(ground[i : i + size]) for i in range(head, len(ground), size)]
    return [c for c in chunks if c], bool(with_blank)
