"""The graph store: embedded Oxigraph on disk, or any SPARQL 1.1 endpoint by URL.

Both backends answer the same small interface (:class:`GraphStore`). Queries see the union
of all named graphs as their default graph (Oxigraph's ``use_default_graph_as_union``; a
remote endpoint must be configured the same way, e.g. ``oxigraph serve
--union-default-graph``, Fuseki ``tdb:unionDefaultGraph``; GraphDB, Virtuoso and Neptune do
it by default). Writes always name their graph.

Results come back as rdflib terms, so the code above never depends on the backend.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ontology.errors import (
    QueryError,
    StoreError,
    StoreLockedError,
    StoreUnreachableError,
)
from ontology.sparql import SYNTAX_LOCATION, syntax_error
from ontology.sparql import check_read_only as check_read_only  # re-exported
from ontology.sparql import query_form as query_form  # re-exported

Row = dict[str, Node]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Media types the store can serialise query results to, by SPARQL result kind.
RESULT_MEDIA_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
DUMP_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


def to_rdflib(term: Any) -> Node:
    """Convert a pyoxigraph term to its rdflib equivalent."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            # Plain literals, as SPARQL JSON results give them, so both backends agree.
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unsupported RDF term {term!r}")


def to_oxigraph(term: Node) -> Any:
    """Convert an rdflib term to its pyoxigraph equivalent."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported RDF term {term!r}")


def term_from_json(value: dict[str, str]) -> Node:
    """The rdflib term of one binding of a SPARQL 1.1 JSON result."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    if "datatype" in value and value["datatype"] != _XSD_STRING:
        return Literal(value["value"], datatype=URIRef(value["datatype"]))
    return Literal(value["value"])


def _replace_update(graph_iri: URIRef, ntriples: str) -> str:
    """One SPARQL update that empties ``graph_iri`` and inserts ``ntriples`` into it."""
    return (
        f"DROP SILENT GRAPH <{graph_iri}> ;\n"
        f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}"
    )


def ntriples_chunks(graph: Graph, size: int = 5000) -> Iterator[str]:
    """N-Triples of ``graph`` in chunks of about ``size`` triples, for INSERT DATA.

    Blank-node labels are scoped to one update request, so every triple that mentions a
    blank node goes into the first chunk (else one node would become several).
    """
    with_bnodes, ground = Graph(), Graph()
    for triple in graph:
        subject, _, obj = triple
        target = with_bnodes if isinstance(subject, BNode) or isinstance(obj, BNode) else ground
        target.add(triple)
    first = with_bnodes.serialize(format="nt").splitlines()
    lines = ground.serialize(format="nt").splitlines()
    head = max(size - len(first), 0)
    yield "\n".join(first + lines[:head])
    for start in range(head, len(lines), size):
        yield "\n".join(lines[start : start + size])


class GraphStore(ABC):
    """What the rest of aimsgraph needs from a quad store."""

    #: Short, human description for messages (``embedded: ./data``, ``remote: http://…``).
    description: str

    @abstractmethod
    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query; unbound variables are absent from a row."""

    @abstractmethod
    def ask(self, query: str) -> bool: ...

    @abstractmethod
    def construct(self, query: str) -> Graph: ...

    @abstractmethod
    def query_serialized(self, query: str, media_type: str) -> bytes:
        """Run a read query and serialise its result in ``media_type``."""

    @abstractmethod
    def update(self, update: str) -> None:
        """Run a SPARQL update atomically (one request, one transaction)."""

    @abstractmethod
    def replace_graph(self, graph_iri: URIRef, data: Graph) -> None:
        """Make ``graph_iri`` hold exactly ``data``."""

    def replace_graph_ntriples(self, graph_iri: URIRef, ntriples: str) -> None:
        """Make ``graph_iri`` hold exactly the triples of an N-Triples text (bulk loads)."""
        self.replace_graph(graph_iri, Graph().parse(data=ntriples, format="nt"))

    @abstractmethod
    def add(self, graph_iri: URIRef, data: Graph) -> None:
        """Add the triples of ``data`` to ``graph_iri`` in one transaction."""

    @abstractmethod
    def dump(self, fmt: str, out: IO[bytes]) -> None:
        """Write every quad as ``trig`` or ``nquads``."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store."""

    def count(self, graph_iri: URIRef) -> int:
        rows = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        )
        return int(rows[0]["n"]) if rows else 0  # type: ignore[call-overload]

    def named_graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in rows)


