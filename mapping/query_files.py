"""SPARQL kept in ``.rq`` files under ``mapping/queries``, with ``$parameters`` bound by value.

A query file is plain, valid SPARQL that an analyst can read and run. Its parameters are
written as ``$name`` variables (``?name`` is an ordinary variable); :func:`render_query`
replaces each ``$name`` with the N3 form of the RDF term it is given, so values are always
serialised by rdflib and never pasted in as raw text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from rdflib.term import Node

from ontology.errors import QueryError
from ontology.namespaces import sparql_prefixes

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def load_query(name: str) -> str:
    """The text of ``mapping/queries/<name>.rq`` with the project's PREFIX lines in front."""
    path = resources.files("mapping") / "queries" / f"{name}.rq"
    return sparql_prefixes() + path.read_text(encoding="utf-8")


def bind(text: str, params: dict[str, Node]) -> str:
    """Replace every ``$name`` in ``text`` by the N3 form of ``params[name]``."""

    def term(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise QueryError(
                f"query parameter ${name} has no value", hint="pass it to render_query"
            )
        return str(params[name].n3())

    return _PARAM.sub(term, text)


def render_query(name: str, **params: Node) -> str:
    """Query ``name`` with its ``$parameters`` bound to the given RDF terms."""
    return bind(load_query(name), params)
