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
import io
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ontology.errors import (
    QueryError,
    StoreError,
)
from ontology.sparql import check_read_only as check_read_only  # re-exported
from ontology.sparql import query_form as query_form  # re-exported
from ontology.sparql import syntax_error
from ontology.store_lock import acquire_lock
from ontology.store_revision import Revisions, Scope, revision_query, revision_update
from ontology.terms import canonical_term as canonical_term  # re-exported
from ontology.terms import term_from_json as term_from_json  # re-exported
from ontology.terms import to_oxigraph as to_oxigraph  # re-exported
from ontology.terms import to_rdflib as to_rdflib  # re-exported

Row = dict[str, Node]
#: A row with each value as plain text (see :meth:`GraphStore.select_text`).
TextRow = dict[str, str]

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


def _replace_update(graph_iri: URIRef, ntriples: str) -> str:
    """One SPARQL update that empties ``graph_iri`` and inserts ``ntriples`` into it."""
    return (
        f"DROP SILENT GRAPH <{graph_iri}> ;\n"
        f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}"
    )


def ntriples_chunks(graph: Graph, size: int = 1000) -> Iterator[str]:
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

    # -- the revision (see ontology.store_revision) ---------------------------------------

    @abstractmethod
    def revision(self) -> str:
        """A token that changes with every write through this interface (one tiny read)."""

    def changes_since(self, revision: str) -> list[Scope] | None:
        """The declared scopes of the writes since ``revision`` (``[]``: none; a ``None``
        entry: an undeclared write), or None when they are unknown: rebuild everything."""
        return [] if revision == self.revision() else None

    def declaring(self, scope: Iterable[str]) -> contextlib.AbstractContextManager[None]:
        """Declare that the writes in this block (this thread) change only the evidence
        links of the artefacts ``scope`` names (IRIs), so the evidence index refreshes
        those alone. Without it a write counts as touching anything."""
        return contextlib.nullcontext()

    def stamp(self) -> str | None:
        """A mark of the stored state that outlives this process and changes with every
        write by any process (see :meth:`seal`), or None where no such mark can be trusted:
        what a copy kept on disk is checked against before it is used."""
        return None

    def seal(self, revision: str) -> str | None:
        """A fresh :meth:`stamp` for the state at this process's ``revision``, or None when
        the store has moved past it (or keeps no stamp)."""
        return None

    @abstractmethod
    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query; unbound variables are absent from a row."""

    def select_text(self, query: str) -> list[TextRow]:
        """Rows of a SELECT query with every value as plain text: an IRI, a blank node's
        label or a literal's lexical form (read numbers with ``int()``/``float()``; the
        form of a typed literal may differ between backends, its value does not). For
        reads that only show or compare text, where building rdflib terms would cost more
        than the query."""
        return [{name: str(value) for name, value in row.items()} for row in self.select(query)]

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

    def insert_operations(self, graph_iri: URIRef, data: Graph) -> list[str]:
        """``INSERT DATA`` operations adding ``data`` to ``graph_iri``, in the batches this
        store takes (one for the embedded store), to join with ``" ;\\n"`` into an update."""
        return [f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{data.serialize(format='nt')}\n}} }}"]

    @abstractmethod
    def pairs(self, predicate: str, obj: str | None = None) -> set[tuple[str, str]]:
        """``(subject, object)`` of every triple with ``predicate`` (and the IRI ``obj``)
        in any graph, as plain strings (an IRI, or a literal's lexical form): a bulk read
        for in-memory indexes, where converting every term would cost more than reading.
        Complete, or an error."""

    @abstractmethod
    def graph_triples(self, graph_iri: str) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple of one named graph (complete, or an error: never silently cut)."""

    def dump(self, fmt: str, out: IO[bytes], graphs: Iterable[str] | None = None) -> None:
        """Write the quads of ``graphs`` (default: every named graph) as ``trig`` or
        ``nquads``, sorted, so the same data gives the same bytes on every engine."""
        names = sorted(set(graphs)) if graphs is not None else self.named_graphs()
        quads: list[tuple[str, str, str, str, ox.Quad]] = []
        for name in names:
            target = ox.NamedNode(name)
            for s, p, o in self.graph_triples(name):
                o = canonical_term(o)
                quad = ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target)
                quads.append((name, str(quad.subject), str(quad.predicate), str(quad.object), quad))
        quads.sort(key=lambda item: item[:4])
        out.write(ox.serialize((item[4] for item in quads), format=DUMP_FORMATS[fmt]) or b"")

    def drop_stale_staging(self, older_than_s: float = 3600.0) -> list[str]:
        """Drop staging graphs a killed writer left (remote stores only); their IRIs."""
        return []

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self, graph_iri: URIRef) -> int:
        rows = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        )
        return int(rows[0]["n"]) if rows else 0  # type: ignore[call-overload]

    def named_graphs(self, within: str | None = None) -> list[str]:
        """IRIs of the non-empty named graphs (only those starting with ``within``).

        The prefix is filtered inside the query, and graphs are grouped rather than made
        ``DISTINCT``: Virtuoso then answers from its graph index (12k triples in one graph:
        0.01 s grouped, 11 s with ``SELECT DISTINCT ?g``); each command on a remote store
        looks for stale staging graphs."""
        where = "GRAPH ?g { ?s ?p ?o }"
        if within is not None:
            where += f" FILTER(STRSTARTS(STR(?g), {Literal(within).n3()}))"
        rows = self.select(f"SELECT ?g WHERE {{ {where} }} GROUP BY ?g")
        graphs = sorted(str(r["g"]) for r in rows)
        return [g for g in graphs if within is None or g.startswith(within)]