class EmbeddedStore(GraphStore):
    """Oxigraph on disk, owned by one process (a lock file says which)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.description = f"embedded: {self.path}"
        self._lock = _acquire_lock(self.path.parent / (self.path.name + ".lock"))
        try:
            self._store = ox.Store(str(self.path))
        except OSError as error:
            self._lock.close()
            raise StoreError(
                f"cannot open the graph store at {self.path}: {error}",
                hint="check the data directory's permissions, or restore it from a backup",
            ) from error

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for bulk work where speed matters."""
        return self._store

    def _query(self, query: str) -> Any:
        try:
            return self._store.query(query, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise syntax_error(str(error)) from error
        except OSError as error:
            raise StoreError(f"query failed: {error}") from error

    def select(self, query: str) -> list[Row]:
        result = self._query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def ask(self, query: str) -> bool:
        result = self._query(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str) -> Graph:
        result = self._query(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            subject, predicate = to_rdflib(triple.subject), to_rdflib(triple.predicate)
            graph.add((subject, predicate, to_rdflib(triple.object)))
        return graph

    def query_serialized(self, query: str, media_type: str) -> bytes:
        result = self._query(query)
        fmt: ox.RdfFormat | ox.QueryResultsFormat
        if isinstance(result, ox.QueryTriples):
            fmt = GRAPH_MEDIA_TYPES.get(media_type, ox.RdfFormat.TURTLE)
        else:
            fmt = RESULT_MEDIA_TYPES.get(media_type, ox.QueryResultsFormat.JSON)
        out = io.BytesIO()
        result.serialize(out, fmt)
        return out.getvalue()

    def update(self, update: str) -> None:
        try:
            self._store.update(update)
        except SyntaxError as error:
            raise syntax_error(str(error)) from error
        except OSError as error:
            raise StoreError(f"update failed: {error}") from error

    def replace_graph(self, graph_iri: URIRef, data: Graph) -> None:
        # One update: the old content disappears and the new appears in one transaction.
        self.replace_graph_ntriples(graph_iri, data.serialize(format="nt"))

    def replace_graph_ntriples(self, graph_iri: URIRef, ntriples: str) -> None:
        self.update(_replace_update(graph_iri, ntriples))

    def add(self, graph_iri: URIRef, data: Graph) -> None:
        target = ox.NamedNode(str(graph_iri))
        quads = [
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in data
        ]
        try:
            self._store.extend(quads)
        except OSError as error:
            raise StoreError(f"write failed: {error}") from error

    def dump(self, fmt: str, out: IO[bytes]) -> None:
        self._store.dump(out, DUMP_FORMATS[fmt])

    def backup(self, target: Path) -> None:
        """A consistent copy of the store, usable while it is open."""
        self._store.backup(str(target))

    def close(self) -> None:
        """Flush, release the directory and its lock; closing twice is harmless."""
        if not hasattr(self, "_store"):
            return
        with contextlib.suppress(Exception):
            self._store.flush()
        del self._store
        self._lock.close()


class RemoteStore(GraphStore):
    """Any SPARQL 1.1 Query/Update endpoint, e.g. Fuseki, GraphDB, ``oxigraph serve``."""

    def __init__(
        self, query_url: str, update_url: str | None = None, *, timeout: float = 60.0
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or _guess_update_url(query_url)
        self.description = f"remote: {query_url}"
        self._client = httpx.Client(timeout=timeout)

    def _post(self, url: str, body: str, content_type: str, accept: str) -> httpx.Response:
        try:
            response = self._client.post(
                url,
                content=body.encode("utf-8"),
                headers={"Content-Type": content_type, "Accept": accept},
            )
        except httpx.HTTPError as error:
            detail = " ".join(str(error).split())[:200]
            raise StoreUnreachableError(
                f"SPARQL endpoint {url} is unreachable: {error.__class__.__name__}: {detail}",
                hint="check that the server runs and the --store URL is right",
            ) from error
        if response.status_code == 400:
            text = response.text.strip()
            if SYNTAX_LOCATION.match(text):
                raise syntax_error(text)
            raise QueryError(f"the endpoint refused the request: {' '.join(text.split())[:300]}")
        if response.status_code >= 300:
            detail = " ".join(response.text.split())[:300]
            status = response.status_code
            raise StoreError(f"SPARQL endpoint {url} answered HTTP {status}: {detail}")
        return response

    def _query(self, query: str, accept: str) -> httpx.Response:
        return self._post(self.query_url, query, "application/sparql-query", accept)

    def select(self, query: str) -> list[Row]:
        data = self._query(query, "application/sparql-results+json").json()
        if "results" not in data:
            raise QueryError("expected a SELECT query")
        return [
            {name: term_from_json(value) for name, value in binding.items()}
            for binding in data["results"]["bindings"]
        ]

    def ask(self, query: str) -> bool:
        data = self._query(query, "application/sparql-results+json").json()
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
            media_type = "application/sparql-results+json"
        return self._query(query, media_type).content

    def update(self, update: str) -> None:
        self._post(self.update_url, update, "application/sparql-update", "*/*")

    def replace_graph(self, graph_iri: URIRef, data: Graph) -> None:
        chunks = list(ntriples_chunks(data))
        first = chunks[0]
        self.update(_replace_update(graph_iri, first))
        for chunk in chunks[1:]:
            self.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{chunk}\n}} }}")

    def add(self, graph_iri: URIRef, data: Graph) -> None:
        body = data.serialize(format="nt")
        self.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")

    def dump(self, fmt: str, out: IO[bytes]) -> None:
        rows = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        dataset = ox.Dataset(
            ox.Quad(
                to_oxigraph(r["s"]), to_oxigraph(r["p"]), to_oxigraph(r["o"]), to_oxigraph(r["g"])
            )
            for r in rows
        )
        out.write(ox.serialize(dataset, format=DUMP_FORMATS[fmt]) or b"")

    def close(self) -> None:
        self._client.close()


