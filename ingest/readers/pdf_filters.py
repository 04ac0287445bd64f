"""Abbreviated stream filter names, written out so pypdf decodes the stream.

The PDF standard allows the short filter names (``/A85``, ``/AHx``, ``/Fl`` …) only on
inline images, but some producers put them on ordinary streams. Readers such as poppler
accept them; pypdf 7 refuses with a ``DeprecationError``. Where that happens the PDF reader
calls :func:`expand_filter_names`, which renames them in place on the parsed objects
(never in the file), and extracts again.
"""

from __future__ import annotations

from typing import Any

FULL_NAMES = {
    "/A85": "/ASCII85Decode",
    "/AHx": "/ASCIIHexDecode",
    "/Fl": "/FlateDecode",
    "/LZW": "/LZWDecode",
    "/RL": "/RunLengthDecode",
    "/CCF": "/CCITTFaxDecode",
    "/DCT": "/DCTDecode",
}
#: Most objects visited per document (a bound on hostile object graphs).
MAX_OBJECTS = 100_000


def is_filter_name_error(error: Exception) -> bool:
    """Whether ``error`` is pypdf refusing an abbreviated filter name."""
    return type(error).__name__ == "DeprecationError" and "filter name" in str(error).lower()


def expand_filter_names(reader: Any) -> int:
    """Rename abbreviated filters on every stream reachable from the pages; return the count."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    renamed = 0
    seen: set[int] = set()
    stack: list[Any] = [page for page in reader.pages]
    while stack and len(seen) < MAX_OBJECTS:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, DictionaryObject):
            renamed += _rename(item, NameObject, ArrayObject)
            stack.extend(v for k, v in item.items() if k != "/Parent")
    return renamed


def _rename(item: Any, name: Any, array: Any) -> int:
    value = item.get("/Filter")
    if isinstance(value, str) and value in FULL_NAMES:
        item[name("/Filter")] = name(FULL_NAMES[value])
        return 1
    if isinstance(value, array):
        names = [name(FULL_NAMES.get(str(v), str(v))) for v in value]
        changed = sum(str(v) in FULL_NAMES for v in value)
        if changed:
            item[name("/Filter")] = array(names)
        return changed
    return 0
