"""SPARQL kept in ``.rq`` files under ``mapping/queries``, with ``$parameters`` bound by value.

A query file is plain, valid SPARQL that an analyst can read and run. Its parameters are
written as ``$name`` variables (``?name`` is an ordinary variable); :func:`render_query`
replaces each ``$name`` with the N3 form of the RDF term it is given, so values are always
serialised by rdflib and never pasted in as raw text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib.term import Node

from ontology.namespaces import sparql_prefixes
from ontology.sparql import bind_parameters


@cache
def load_query(name: str) -> str:
    """The text of ``mapping/queries/<name>.rq`` with the project's PREFIX lines in front."""
    path = resources.files("mapping") / "queries" / f"{name}.rq"
    return sparql_prefixes() + path.read_text(encoding="utf-8")


def render_query(name: str, **params: Node) -> str:
    """Query ``name`` with its ``$parameters`` bound to the given RDF terms."""
    return bind_parameters(load_query(name), dict(params), name=name)
