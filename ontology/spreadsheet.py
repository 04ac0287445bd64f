"""Keep user text from becoming a spreadsheet formula when a CSV or XLSX file is opened.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|...``), so a
justification or a document title typed by one user could run in another user's spreadsheet.
CSV cells like that get a leading single quote (the spreadsheet convention for "this is
text"); plain numbers such as ``-0.25`` are left alone. XLSX cells keep their exact text and
are stored as strings, never as formulas.
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
    text = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if text and _NUMBER.fullmatch(value) is None:
        return "'" + value
    return value


def xlsx_text_only(sheet: Any) -> None:
    """Store every formula-looking cell of an openpyxl ``sheet`` as plain text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
