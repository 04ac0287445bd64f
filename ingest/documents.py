"""Read artefacts back: the document list and one document with its passages.

Both return plain dicts whose keys are the stable JSON contract of ``aimsgraph documents``
(documented in docs/ingest.md); the CLI, the API and the web UI render the same values.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ingest.artefacts import artefact_iri
from ingest.errors import DocumentNotFoundError
from ontology.query_files import load_query
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
    "uploaded_by": "uploadedBy",
}
_INTEGERS = {"passages": "passages", "pages": "pages", "size": "size"}
#: A document id: the first 12 hex digits of the SHA-256 of its bytes.
_DOCUMENT_ID = re.compile(r"[0-9a-f]{12}")


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
    # GROUP_CONCAT joins in no set order (engines differ): sorted, one answer on every engine
    doc["warnings"] = sorted(w for w in (warnings or "").split("\n") if w)
    doc["iri"] = _value(row, "artefact")
    revision_of, revised_by = _value(row, "revisionOf"), _value(row, "revisedBy")
    doc["revision_of"] = revision_of.rsplit("/", 1)[-1] if revision_of else None
    doc["superseded_by"] = revised_by.rsplit("/", 1)[-1] if revised_by else None
    return doc


def list_documents(
    store: GraphStore,
    *,
    limit: int | None = None,
    offset: int = 0,
    ids: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Every artefact (or ``limit`` from ``offset``, or those with ``ids``), newest first: id,
    title, type, sha256, passages (a count) and more."""
    if ids is not None and not ids:
        return []
    wanted = None if ids is None else [artefact_iri(i) for i in ids]
    if wanted is None and limit is not None:  # the page first, then only its documents
        page = load_query("ingest", "document_page", limit=limit, offset=offset or None)
        wanted = [URIRef(str(row["artefact"])) for row in store.select(page)]
        if not wanted:
            return []
        query = load_query("ingest", "documents", artefact=wanted)
    else:
        query = load_query(
            "ingest", "documents", artefact=wanted, limit=limit, offset=offset or None
        )
    return [_document(row) for row in store.select(query)]


def document_order(store: GraphStore) -> list[str]:
    """Every artefact IRI, newest first (the documents listing's order, one query): what a
    workspace keeps between writes, so a page of the listing describes its own documents
    and its total is a length, not a scan of the library per request."""
    rows = store.select(load_query("ingest", "document_page"))
    return list(dict.fromkeys(str(row["artefact"]) for row in rows))


def document_id(store: GraphStore, raw: str) -> str:
    """``raw`` as a document id (12 lowercase hex digits), or :class:`DocumentNotFoundError`.

    Every function that builds an artefact IRI from user input goes through this, so a quote
    or an angle bracket in an id is refused with a clear message, never put into SPARQL.
    """
    candidate = raw.strip().lower()
    if _DOCUMENT_ID.fullmatch(candidate):
        return candidate
    raise not_found(store, raw, problem="ids are the 12 lowercase hex digits `documents` lists")


def not_found(store: GraphStore, raw: str, *, problem: str | None = None) -> DocumentNotFoundError:
    """The error for an unknown document id, naming the closest ids the store holds."""
    known = [str(d["id"]) for d in list_documents(store)]
    wanted = raw.strip().lower()
    close = [k for k in known if wanted and k.startswith(wanted[:4])]
    close += [k for k in difflib.get_close_matches(wanted, known, n=5) if k not in close]
    message = f"no document with id {raw!r}" + (f": {problem}" if problem else "")
    return DocumentNotFoundError(
        message,
        hint=None if close else "list documents with `aimsgraph documents`",
        suggestions=close[:5],
    )


def get_document(store: GraphStore, artefact_id: str) -> dict[str, Any]:
    """One artefact's metadata plus its passages in order, each with page and section."""
    iri = artefact_iri(document_id(store, artefact_id))
    rows = store.select(load_query("ingest", "documents", artefact=iri))
    if not rows:
        raise not_found(store, artefact_id)
    doc = _document(rows[0])
    doc["passage_list"] = [
        _passage(row)
        for row in store.select(load_query("ingest", "passages_of_artefact", artefact=iri))
    ]
    return doc


def passage_neighbours(
    store: GraphStore, passage: str
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The passages just before and just after ``passage`` (an IRI) in its artefact, each as
    :func:`get_document` lists passages (None at either end, and both for an unknown
    passage): two passages read, not the whole document."""
    query = load_query("ingest", "passage_neighbours", cited=URIRef(passage))
    found = {int(str(row["ordinal"])) - int(str(row["at"])): row for row in store.select(query)}
    before, after = found.get(-1), found.get(1)
    return (_passage(before) if before else None, _passage(after) if after else None)


def _passage(row: Row) -> dict[str, Any]:
    def integer(name: str) -> int | None:
        raw = _value(row, name)
        return int(raw) if raw is not None else None

    return {
        "iri": _value(row, "passage"),
        "ordinal": integer("ordinal"),
        "page": integer("page"),
        "page_end": integer("pageEnd"),
        "row": integer("rowStart"),
        "row_end": integer("rowEnd"),
        "section": _value(row, "section") or "",
        "start": integer("start"),
        "end": integer("end"),
        "text": _value(row, "text"),
        "text_hash": _value(row, "textHash"),
        "derived_from": _value(row, "derivedFrom"),
    }
