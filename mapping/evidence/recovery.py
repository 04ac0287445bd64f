"""Finish what a crash left undone: suggestions for documents that have none.

Ingest commits a document to the graph in one update and suggests its evidence after; a
process killed in between leaves a document with passages but no evidence links (and,
possibly, no vectors). Nothing is lost — the passages are in the graph — but nothing would
ever suggest evidence for it, since re-ingesting the same bytes is a duplicate. This module
is the one operation that repairs that state; faces call it from ``aimsgraph suggest
--missing``, ``POST /api/suggestions/missing`` and after every ingest batch.

An artefact "has no suggestions" when no evidence link of any status names it (see
``queries/artefacts_without_links.rq``); superseded versions are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from mapping.evidence.learning import LearningStore
from mapping.evidence.suggest import suggest_for_artefacts
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.index import ReconcileResult, VectorIndex
from ontology.query_files import load_query
from ontology.store import GraphStore


class MissingSuggestions(BaseModel):
    """What :func:`suggest_missing` did (``aimsgraph suggest --missing``,
    ``POST /api/suggestions/missing``): the documents it completed and the run's counts."""

    model_config = ConfigDict(extra="forbid")

    documents: list[str] = Field(description="Ids of the documents completed.")
    written: int = Field(default=0, description="Evidence links written.")
    unchanged: int = 0
    embedded: int = Field(default=0, description="Passages vectorised.")

    def to_json(self) -> dict[str, object]:
        """``documents`` (ids), ``written`` (new links), ``embedded`` (passages vectorised)."""
        return self.model_dump(mode="json")


def documents_without_suggestions(
    store: GraphStore, among: Sequence[str] | None = None
) -> list[str]:
    """Ids of current artefacts with passages and no evidence link (only ``among``, if given)."""
    ids = [str(row["id"]) for row in store.select(load_query("mapping", "artefacts_without_links"))]
    if among is None:
        return ids
    wanted = set(among)
    return [i for i in ids if i in wanted]


def suggest_missing(
    store: GraphStore,
    index: VectorIndex,
    embedder: Embedder,
    among: Sequence[str] | None = None,
    learning: LearningStore | None = None,
) -> MissingSuggestions:
    """Suggest evidence for every document that has none (of ``among``, if given)."""
    missing = documents_without_suggestions(store, among)
    if not missing:
        return MissingSuggestions(documents=[])
    run = suggest_for_artefacts(store, index, embedder, missing, learning=learning)
    return MissingSuggestions(
        documents=missing, written=run.written, unchanged=run.unchanged, embedded=run.embedded
    )


def index_is_incomplete(store: GraphStore, index: VectorIndex) -> bool:
    """Whether the index holds a different number of vectors than the graph has passages."""
    rows = store.select(load_query("mapping", "passage_count"))
    return bool(rows) and int(str(rows[0]["passages"])) != len(index)


def restore_index(store: GraphStore, index: VectorIndex, embedder: Embedder) -> ReconcileResult:
    """Vectors for every passage in the graph (after a crash lost the index file or part)."""
    return index.reconcile(store, embedder)


def open_complete_index(
    store: GraphStore, embedder: Embedder, directory: object, dimension: int
) -> VectorIndex:
    """The vector index in ``directory``, restored from the graph where it is incomplete."""
    from pathlib import Path

    index = VectorIndex.open(Path(str(directory)), dimension=dimension)
    if index_is_incomplete(store, index):
        restore_index(store, index, embedder)
    return index
