"""The workspace layer's one SPARQL loader: ``api/queries/<name>.rq`` with bound parameters."""

from __future__ import annotations

from pathlib import Path

from rdflib.term import Node

from ontology.sparql import bind

QUERIES = Path(__file__).resolve().parent.parent / "queries"


def load_query(name: str, **params: Node | None) -> str:
    """The query ``name`` with each ``$param`` bound to a term (see :func:`ontology.sparql.bind`)."""
    return bind((QUERIES / f"{name}.rq").read_text(encoding="utf-8"), **params)
