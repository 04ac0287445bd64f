"""Read artefacts back: the document list and one document with its passages.

Both return plain dicts whose keys are the stable JSON contract of ``aimsgraph documents``
(documented in docs/ingest.md); the CLI, the API and the web UI render the same values.
"""

from __future__ import annotations

from typing import Any

from rdflib.term import Node

from ingest.artefacts import artefact_iri, load_query
from ingest.errors import DocumentNotFoundError
from ontology.store import GraphStore, Row

_FIELDS = {
    "id": "id",
    "title": "title",
    "sha256": "sha256",
    "media_type": "format",
    "owner": "owner",
    "version": "version",
    "effective_date": "effective",
    "review_date": "review",
    "file_name": "fileName",
    "ingested_at": "ingestedAt",
}
_INTEGERS = {"passages": "passages", "pages": "pages", "size": "size"}


def _value(row: Row, name: str) -> str | None:
    term: Node | None = row.get(name)
    return None if term is None else str(term)


def _document(row: Row) -> dict[str, Any]:
    doc: dict[str, Any] = {key: _value(row, column) for key, column in _FIELDS.items()}
    artefact_type = _value(row, "type")
    doc["type"] = artefact_type.rsplit("#", 1)[-1] if artefact_type else None
    for key, column in _INTEGERS.items():
        raw = _value(row, column)
        doc[key] = int(raw) if raw is not None else (0 if key == "passages" else None)
    warnings = _value(row, "warnings")
    doc["warnings"] = [w for w in (warnings or "").split("\n") if w]
    doc["iri"] = _value(row, "artefact")
    revision_of, revised_by = _value(row, "revisionOf"), _value(row, "revisedBy")
    doc["revision_of"] = revision_of.rsplit("/", 1)[-1] if revision_of else None
    doc["superseded_by"] = revised_by.rsplit("/", 1)[-1] if revised_by else None
    return doc


def list_documents(store: GraphStore) -> list[dict[str, Any]]:
    """Every artefact, newest first: id, title, type, sha256, passages (a count) and more."""
    return [_document(row) for row in store.select(load_query("documents"))]


def get_document(store: GraphStore, artefact_id: str) -> dict[str, Any]:
    """One artefact's metadata plus its passages in order, each with page and section."""
    iri = artefact_iri(artefact_id.strip())
    rows = store.select(load_query("documents", artefact=iri))
    if not rows:
        known = [d["id"] for d in list_documents(store) if d["id"].startswith(artefact_id[:4])]
        raise DocumentNotFoundError(
            f"no document with id {artefact_id!r}",
            hint=None if known else "list documents with `aimsgraph documents`",
            suggestions=known[:5],
        )
    doc = _document(rows[0])
    doc["passage_list"] = [
        _passage(row) for row in store.select(load_query("passages_of_artefact", artefact=iri))
    ]
    return doc


def _passage(row: Row) -> dict[str, Any]:
    def integer(name: str) -> int | None:
        raw = _value(row, name)
        return int(raw) if raw is not None else None

    return {
        "iri": _value(row, "passage"),
        "ordinal": integer("ordinal"),
        "page": integer("page"),
        "page_end": integer("pageEnd"),
        "section": _value(row, "section") or "",
        "start": integer("start"),
        "end": integer("end"),
        "text": _value(row, "text"),
        "text_hash": _value(row, "textHash"),
        "derived_from": _value(row, "derivedFrom"),
    }
