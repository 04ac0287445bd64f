"""Delete a document: its artefact, passages and evidence links, vectors and original file.

Admins may delete a document (issue 6). The order makes every crash recoverable:

1. the graph, in ONE store update (``queries/delete_artefact.rq``): the artefact, its
   passages, its evidence links and their Support nodes leave the org graph, and the audit
   graph — never deleted from — gets tombstones (``prov:invalidatedAtTime``) for the
   artefact and for every link a decision refers to, so the audit trail still says what was
   decided about a document that no longer exists;
2. the caller's ``propagate`` hook (the faces pass
   :func:`mapping.evidence.propagation.propagate_evidence`; ``ingest`` does not import ``mapping``);
3. the passages' vectors (an index that missed them drops orphans when it reconciles);
4. the original bytes and text, unless another artefact has the same SHA-256 (an original
   with no artefact is also swept by :func:`ingest.pipeline.reconcile_originals`).

Other versions of a revision chain stay as they are: their ``prov:wasRevisionOf`` to the
deleted version dangles in the org graph and resolves to its tombstone in the audit graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ingest.artefacts import artefact_iri
from ingest.documents import document_id, get_document
from ingest.originals import OriginalStore
from ontology.query_files import load_query
from ontology.store import GraphStore


class PassageVectors(Protocol):
    """What deletion needs of a vector index (``mapping.retrieval.index.VectorIndex`` has it)."""

    def remove(self, iris: Iterable[str]) -> int: ...

    def save(self) -> None: ...


def delete_document(
    store: GraphStore,
    originals: OriginalStore,
    document: str,
    *,
    index: PassageVectors | None = None,
    propagate: Callable[[GraphStore], object] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Delete one document everywhere; return what was removed (the JSON the faces show).

    Raises :class:`ingest.errors.DocumentNotFoundError` (with close ids) for an unknown or
    malformed id. Keys: ``id, iri, title, sha256, passages, links, supports,
    tombstoned_links, vectors`` (removed, or None without an index), ``original_removed``,
    ``revision_of``, ``superseded_by``, ``deleted_at``.
    """
    doc_id = document_id(store, document)
    doc = get_document(store, doc_id)
    iri = artefact_iri(doc_id)
    passages, links, supports = _parts(store, iri)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    store.update(_delete_update(iri, stamp))
    tombstoned = _tombstoned_links(store, links, stamp)
    if propagate is not None:
        propagate(store)
    vectors = _remove_vectors(index, passages)
    return {
        "id": doc_id,
        "iri": str(iri),
        "title": doc.get("title"),
        "sha256": doc.get("sha256"),
        "passages": len(passages),
        "links": len(links),
        "supports": len(supports),
        "tombstoned_links": tombstoned,
        "vectors": vectors,
        "original_removed": _remove_original(store, originals, doc.get("sha256")),
        "revision_of": doc.get("revision_of"),
        "superseded_by": doc.get("superseded_by"),
        "deleted_at": stamp.isoformat(),
    }


def _parts(store: GraphStore, iri: URIRef) -> tuple[list[str], list[str], list[str]]:
    """The IRIs of the artefact's passages, evidence links and Support nodes."""
    found: dict[str, set[str]] = {"passage": set(), "link": set(), "support": set()}
    for row in store.select(load_query("ingest", "artefact_parts", artefact=iri)):
        for name, seen in found.items():
            term = row.get(name)
            if term is not None:
                seen.add(str(term))
    return sorted(found["passage"]), sorted(found["link"]), sorted(found["support"])


def _tombstoned_links(store: GraphStore, links: list[str], stamp: datetime) -> int:
    """How many of ``links`` the deletion gave a tombstone in the audit graph."""
    if not links:
        return 0
    time = Literal(stamp.isoformat(), datatype=XSD.dateTime)
    iris = [URIRef(i) for i in links]
    rows = store.select(load_query("ingest", "tombstoned_links", link=iris, time=time))
    return int(str(rows[0]["n"])) if rows else 0


def _delete_update(iri: URIRef, stamp: datetime) -> str:
    """The deletion update with its parameters filled in (all built from checked values)."""
    now = Literal(stamp.isoformat(), datatype=XSD.dateTime)
    compact = Literal(stamp.strftime("%Y%m%dT%H%M%SZ"))
    return load_query("ingest", "delete_artefact", artefact=iri, now=now, stamp=compact)


def _remove_vectors(index: PassageVectors | None, passages: list[str]) -> int | None:
    """Drop the passages' vectors and save the index; None when there is no index."""
    if index is None:
        return None
    removed = index.remove(passages)
    if removed:
        index.save()
    return removed


def _remove_original(store: GraphStore, originals: OriginalStore, sha256: object) -> bool:
    """Remove the original and its text unless an artefact still names the digest."""
    if not isinstance(sha256, str) or not sha256:
        return False
    if store.select(load_query("ingest", "artefact_by_sha256", sha256=Literal(sha256))):
        return False
    existed = originals.has(sha256)
    originals.remove(sha256)
    return existed
