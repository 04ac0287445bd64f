"""Errors of ingest: each names the file and the problem, and says what to do.

    InputError (ontology.errors)
    └── IngestError                 a document could not be ingested
        ├── EmptyFileError          the file has no bytes, or no text at all
        ├── FileTooLargeError       over the configured size limit
        ├── UnsupportedTypeError    the content is not PDF, DOCX, XLSX, CSV, Markdown, HTML or text
        ├── CorruptFileError        the file is damaged or truncated
        ├── EncryptedPdfError       the PDF needs a password
        ├── NoTextLayerError        an image-only PDF: nothing to read without OCR
        ├── UnreadableTextError     text was extracted, but all of it is junk (glyph names …)
        ├── MissingComponentError   the file needs a decoder that is not installed
        ├── ZipBombError            a DOCX or XLSX that would expand beyond safe limits
        ├── NestingTooDeepError     HTML nested deeper than the parser's limit
        └── ParseTimeoutError       a parser ran past its time or memory bound
    └── RevisionTargetError         --revision-of names a superseded document, or the file itself
    NotFoundError (ontology.errors)
    └── DocumentNotFoundError       an unknown artefact id

Every ingest error keeps the file's *name* (never its directory) in ``file_name`` so a batch
can report which document failed.
"""

from __future__ import annotations

from ontology.errors import InputError, NotFoundError


class IngestError(InputError):
    """A document could not be ingested; nothing of it was kept."""

    code = "ingest_failed"

    def __init__(self, file_name: str, problem: str, *, hint: str | None = None) -> None:
        super().__init__(f"{file_name}: {problem}", hint=hint)
        self.file_name = file_name
        self.problem = problem


class EmptyFileError(IngestError):
    code = "empty_file"


class FileTooLargeError(IngestError):
    code = "file_too_large"
    status = 413


class UnsupportedTypeError(IngestError):
    code = "unsupported_type"
    status = 415


class CorruptFileError(IngestError):
    code = "corrupt_file"


class EncryptedPdfError(IngestError):
    code = "encrypted_pdf"


class NoTextLayerError(IngestError):
    code = "no_text_layer"


class UnreadableTextError(IngestError):
    code = "unreadable_text"


class MissingComponentError(IngestError):
    code = "missing_component"


class ZipBombError(IngestError):
    code = "zip_bomb"


class NestingTooDeepError(IngestError):
    code = "nesting_too_deep"


class ParseTimeoutError(IngestError):
    code = "parse_timeout"


class RevisionTargetError(InputError):
    """The document named as the previous version cannot be one (nothing was written)."""

    code = "bad_revision"


class DocumentNotFoundError(NotFoundError):
    code = "document_not_found"


#: Error classes by code, so a worker process can send an error back by name.
ERRORS_BY_CODE: dict[str, type[IngestError]] = {
    cls.code: cls
    for cls in (
        IngestError,
        EmptyFileError,
        FileTooLargeError,
        UnsupportedTypeError,
        CorruptFileError,
        EncryptedPdfError,
        NoTextLayerError,
        UnreadableTextError,
        MissingComponentError,
        ZipBombError,
        NestingTooDeepError,
        ParseTimeoutError,
    )
}