def _guess_update_url(query_url: str) -> str:
    """Oxigraph and Fuseki name their update service next to the query one."""
    for suffix, replacement in (("/query", "/update"), ("/sparql", "/update")):
        if query_url.rstrip("/").endswith(suffix):
            return query_url.rstrip("/")[: -len(suffix)] + replacement
    return query_url


class _Lock:
    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def close(self) -> None:
        with contextlib.suppress(Exception):
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()


def _describe_holder(recorded: str) -> str:
    """``pid 123: aimsgraph serve`` from what the holder wrote into the lock file."""
    try:
        info = json.loads(recorded)
        return f"pid {info['pid']}: {info.get('command') or 'unknown command'}"
    except (ValueError, KeyError, TypeError):
        return recorded.strip() or "unknown process"


def _acquire_lock(path: Path) -> _Lock:
    """Take an exclusive lock on ``path`` or say which process holds it."""
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held while the store is open
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = _describe_holder(handle.read())
        handle.close()
        raise StoreLockedError(
            f"the data directory {path.parent} is in use by another aimsgraph process ({holder})",
            hint="stop that process (e.g. a running `aimsgraph serve`) or query it over HTTP; "
            "only one process may open the embedded store",
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": os.getpid(), "command": " ".join(sys.argv)[:200]}))
    handle.flush()
    return _Lock(handle)


def open_store(
    data_dir: Path, store_url: str | None = None, update_url: str | None = None
) -> GraphStore:
    """The embedded store under ``data_dir/oxigraph``, or a remote one when a URL is given."""
    if store_url:
        return RemoteStore(store_url, update_url)
    return EmbeddedStore(Path(data_dir) / "oxigraph")


def iter_values(rows: Iterable[Row], name: str) -> Iterator[str]:
    """The string values of one column of SELECT rows."""
    for row in rows:
        if name in row:
            yield str(row[name])
