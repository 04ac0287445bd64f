"""Ingest: a file becomes an artefact with passages, atomically.

Order of writes, chosen so that a crash at any point can be reconciled:

1. everything that can fail on bad input happens first, in memory (size, the document named
   by ``revision_of``, type, parsing in a bounded child process, metadata, passages);
2. the original bytes and the extracted text go to the content-addressed file store
   (idempotent; atomic rename);
3. the artefact and all its passages go to the graph in ONE update.

If step 3 fails the original is removed again; if the process dies between 2 and 3, the file
store holds an original no artefact points to, and :func:`reconcile_originals` (run when a
workspace opens for ingest) deletes it. A document is thus never half in the graph.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Graph, URIRef

from ingest.artefacts import (
    ArtefactRecord,
    artefact_digests,
    artefact_graph,
    artefact_iri,
    content_hash,
    find_by_content,
    find_by_sha256,
    passage_hashes,
    passage_iri,
    write_artefact,
)
from ingest.documents import document_id
from ingest.errors import (
    DocumentNotFoundError,
    EmptyFileError,
    FileTooLargeError,
    IngestError,
    RevisionTargetError,
    UnreadableTextError,
)
from ingest.metadata import ARTEFACT_TYPES, check_date, describe
from ingest.originals import OriginalStore, sha256_hex
from ingest.passages import PassageRecord, build_passages
from ingest.quality import junk_reason, mend_letter_spacing
from ingest.readers import ReaderLimits, read_document
from ingest.readers.base import Extraction, assemble
from ingest.row_passages import build_row_passages, is_tabular
from ingest.sniff import DOCX, PDF, sniff
from ingest.worker import DEFAULT_TIMEOUT_S, ReaderWorker
from ontology.errors import InputError, NotFoundError
from ontology.query_files import load_query
from ontology.store import GraphStore

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class IngestOptions:
    """How to ingest: metadata overrides, limits, and the parser sandbox."""

    title: str | None = None
    artefact_type: str | None = None
    owner: str | None = None
    version: str | None = None
    effective_date: str | None = None
    review_date: str | None = None
    #: Artefact id this document is a new version of. Never guessed: without it a file is a
    #: new document (the upload form proposes candidates, see :mod:`ingest.candidates`).
    revision_of: str | None = None
    #: Who uploads it (a token's name, the user running ``ingest``); kept as aims:uploadedBy.
    uploaded_by: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    limits: ReaderLimits = field(default_factory=ReaderLimits)
    #: Parse in this worker (time and memory bound), shared across a batch.
    worker: ReaderWorker | None = None
    #: Without a worker: parse in a one-off bounded child with this time limit, or
    #: in-process and unbounded when None (tests, benchmarks of trusted files).
    parse_timeout_s: float | None = DEFAULT_TIMEOUT_S


@dataclass
class IngestResult:
    """What happened to one document."""

    artefact_id: str
    artefact_iri: str
    status: str  # new | duplicate | rendition | revision
    title: str
    file_name: str
    media_type: str | None = None
    artefact_type: str | None = None
    pages: int | None = None
    passages: list[PassageRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed_passages: list[str] = field(default_factory=list)
    removed_passages: list[str] = field(default_factory=list)
    revision_of: str | None = None
    message: str = ""

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape (see docs/ingest.md)."""
        return {
            "id": self.artefact_id,
            "iri": self.artefact_iri,
            "status": self.status,
            "title": self.title,
            "file": self.file_name,
            "media_type": self.media_type,
            "type": self.artefact_type,
            "pages": self.pages,
            "passages": len(self.passages),
            "warnings": self.warnings,
            "changed_passages": self.changed_passages,
            "removed_passages": self.removed_passages,
            "revision_of": self.revision_of,
            "message": self.message,
        }


def ingest_path(
    store: GraphStore, originals: OriginalStore, path: Path, *, options: IngestOptions
) -> IngestResult:
    """Ingest one file; raise an :class:`~ingest.errors.IngestError` naming it on bad input."""
    path = Path(path)
    size = path.stat().st_size
    _check_size(size, path.name, options.max_bytes)
    return ingest_bytes(store, originals, path.read_bytes(), path.name, options=options)


