"""Character encodings of text files: declared, detected, or refused as binary.

Text, Markdown and HTML files carry no reliable label. We decode, in order:

1. a byte-order mark (UTF-8, UTF-16) says the encoding outright;
2. valid UTF-8 is UTF-8 (a legacy encoding almost never is);
3. an HTML ``<meta charset>`` (or ``http-equiv`` content type) is honoured when Python
   knows the name and the bytes decode with it;
4. otherwise the encoding is *detected* with charset-normalizer (a maintained detector
   that scores each candidate decoding for mess and language coherence). Where Windows-1252
   scores as well as the best candidate (short Western texts fit several code pages
   equally), it wins: it is the commonest legacy encoding of Western documents.

A detected encoding always comes with a warning naming it, so a reviewer knows the text was
guessed; a detection that still looks like a mess, or a fallback, says so louder.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: Share of suspicious characters (charset-normalizer's "chaos") above which a decoding is
#: flagged as probably wrong.
MAX_CHAOS = 0.1
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_PREFERRED = "cp1252"


@dataclass(frozen=True)
class DecodedText:
    """Text with the encoding it was read in and, when it was guessed, a warning."""

    text: str
    encoding: str
    warning: str | None = None


def decode_document(data: bytes, *, html: bool = False) -> DecodedText | None:
    """``data`` as text (see the module docstring), or None when it is binary."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(data.decode("utf-8-sig", errors="replace"), "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if html else None
    if declared is not None:
        return declared
    if _control_share(data[:8192]) > 0.01:
        return None
    return _detect(data)


def _declared_charset(data: bytes) -> DecodedText | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    try:
        encoding = codecs.lookup(name).name
        return DecodedText(data.decode(encoding), encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _control_share(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / max(1, len(sample))


def _detect(data: bytes) -> DecodedText:
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        text = data.decode(_PREFERRED, errors="replace")
        return DecodedText(
            text,
            _PREFERRED,
            "the character encoding could not be detected; read as Windows-1252,"
            " some characters may be wrong (save the file as UTF-8 and ingest it again)",
        )
    best = results[0]
    for other in results:
        if (
            other.encoding == _PREFERRED
            and other.chaos <= best.chaos + 0.001
            and other.coherence >= best.coherence - 0.01
        ):
            best = other
            break
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    if best.chaos > MAX_CHAOS:
        warning = (
            f"no character encoding declared; the best guess ({encoding}) still reads as a"
            " mess, so the text is probably garbled (save the file as UTF-8 and ingest it again)"
        )
    else:
        warning = (
            f"no character encoding declared; detected {encoding}"
            + (f" ({best.language})" if best.language and best.language != "Unknown" else "")
            + " (save the file as UTF-8 to be sure)"
        )
    return DecodedText(text, encoding, warning)


def text_of(data: bytes, warnings: list[str], *, html: bool = False) -> str:
    """The decoded text of a text-like file, its encoding warning appended to ``warnings``."""
    decoded = decode_document(data, html=html)
    if decoded is None:
        return ""
    if decoded.warning:
        warnings.append(decoded.warning)
    return decoded.text
