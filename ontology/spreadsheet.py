"""Keep user text from becoming a spreadsheet formula when a CSV or XLSX file is opened.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|...``), so a
justification or a document title typed by one user could run in another user's spreadsheet.
CSV cells like that get a leading single quote (the spreadsheet convention for "this is
text"); plain numbers such as ``-0.25`` are left alone. XLSX cells keep their exact text and
are stored as strings, never as formulas.

The guard is reversible: a value that already starts with quotes before such a character
(``'=x``) gets one more, so :func:`csv_unguard` removes exactly the quote :func:`csv_safe`
added, and a CSV exported and imported back holds the values it was made from.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def csv_safe(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula.

    >>> csv_safe("=HYPERLINK(\\"http://x\\")"), csv_safe("-0.25"), csv_safe("ok"), csv_safe(3)
    ('\\'=HYPERLINK("http://x")', '-0.25', 'ok', 3)
    """
    if isinstance(value, str) and _needs_guard(value):
        return "'" + value
    return value


def csv_unguard(value: Any) -> Any:
    """``value`` without the quote :func:`csv_safe` put before it; other values as they are.

    >>> csv_unguard("'=SUM(A1)"), csv_unguard("'-0.25"), csv_unguard("'quoted"), csv_unguard("''=x")
    ('=SUM(A1)', "'-0.25", "'quoted", "'=x")
    """
    if isinstance(value, str) and value.startswith("'") and _needs_guard(value[1:]):
        return value[1:]
    return value


def _needs_guard(value: str) -> bool:
    """Formula-like text, also behind quotes (so that the guard can be undone exactly)."""
    rest = value.lstrip("'")
    return rest.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(rest) is None


def xlsx_text_only(sheet: Any) -> None:
    """Store every formula-looking cell of an openpyxl ``sheet`` as plain text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