def _check_size(size: int, file_name: str, max_bytes: int) -> None:
    if size == 0:
        raise EmptyFileError(file_name, "the file is empty", hint="check that the upload completed")
    if size > max_bytes:
        raise FileTooLargeError(
            file_name,
            f"the file is {size} bytes, over the limit of {max_bytes}",
            hint="split the document, or raise the limit (AIMSGRAPH_MAX_UPLOAD_BYTES)",
        )


def ingest_bytes(
    store: GraphStore,
    originals: OriginalStore,
    data: bytes,
    file_name: str,
    *,
    options: IngestOptions,
) -> IngestResult:
    """Ingest an upload's bytes; ``file_name`` is kept as data only, never used as a path."""
    file_name = os.path.basename(file_name.replace("\\", "/")) or "upload"
    _check_size(len(data), file_name, options.max_bytes)
    check_overrides(options)
    digest = sha256_hex(data)
    older = revision_target(store, options.revision_of, digest[:12])
    existing = find_by_sha256(store, digest)
    if existing is not None:
        return _already(existing[0], existing[1], existing[2], file_name, "duplicate")
    media_type = sniff(data, file_name)
    extraction = _extract(data, media_type, file_name, options)
    record, passages, text = _prepare(digest, data, file_name, extraction, options)
    same_text = find_by_content(store, record.content_hash or "")
    if same_text is not None:
        return _rendition(same_text, record, file_name)
    result = _result(record, passages, file_name)
    derived: dict[int, URIRef] = {}
    if older is not None:
        record.revision_of = older
        derived = _compare_versions(store, older, record, passages, result)
    graph = artefact_graph(record, passages, derived)
    _store_atomically(store, originals, data, text, graph)
    return result


def _already(
    iri: URIRef, artefact_id: str, title: str, file_name: str, status: str
) -> IngestResult:
    return IngestResult(
        artefact_id=artefact_id,
        artefact_iri=str(iri),
        status=status,
        title=title,
        file_name=file_name,
        message=f"already ingested as {artefact_id}",
    )


def _rendition(
    found: tuple[URIRef, str, str, str], record: ArtefactRecord, file_name: str
) -> IngestResult:
    """The file holds the same text as a stored document: a rendition of it, stored once."""
    iri, artefact_id, title, media_type = found
    result = _already(iri, artefact_id, title, file_name, "rendition")
    result.media_type = record.media_type
    result.message = (
        f"same text as {artefact_id} ({title!r}, {media_type or 'another format'}): this file"
        " is a rendition of that document, not a new one; nothing was added (to change its"
        " owner, version or dates, edit that document's details)"
    )
    return result


def check_overrides(options: IngestOptions) -> None:
    """Refuse override values that cannot be stored (bad dates, unknown types)."""
    for name in ("effective_date", "review_date"):
        value = getattr(options, name)
        if value:
            check_date(value, name.replace("_", " "))
    if options.artefact_type and options.artefact_type not in ARTEFACT_TYPES:
        raise InputError(
            f"unknown artefact type {options.artefact_type!r}",
            hint="use one of " + ", ".join(ARTEFACT_TYPES),
        )


def _extract(data: bytes, media_type: str, file_name: str, options: IngestOptions) -> Extraction:
    if options.worker is not None:
        return options.worker.read(data, media_type, file_name, options.limits)
    if options.parse_timeout_s is not None:
        with ReaderWorker(timeout_s=options.parse_timeout_s) as worker:
            return worker.read(data, media_type, file_name, options.limits)
    return read_document(data, media_type, file_name, options.limits)


