"""Documents: ingest files (suggest, carry reviews over to revisions), list, show, edit,
delete (:class:`DocumentOperations`).

:meth:`DocumentOperations.ingest` is THE ingest of the application: the CLI's ``ingest``,
the upload job behind ``POST /api/documents`` and the upload form, and ``make demo`` all call
it, so a new version of a document carries its reviewed evidence over (or flags it for review) the same
way whichever face it came through. It runs under the workspace's write lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from api.operations.base import Progress, Result, quiet
from api.operations.state import WorkspaceBase
from ingest.pipeline import IngestFailure, IngestOptions, IngestResult, ingest_path
from ontology.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from mapping.evidence.recovery import MissingSuggestions


class Document(Result):
    """One artefact as ``aimsgraph documents`` and ``GET /api/documents`` list it."""

    id: str = Field(description="12 hex digits of the SHA-256 of its bytes.")
    iri: str | None = None
    title: str | None = None
    type: str | None = Field(default=None, description="Artefact type, e.g. policy.")
    sha256: str | None = None
    media_type: str | None = None
    owner: str | None = None
    version: str | None = None
    effective_date: str | None = None
    review_date: str | None = None
    file_name: str | None = None
    ingested_at: str | None = None
    uploaded_by: str | None = Field(
        default=None, description="Who uploaded it: the token's name, or the user who ran ingest."
    )
    passages: int = Field(description="How many passages (a count).")
    pages: int | None = None
    size: int | None = Field(default=None, description="Bytes.")
    warnings: list[str] = Field(default_factory=list)
    revision_of: str | None = Field(default=None, description="Id of the previous version.")
    superseded_by: str | None = Field(default=None, description="Id of the newer version.")

    @computed_field(  # type: ignore[prop-decorator]
        description="Whether its confirmed evidence counts today: current (review date today "
        "or later), stale (review date passed), undated (none), superseded (a newer version)."
    )
    @property
    def review_state(self) -> str:
        return review_state(self.review_date, self.superseded_by)


def review_state(review_date: str | None, superseded_by: str | None = None) -> str:
    """current, stale, undated or superseded: whether a document's evidence counts today.

    >>> review_state("2000-01-01"), review_state(None), review_state("9999-12-31")
    ('stale', 'undated', 'current')
    """
    if superseded_by:
        return "superseded"
    if not review_date:
        return "undated"
    return "current" if review_date[:10] >= date.today().isoformat() else "stale"


class Passage(Result):
    """One cited span of a document."""

    iri: str | None = None
    ordinal: int | None = None
    page: int | None = None
    page_end: int | None = None
    section: str = ""
    start: int | None = None
    end: int | None = None
    text: str | None = None
    text_hash: str | None = None
    derived_from: str | None = None


class DocumentDetail(Document):
    """One artefact with its passages in order."""

    passage_list: list[Passage] = Field(default_factory=list)


class DocumentEdit(BaseModel):
    """Metadata to change on a document: a field left out stays, an empty one is cleared."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=300, examples=["AI policy"])
    type: str | None = Field(default=None, description="policy, procedure, standard, plan …")
    owner: str | None = Field(default=None, max_length=200, examples=["Risk Office"])
    version: str | None = Field(default=None, max_length=64, examples=["1.2"])
    effective_date: str | None = Field(default=None, description="YYYY-MM-DD")
    review_date: str | None = Field(
        default=None,
        description="YYYY-MM-DD: the document's evidence counts until this day.",
        examples=["2027-06-30"],
    )

    def changes(self) -> dict[str, str | None]:
        """The fields the caller named, with their values (None or "" clears)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


def check_upload_fields(fields: Mapping[str, str]) -> None:
    """Refuse an upload whose metadata fields are bad (a date that is no date …) up front."""
    from ingest.metadata_edits import EDITABLE, check_metadata

    check_metadata({k: v for k, v in fields.items() if k in EDITABLE})


#: Documents the dashboard names as not counting (the rest are counted, not listed): a
#: library of undated documents would otherwise put each one on the home page.
UNCOUNTED_SHOWN = 20


class UncountedEvidence(Result):
    """Requirements with confirmed evidence that does not count, and the documents why."""

    requirements: list[str] = Field(
        default_factory=list, description="Notations confirmed but still gaps."
    )
    documents: list[Document] = Field(
        default_factory=list,
        description="Their evidence documents that are not current: the first "
        "UNCOUNTED_SHOWN by title (``document_count`` says how many in all).",
    )
    document_count: int = Field(
        default=0, description="How many evidence documents are not current."
    )
    message: str = ""


class IngestedDocument(Result):
    """One file that went in (or was already there)."""

    id: str = Field(description="The artefact id (12 hex digits of its SHA-256).")
    document: str = Field(description="The artefact id again (the upload job's key).")
    iri: str
    status: str = Field(
        description="new, revision, duplicate (same bytes) or rendition (same text as a stored "
        "document in another format: nothing added).",
        examples=["revision"],
    )
    title: str
    file: str = Field(description="The file's name.")
    media_type: str | None = None
    type: str | None = Field(default=None, description="The artefact type.")
    pages: int | None = None
    passages: int = Field(description="How many passages it was split into.")
    warnings: list[str] = Field(default_factory=list)
    changed_passages: list[str] = Field(default_factory=list)
    removed_passages: list[str] = Field(default_factory=list)
    revision_of: str | None = Field(default=None, description="Id of the previous version.")
    message: str = ""
    suggestions: int | None = Field(
        default=None,
        description="Evidence links suggested for it (written or unchanged); 0 for a duplicate "
        "or without suggestion; null in a batch of several new documents (see the batch total).",
    )
    carried_over: list[str] = Field(
        default_factory=list,
        description="Revision only: ids of links carried over unchanged from the old version.",
    )
    needs_review: list[str] = Field(
        default_factory=list,
        description="Revision only: ids of links whose cited passages changed: to re-review.",
    )


class IngestReport(Result):
    """What one ingest did."""

    documents: list[IngestedDocument] = Field(default_factory=list)
    failures: list[IngestFailure] = Field(default_factory=list)
    suggestions: int = Field(default=0, description="Evidence links suggested in total.")
    notes: list[str] = Field(default_factory=list, description="Things a person should know.")

    def rows(self) -> list[dict[str, Any]]:
        """The CLI's JSON: one object per file, failures last."""
        return [d.model_dump() for d in self.documents] + [f.model_dump() for f in self.failures]


