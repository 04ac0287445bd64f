"""Which stored document a file may be a new version of: proposals, never decisions.

Revisions are explicit (``revision_of``); the upload form asks :func:`preview_bytes` first
and proposes what it finds for the user to confirm. A file is read as ingest would read it
(same limits, same parser sandbox) and compared with the current documents (those no newer
version supersedes): the same title, passages with the same normalised text, or the same
text altogether (a rendition: ingest would add nothing). Callers may add their own
evidence (the API adds embedding similarity) with :func:`merge_candidate`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal

from ingest.artefacts import find_by_content, find_by_sha256
from ingest.originals import sha256_hex
from ingest.passages import PassageRecord
from ingest.pipeline import IngestOptions, _check_size, _extract, _prepare, check_overrides
from ingest.sniff import sniff
from ontology.query_files import load_query
from ontology.store import GraphStore


@dataclass
class Candidate:
    """A current document the file may be a new version of, and why."""

    id: str
    title: str | None
    reasons: list[str] = field(default_factory=list)
    #: Share of the file's passages that the candidate holds with the same text (0–1).
    shared: float = 0.0
    same_title: bool = False

    @property
    def rank(self) -> tuple[float, bool, str]:
        return (self.shared, self.same_title, self.id)


@dataclass
class Preview:
    """What ingest would do with a file, and the earlier versions it may revise."""

    file_name: str
    status: str  # new | duplicate | rendition
    title: str | None = None
    media_type: str | None = None
    passages: int = 0
    document: str | None = None
    message: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def result(self) -> UploadPreview:
        """What the faces show: the file, and its candidates best first."""
        return UploadPreview(
            file=self.file_name,
            status=self.status,
            title=self.title,
            media_type=self.media_type,
            passages=self.passages,
            document=self.document,
            message=self.message,
            candidates=[
                RevisionCandidate(
                    id=c.id, title=c.title, reasons=c.reasons, shared=round(c.shared, 3)
                )
                for c in sorted(self.candidates, key=lambda c: c.rank, reverse=True)
            ],
        )


class RevisionCandidate(BaseModel):
    """A current document the file may be a new version of."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None = None
    reasons: list[str] = Field(default_factory=list, description="Why it is proposed.")
    shared: float = Field(default=0.0, description="Share of the file's passages found in it.")


class UploadPreview(BaseModel):
    """What an upload would be (nothing is written) and its likely earlier versions
    (``POST /api/documents/candidates``, the upload form's proposal)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    status: str = Field(description="new, duplicate (same bytes) or rendition (same text).")
    title: str | None = None
    media_type: str | None = None
    passages: int = 0
    document: str | None = Field(
        default=None, description="For a duplicate or rendition: the stored document's id."
    )
    message: str = ""
    candidates: list[RevisionCandidate] = Field(
        default_factory=list, description="Likely earlier versions, best first; confirm one."
    )


def preview_bytes(
    store: GraphStore, data: bytes, file_name: str, *, options: IngestOptions
) -> Preview:
    """Read ``data`` as ingest would and say what it would be; nothing is written."""
    file_name = os.path.basename(file_name.replace("\\", "/")) or "upload"
    _check_size(len(data), file_name, options.max_bytes)
    check_overrides(options)
    digest = sha256_hex(data)
    same = find_by_sha256(store, digest)
    if same is not None:
        return Preview(
            file_name,
            "duplicate",
            same[2],
            document=same[1],
            message=f"already ingested as {same[1]}",
        )
    extraction = _extract(data, sniff(data, file_name), file_name, options)
    record, passages, _ = _prepare(digest, data, file_name, extraction, options)
    preview = Preview(file_name, "new", record.title, record.media_type, len(passages))
    preview.texts = [p.text for p in passages]
    rendition = find_by_content(store, record.content_hash or "")
    if rendition is not None:
        preview.status, preview.document = "rendition", rendition[1]
        preview.message = (
            f"same text as {rendition[1]} ({rendition[2]!r}, {rendition[3] or 'another format'}):"
            " this file is a rendition of that document; uploading it adds nothing"
        )
        return preview
    preview.candidates = _candidates(store, record.title, passages)
    return preview


def _candidates(store: GraphStore, title: str, passages: list[PassageRecord]) -> list[Candidate]:
    found: dict[str, Candidate] = {}
    rows = store.select(load_query("ingest", "current_by_title", title=Literal(title)))
    for row in rows:
        merge_candidate(found, str(row["id"]), title, "same title", same_title=True)
    hashes = sorted({p.text_hash for p in passages})
    if hashes:
        query = load_query("ingest", "shared_passages", hash=[Literal(h) for h in hashes])
        for row in store.select(query)[:5]:
            shared = int(str(row["shared"]))
            share = shared / len(hashes)
            reason = f"{shared} of its {len(hashes)} passages unchanged"
            merge_candidate(found, str(row["id"]), _text(row.get("title")), reason, shared=share)
    return sorted(found.values(), key=lambda c: c.rank, reverse=True)


def merge_candidate(
    found: dict[str, Candidate],
    document: str,
    title: str | None,
    reason: str,
    *,
    shared: float = 0.0,
    same_title: bool = False,
) -> None:
    """Add ``document`` to ``found`` with ``reason``, or add the reason to it."""
    candidate = found.setdefault(document, Candidate(document, title))
    candidate.reasons.append(reason)
    candidate.shared = max(candidate.shared, shared)
    candidate.same_title = candidate.same_title or same_title


def _text(term: object) -> str | None:
    return None if term is None else str(term)