def _prepare(
    digest: str, data: bytes, file_name: str, extraction: Extraction, options: IngestOptions
) -> tuple[ArtefactRecord, list[PassageRecord], str]:
    """The artefact record, its passages and the extracted text, all in memory."""
    blocks, spacing = mend_letter_spacing(extraction.blocks)
    extraction = dataclasses.replace(
        extraction, blocks=blocks, warnings=[*extraction.warnings, *spacing]
    )
    assembled = assemble(extraction.blocks)
    if not assembled.text.strip():
        raise EmptyFileError(
            file_name,
            "no text could be extracted from the document",
            hint="check the file opens and holds text; scans need OCR first",
        )
    overrides = {
        "title": options.title,
        "type": options.artefact_type,
        "owner": options.owner,
        "version": options.version,
        "effective_date": options.effective_date,
        "review_date": options.review_date,
    }
    meta = describe(extraction.blocks, assembled.text, extraction.metadata, overrides, file_name)
    record = ArtefactRecord(
        artefact_id=digest[:12],
        sha256=digest,
        title=meta.title,
        artefact_type=meta.artefact_type,
        media_type=extraction.media_type,
        byte_size=len(data),
        file_name=file_name,
        ingested_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        owner=meta.owner,
        version=meta.version,
        effective_date=meta.effective_date,
        review_date=meta.review_date,
        page_count=extraction.page_count,
        warnings=[*extraction.warnings, *meta.warnings],
        uploaded_by=(options.uploaded_by or "").strip() or None,
        content_hash=content_hash(assembled.text),
    )
    cut = build_row_passages if is_tabular(assembled) else build_passages
    passages = readable_passages(cut(assembled), record.warnings, file_name, extraction.media_type)
    return record, passages, assembled.text


#: What to do about unreadable text, by the kind of file: only a PDF or a Word document has
#: fonts and scans; a text-like file's unreadable text is a character-encoding problem.
_UNREADABLE_HINTS = {
    PDF: "run OCR on the document (e.g. ocrmypdf --force-ocr) or export it again with fonts"
    " embedded, then ingest the result",
    DOCX: "open it in Word or LibreOffice, check the text shows correctly, save it again"
    " (or export it as PDF) and ingest that copy",
}
_TEXT_UNREADABLE_HINT = (
    "save the file as UTF-8 text (in a text editor: Save As, encoding UTF-8; or"
    " `iconv -f <its encoding> -t UTF-8`) and ingest that copy"
)


def readable_passages(
    passages: list[PassageRecord],
    warnings: list[str],
    file_name: str,
    media_type: str = PDF,
) -> list[PassageRecord]:
    """The passages that read as text (renumbered); junk ones are left out with a warning.

    Raises :class:`UnreadableTextError` when nothing readable is left, with a hint that
    fits ``media_type`` (OCR for a PDF, re-saving as UTF-8 for a text file).
    """
    kept: list[PassageRecord] = []
    reasons: dict[str, int] = {}
    for passage in passages:
        reason = junk_reason(passage.text)
        if reason is None:
            kept.append(dataclasses.replace(passage, ordinal=len(kept)))
        else:
            reasons[reason] = reasons.get(reason, 0) + 1
    if reasons and not kept:
        raise UnreadableTextError(
            file_name,
            "the extracted text is unreadable: " + "; ".join(reasons),
            hint=_UNREADABLE_HINTS.get(media_type, _TEXT_UNREADABLE_HINT),
        )
    for reason, count in reasons.items():
        warnings.append(f"{count} passage(s) left out of matching: {reason}")
    return kept


def revision_target(store: GraphStore, revision_of: str | None, own_id: str) -> URIRef | None:
    """The artefact ``revision_of`` names, checked before anything is read or written: it
    must exist, be the current version (nothing supersedes it yet) and not be this file."""
    if not revision_of:
        return None
    wanted = document_id(store, revision_of)
    if wanted == own_id:
        raise RevisionTargetError(
            f"--revision-of {revision_of}: that is this very file (same bytes)",
            hint="name the earlier version's id, or leave --revision-of out",
        )
    rows = store.select(load_query("ingest", "revision_target", artefact=artefact_iri(wanted)))
    if not rows:
        raise DocumentNotFoundError(
            f"--revision-of {revision_of}: no such document",
            hint="list documents with `aimsgraph documents` and use an id from there",
        )
    newer = sorted(str(r["newerId"]) for r in rows if "newerId" in r)
    if newer:
        raise RevisionTargetError(
            f"--revision-of {revision_of}: that version is already superseded by {newer[0]}",
            hint=f"name the current version ({newer[0]}) as the one this file revises",
        )
    return artefact_iri(wanted)


