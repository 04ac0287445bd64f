"""Documents (artefacts): upload, list, get, passages, the original file, delete (admins)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import Admin, Reviewer, Viewer
from api.dependencies import JobsDep, WorkspaceDep
from api.errors import error_body
from api.jobs import discard_upload
from api.operations.documents import (
    DeletedDocument,
    Document,
    DocumentDetail,
    DocumentEdit,
    Passage,
    check_upload_fields,
)
from api.schemas import JobInfo, errors
from api.uploads import FIELDS, receive_upload, start_ingest
from ingest.candidates import UploadPreview
from ingest.originals import safe_name
from ingest.pipeline import IngestOptions
from ontology.errors import InputError, NotFoundError

router = APIRouter(prefix="/documents", tags=["documents"])
#: A document id: the first 12 hex digits of the SHA-256 of its bytes.
DocumentId = Annotated[
    str,
    Path(pattern=r"^[0-9a-f]{12}$", description="12 hex digits", examples=["8bbd9583e9d6"]),
]

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "PDF, DOCX, Markdown, HTML or text",
                        },
                        **{name: {"type": "string"} for name in FIELDS},
                    },
                }
            }
        },
    }
}


@router.get("", response_model=list[Document], responses=errors(), summary="List documents")
def list_documents(
    ws: WorkspaceDep,
    _: Viewer,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Documents to skip (paging).")] = 0,
) -> list[Document]:
    """The artefacts, newest first, ``limit`` (100 unless given) from ``offset``: ``id``,
    ``title``, ``type``, ``sha256``, ``passages`` (a count) … ``X-Total-Count`` holds how
    many there are."""
    response.headers["X-Total-Count"] = str(ws.count_documents())
    return ws.documents(limit=limit, offset=offset)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobInfo,
    responses={**errors(413, 415), 201: {"model": JobInfo, "description": "Ingested (wait=true)."}},
    openapi_extra=_UPLOAD_BODY,
    summary="Upload a document",
)
async def upload_document(
    request: Request,
    ws: WorkspaceDep,
    jobs: JobsDep,
    principal: Reviewer,
    wait: Annotated[bool, Query(description="Answer when ingest and suggestion are done.")] = False,
) -> Any:
    """Stream a file in, then ingest it and suggest its evidence in a background job.

    Answers 202 with the job to poll at ``/api/jobs/{id}``; with ``wait=true``, 201 with the
    finished job, or the job's error (422 for a document that cannot be parsed). Form fields
    ``title``, ``type``, ``owner``, ``version``, ``effective_date`` and ``review_date``
    (YYYY-MM-DD) set its metadata; a bad one is refused (422) before any job starts.
    ``revision_of`` (a document id) makes it a new version of that document, which must be
    the current version (404 for an unknown id, 422 for a superseded one); nothing else is
    ever taken for an earlier version (``POST /api/documents/candidates`` proposes some). The same
    file sent again while its job is still queued or running answers that job, not a new one.
    """
    upload = await receive_upload(request, ws)
    try:
        check_upload_fields(upload.fields)
        await run_in_threadpool(ws.check_revision_of, upload.fields)
    except (InputError, NotFoundError):
        discard_upload(upload.path)
        raise
    reader = request.app.state.reader
    job = await run_in_threadpool(start_ingest, jobs, ws, upload, principal.name, reader)
    if not wait:
        return JSONResponse(
            job.to_json(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"}
        )
    done = await run_in_threadpool(jobs.wait, job.id)
    if done.status == "failed" and done.error is not None:
        body = error_body(
            done.error["code"], done.error["message"], done.error.get("hint"), job=done.id
        )
        return JSONResponse(body, status_code=done.error_status)
    return JSONResponse(done.to_json(), status_code=201)


@router.post(
    "/candidates",
    response_model=UploadPreview,
    responses=errors(413, 415),
    openapi_extra=_UPLOAD_BODY,
    summary="What an upload would be, and which document it may be a new version of",
)
async def upload_candidates(
    request: Request, ws: WorkspaceDep, principal: Reviewer
) -> UploadPreview:
    """Read a file as an upload would (nothing is stored) and answer its status (``new``,
    ``duplicate``, or ``rendition``: the same text as a stored document in another format)
    and ``candidates``: current documents it may be a new version of (same title, passages
    with the same text, passages that read alike), best first. Nothing becomes a revision
    until the upload names one in ``revision_of``."""
    upload = await receive_upload(request, ws)
    try:
        options = IngestOptions(
            max_bytes=ws.settings.max_upload_bytes, worker=request.app.state.reader
        )
        return await run_in_threadpool(ws.preview_upload, upload.path, options)
    finally:
        discard_upload(upload.path)


@router.get(
    "/{document_id}", response_model=DocumentDetail, responses=errors(), summary="One document"
)
def get_document(document_id: DocumentId, ws: WorkspaceDep, _: Viewer) -> DocumentDetail:
    """An artefact's metadata and its passages."""
    return ws.document(document_id)


@router.patch(
    "/{document_id}",
    response_model=Document,
    responses=errors(),
    summary="Edit a document's metadata",
)
def edit_document(
    document_id: DocumentId, body: DocumentEdit, ws: WorkspaceDep, principal: Reviewer
) -> Document:
    """Set the title, type, owner, version, effective or review date (YYYY-MM-DD).

    A field left out stays as it is; ``null`` or ``""`` clears it (a title cannot be
    cleared). The review date decides whether the document's confirmed evidence counts.
    Each changed field is logged (audit log kind ``metadata``: before, after, who, when).
    """
    return ws.edit_document(document_id, body, principal.actor)


@router.get(
    "/{document_id}/passages", response_model=list[Passage], responses=errors(), summary="Passages"
)
def get_passages(document_id: DocumentId, ws: WorkspaceDep, _: Viewer) -> list[Passage]:
    """The passages of an artefact in order, each with text, page, section and offsets."""
    return ws.document(document_id).passage_list


@router.get(
    "/{document_id}/original",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}, **errors()},
    summary="Download the original file",
)
def download_original(document_id: DocumentId, ws: WorkspaceDep, _: Viewer) -> FileResponse:
    """The uploaded bytes, as an attachment under a sanitised version of their name."""
    document = ws.document(document_id)
    digest = document.sha256 or ""
    if not digest or not ws.originals.has(digest):
        raise NotFoundError(
            f"the original file of document {document_id!r} is missing",
            hint="restore the data directory's originals/ folder from a backup",
        )
    original = document.file_name or document_id
    name = safe_name(original, fallback=document_id)
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return FileResponse(
        ws.originals.path(digest),
        media_type=document.media_type or "application/octet-stream",
        headers={"Content-Disposition": disposition},
    )


@router.delete(
    "/{document_id}",
    response_model=DeletedDocument,
    responses={
        **errors(),
        200: {
            "description": "What was removed.",
            "content": {
                "application/json": {
                    "example": {
                        "id": "8bbd9583e9d6",
                        "title": "AI policy",
                        "passages": 14,
                        "links": 18,
                        "supports": 40,
                        "tombstoned_links": 1,
                        "vectors": 14,
                        "original_removed": True,
                        "deleted_at": "2026-01-05T10:00:00+00:00",
                    }
                }
            },
        },
    },
    summary="Delete a document (admins)",
)
def delete_document(document_id: DocumentId, ws: WorkspaceDep, _: Admin) -> DeletedDocument:
    """Remove a document, its passages, evidence links, vectors and original file.

    Review decisions stay in the audit graph, which also gets a tombstone
    (``prov:invalidatedAtTime``) for the document and for each link a decision refers to.
    """
    return ws.delete_document(document_id)
