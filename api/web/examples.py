"""The example SPARQL queries the console offers: the packaged ``ontology/queries/*.rq``."""

from __future__ import annotations

from typing import Any

from ontology.sparql import load_query, query_names


def _description(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return " ".join(line for line in lines if line)


def example_queries() -> list[dict[str, Any]]:
    """Each packaged query: ``name``, ``description`` (its leading comment) and ``text``."""
    examples = []
    for name in query_names():
        text = load_query(name)
        examples.append({"name": name, "description": _description(text), "text": text})
    return examples