def _compare_versions(
    store: GraphStore,
    older: URIRef,
    record: ArtefactRecord,
    passages: list[PassageRecord],
    result: IngestResult,
) -> dict[int, URIRef]:
    """Link unchanged passages to their old selves; list changed and removed ones."""
    old = passage_hashes(store, older)
    new_hashes = {p.text_hash for p in passages}
    derived: dict[int, URIRef] = {}
    for passage in passages:
        if passage.text_hash in old:
            derived[passage.ordinal] = old[passage.text_hash][0]
        else:
            result.changed_passages.append(str(passage_iri(record.artefact_id, passage.ordinal)))
    result.removed_passages = sorted(
        (str(iri) for h, (iri, _) in old.items() if h not in new_hashes), key=_ordinal_key
    )
    result.status = "revision"
    result.revision_of = str(older).rsplit("/", 1)[-1]
    result.message = f"new version of {result.revision_of}"
    return derived


def _ordinal_key(iri: str) -> int:
    return int(iri.rsplit("/", 1)[-1])


def _result(record: ArtefactRecord, passages: list[PassageRecord], file_name: str) -> IngestResult:
    return IngestResult(
        artefact_id=record.artefact_id,
        artefact_iri=str(record.iri),
        status="new",
        title=record.title,
        file_name=file_name,
        media_type=record.media_type,
        artefact_type=record.artefact_type,
        pages=record.page_count,
        passages=passages,
        warnings=list(record.warnings),
        message=f"ingested as {record.artefact_id}",
    )


def _store_atomically(
    store: GraphStore,
    originals: OriginalStore,
    data: bytes,
    text: str,
    graph: Graph,
) -> None:
    """Original first, then the graph in one update; undo the original if the graph write fails."""
    digest = originals.put(data, text)
    try:
        write_artefact(store, graph)
    except BaseException:
        originals.remove(digest)
        raise


def reconcile_originals(
    store: GraphStore, originals: OriginalStore, *, min_age_s: float = 0.0
) -> list[str]:
    """Delete stored originals that no artefact points to (a crash between the two writes),
    only those older than ``min_age_s`` (another process sharing the folder may be writing)."""
    originals.sweep_temporary(min_age_s)
    keep = artefact_digests(store)
    orphans = [
        digest
        for digest in originals.digests()
        if digest not in keep and originals.age_s(digest) >= min_age_s
    ]
    for digest in orphans:
        originals.remove(digest)
    return orphans


class IngestFailure(BaseModel):
    """One file of a batch that could not be ingested (the others still went in): the CLI's
    JSON row, the upload job's and the API's."""

    model_config = ConfigDict(extra="forbid")

    file: str
    path: str
    status: str = "failed"
    error: str = Field(description="The error code, e.g. unsupported_format.")
    message: str
    hint: str | None = None

    @classmethod
    def of(cls, path: Path, error: InputError | NotFoundError) -> IngestFailure:
        """The failure of ``path`` with ``error``."""
        code = str(getattr(error, "code", "error"))
        return cls(
            file=path.name, path=str(path), error=code, message=error.message, hint=error.hint
        )


def iter_files(paths: Iterable[Path], include: str | None = None) -> Iterator[Path]:
    """Files named directly, and regular files under folders (recursive, sorted, no hidden)."""
    for root in paths:
        root = Path(root)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                    continue
                if include and not (
                    fnmatch.fnmatch(path.name, include) or fnmatch.fnmatch(str(relative), include)
                ):
                    continue
                yield path
        else:
            yield root


def ingest_paths(
    store: GraphStore,
    originals: OriginalStore,
    paths: Iterable[Path],
    *,
    options: IngestOptions,
    include: str | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> tuple[list[IngestResult], list[IngestFailure]]:
    """Ingest many files; a bad one is recorded as a failure and the rest still go in."""
    results: list[IngestResult] = []
    failures: list[IngestFailure] = []
    for path in iter_files(paths, include):
        try:
            if not path.exists():
                raise IngestError(path.name, "no such file", hint="check the path")
            results.append(ingest_path(store, originals, path, options=options))
        except (InputError, NotFoundError) as error:
            failures.append(IngestFailure.of(path, error))
        if on_done is not None:
            on_done(path)
    return results, failures
