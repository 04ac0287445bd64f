"""Reader failures said in our words: what is wrong with which file, and what to do.

Parsing libraries raise their own exceptions (pypdf's ``DependencyError``,
``LimitReachedError`` or ``DeprecationError``, python-docx's ``KeyError`` for a missing
relationship …). None of them may reach a user: :func:`translate` turns any exception a
reader raised into an :class:`~ingest.errors.IngestError` that names the file, says what
is wrong in plain words and suggests a fix. Known failures get their own message; anything
else becomes one clear "could not be read" error for that kind of file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.errors import (
    CorruptFileError,
    EncryptedPdfError,
    IngestError,
    MissingComponentError,
    ParseTimeoutError,
)
from ingest.sniff import DOCX, HTML, MARKDOWN, PDF, TEXT

if TYPE_CHECKING:
    from ingest.readers.base import Extraction
    from ingest.readers.limits import ReaderLimits

    ReadFunction = Callable[[bytes, str, str, ReaderLimits], Extraction]

KINDS = {PDF: "PDF", DOCX: "Word document", HTML: "HTML page", MARKDOWN: "Markdown file"}
KINDS[TEXT] = "text file"
_RESAVE = {
    PDF: "open it in a PDF viewer and export or print it to a new PDF, then ingest that copy",
    DOCX: "open it in Word or LibreOffice and save it again as .docx, then ingest that copy",
}
_DEFAULT_RESAVE = "save it again as UTF-8 text, PDF or DOCX and ingest that copy"


@dataclass(frozen=True)
class KnownFailure:
    """A library failure we recognise: by exception class name and message."""

    classes: tuple[str, ...]
    message: re.Pattern[str]
    build: Callable[[str, str], IngestError]


def _aes(file_name: str, kind: str) -> IngestError:
    return MissingComponentError(
        file_name,
        f"the {kind} is AES-encrypted and the decryption component (the 'cryptography'"
        " package) is not installed",
        hint="reinstall aimsgraph with its dependencies (pip install 'cryptography>=3.1');"
        " the file itself is fine",
    )


def _encrypted(file_name: str, kind: str) -> IngestError:
    return EncryptedPdfError(
        file_name,
        f"the {kind} is encrypted with a password",
        hint="remove the password (export or print an unprotected copy) and ingest that",
    )


def _jbig2(file_name: str, kind: str) -> IngestError:
    return MissingComponentError(
        file_name,
        f"the {kind} holds JBIG2-compressed images, which need the jbig2dec program",
        hint="install jbig2dec (Debian/Ubuntu: apt-get install jbig2dec), or export the PDF"
        " again without JBIG2 compression",
    )


def _limit(file_name: str, kind: str) -> IngestError:
    return ParseTimeoutError(
        file_name,
        f"the {kind} holds a stream that expands beyond the reader's safety limit",
        hint="this looks like a decompression bomb or an extremely large drawing; "
        + _RESAVE.get(PDF, _DEFAULT_RESAVE),
    )


def _filter_name(file_name: str, kind: str) -> IngestError:
    return CorruptFileError(
        file_name,
        f"the {kind} uses an abbreviated stream filter name (such as /A85) that only"
        " inline images may use",
        hint=_RESAVE[PDF],
    )


def strict_ooxml_error(file_name: str, kind: str = KINDS[DOCX]) -> IngestError:
    """The error for a DOCX saved as Strict Open XML."""
    return CorruptFileError(
        file_name,
        f"the {kind} is saved as 'Strict Open XML', a DOCX variant the reader cannot open",
        hint="in Word choose Save As > 'Word Document (*.docx)' (not Strict Open XML) and"
        " ingest that copy",
    )


def _not_docx(file_name: str, kind: str) -> IngestError:
    return CorruptFileError(
        file_name,
        f"the {kind} lacks its main document part (it is a zip, but not a complete .docx)",
        hint=_RESAVE[DOCX],
    )


KNOWN: tuple[KnownFailure, ...] = (
    KnownFailure(("DependencyError",), re.compile(r"cryptography|AES", re.I), _aes),
    KnownFailure(("FileNotDecryptedError",), re.compile(""), _encrypted),
    KnownFailure((), re.compile(r"jbig2", re.I), _jbig2),
    KnownFailure(("LimitReachedError",), re.compile(""), _limit),
    KnownFailure(("DeprecationError",), re.compile(r"filter name|/A85|/AHx", re.I), _filter_name),
    KnownFailure(("KeyError",), re.compile(r"purl\.oclc\.org/ooxml", re.I), strict_ooxml_error),
    KnownFailure(("KeyError",), re.compile(r"officeDocument", re.I), _not_docx),
)


def _class_names(error: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(error).__mro__}


def translate(error: Exception, media_type: str, file_name: str) -> IngestError:
    """An :class:`IngestError` in our words for any exception a reader raised."""
    if isinstance(error, IngestError):
        return error
    kind = KINDS.get(media_type, "file")
    names, message = _class_names(error), str(error)
    for known in KNOWN:
        if known.classes and not names & set(known.classes):
            continue
        if known.message.search(message):
            return known.build(file_name, kind)
    if isinstance(error, RecursionError):
        return CorruptFileError(
            file_name,
            f"the {kind} nests its structure too deeply to read safely",
            hint=_RESAVE.get(media_type, _DEFAULT_RESAVE),
        )
    if isinstance(error, MemoryError):
        return ParseTimeoutError(
            file_name,
            f"reading the {kind} needed more memory than the reader may use",
            hint="the file is too complex to read safely; "
            + _RESAVE.get(media_type, _DEFAULT_RESAVE),
        )
    return CorruptFileError(
        file_name,
        f"the {kind} is damaged or uses a structure the reader does not understand",
        hint=_RESAVE.get(media_type, _DEFAULT_RESAVE),
    )


def said_in_our_words(read: ReadFunction) -> ReadFunction:
    """Wrap a ``read(data, media_type, file_name, limits)`` so it raises only ingest errors."""

    @functools.wraps(read)
    def wrapper(data: bytes, media_type: str, file_name: str, limits: ReaderLimits) -> Extraction:
        try:
            return read(data, media_type, file_name, limits)
        except IngestError:
            raise
        except Exception as error:  # noqa: BLE001 - the reader boundary: every failure translated
            raise translate(error, media_type, file_name) from None

    return wrapper
