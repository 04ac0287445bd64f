"""The example SPARQL queries the console offers: the packaged ``ontology/queries/*.rq`` reads."""

from __future__ import annotations

from typing import Any

from ontology.query_files import query_names, query_text
from ontology.sparql import query_form


def _description(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return " ".join(line for line in lines if line)


def example_queries() -> list[dict[str, Any]]:
    """Each packaged read query: ``name``, ``description`` (its leading comment) and ``text``.

    Updates are left out: the console only reads.
    """
    examples = []
    for name in query_names("ontology"):
        if name.startswith("_"):  # internal (the store's bulk reads)
            continue
        text = query_text("ontology", name)
        if query_form(text) != "UPDATE":
            examples.append({"name": name, "description": _description(text), "text": text})
    return examples
