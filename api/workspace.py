"""The workspace: the one object that owns a data directory's store, vectors, originals and model.

Faces (CLI, HTTP, UI) receive a workspace and call the core packages with its parts; they hold
no domain logic. Heavy parts (the embedding model, the vector index) load on first use, once
per process.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.settings import Settings
from ontology.store import GraphStore, open_store

if TYPE_CHECKING:
    from ingest.originals import OriginalStore
    from mapping.embedder import Embedder
    from mapping.index import VectorIndex
    from mapping.oscal.export import OscalDocument
    from mapping.oscal.importer import ImportResult


class Workspace:
    """A data directory opened for work."""

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.store = store

    @classmethod
    def open(cls, settings: Settings) -> Workspace:
        data_dir = Path(settings.data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        store = open_store(data_dir, settings.store_url, settings.store_update_url)
        workspace = cls(settings, store)
        workspace.reconcile()
        return workspace

    def reconcile(self) -> list[str]:
        """Bring the file store back in line with the graph after a crash.

        The graph is the source of truth: an original written by an ingest that died before
        its graph write is removed. (Vectors are reconciled by the index when it opens.)
        Runs on every open; cheap, a directory listing and one query.
        """
        from ingest.pipeline import reconcile_originals

        return reconcile_originals(self.store, self.originals)

    @cached_property
    def originals(self) -> OriginalStore:
        """Content-addressed original uploads under ``data_dir/originals``."""
        from ingest.originals import OriginalStore

        return OriginalStore(self.data_dir / "originals")

    @cached_property
    def embedder(self) -> Embedder:
        """The sentence-transformers model under the chosen backend, loaded once per process."""
        from mapping.embedder import load_embedder

        return load_embedder(
            self.settings.model,
            cache_dir=self.data_dir / "embeddings",
            backend=self.settings.embedding_backend,
            model_cache_dir=self.settings.model_cache_dir,
        )

    @cached_property
    def index(self) -> VectorIndex:
        """The FAISS index of passage vectors under ``data_dir/vectors``."""
        from mapping.index import VectorIndex

        return VectorIndex.open(self.data_dir / "vectors", dimension=self.embedder.dimension)

    def oscal_export(self, model: str, standard: str | None = None) -> OscalDocument:
        """One OSCAL document (catalog, mapping-collection, assessment-results, poam)."""
        from mapping.oscal import export_document
        from shapes.report import validate_aims

        return export_document(
            self.store, model, standard=standard, gap_report=lambda s: validate_aims(s).to_json()
        )

    def oscal_import(self, data: bytes) -> ImportResult:
        """Import an OSCAL mapping-collection as candidate crosswalk edges (all or nothing)."""
        from mapping.oscal.importer import import_mapping_collection

        return import_mapping_collection(self.store, data, max_bytes=self.settings.max_upload_bytes)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