class EmbeddedStore(GraphStore):
    """Oxigraph on disk, owned by one process (a lock file says which)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.description = f"embedded: {self.path}"
        self._revisions = Revisions()
        #: Held around each write and :meth:`seal`; ``_sealed``: the stored stamp may mark
        #: a kept copy, so the next write replaces it first (true on open: a copy kept by
        #: an earlier process may carry it).
        self._writing = threading.Lock()
        self._sealed = True
        #: Run once, before the first write that declares its scope (:meth:`declaring`):
        #: a CLI process takes the kept copy then, so the write updates it (api/warmup.py).
        self.before_declared_write: Callable[[], object] | None = None
        self._lock = acquire_lock(self.path.parent / (self.path.name + ".lock"))
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
        """The underlying pyoxigraph store, for reads and bulk work where speed matters.
        A write through it bypasses the revision: call :meth:`note_write` after it."""
        return self._store

    def revision(self) -> str:
        return self._revisions.current()

    def changes_since(self, revision: str) -> list[Scope] | None:
        return self._revisions.changes_since(revision)

    def declaring(self, scope: Iterable[str]) -> contextlib.AbstractContextManager[None]:
        before, self.before_declared_write = self.before_declared_write, None
        if before is not None:
            before()
        return self._revisions.declaring(scope)

    def note_write(self) -> None:
        """Record a write made around this interface (through :attr:`oxigraph`)."""
        with self._writing:
            self._unseal()
            self._revisions.bump()

    def stamp(self) -> str | None:
        """The token in :data:`~ontology.store_revision.REVISION_GRAPH` (None: never sealed).

        Trusted because one process owns the store and every write through this interface
        replaces a sealed token before it writes (:meth:`_unseal`), in whichever process."""
        try:
            found = self._store.query(revision_query(), use_default_graph_as_union=True)
            rows = [str(row[0].value) for row in found]  # type: ignore[union-attr]
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"cannot read the store's stamp: {error}") from error
        return rows[0] if len(rows) == 1 else None

    def seal(self, revision: str) -> str | None:
        with self._writing:
            if self._revisions.current() != revision:
                return None
            token = uuid.uuid4().hex
            self._store.update(revision_update(token))  # not a write of data: no bump
            self._sealed = True
            return token

    def _unseal(self) -> None:
        """Before a write (``_writing`` held): replace a sealed stamp, so no kept copy
        matches the store from now on, even if this process dies mid-write."""
        if self._sealed:
            self._store.update(revision_update(uuid.uuid4().hex))
            self._sealed = False

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

    def select_text(self, query: str) -> list[TextRow]:
        result = self._query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [
            {name: _lexical(value) for name in names if (value := solution[name]) is not None}
            for solution in result
        ]

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
        with self._writing:
            try:
                self._unseal()
                self._store.update(update)
            except SyntaxError as error:
                raise syntax_error(str(error)) from error
            except OSError as error:
                raise StoreError(f"update failed: {error}") from error
            finally:
                self._revisions.bump()

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
        with self._writing:
            try:
                self._unseal()
                self._store.extend(quads)
            except OSError as error:
                raise StoreError(f"write failed: {error}") from error
            finally:
                self._revisions.bump()

    def pairs(self, predicate: str, obj: str | None = None) -> set[tuple[str, str]]:
        # a query's solutions come out about twice as fast as quads_for_pattern's quads
        from ontology.query_files import load_query

        wanted = URIRef(obj) if obj is not None else None
        query = load_query("ontology", "_pairs", predicate=URIRef(predicate), object=wanted)
        try:
            found = self._store.query(query, use_default_graph_as_union=True)
            return {(_lexical(s[0]), _lexical(s[1])) for s in found}  # type: ignore[union-attr]
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"bulk read failed: {error}") from error

    def graph_triples(self, graph_iri: str) -> Iterator[tuple[Node, Node, Node]]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)):
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)

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


def _lexical(term: Any) -> str:
    """An IRI, a blank node's label or a literal's lexical form (a quoted triple: its text)."""
    return str(term) if isinstance(term, ox.Triple) else str(term.value)


def open_store(
    data_dir: Path,
    store_url: str | None = None,
    update_url: str | None = None,
    **remote_options: Any,
) -> GraphStore:
    """The embedded store under ``data_dir/oxigraph``, or a remote one when a URL is given."""
    if store_url:
        return RemoteStore(store_url, update_url, **remote_options)
    return EmbeddedStore(Path(data_dir) / "oxigraph")


def iter_values(rows: Iterable[Row], name: str) -> Iterator[str]:
    """The string values of one column of SELECT rows."""
    for row in rows:
        if name in row:
            yield str(row[name])


# Re-exported: the remote store lives in its own module and builds on the classes above.
from ontology.remote import RemoteStore as RemoteStore  # noqa: E402
