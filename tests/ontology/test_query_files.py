"""Every packaged ``.rq`` file parses, runs with its defaults on both stores, and is bound first.

One loader (:mod:`ontology.query_files`) serves every package; these tests run each file of
each package against the embedded store and a real ``oxigraph serve`` (the ``store`` fixture),
and check the binding convention: parameters are ``VALUES`` lines inside the ``WHERE``, never
a block after its closing brace.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from ontology.errors import NotFoundError, QueryError, StoreError
from ontology.namespaces import sparql_prefixes
from ontology.query_files import (
    PACKAGES,
    UNBOUND,
    combine_updates,
    load_query,
    query_names,
    query_text,
)
from ontology.reference import load_reference
from ontology.sparql import query_form
from ontology.store import GraphStore

ALL = [(package, name) for package in PACKAGES for name in query_names(package)]
_NOISE = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|<[^<>"{}\s]*>|#[^\n]*')


def _with_defaults(package: str, name: str) -> str:
    """The file as it runs from the CLI: PREFIX lines and its own default values."""
    return sparql_prefixes() + query_text(package, name)


def test_every_package_has_its_queries_in_files() -> None:
    assert {package for package, _ in ALL} == set(PACKAGES)
    assert len(ALL) > 80


@pytest.mark.parametrize(("package", "name"), ALL, ids=[f"{p}/{n}" for p, n in ALL])
def test_query_parses_and_binds_inside_the_where(package: str, name: str) -> None:
    text = _with_defaults(package, name)
    if query_form(text) == "UPDATE":
        parseUpdate(text)
    else:
        parseQuery(text)
    body = _NOISE.sub(" ", query_text(package, name))
    assert "$" not in body, "parameters are VALUES lines, not $placeholders"
    for operation in re.split(r";\s*(?=DELETE|INSERT|$)", body):
        tail = operation[operation.rfind("}") + 1 :]
        assert "VALUES" not in tail.upper(), "a VALUES block after the WHERE"
    for values in re.finditer(r"VALUES\s+\?\w+\s*\{", body):
        before = body[: values.start()]
        assert before.count("{") > before.count("}"), "a VALUES line outside any group"


def test_every_query_runs_with_its_defaults(store: GraphStore) -> None:
    load_reference(store)
    updates: list[tuple[str, str]] = []
    failed: list[str] = []
    for package, name in ALL:
        try:
            _run_query(store, package, name, updates)
        except StoreError as error:  # every file's failure named, not only the first
            failed.append(f"{package}/{name}: {error}")
    assert not failed, "\n".join(failed)
    before = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    for name, text in updates:  # every default names nothing, so no update removes reference data
        try:
            store.update(text)
        except StoreError as error:
            failed.append(f"{name}: {error}")
    assert not failed, "\n".join(failed)
    after = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(after[0]["n"]) >= int(before[0]["n"])  # type: ignore[call-overload]


def _run_query(store: GraphStore, package: str, name: str, updates: list[tuple[str, str]]) -> None:
    text = _with_defaults(package, name)
    form = query_form(text)
    if form == "SELECT":
        assert isinstance(store.select(text), list), name
    elif form == "ASK":
        assert isinstance(store.ask(text), bool), name
    elif form in {"CONSTRUCT", "DESCRIBE"}:
        assert store.construct(text) is not None, name
    else:
        updates.append((f"{package}/{name}", text))


def test_loader_fills_every_line_of_a_parameter_inside_the_where() -> None:
    links = [URIRef("https://w3id.org/aimsgraph/org/link/a"), URIRef("urn:x:b")]
    text = load_query("mapping", "link_own_supports", link=links)
    assert "VALUES ?link { <https://w3id.org/aimsgraph/org/link/a> <urn:x:b> }" in text
    assert text.index("VALUES ?link") > text.index("WHERE {")
    assert text.rstrip().endswith("}")
    revision = load_query("mapping", "review_revision_links", new=links[0])
    assert revision.count("VALUES ?new { <https://w3id.org/aimsgraph/org/link/a> }") == 2
    assert "VALUES ?docId { UNDEF }" in load_query("mapping", "suggestions", docId=None)
    assert 'VALUES ?docId { "ab12" }' in load_query("mapping", "suggestions", docId="ab12")


def test_paging_is_appended_as_solution_modifiers() -> None:
    text = load_query("mapping", "suggestions", limit=20, offset=40)
    assert text.rstrip().endswith("LIMIT 20\nOFFSET 40")
    for bad in (-1, True, 2.5, "10"):
        with pytest.raises(QueryError, match="whole number"):
            load_query("mapping", "suggestions", limit=bad)  # type: ignore[arg-type]


def test_bad_bindings_are_refused_with_a_reason() -> None:
    with pytest.raises(QueryError, match="no parameter \\?nope"):
        load_query("mapping", "suggestions", nope="x")
    with pytest.raises(QueryError, match="not a usable IRI"):
        load_query("mapping", "link_basis", link=URIRef("urn:x> } ; DROP ALL ; #"))
    hostile = load_query("mapping", "suggestions", docId='x" } ; DROP ALL ; #')
    parseQuery(hostile)  # the value stays one literal
    assert 'VALUES ?docId { "x\\" } ; DROP ALL ; #" }' in hostile


def test_an_update_needs_every_parameter() -> None:
    with pytest.raises(QueryError, match=r"needs a value for \?system"):
        load_query("ontology.register", "delete_system")
    assert UNBOUND not in load_query("ontology.register", "delete_system", system=URIRef("urn:s"))
    with pytest.raises(QueryError, match="no limit"):
        load_query("ontology.register", "delete_system", system=URIRef("urn:s"), limit=1)


def test_combined_updates_declare_prefixes_once() -> None:
    first = load_query(
        "ontology.register", "system_link_add", artefact=URIRef("urn:a"), system=URIRef("urn:s")
    )
    second = load_query(
        "ontology.register", "system_link_remove", artefact=URIRef("urn:a"), system=URIRef("urn:s")
    )
    both = combine_updates(first, second)
    parseUpdate(both)
    assert both.count("PREFIX aims:") == 1


def test_unknown_package_or_query() -> None:
    with pytest.raises(NotFoundError, match="no such package"):
        load_query("elsewhere", "suggestions")
    with pytest.raises(NotFoundError, match="no such packaged query"):
        load_query("mapping", "../shapes/queries/completeness_soa")
    assert Literal("x")  # rdflib writes every value
