"""Exports are the same bytes on every engine: the embedded store, `oxigraph serve` and
Virtuoso 7, in every format, the OSCAL mapping-collection and catalogs; a remote export is read in
pages and fails loudly where an engine cuts the answer."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from api.exchange.oscal.catalog import export_catalog
from api.exchange.oscal.crosswalks import export_mapping_collection
from api.settings import Settings
from api.workspace import Workspace
from ontology.errors import StoreError
from ontology.namespaces import AIMS, ORG, ORG_GRAPH
from ontology.reference import load_reference
from ontology.store import EmbeddedStore, GraphStore, RemoteStore, Row
from tests.conftest import SparqlServer

FORMATS = ("trig", "nquads", "turtle", "jsonld")


def org_data() -> Graph:
    """Literals engines are known to rewrite: booleans, UTC times, language tags, numbers."""
    graph = Graph()
    for n in range(600):
        node = URIRef(f"{ORG}artefact/a{n:02d}")
        graph.add((node, DCTERMS.title, Literal(f"Policy {n}", lang="en-GB")))
        graph.add((node, AIMS.applicable, Literal(n % 2 == 0)))
        stamp = f"2026-06-01T{n // 60:02d}:{n % 60:02d}:00.{n:06d}+00:00"
        graph.add((node, DCTERMS.created, Literal(stamp, datatype=XSD.dateTime)))
        graph.add((node, AIMS.reviewDate, Literal(f"2027-01-{n % 28 + 1:02d}", datatype=XSD.date)))
        graph.add((node, AIMS.score, Literal(f"0.{n + 1}", datatype=XSD.decimal)))
        graph.add((node, AIMS.order, Literal(n)))
    return graph


def exports(store: GraphStore, tmp_path: Path) -> dict[str, bytes]:
    ws = Workspace(Settings(data_dir=tmp_path), store)
    found = {}
    for fmt in FORMATS:
        out = io.BytesIO()
        ws.export(fmt, out)
        found[fmt] = out.getvalue()
        one = io.BytesIO()
        ws.export(fmt, one, graph="org")
        found[fmt + " org"] = one.getvalue()
    found["oscal"] = json.dumps(export_mapping_collection(store), sort_keys=True).encode()
    for standard in ("iso42001", "iso27001", "euaiact"):
        # the AI Act's articles bind several roles each: one requirement, several rows
        catalog = export_catalog(store, standard)
        found[f"oscal catalog {standard}"] = json.dumps(catalog, sort_keys=True).encode()
    return found


@pytest.fixture(scope="module")
def embedded_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    where = tmp_path_factory.mktemp("embedded-export")
    store = EmbeddedStore(where / "oxigraph")
    load_reference(store)
    store.add(ORG_GRAPH, org_data())
    try:
        return exports(store, where)
    finally:
        store.close()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> Iterator[RemoteStore]:
    """Each engine emptied, then loaded once for this module's tests (which only read it, or
    add a graph that is not exported)."""
    server: SparqlServer = request.getfixturevalue(
        "oxigraph_sparql" if request.param == "oxigraph" else "virtuoso_server"
    )
    server.reset()
    store = server.store(page_rows=997)  # many pages, a short last one
    load_reference(store)
    store.add(ORG_GRAPH, org_data())
    yield store
    store.close()


def test_every_export_is_byte_identical_on_every_engine(
    remote: RemoteStore, embedded_exports: dict[str, bytes], tmp_path: Path
) -> None:
    found = exports(remote, tmp_path)
    assert embedded_exports["nquads"].count(b"\n") > 10_000  # more than Virtuoso's default cap
    for name, data in embedded_exports.items():
        assert found[name] == data, name


def test_export_leaves_out_graphs_that_are_not_aimsgraphs(
    remote: RemoteStore, embedded_exports: dict[str, bytes], tmp_path: Path
) -> None:
    other = URIRef("https://example.org/someone-elses-graph")
    remote.update(f"INSERT DATA {{ GRAPH <{other}> {{ <{other}> <{other}> 1 }} }}")
    out = io.BytesIO()
    Workspace(Settings(data_dir=tmp_path), remote).export("nquads", out)
    remote.update(f"DROP SILENT GRAPH <{other}>")
    assert str(other).encode() not in out.getvalue()
    assert out.getvalue() == embedded_exports["nquads"]


class _CappedStore(RemoteStore):
    """A remote store whose engine cuts every answer at 500 rows, as Virtuoso's
    ``ResultSetMaxRows`` does (the engine is real; only the cut is added)."""

    def select(self, query: str) -> list[Row]:
        return super().select(query)[:500]


def test_an_answer_cut_by_the_engine_fails_the_export_loudly(
    remote: RemoteStore, tmp_path: Path
) -> None:
    capped = _CappedStore(remote.query_url, remote.update_url)
    out = io.BytesIO()
    with pytest.raises(StoreError) as caught:
        Workspace(Settings(data_dir=tmp_path), capped).export("nquads", out)
    capped.close()
    assert "where the engine counts" in caught.value.message
    assert "ResultSetMaxRows" in (caught.value.hint or "")
    assert out.getvalue() == b""  # nothing half-written
