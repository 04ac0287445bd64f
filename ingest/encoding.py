"""Character encodings of text files: declared, detected, or refused as binary.

Text, Markdown and HTML files carry no reliable label. We decode, in order:

1. a byte-order mark (UTF-8, UTF-16 or UTF-32, either byte order) says the encoding
   outright;
2. ISO-2022 escape sequences (ISO-2022-JP, -JP-2, -KR: 7-bit text that is also valid
   UTF-8) name theirs, with a warning;
3. valid UTF-8 is UTF-8 (a legacy encoding almost never is);
4. an HTML ``<meta charset>`` (or ``http-equiv`` content type) is honoured when Python
   knows the name and the bytes decode with it;
5. otherwise the encoding is *detected* with charset-normalizer (a maintained detector
   that scores each candidate decoding for mess and language coherence). Where Windows-1252
   scores as well as the best candidate (short Western texts fit several code pages
   equally), it wins: it is the commonest legacy encoding of Western documents. Where the
   best candidate still reads as a mess, EUC-TW (which the detector does not know, see
   :mod:`ingest.euc_tw`) is tried.

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
    marked = _byte_order_mark(data)
    if marked is not None:
        return marked
    if b"\x00" in data[:8192]:
        return None
    escaped = _iso2022(data)
    if escaped is not None:
        return escaped
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


#: Byte-order marks, longest first: UTF-32-LE's begins with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def _byte_order_mark(data: bytes) -> DecodedText | None:
    """Text that a byte-order mark names the encoding of (a damaged tail is replaced by
    U+FFFD and said in a warning), or None without a mark."""
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            body = data[len(mark) :]
            try:
                return DecodedText(body.decode(codec), name)
            except UnicodeDecodeError:
                text = body.decode(codec, errors="replace")
                return DecodedText(
                    text,
                    name,
                    f"the file is marked as {name.upper()} but some bytes are not valid"
                    " in it; they were replaced (save the file as UTF-8 and ingest it again)",
                )
    return None


#: ISO-2022 escape sequences (ESC, then a designation) that name their encoding outright.
_ISO2022 = (
    (re.compile(rb"\x1b\$\)C"), "iso2022_kr", "ISO-2022-KR"),
    (re.compile(rb"\x1b\$A|\x1b\$\([CD]|\x1bN|\x1b\.[AF]"), "iso2022_jp_2", "ISO-2022-JP-2"),
    (re.compile(rb"\x1b(\$[@B]|\$\([BOPQ]|\([BIJ])"), "iso2022_jp_ext", "ISO-2022-JP"),
)


def _iso2022(data: bytes) -> DecodedText | None:
    """Text in an ISO-2022 encoding (7-bit, with escape sequences), or None.

    Escape sequences are also valid UTF-8, so this runs first: read as UTF-8, ISO-2022-JP
    and ISO-2022-KR text is escape codes around ASCII letters that no one wrote.
    """
    if b"\x1b" not in data or not data.isascii():
        return None
    for pattern, codec, name in _ISO2022:
        if pattern.search(data):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
            return DecodedText(
                text,
                codec,
                f"no character encoding declared; detected {name} from its"
                " escape sequences (save the file as UTF-8 to be sure)",
            )
    return None


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
    if not results or results[0].chaos > MAX_CHAOS:
        euc_tw = _euc_tw(data, results[0].chaos if results else 1.0)
        if euc_tw is not None:
            return euc_tw
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


def _euc_tw(data: bytes, chaos: float) -> DecodedText | None:
    """EUC-TW text (:mod:`ingest.euc_tw`), where it reads better than ``chaos``, else None."""
    from charset_normalizer.md import mess_ratio

    from ingest.euc_tw import decode_euc_tw

    text = decode_euc_tw(data)
    if text is None or text.count("\ufffd") > 0.01 * max(1, len(text)):
        return None
    if mess_ratio(text) >= min(chaos, MAX_CHAOS):
        return None
    return DecodedText(
        text,
        "euc_tw",
        "no character encoding declared; detected EUC-TW (Traditional Chinese)"
        " (save the file as UTF-8 to be sure)",
    )


def text_of(data: bytes, warnings: list[str], *, html: bool = False) -> str:
    """The decoded text of a text-like file, its encoding warning appended to ``warnings``."""
    decoded = decode_document(data, html=html)
    if decoded is None:
        return ""
    if decoded.warning:
        warnings.append(decoded.warning)
    return decoded.text
