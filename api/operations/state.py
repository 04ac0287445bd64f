"""What every operation stands on: a data directory opened for work.

:class:`WorkspaceBase` owns the data directory's store, file store of originals, embedding
model, vector index, evidence index, ranking model and write lock, and nothing else: the
operations themselves are the mixins of :mod:`api.operations` (one per topic, each a
subclass of this), composed into :class:`api.workspace.Workspace`. Heavy parts (the model,
the vector index) load on first use, once per process.
"""

from __future__ import annotations

import shutil
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from api.settings import Settings
from ontology.store import GraphStore, open_store

if TYPE_CHECKING:
    from api.refits import BackgroundRefit
    from api.sparql_endpoint import SparqlService
    from ingest.originals import OriginalStore
    from mapping.evidence.learning import LearningStatus, LearningStore
    from mapping.retrieval.embedder import Embedder
    from mapping.retrieval.index import VectorIndex


class WorkspaceBase:
    """A data directory opened for work: its state and wiring, no user action."""

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        from mapping.evidence.index import EvidenceIndex

        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.store = store
        #: Held by every operation that writes the graph, the vectors or the originals (one
        #: writer at a time: the upload job, a deletion, a CLI ingest in this process).
        #: Re-entrant, so an operation may call another.
        self.lock = threading.RLock()
        #: Every evidence link's listing row in memory, current by the store's revision: the
        #: review queue, the suggestion listing and the dashboard order and count from it.
        self.evidence_index = EvidenceIndex(store)

    @classmethod
    def open(cls, settings: Settings) -> Self:
        data_dir = Path(settings.data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        store = open_store(
            data_dir,
            settings.store_url,
            settings.store_update_url,
            timeout=settings.store_timeout_s,
            batch_triples=settings.store_batch_triples,
        )
        workspace = cls(settings, store)
        workspace.reconcile()
        return workspace

    def reconcile(self) -> list[str]:
        """Bring the file store back in line with the graph after a crash.

        The graph is the source of truth: an original written by an ingest that died before
        its graph write is removed, and a staging graph a killed remote write left is
        dropped. (Vectors are reconciled by the index when it opens.)
        Runs on every open; cheap, a directory listing and one query.
        """
        from ingest.pipeline import reconcile_originals
        from ontology.store import EmbeddedStore

        self.store.drop_stale_staging()
        # On a remote store another instance may be between writing an original and its
        # graph: leave files younger than an hour to it.
        grace = 0.0 if isinstance(self.store, EmbeddedStore) else 3600.0
        return reconcile_originals(self.store, self.originals, min_age_s=grace)

    @property
    def shared_dir(self) -> Path:
        """Where what several instances on one remote store share lives: originals, the
        embedding cache, tokens and the session key (``AIMSGRAPH_SHARED_DIR``, default the
        data directory). Vectors stay per instance: each rebuilds its own from the graph."""
        return Path(self.settings.shared_dir or self.data_dir)

    @cached_property
    def originals(self) -> OriginalStore:
        """Content-addressed original uploads under ``shared_dir/originals``."""
        from ingest.originals import OriginalStore

        return OriginalStore(self.shared_dir / "originals")

    @cached_property
    def embedder(self) -> Embedder:
        """The sentence-transformers model under the chosen backend, loaded once per process.

        Passage vectors are cached in the data directory; those of the packaged reference
        texts in the per-user model cache, shared by every data directory of this user.
        """
        from mapping.retrieval.embedder import default_model_cache_dir, load_embedder

        model_cache = self.settings.model_cache_dir or default_model_cache_dir()
        return load_embedder(
            self.settings.model,
            cache_dir=self.shared_dir / "embeddings",
            backend=self.settings.embedding_backend,
            model_cache_dir=model_cache,
            reference_cache_dir=model_cache,
        )

    @cached_property
    def index(self) -> VectorIndex:
        """The FAISS index of passage vectors under ``data_dir/vectors``.

        Restored from the graph when it is incomplete (a crash lost the file or its latest
        additions), so every committed passage can be matched.
        """
        from mapping.evidence.recovery import open_complete_index

        embedder = self.embedder
        return open_complete_index(
            self.store, embedder, self.data_dir / "vectors", embedder.dimension
        )

    def has_index(self) -> bool:
        """Whether a vector index exists (in memory or on disk) without loading the model."""
        return "index" in self.__dict__ or (self.data_dir / "vectors" / "index.npz").exists()

    @cached_property
    def sparql(self) -> SparqlService:
        """Read-only queries with the settings' time and result limits."""
        from api.sparql_endpoint import SparqlService

        return SparqlService(self.settings.sparql_timeout_s, self.settings.sparql_result_limit)

    @cached_property
    def learning(self) -> LearningStore:
        """Recorded document features and the ranking model learned from decisions."""
        from mapping.evidence.learning import LearningStore

        return LearningStore(self.data_dir / "learning")

    @cached_property
    def refits(self) -> BackgroundRefit:
        """The background refit that decisions ask for (see :mod:`api.refits`)."""
        from api.refits import BackgroundRefit

        return BackgroundRefit(self.refit)

    def refit(self) -> LearningStatus:
        """Refit the ranking on the organisation's decisions now (see ``aimsgraph model``)."""
        from mapping.evidence.learning import decisions_of, refit

        rows = self.evidence_index.snapshot().rows()
        return refit(self.store, self.learning, decisions=decisions_of(rows))

    def learning_status(self) -> LearningStatus:
        """Which ranking model is in use and how many decisions it learned from."""
        return self.learning.status()

    def _decided(self) -> None:
        """After a decision: ask for a refit of the ranking, in the background."""
        self.refits.request()

    def sweep_uploads(self) -> None:
        """Remove uploads and audit packs a crashed process left in flight, where this process
        owns the data.

        Only with the embedded store: one process owns its data directory; with a remote
        store several servers may share it, and another one's upload may be in flight.
        """
        from ontology.store import EmbeddedStore

        if isinstance(self.store, EmbeddedStore):
            shutil.rmtree(self.data_dir / "uploads", ignore_errors=True)
            shutil.rmtree(self.data_dir / "exports", ignore_errors=True)

    def close(self) -> None:
        if "refits" in self.__dict__:
            self.refits.finish(60)  # a CLI decision's refit finishes before the process ends
        if "sparql" in self.__dict__:
            self.sparql.shutdown()
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
