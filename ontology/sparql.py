"""SPARQL text: its form and read-only check, parser errors, and the packaged queries.

:func:`query_form` tells the form of the project's own queries without running them (strings,
IRIs, comments, variables and prefixed names are ignored, so ``?load`` or ``ex:service`` are
not keywords); :func:`check_read_only` judges a user's query on its parsed form
(:mod:`ontology.query_safety`); :func:`syntax_error` turns a parser message into a one-line
:class:`~ontology.errors.QueryError` naming line and column.

Named queries are kept as ``.rq`` files in ``ontology/queries``. A query's parameters are
``VALUES`` lines with a default, so the same file runs unchanged
with ``aimsgraph query @ontology/queries/<name>.rq`` and from code with other values::

    VALUES ?notation { "A.6.2.4" }

:func:`bind` rewrites such a line: a value becomes its SPARQL term, ``None`` becomes
``UNDEF`` (no restriction), a list gives one row per value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from rdflib import Literal
from rdflib.term import Node

from ontology.errors import NotFoundError, QueryError

QUERIES_DIR = Path(__file__).resolve().parent / "queries"

Value = Node | str | int | None

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


def query_names() -> list[str]:
    """Names (file stems) of every packaged query."""
    return sorted(path.stem for path in QUERIES_DIR.glob("*.rq"))


@cache
def load_query(name: str) -> str:
    """The text of ``ontology/queries/<name>.rq``."""
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        raise NotFoundError(
            f"no such packaged query: {name}",
            hint="one of: " + ", ".join(query_names()),
        )
    return path.read_text(encoding="utf-8")


def _term(value: Value) -> str:
    if value is None:
        return "UNDEF"
    if isinstance(value, Node):
        return str(value.n3())
    if isinstance(value, int):
        return str(value)
    return str(Literal(value).n3())


def bind(query: str, **values: Value | Sequence[Value]) -> str:
    """``query`` with the ``VALUES ?name { … }`` line of each keyword replaced.

    >>> bind('SELECT * WHERE { VALUES ?n { "4.1" } ?r ?p ?n }', n="A.2.2")
    'SELECT * WHERE { VALUES ?n { "A.2.2" } ?r ?p ?n }'
    >>> bind('SELECT * WHERE { VALUES ?s { "x" } }', s=None)
    'SELECT * WHERE { VALUES ?s { UNDEF } }'
    """
    for name, value in values.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")
        found = pattern.search(query)
        if found is None:
            raise QueryError(f"the query has no VALUES line for ?{name}")
        if isinstance(value, list | tuple):
            rows = " ".join(_term(v) for v in value)
        else:
            rows = _term(value)  # type: ignore[arg-type]
        replacement = f"VALUES ?{name} {{ {rows} }}"
        query = query[: found.start()] + replacement + query[found.end() :]
    return query


_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


def bind_parameters(text: str, params: dict[str, Node | Sequence[Node]], *, name: str = "query") -> str:
    """``text`` with every ``$param`` replaced by the N3 form of its RDF term.

    A sequence binds to its terms separated by spaces (for ``VALUES``). Whole comment lines
    are left as they are, so a ``.rq`` file may mention ``$param`` in its documentation.

    >>> from rdflib import URIRef
    >>> bind_parameters("# $s: the subject\\nSELECT * WHERE { $s ?p ?o }", {"s": URIRef("urn:x")})
    '# $s: the subject\\nSELECT * WHERE { <urn:x> ?p ?o }'
    """

    def term(match: re.Match[str]) -> str:
        value = params.get(match.group(1))
        if value is None:
            raise QueryError(
                f"query {name} needs a value for ${match.group(1)}",
                hint="pass it as a keyword argument when rendering the query",
            )
        if isinstance(value, Node):
            return str(value.n3())
        return " ".join(str(v.n3()) for v in value)

    def line(text_line: str) -> str:
        return text_line if text_line.lstrip().startswith("#") else _PARAMETER.sub(term, text_line)

    return "\n".join(line(text_line) for text_line in text.split("\n"))