def _unfinished_duplicates(
    ws: WorkspaceBase, results: list[IngestResult], fresh: list[IngestResult]
) -> list[IngestResult]:
    """Duplicates whose first ingest died before its suggestions: they get them now (once
    each; a copy of a file that this batch brought in is suggested for with that file)."""
    from mapping.evidence.recovery import documents_without_suggestions

    seen = {r.artefact_id for r in fresh}
    duplicates = []
    for result in results:
        if result.status == "duplicate" and result.artefact_id not in seen:
            seen.add(result.artefact_id)
            duplicates.append(result)
    if not duplicates:
        return []
    unfinished = set(documents_without_suggestions(ws.store, [r.artefact_id for r in duplicates]))
    return [r for r in duplicates if r.artefact_id in unfinished]


def _read_all(
    ws: WorkspaceBase, files: Iterable[Path], options: IngestOptions, strict: bool
) -> tuple[list[IngestResult], list[IngestFailure]]:
    results: list[IngestResult] = []
    failures: list[IngestFailure] = []
    for path in files:
        try:
            results.append(ingest_path(ws.store, ws.originals, path, options=options))
        except (InputError, NotFoundError) as error:
            if strict:
                raise
            failures.append(IngestFailure.of(path, error))
    return results, failures


def _document(result: IngestResult) -> IngestedDocument:
    data = result.to_json()
    data["document"] = result.artefact_id
    data["suggestions"] = 0
    return IngestedDocument.model_validate(data)


def _suggest(
    ws: WorkspaceBase,
    fresh: list[IngestResult],
    documents: dict[str, IngestedDocument],
    outcome: IngestReport,
    report: Progress,
) -> None:
    try:
        from mapping.evidence.suggest import suggest_for_artefacts
    except ImportError as error:
        outcome.notes.append(f"evidence suggestion is not available ({error})")
        return
    report("embedding", 0.5)
    index, embedder = ws.index, ws.embedder
    report("suggesting", 0.7)
    done = suggest_for_artefacts(
        ws.store, index, embedder, [r.artefact_id for r in fresh], learning=ws.learning
    )
    outcome.suggestions = int(done.written + done.unchanged)
    for result in fresh:
        documents[result.artefact_id].suggestions = outcome.suggestions if len(fresh) == 1 else None


