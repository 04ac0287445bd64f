"""Named SPARQL queries kept as ``.rq`` files, and the binding of their parameters.

A query's parameters are ``VALUES`` lines with a default, so the same file runs unchanged
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
