"""Receive an upload safely, then run the workspace's ingest on it as a background job.

An upload streams to a private folder ``data_dir/uploads/<random>/`` under a sanitised
name (the client's file name is data, never a path), counting bytes as they arrive: past
``max_upload_bytes`` the request stops with 413 and the partial file is deleted. The type
is decided from the content (:func:`ingest.sniff.sniff`, linear in the file's size, run in
a worker thread like every other CPU-bound step on the upload, so the event loop keeps
answering): unsupported content gets 415 before any job starts. Parse errors surface in the job (or as 422 with ``?wait=true``).
Ingest is atomic per document, so a failed job leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.errors import UnsupportedMediaError, UploadTooLargeError
from api.jobs import Job, JobRunner, Progress, discard_upload
from api.workspace import Workspace
from ingest.originals import safe_name
from ingest.pipeline import IngestOptions
from ingest.sniff import sniff
from ingest.worker import ReaderWorker
from ontology.errors import InputError

#: Bytes of multipart framing and form fields allowed on top of the file itself.
FORM_SLACK = 64 * 1024
_CHUNK = 1024 * 1024
FIELDS = ("type", "owner", "title", "version", "effective_date", "review_date", "revision_of")


@dataclass
class Upload:
    """A received file in its private folder, with the form's other fields."""

    path: Path
    original_name: str
    size: int
    media_type: str
    fields: dict[str, str] = field(default_factory=dict)
    csrf: str = ""


def _too_large(limit: int) -> UploadTooLargeError:
    return UploadTooLargeError(
        f"the upload is larger than the limit of {limit:,} bytes",
        hint="split the document, or ask the operator to raise AIMSGRAPH_MAX_UPLOAD_BYTES",
    )


async def _limited(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    total = 0
    async for chunk in stream:
        total += len(chunk)
        if total > limit + FORM_SLACK:
            raise _too_large(limit)
        yield chunk


async def _copy(source: UploadFile, target: Path, limit: int) -> int:
    size = 0
    with open(target, "wb") as out:
        while chunk := await source.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            out.write(chunk)
    return size


def _uploads_dir(ws: Workspace) -> Path:
    folder = ws.data_dir / "uploads" / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=False)
    return folder


def _check_headers(request: Request, limit: int) -> None:
    """Refuse early what the headers already show to be wrong: the type, a declared size."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedMediaError(
            "an upload must be sent as multipart/form-data with a 'file' part",
            hint="e.g. curl -F file=@policy.pdf …/api/documents",
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + FORM_SLACK:
        raise _too_large(limit)


@asynccontextmanager
async def _file_form(
    request: Request, limit: int, max_fields: int, missing: InputError
) -> AsyncIterator[tuple[UploadFile, FormData]]:
    """Parse a multipart form within ``limit`` bytes and yield its one ``file`` part with the
    form; ``missing`` is raised when there is no file part. The form is closed on the way out."""
    _check_headers(request, limit)
    parser = MultiPartParser(
        request.headers, _limited(request.stream(), limit), max_files=1, max_fields=max_fields
    )
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise InputError(
            f"malformed multipart upload: {error.message}", hint="send one 'file' part"
        ) from None
    try:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise missing
        yield part, form
    finally:
        await form.close()


async def receive_upload(request: Request, ws: Workspace) -> Upload:
    """Stream the multipart ``file`` part to disk within the size limit and sniff its type."""
    limit = ws.settings.max_upload_bytes
    missing = InputError(
        "the upload has no 'file' part", hint="send the document as the 'file' field"
    )
    async with _file_form(request, limit, len(FIELDS) + 3, missing) as (part, form):
        name = safe_name(part.filename)
        folder = _uploads_dir(ws)
        target = folder / name
        try:
            size = await _copy(part, target, limit)
            media_type = await run_in_threadpool(_sniff, target, part.filename or name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        values = {
            k: str(v).strip()
            for k, v in form.items()
            if k in FIELDS and isinstance(v, str) and v.strip()
        }
        csrf = form.get("csrf")
        return Upload(target, part.filename or name, size, media_type, values, str(csrf or ""))


@dataclass
class FormFile:
    """A small file sent with a form (an AI-system inventory), read into memory."""

    name: str
    data: bytes
    csrf: str = ""


async def receive_form_file(request: Request, limit: int) -> FormFile:
    """The multipart ``file`` part of a form, within ``limit`` bytes (413 past it)."""
    missing = InputError("the form has no file", hint="choose a file to upload")
    async with _file_form(request, limit, 3, missing) as (part, form):
        data = await part.read(limit + 1)
        if len(data) > limit:
            raise _too_large(limit)
        return FormFile(part.filename or "", data, str(form.get("csrf") or ""))


def _sniff(path: Path, name: str) -> str:
    return sniff(path.read_bytes(), safe_name(name))


def _options(
    ws: Workspace, upload: Upload, worker: ReaderWorker | None, by: str | None
) -> IngestOptions:
    given = upload.fields.get
    return IngestOptions(
        title=given("title"),
        artefact_type=given("type"),
        owner=given("owner"),
        version=given("version"),
        effective_date=given("effective_date"),
        review_date=given("review_date"),
        revision_of=given("revision_of"),
        uploaded_by=by,
        max_bytes=ws.settings.max_upload_bytes,
        worker=worker,
    )


def ingest_and_suggest(
    ws: Workspace,
    upload: Upload,
    report: Progress,
    worker: ReaderWorker | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """The job: the workspace's ingest of one upload (suggestions and carry-over included);
    ``by``, who uploads it, is kept with the document."""
    try:
        options = _options(ws, upload, worker, by)
        done = ws.ingest([upload.path], options, strict=True, report=report)
        return done.documents[0].model_dump()
    finally:
        discard_upload(upload.path)


def start_ingest(
    jobs: JobRunner, ws: Workspace, upload: Upload, owner: str, worker: ReaderWorker | None = None
) -> Job:
    """Queue the ingest-and-suggest job for an upload; the same file with the same fields sent
    again while its job is queued or running gets that job (its copy is discarded)."""

    def work(report: Progress) -> dict[str, Any]:
        return ingest_and_suggest(ws, upload, report, worker, owner)

    key = _job_key(upload)
    job, new = jobs.submit_once("ingest", upload.original_name, owner, work, key=key)
    if not new:
        discard_upload(upload.path)
    return job


def _job_key(upload: Upload) -> str:
    """The same bytes with the same metadata fields are the same ingest."""
    digest = hashlib.sha256(upload.path.read_bytes())
    for name, value in sorted(upload.fields.items()):
        digest.update(f"\0{name}={value}".encode())
    return "ingest:" + digest.hexdigest()
