"""SPARQL text: its form and read-only check, and parser errors.

:func:`query_form` tells the form of the project's own queries without running them (strings,
IRIs, comments, variables and prefixed names are ignored, so ``?load`` or ``ex:service`` are
not keywords); :func:`check_read_only` judges a user's query on its parsed form
(:mod:`ontology.query_safety`); :func:`syntax_error` turns a parser message into a one-line
:class:`~ontology.errors.QueryError` naming line and column.

Packaged queries are loaded and bound by :mod:`ontology.query_files`.
"""

from __future__ import annotations

import re

from ontology.errors import QueryError

# Exactly the SPARQL grammar's tokens, so nothing the parser reads as a keyword is blanked:
# a comment ends at CR or LF, an IRI holds no space, quote, brace, pipe, caret, backquote or
# backslash (else ``FILTER(?a<1)SERVICE?s{…}FILTER(?b>2)`` or ``#x<CR>SERVICE`` would hide it).
_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\r\n]|\\.)*"|\'(?:[^\'\\\r\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\r\n]*'
)
# Variables (?load, $service) and prefixed names (ex:load, :service) are not keywords.
_NAMES = re.compile(r"[?$]\w+|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]+")
SYNTAX_LOCATION = re.compile(r"^\s*error at (\d+):(\d+):\s*", re.IGNORECASE)


def _keywords_only(query: str) -> str:
    """The query with strings, IRIs, comments, variables and prefixed names blanked out."""
    return _NAMES.sub(" ", _STRINGS_AND_COMMENTS.sub(" ", query))


def query_form(query: str) -> str:
    """The form of a SPARQL request: SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE.

    >>> query_form("PREFIX x: <http://x/> SELECT * WHERE { ?s ?p ?o }")
    'SELECT'
    >>> query_form("INSERT DATA { <http://a> <http://b> 'select' }")
    'UPDATE'
    """
    body = _keywords_only(query)
    match = re.search(
        r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
        body,
        re.IGNORECASE,
    )
    if match is None:
        return "UNKNOWN"
    word = match.group(1).upper()
    return word if word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"} else "UPDATE"


def check_read_only(query: str) -> str:
    """Refuse anything but a read; return the query form.

    Judged on the parsed query by :func:`ontology.query_safety.check_query` (size and
    nesting limits first, then the parse tree): raises :class:`ReadOnlyQueryError` for
    updates, LOAD and SERVICE (which would make the server fetch from other hosts on a
    user's behalf), :class:`QueryError` for anything that is not a query.
    """
    from ontology.query_safety import check_query

    return check_query(query)[0]


def syntax_error(message: str) -> QueryError:
    """A :class:`QueryError` from a parser message (``error at 3:17: expected …``).

    The message names the line and column in words and stays on one line:

    >>> syntax_error("error at 3:17: expected one of ABS, AVG").message
    'malformed SPARQL at line 3, column 17: expected one of ABS, AVG'
    """
    text = " ".join(str(message).split())
    match = SYNTAX_LOCATION.match(text)
    if match:
        line, column = match.groups()
        text = f"at line {line}, column {column}: {text[match.end() :]}"
    else:
        text = f": {text}"
    if len(text) > 300:
        text = text[:297] + "..."
    return QueryError(
        f"malformed SPARQL {text}".replace("SPARQL :", "SPARQL:"),
        hint="fix the query at the line and column given",
    )
