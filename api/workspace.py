"""The workspace: the one object that owns a data directory's store, vectors, originals and
model, and the application API over them.

Faces (CLI, HTTP, UI) receive a workspace and call its operations, one method per user action
(``ws.ingest``, ``ws.delete_document`` …), each returning a typed result (see
:mod:`api.operations`); they hold no domain logic. Operations that write take
:attr:`Workspace.lock` themselves. Heavy parts (the embedding model, the vector index) load on
first use, once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from api.settings import Settings
from ontology.store import GraphStore, open_store

if TYPE_CHECKING:
    from api.operations.assessment import Dashboard
    from api.operations.audit import AuditLog
    from api.operations.base import Progress
    from api.operations.documents import (
        DeletedDocument,
        Document,
        DocumentDetail,
        DocumentEdit,
        IngestReport,
    )
    from api.operations.evidence import Backup, EvidenceLink
    from api.operations.match import MatcherCache, MatchResult
    from api.operations.oscal import OscalExport, OscalImport
    from api.operations.pack import AuditPack
    from api.operations.requirements import CrosswalkNeighbour, Requirement, RequirementDetail
    from api.operations.reviews import (
        DecisionNotice,
        HistoryEntry,
        QueueItem,
        QueueView,
        SoaFile,
        SoaRow,
    )
    from api.operations.search import SearchResult
    from api.operations.systems import (
        DeletedSystem,
        InventoryExport,
        InventoryImport,
        System,
        SystemDocument,
        SystemLinkDecision,
        SystemReport,
    )
    from api.operations.views import DocumentView, ReviewQuery, ReviewView
    from api.refits import BackgroundRefit
    from api.schemas import BulkDecision, Decision, SoaUpdate
    from api.sparql_endpoint import SparqlAnswer, SparqlService
    from ingest.originals import OriginalStore
    from ingest.pipeline import IngestOptions
    from mapping.evidence.learning import LearningStatus, LearningStore
    from mapping.evidence.recovery import MissingSuggestions
    from mapping.evidence.review import BulkOutcome, DecisionOutcome
    from mapping.retrieval.embedder import Embedder
    from mapping.retrieval.index import VectorIndex
    from shapes.report import GapReport


class Workspace:
    """A data directory opened for work."""

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
    def open(cls, settings: Settings) -> Workspace:
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

    # -- the application API: one method per user action (implemented in api.operations) --

    def ingest(
        self,
        files: Iterable[Path],
        options: IngestOptions,
        *,
        suggest: bool = True,
        strict: bool = False,
        report: Progress | None = None,
    ) -> IngestReport:
        """Ingest files, suggest their evidence, carry reviews over to revisions."""
        from api.operations.documents import ingest_files

        return ingest_files(self, files, options, suggest=suggest, strict=strict, report=report)

    def documents(
        self, *, limit: int | None = None, offset: int = 0, ids: list[str] | None = None
    ) -> list[Document]:
        """Every artefact (or ``limit`` from ``offset``, or those with ``ids``), newest first."""
        from api.operations.documents import list_documents

        return list_documents(self, limit=limit, offset=offset, ids=ids)

    def count_documents(self) -> int:
        """How many artefacts the library holds."""
        from ingest.documents import count_documents

        return count_documents(self.store)

    def document(self, document_id: str) -> DocumentDetail:
        """One artefact with its passages."""
        from api.operations.documents import get_document

        return get_document(self, document_id)

    def edit_document(
        self, document_id: str, edit: DocumentEdit, by: str | None = None
    ) -> Document:
        """Change a document's title, type, owner, version or dates (review date included);
        each change is logged with ``by``, who made it."""
        from api.operations.documents import edit_document

        return edit_document(self, document_id, edit, by)

    def delete_document(self, document_id: str) -> DeletedDocument:
        """Delete a document everywhere (its review decisions stay in the audit graph)."""
        from api.operations.documents import delete_document

        return delete_document(self, document_id)

    def suggest_missing(self) -> MissingSuggestions:
        """Suggest evidence for documents a crash left without any (``suggest --missing``)."""
        from api.operations.documents import suggest_missing

        return suggest_missing(self)

    def requirements(
        self, standard: str | None = "iso42001", kind: str | None = None
    ) -> list[Requirement]:
        """Requirements of a standard (None: all) with evidence counts."""
        from api.operations.requirements import list_requirements

        return list_requirements(self, standard, kind)

    def requirement(
        self,
        notation: str,
        standard: str = "iso42001",
        *,
        limit: int | None = 50,
        offset: int = 0,
    ) -> RequirementDetail:
        """One requirement with a page of its evidence, its counts, crosswalk neighbours and
        derivation paths."""
        from api.operations.requirements import requirement_detail

        return requirement_detail(self, notation, standard, limit=limit, offset=offset)

    def gaps(self, today: date | None = None) -> GapReport:
        """The completeness (gap) report, as of ``today`` (default: today)."""
        from api.operations.assessment import gap_report

        return gap_report(self, today)

    def gap_page(self, offset: int | None = None, limit: int | None = None) -> GapReport:
        """The gap report to show (shared: never change it), paged where asked."""
        from api.operations.assessment import gap_page

        return gap_page(self, offset, limit)

    def dashboard(self) -> Dashboard:
        """Coverage per standard, Annex A groups, the review queue."""
        from api.operations.assessment import dashboard

        return dashboard(self)

    @cached_property
    def matchers(self) -> MatcherCache:
        """Fitted matchers, one per standard, kept while passages and decisions stay."""
        from api.operations.match import MatcherCache

        return MatcherCache()

    def match(self, text: str, standard: str = "iso42001", top_k: int = 10) -> MatchResult:
        """Rank the requirements of ``standard`` for ``text``."""
        from api.operations.match import match_text

        return match_text(self, text, standard, top_k)

    def decide(self, decision: Decision, reviewer: str) -> DecisionOutcome:
        """Record a reviewer's decision on one evidence link."""
        from api.operations.reviews import decide

        outcome = decide(self, decision, reviewer)
        self._decided()
        return outcome

    def decide_many(self, body: BulkDecision, reviewer: str) -> BulkOutcome:
        """The same decision on many links, each on its own."""
        from api.operations.reviews import decide_many

        outcome = decide_many(self, body, reviewer)
        self._decided()
        return outcome

    def review_queue(
        self,
        document: str | None = None,
        standard: str | None = "iso42001",
        group: str | None = None,
        min_score: float | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[QueueItem]:
        """Links waiting for a decision, best first (one standard's queue, or all), optionally
        one requirement group's and those scoring at least ``min_score``; ``limit`` from
        ``offset``."""
        from api.operations.reviews import review_queue

        return review_queue(self, document, standard, group, min_score, offset=offset, limit=limit)

    def count_review_queue(
        self,
        document: str | None = None,
        standard: str | None = "iso42001",
        group: str | None = None,
        min_score: float | None = None,
    ) -> int:
        """How many links the review queue holds with these filters (from the evidence index)."""
        from api.operations.reviews import count_queue

        return count_queue(self, document, standard, group, min_score)

    def queue_view(
        self,
        document: str | None = None,
        standard: str | None = "iso42001",
        group: str | None = None,
        min_score: float | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        focus: str | None = None,
    ) -> QueueView:
        """The queue as the review page filters it, with what the confidence cut hides; one
        page of it (``limit`` from ``offset``, or the page holding link ``focus``)."""
        from api.operations.reviews import queue_view

        return queue_view(
            self, document, standard, group, min_score, offset=offset, limit=limit, focus=focus
        )

    def review_view(self, query: ReviewQuery, focus: str | None = None) -> ReviewView:
        """Everything the review page shows for ``query`` (``/review``, /api/review-view);
        ``focus``: a link to show as the current item."""
        from api.operations.views import review_view

        return review_view(self, query, focus)

    def document_view(self, document_id: str) -> DocumentView:
        """Everything the document page shows (``/documents/{id}``, its /view JSON)."""
        from api.operations.views import document_view

        return document_view(self, document_id)

    def decision_notice(self, link: str, decision_id: str | None = None) -> DecisionNotice:
        """What the queue says after a decision on ``link`` (and whether it can be undone)."""
        from api.operations.reviews import decision_notice

        return decision_notice(self, link, decision_id)

    def review_context(self, link: dict[str, Any]) -> dict[str, Any]:
        """What a reviewer reads beside a link: neighbours, document, requirement text."""
        from api.operations.reviews import review_context

        return review_context(self, link)

    def undo_decision(self, decision_id: str, reviewer: str) -> DecisionOutcome:
        """Undo a confirm or reject that is still its link's latest decision."""
        from api.operations.reviews import undo

        outcome = undo(self, decision_id, reviewer)
        self._decided()
        return outcome

    def undo_decisions(self, decision_ids: list[str], reviewer: str) -> BulkOutcome:
        """Undo several confirms or rejects (a bulk decision), each on its own."""
        from api.operations.reviews import undo_many

        outcome = undo_many(self, decision_ids, reviewer)
        self._decided()
        return outcome

    def histories(self, links: list[str]) -> dict[str, list[HistoryEntry]]:
        """The decisions on each of several links, by link id."""
        from api.operations.reviews import histories

        return histories(self, links)

    def history(self, link: str) -> list[HistoryEntry]:
        """Every decision on a link, oldest first."""
        from api.operations.reviews import history

        return history(self, link)

    def soa(self) -> list[SoaRow]:
        """The Statement of Applicability, one row per Annex A control."""
        from api.operations.reviews import soa

        return soa(self)

    def set_soa_row(self, notation: str, update: SoaUpdate, by: str | None = None) -> SoaRow:
        """Set one row of the Statement of Applicability (``by``: who, kept in the audit)."""
        from api.operations.reviews import set_soa_row

        return set_soa_row(self, notation, update, by)

    def export_soa(self, fmt: str, target: Path) -> SoaFile:
        """Write the Statement of Applicability to ``target`` (csv, xlsx or json)."""
        from api.operations.reviews import export_soa

        return export_soa(self, fmt, target)

    def audit_pack(self, target: Path) -> AuditPack:
        """Write the audit pack (SoA, gap report, evidence, audit log, OSCAL, originals) to
        ``target``, a ZIP."""
        from api.operations.pack import audit_pack

        return audit_pack(self, target)

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
        """Documents, passages and requirements whose text contains ``query``."""
        from api.operations.search import search

        return search(self, query, limit, offset)

    def audit(self, kind: str | None = None, page: int = 1, per_page: int = 50) -> AuditLog:
        """The audit log (decisions, uploads, deletions, SoA rows), newest first, paged."""
        from api.operations.audit import audit_log

        return audit_log(self, kind, page, per_page)

    @cached_property
    def sparql(self) -> SparqlService:
        """Read-only queries with the settings' time and result limits."""
        from api.sparql_endpoint import SparqlService

        return SparqlService(self.settings.sparql_timeout_s, self.settings.sparql_result_limit)

    def query(self, text: str, accept: str) -> SparqlAnswer:
        """Run a read-only SPARQL query within the limits, serialised in the first media
        type of ``accept`` that suits its form (``answer.form``).

        The one query path: ``aimsgraph query`` calls it, ``/sparql`` runs the same service
        (:class:`api.sparql_endpoint.SparqlService`) asynchronously; both check and run the
        query in an isolated worker process.
        """
        return self.sparql.run(self.store, text, accept)

    def sweep_uploads(self) -> None:
        """Remove uploads and audit packs a crashed process left in flight, where this process
        owns the data.

        Only with the embedded store: one process owns its data directory; with a remote
        store several servers may share it, and another one's upload may be in flight.
        """
        import shutil

        from ontology.store import EmbeddedStore

        if isinstance(self.store, EmbeddedStore):
            shutil.rmtree(self.data_dir / "uploads", ignore_errors=True)
            shutil.rmtree(self.data_dir / "exports", ignore_errors=True)

    def export(self, fmt: str, out: IO[bytes], graph: str | None = None) -> None:
        """Write the graph store (every named graph, or one) as RDF in ``fmt``."""
        from api.operations.graph import export

        export(self, fmt, out, graph)

    def more_suggestions(
        self, document: str, *, count: int = 5, standard: str = "iso42001"
    ) -> list[EvidenceLink]:
        """The next ``count`` suggestions down one document's ranking (written, returned)."""
        from api.operations.evidence import more_suggestions

        return more_suggestions(self, document, count=count, standard=standard)

    def suggestions(
        self,
        *,
        document: str | None = None,
        control: str | None = None,
        status: str | None = None,
        standard: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[EvidenceLink]:
        """Evidence links, best first, filtered; ``limit`` of them from ``offset``."""
        from api.operations.evidence import suggestions

        return suggestions(
            self,
            document=document,
            control=control,
            status=status,
            standard=standard,
            limit=limit,
            offset=offset,
        )

    def count_suggestions(
        self,
        *,
        document: str | None = None,
        control: str | None = None,
        status: str | None = None,
        standard: str | None = None,
    ) -> int:
        """How many evidence links pass these filters (an aggregate query)."""
        from mapping.evidence.listing import count_suggestions

        return count_suggestions(
            self.store,
            document=document,
            control=control,
            status=status,
            standard=standard,
            index=None if document else self.evidence_index,
        )

    def crosswalk(
        self, notation: str, standard: str = "iso42001", to: str | None = None
    ) -> list[CrosswalkNeighbour]:
        """Typed crosswalk edges touching a requirement, both directions."""
        from api.operations.evidence import crosswalk

        return crosswalk(self, notation, standard, to)

    def backup(self) -> Backup:
        """A consistent copy of the data directory under ``data_dir/backups/<time>/``."""
        from api.operations.evidence import backup

        return backup(self)

    def oscal_export(self, model: str, standard: str | None = None) -> OscalExport:
        """One OSCAL document (catalog, mapping-collection, assessment-results, poam)."""
        from api.operations.oscal import export_oscal

        return export_oscal(self, model, standard)

    def oscal_import(self, data: bytes) -> OscalImport:
        """Import an OSCAL mapping-collection as candidate crosswalk edges (all or nothing)."""
        from api.operations.oscal import import_oscal

        return import_oscal(self, data)

    # -- the register of AI systems (api.operations.systems) --

    def systems(self) -> list[System]:
        """Every AI system of the register, by name."""
        from api.operations.systems import list_systems

        return list_systems(self)

    def system_reports(self, today: date | None = None) -> list[SystemReport]:
        """Each system with its obligations and controls, evidenced, stale or missing."""
        from api.operations.systems import system_reports

        return system_reports(self, today)

    def system(self, system_id: str) -> SystemReport:
        """One system with its obligations and impact-assessment controls."""
        from api.operations.systems import system_report

        return system_report(self, system_id)

    def create_system(self, fields: Mapping[str, Any]) -> System:
        """Add an AI system (name, roles, risk class required)."""
        from api.operations.systems import create_system

        return create_system(self, fields)

    def edit_system(self, system_id: str, changes: Mapping[str, Any]) -> System:
        """Change the given fields of an AI system."""
        from api.operations.systems import edit_system

        return edit_system(self, system_id, changes)

    def delete_system(self, system_id: str) -> DeletedSystem:
        """Remove an AI system and the document links to it."""
        from api.operations.systems import delete_system

        return delete_system(self, system_id)

    def import_inventory(self, data: bytes, fmt: str) -> InventoryImport:
        """Import a CSV or XLSX inventory: every row, or none."""
        from api.operations.systems import import_inventory

        return import_inventory(self, data, fmt)

    def export_inventory(self, fmt: str) -> InventoryExport:
        """The register as a CSV or XLSX file."""
        from api.operations.systems import export_inventory

        return export_inventory(self, fmt)

    def system_documents(self, system_id: str) -> list[SystemDocument]:
        """Documents naming a system or an alias, with those linked to it marked."""
        from api.operations.systems import system_documents

        return system_documents(self, system_id)

    def link_system_document(
        self, system_id: str, document: str, reviewer: str, *, remove: bool = False
    ) -> SystemLinkDecision:
        """Confirm (or remove) that a document covers a system, as a review decision."""
        from api.operations.systems import link_document

        return link_document(self, system_id, document, reviewer, remove=remove)

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
        from mapping.evidence.learning import refit

        return refit(self.store, self.learning)

    def learning_status(self) -> LearningStatus:
        """Which ranking model is in use and how many decisions it learned from."""
        return self.learning.status()

    def _decided(self) -> None:
        self.refits.request()

    def close(self) -> None:
        if "refits" in self.__dict__:
            self.refits.wait(60)  # a CLI decision's refit finishes before the process ends
        if "sparql" in self.__dict__:
            self.sparql.shutdown()
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