def _carry_over(ws: WorkspaceBase, result: IngestResult, document: IngestedDocument) -> None:
    from mapping.evidence.revisions import carry_over_revision

    carried = carry_over_revision(ws.store, result.artefact_iri)
    document.carried_over = list(carried.carried_over)
    document.needs_review = list(carried.needs_review)


class DeletedDocument(Result):
    """What deleting a document removed (review decisions stay, with tombstones)."""

    id: str
    iri: str
    title: str | None = None
    sha256: str | None = None
    passages: int
    links: int = Field(description="Evidence links removed.")
    supports: int
    tombstoned_links: int = Field(description="Links a decision refers to, tombstoned in audit.")
    vectors: int | None = Field(description="Vectors removed; null where no index exists.")
    original_removed: bool
    revision_of: str | None = None
    superseded_by: str | None = None
    deleted_at: str


class DocumentOperations(WorkspaceBase):
    """The documents of the library: ingest, list, show, edit, delete."""

    def ingest(
        self,
        files: Iterable[Path],
        options: IngestOptions,
        *,
        suggest: bool = True,
        strict: bool = False,
        report: Progress | None = None,
    ) -> IngestReport:
        """Ingest ``files``, then suggest evidence for what is new and carry reviews over.

        Bad files become :class:`IngestFailure` rows (the rest still go in), or with ``strict``
        raise their error (one upload = one file). For each revision, the old version's confirmed
        links are carried over (passages unchanged) or flagged ``needsReview`` and propagated
        along crosswalks. ``files`` may be a progress bar: it is iterated once, under the lock.
        """
        report = report or quiet
        with self.lock:
            report("reading", 0.05)
            results, failures = _read_all(self, files, options, strict)
            outcome = IngestReport(failures=failures)
            # One row per file, in order: two identical files of one batch are one "new" row
            # and one "duplicate" row. ``documents`` maps each artefact id to the row its
            # suggestions are counted on (the first file that brought it in).
            rows = [_document(r) for r in results]
            documents: dict[str, IngestedDocument] = {}
            for result, row in zip(results, rows, strict=True):
                documents.setdefault(result.artefact_id, row)
            fresh = [r for r in results if r.status not in ("duplicate", "rendition")]
            targets = fresh + _unfinished_duplicates(self, results, fresh) if suggest else []
            if targets:
                _suggest(self, targets, documents, outcome, report)
            for result in fresh:
                if result.status == "revision":
                    _carry_over(self, result, documents[result.artefact_id])
            outcome.documents = rows
            return outcome

    def suggest_missing(self) -> MissingSuggestions:
        """Suggest evidence for every document that has passages and no evidence link."""
        from mapping.evidence.recovery import suggest_missing as complete

        with self.lock:
            return complete(self.store, self.index, self.embedder, learning=self.learning)

    def documents(
        self, *, limit: int | None = None, offset: int = 0, ids: list[str] | None = None
    ) -> list[Document]:
        """Every artefact (or ``limit`` from ``offset``, or those with ``ids``), newest first.
        A page (``limit``) is cut from the order kept until the store's next write
        (:meth:`_document_order`) and describes only its own documents."""
        from ingest.documents import list_documents as read_documents

        if ids is None and limit is not None:
            page = self._document_order()[offset : offset + limit]
            return self._described([iri.rsplit("/", 1)[-1] for iri in page])
        rows = read_documents(self.store, limit=limit, offset=offset, ids=ids)
        return [Document.model_validate(row) for row in rows]

    def _described(self, ids: list[str]) -> list[Document]:
        """The documents ``ids`` in that order (unknown ones left out), the caller's own
        copies of the kept descriptions (:meth:`_documents_by_id`)."""
        kept = self._documents_by_id(ids)
        return [kept[i].model_copy() for i in ids if i in kept]

    def _document_order(self) -> list[str]:
        """Every artefact IRI, newest first, kept until the store's next write other than a
        decision (another instance's included: the store's revision)."""
        from ingest.documents import document_order

        def order() -> list[str]:
            return document_order(self.store)

        return self.evidence_index.memo("document-order", order, through_decisions=True)

    def count_documents(self) -> int:
        """How many artefacts the library holds (the kept order's length)."""
        return len(self._document_order())

    def document(self, document_id: str) -> DocumentDetail:
        """One artefact's metadata and passages; unknown ids name the closest known ones."""
        from ingest.documents import get_document as read_document

        return DocumentDetail.model_validate(read_document(self.store, document_id))

    def version_history(self, document: Document) -> list[Document]:
        """Every version of ``document``'s chain (``prov:wasRevisionOf``), oldest first."""
        chain = [document]
        seen = {document.id}
        for step in ("revision_of", "superseded_by"):
            at = document
            while (nxt := getattr(at, step)) and nxt not in seen:
                found = self.documents(ids=[nxt])
                if not found:
                    break
                at = found[0]
                seen.add(at.id)
                chain = [at, *chain] if step == "revision_of" else [*chain, at]
        return chain

    def edit_document(
        self, document_id: str, edit: DocumentEdit, by: str | None = None
    ) -> Document:
        """Change a document's metadata (under the lock); answers the document as it is now.
        Each changed field is kept in the audit graph with its value before and after and
        ``by``, who changed it, where given."""
        from ingest.metadata_edits import edit_metadata
        from ontology.reviewers import reviewer_iri

        who = by if by and by.strip() else None
        agent = reviewer_iri(who) if who else None
        with self.lock:
            edit_metadata(self.store, document_id, edit.changes(), agent=agent, agent_name=who)
            return self.document(document_id)

    def check_revision_of(self, fields: Mapping[str, str]) -> None:
        """Refuse an upload whose ``revision_of`` names no document, a superseded one (404/422)."""
        from ingest.pipeline import revision_target

        revision_target(self.store, fields.get("revision_of"), own_id="")

    def uncounted_evidence(
        self, gaps: Iterable[str], standard: str = "iso42001"
    ) -> UncountedEvidence:
        """Of the requirements in ``gaps``, those with confirmed evidence, and the documents
        concerned: evidence counts only from a current document (review date today or later).

        confirmed_evidence_documents.rq's answer from the evidence index, grouped by
        requirement and carried across decisions a group at a time; each group's documents
        that do not count are kept for the day (:mod:`api.operations.uncounted`), so only
        the gaps' requirements are looked at, and after a decision only those it changed."""
        from api.operations.uncounted import (
            LateEvidence,
            confirmed_documents,
            first_documents,
            uncounted_message,
        )

        index = self.evidence_index
        cited = index.snapshot().grouped(("confirmed evidence",), confirmed_documents)
        late = index.evolve(
            ("late evidence", date.today().isoformat(), UNCOUNTED_SHOWN),
            lambda: LateEvidence(UNCOUNTED_SHOWN),
            lambda known, _: known,
        )
        found = {
            notation: late.of(
                (standard, notation), cited.get((standard, notation)), self._documents_by_id
            )
            for notation in set(gaps)
        }
        found = {notation: f for notation, f in found.items() if f.documents}
        count = len(frozenset().union(*(f.documents for f in found.values())))
        states = sorted(frozenset().union(*(f.states for f in found.values())))
        first = first_documents(found.values(), UNCOUNTED_SHOWN)
        shown = self._documents_by_id(first)
        return UncountedEvidence(
            requirements=sorted(found),
            documents=[shown[i] for i in first if i in shown],
            document_count=count,
            message=uncounted_message(len(found), states),
        )

    def _documents_by_id(self, ids: list[str]) -> dict[str, Document]:
        """The documents of ``ids`` (unknown ones left out), shared: read, never change.
        Each is described once and kept until a write other than a decision (a decision
        changes no document's description), so reviewers paging the same listing, the
        dashboard and the review page read the store only for documents nobody has asked
        for since (one query for them). Never builds the evidence index (a CLI
        ``documents`` page stays cheap)."""
        from ingest.documents import list_documents as read_documents

        kept: dict[str, Document] = self.evidence_index.memo(
            "document-rows", dict, through_decisions=True
        )
        missing = [i for i in ids if i not in kept]
        if missing:
            for row in read_documents(self.store, ids=missing):
                found = Document.model_validate(row)
                kept[found.id] = found
        return {i: kept[i] for i in ids if i in kept}

    def delete_document(self, document_id: str) -> DeletedDocument:
        """Delete a document everywhere: passages, links, vectors, original; under the lock.

        The vector index is loaded only where one exists (on disk, or already in memory).
        """
        from ingest.deletion import delete_document as delete_everywhere
        from mapping.evidence.propagation import propagate_evidence

        with self.lock:
            index = self.index if self.has_index() else None
            removed = delete_everywhere(
                self.store, self.originals, document_id, index=index, propagate=propagate_evidence
            )
        return DeletedDocument.model_validate(removed)
