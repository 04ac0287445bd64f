"""A user's SPARQL judged on its parsed form: bounds before any parser, escapes expanded
once, SERVICE found wherever the parse tree (or the lexer) has it."""

from __future__ import annotations

import pytest

from ontology.errors import QueryError, QueryTooComplexError, ReadOnlyQueryError
from ontology.query_safety import MAX_NESTING, check_bounds, check_query, expand_escapes, scan
from ontology.sparql import check_read_only

URL = "http://127.0.0.1:9/sparql"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000 + " }",
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "?o" + ")" * 3000 + ") }",
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 500 + "}" * 500 + " }",
        "SELECT * WHERE { ?s <urn:p> " + "[ <urn:p> " * 100 + "]" * 100 + " }",
        "SELECT * WHERE { \\u007B" * 70 + "}" * 70,  # braces written as escapes count too
    ],
)
def test_deep_nesting_is_refused_before_parsing(query: str) -> None:
    with pytest.raises(QueryTooComplexError) as caught:
        check_query(query)
    assert f"more than {MAX_NESTING} deep" in caught.value.message and caught.value.hint


def test_size_limit() -> None:
    query = "SELECT * WHERE { VALUES ?x { " + '"x" ' * 17000 + "} }"
    with pytest.raises(QueryTooComplexError, match="bytes long"):
        check_query(query)


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        ('SELECT * WHERE { ?s ?p "{{{((([[[" }', 1),
        ("SELECT * WHERE { ?s ?p '''{\n{'''  }", 1),
        ("SELECT * WHERE { ?s <urn:a{> ?o }", 2),  # not an IRI: `<` is an operator then
        ("SELECT * WHERE { ?s ?p ?o } # {{{{", 1),
        ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\( ?o }", 1),
        ("SELECT * WHERE { ?s ?p ?o FILTER((?o < 3)) }", 3),
    ],
)
def test_the_lexer_counts_only_real_brackets(query: str, depth: int) -> None:
    assert scan(query).depth == depth


@pytest.mark.parametrize(
    "query",
    [
        # the textual check took `\#` for a comment and blanked the rest of the line
        f"PREFIX ex: <http://e/> SELECT ?x WHERE {{ OPTIONAL {{ ?s ex:a\\# ?o }} "
        f"SERVICE <{URL}> {{ ?x ?y ?z }} }}",
        # rdflib reads \u with eight digits; the grammar (and the store) with four
        f"SELECT * WHERE {{ ?s ?p ?o # \\u000A0000 }} SERVICE <{URL}> {{ ?a ?b ?c }}\n}}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{URL}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ #x\rSERVICE <{URL}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{URL}> {{ ?s ?p ?o }} }} }} }} }}",
        f"ASK {{ FILTER NOT EXISTS {{ MINUS {{ service <{URL}> {{ ?s ?p ?o }} }} }} }}",
        f"PREFIX e: <{URL}> SELECT * WHERE {{ VALUES ?v {{ e:x }} SERVICE ?v {{ ?a ?b ?c }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_wherever_it_stands(query: str) -> None:
    with pytest.raises(ReadOnlyQueryError, match="SERVICE"):
        check_read_only(query)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT ?service WHERE { ?service <http://x/service> 'SERVICE' }", "SELECT"),
        ('PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service "x"@service } # SERVICE', "SELECT"),
        ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#b ?o }", "SELECT"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }", "SELECT"),
        ("ASK { " + "{ " * 60 + "?s ?p ?o" + " }" * 60 + " }", "ASK"),
        ("DESCRIBE <http://x/a>", "DESCRIBE"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ],
)
def test_reads_pass(query: str, form: str) -> None:
    assert check_query(query)[0] == form


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://x/y.ttl>",
        "CLEAR ALL",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_named_as_such(update: str) -> None:
    with pytest.raises(ReadOnlyQueryError, match="update refused"):
        check_query(update)


def test_malformed_queries_name_line_and_column() -> None:
    with pytest.raises(QueryError) as caught:
        check_query("SELECT * WHERE {\n  ?s ?p \n}")
    assert "line 3, column" in caught.value.message


def test_escapes_expand_once_by_the_grammar() -> None:
    assert expand_escapes("\\u0041\\U0001F600") == "A\U0001f600"
    with pytest.raises(QueryError, match="another"):
        expand_escapes("\\u005Cu0041")  # a backslash that would start a second escape
    with pytest.raises(QueryError, match="code point"):
        expand_escapes("\\UFFFFFFFF")


def test_bounds_return_the_text_the_store_gets() -> None:
    assert check_bounds("ASK { \\u003Curn:a> ?p ?o }") == "ASK { <urn:a> ?p ?o }"
    with pytest.raises(QueryError, match="not closed"):
        check_bounds('SELECT * WHERE { ?s ?p "open }')
