"""Predefined CJK CMaps that pypdf does not know, taught to it before a PDF is read.

A CJK PDF may name one of Adobe's predefined CMaps as its font encoding instead of
embedding a map to Unicode (``/EUC-V``, ``/90msp-RKSJ-H``, ``/KSCms-UHC-H``, ``/B5pc-V``,
``/UniJIS-UTF8-V`` …). Each is a legacy or Unicode byte encoding that Python has a codec
for. pypdf knows some of them (``/90ms-RKSJ-V``, ``/UniJIS-UTF16-H``, ``/GBK-EUC-H`` …); for
any other it silently decodes the bytes as UTF-16, and a Japanese policy comes out as
Hangul and Yi syllables that no one wrote. poppler reads the same files correctly.

:func:`teach_pypdf` adds the missing names to pypdf's table of predefined CMaps (names
already there are left alone). Horizontal (``-H``) and vertical (``-V``) variants encode
characters the same way; only the glyphs' placement differs, which text extraction ignores.
The ISO-2022 based ``/H``, ``/V`` and EUC-TW based ``/CNS-EUC-*`` CMaps have no Python
codec and stay unknown.
"""

from __future__ import annotations

import logging

#: Encoding (CMap name without the -H/-V suffix) → Python codec.
CMAP_CODECS = {
    # Japanese
    "EUC": "euc_jp",
    "83pv-RKSJ": "cp932",
    "90pv-RKSJ": "cp932",
    "90msp-RKSJ": "cp932",
    "Add-RKSJ": "cp932",
    "Ext-RKSJ": "cp932",
    "UniJIS-UTF8": "utf-8",
    "UniJIS-UTF32": "utf-32-be",
    "UniJIS2004-UTF8": "utf-8",
    "UniJIS2004-UTF16": "utf-16-be",
    "UniJIS2004-UTF32": "utf-32-be",
    "UniJISX0213-UTF32": "utf-32-be",
    "UniJISX02132004-UTF32": "utf-32-be",
    # Korean
    "KSC-EUC": "euc_kr",
    "KSCpc-EUC": "cp949",
    "KSCms-UHC": "cp949",
    "KSCms-UHC-HW": "cp949",
    "UniKS-UTF8": "utf-8",
    "UniKS-UTF16": "utf-16-be",
    "UniKS-UTF32": "utf-32-be",
    # Chinese, traditional
    "B5pc": "big5",
    "HKscs-B5": "big5hkscs",
    "ETHK-B5": "big5hkscs",
    "UniCNS-UTF8": "utf-8",
    "UniCNS-UTF32": "utf-32-be",
    # Chinese, simplified
    "GBKp-EUC": "gbk",
    "GBT-EUC": "gb2312",
    "GBTpc-EUC": "gb2312",
    "UniGB-UTF8": "utf-8",
    "UniGB-UTF32": "utf-32-be",
}


def predefined_cmaps() -> dict[str, str]:
    """Every CMap name this module adds (``/EUC-H``, ``/EUC-V`` …) with its codec."""
    return {
        f"/{name}-{direction}": codec
        for name, codec in CMAP_CODECS.items()
        for direction in ("H", "V")
    }


def teach_pypdf() -> int:
    """Add the missing CMaps to pypdf's table; return how many were added (0 when pypdf
    keeps no such table, in which case nothing changes)."""
    try:
        from pypdf import _cmap
    except ImportError:  # pragma: no cover - pypdf is a dependency
        return 0
    table = getattr(_cmap, "_predefined_cmap", None)
    if not isinstance(table, dict):
        logging.getLogger(__name__).debug("pypdf has no predefined CMap table to extend")
        return 0
    added = 0
    for name, codec in predefined_cmaps().items():
        if name not in table:
            table[name] = codec
            added += 1
    return added
