"""Before an upload: what the file would be, and which document it may be a new version of.

:meth:`RevisionOperations.preview_upload` backs ``POST /api/documents/candidates`` and the
upload form's proposal. Revisions are never guessed at ingest (``revision_of`` names them); this only
proposes: the same title, passages with the same text (:mod:`ingest.candidates`), and
passages that read alike to the embedding model (cosine of nearest stored passages).
The user confirms a proposal by choosing it as "new version of".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from api.operations.documents import DocumentOperations

if TYPE_CHECKING:
    from ingest.candidates import Candidate, Preview, UploadPreview
    from ingest.pipeline import IngestOptions

#: A new passage "reads alike" a stored one at this cosine or above.
SIMILAR_COSINE = 0.9
#: A document is proposed when at least this share of the file's passages read alike one of
#: its passages.
SIMILAR_SHARE = 0.5
#: Passages of the file embedded for the comparison (the first ones).
SAMPLE = 24


def _add_similar(ws: DocumentOperations, preview: Preview) -> None:
    """Propose the current documents most of whose passages the file's passages read like."""
    from ingest.candidates import merge_candidate

    texts = preview.texts[:SAMPLE]
    hits = ws.index.search(ws.embedder.encode(texts), 1)
    near = Counter(
        _artefact_of(found[0][0]) for found in hits if found and found[0][1] >= SIMILAR_COSINE
    )
    current = {d.id: d for d in ws.documents(ids=list(near)) if not d.superseded_by}
    found: dict[str, Candidate] = {c.id: c for c in preview.candidates}
    for document, count in near.most_common(3):
        share = count / len(texts)
        if document in current and share >= SIMILAR_SHARE:
            reason = f"{count} of {len(texts)} passages read alike (embedding similarity)"
            merge_candidate(found, document, current[document].title, reason, shared=share)
    preview.candidates = list(found.values())


def _artefact_of(passage_iri: str) -> str:
    """``…/artefact/<id>/passage/<n>`` → ``<id>``."""
    return passage_iri.rsplit("/passage/", 1)[0].rsplit("/", 1)[-1]


class RevisionOperations(DocumentOperations):
    """Before an upload: what the file would be, and which document it may revise."""

    def preview_upload(self, path: Path, options: IngestOptions) -> UploadPreview:
        """Read the uploaded file as ingest would and propose the documents it may revise."""
        from ingest.candidates import preview_bytes

        preview = preview_bytes(self.store, path.read_bytes(), path.name, options=options)
        if preview.status == "new" and preview.texts and self.has_index():
            _add_similar(self, preview)
        return preview.result()
