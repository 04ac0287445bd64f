"""Packaged queries answer alike on every engine: no SELECT hands a caller a boolean it
computes itself, since Virtuoso 7.2 answers every computed boolean (``true``, a comparison,
``EXISTS``, ``STRSTARTS`` …) as the integer 1 or 0, which reads as a different value.

A stored boolean is not affected: Virtuoso gives it its ``xsd:boolean`` type (as 1 or 0),
and :func:`ontology.terms.term_from_json` reads it back as ``true``/``false``. A query that
needs a computed truth value in its answer binds a string instead (``IF(…, "true",
"false")``, as ``completeness_gap_links.rq`` does).
"""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from mapping.retrieval.search import search
from ontology.namespaces import sparql_prefixes
from ontology.query_files import PACKAGES, query_names, query_text
from ontology.reference import load_reference
from ontology.sparql import query_form
from ontology.store import GraphStore

# Projected computed booleans that no caller reads (they only order the answer, and 1/0
# order as true/false do).
ORDER_ONLY = {("mapping", "search_requirements"): {"byNotation"}}

_BOOLEAN = {
    "RelationalExpression",
    "ConditionalAndExpression",
    "ConditionalOrExpression",
    "UnaryNot",
    "Builtin_EXISTS",
    "Builtin_NOTEXISTS",
    "Builtin_BOUND",
    "Builtin_STRSTARTS",
    "Builtin_STRENDS",
    "Builtin_CONTAINS",
    "Builtin_REGEX",
    "Builtin_sameTerm",
    "Builtin_isIRI",
    "Builtin_isLITERAL",
    "Builtin_isBLANK",
    "Builtin_isNUMERIC",
    "Builtin_LANGMATCHES",
}


def _is_boolean(expr: Any) -> bool:
    if isinstance(expr, Literal):
        return expr.datatype == XSD.boolean
    return isinstance(expr, CompValue) and expr.name in _BOOLEAN


def _computed_booleans(node: Any, found: set[str]) -> set[str]:
    """Every variable a BIND or a projection ``(… AS ?v)`` sets to a boolean expression."""
    if isinstance(node, CompValue):
        if node.name == "Extend" and _is_boolean(node.get("expr")):
            found.add(str(node["var"]))
        for value in node.values():
            _computed_booleans(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _computed_booleans(value, found)
    return found


def _projected_booleans(text: str) -> set[str]:
    algebra = translateQuery(parseQuery(text)).algebra
    top = algebra
    while top.name != "Project":
        top = top.p
    return _computed_booleans(algebra, set()) & {str(v) for v in top.PV}


SELECTS = [
    (package, name)
    for package in PACKAGES
    for name in query_names(package)
    if query_form(sparql_prefixes() + query_text(package, name)) == "SELECT"
]


def test_the_check_finds_a_computed_boolean() -> None:
    text = "SELECT ?s ?old WHERE { ?s ?p ?o BIND(EXISTS { ?o ?q ?r } AS ?old) }"
    assert _projected_booleans(text) == {"old"}
    text = 'SELECT ?s ?old WHERE { ?s ?p ?o BIND(IF(?o > 1, "true", "false") AS ?old) }'
    assert _projected_booleans(text) == set()


def test_no_query_answers_with_a_boolean_it_computes() -> None:
    found = {}
    for package, name in SELECTS:
        projected = _projected_booleans(sparql_prefixes() + query_text(package, name))
        projected -= ORDER_ONLY.get((package, name), set())
        if projected:
            found[f"{package}/{name}"] = sorted(projected)
    assert not found, f"Virtuoso answers these as 1/0; bind a string instead: {found}"


@pytest.mark.parametrize("key", sorted(ORDER_ONLY))
def test_the_exceptions_are_still_computed_booleans(key: tuple[str, str]) -> None:
    package, name = key
    assert ORDER_ONLY[key] <= _projected_booleans(sparql_prefixes() + query_text(package, name))


def test_search_lists_notation_matches_first_on_every_store(store: GraphStore) -> None:
    """``?byNotation`` orders the requirements found (1/0 on Virtuoso, true/false elsewhere)."""
    load_reference(store)
    found = search(store, "6.1", limit=50).requirements
    by_notation = [r.notation.startswith("6.1") for r in found]
    assert by_notation.count(True) >= 2 and False in by_notation
    assert by_notation == sorted(by_notation, reverse=True)
