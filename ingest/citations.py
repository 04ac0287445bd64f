"""How a passage is cited in one line, the same in the CLI tables and the web pages.

>>> cite({"page": 3, "section": "Policy > 3 Roles"})
'p. 3 · Policy > 3 Roles'
>>> cite({"section": "Risks", "row": 4, "row_end": 7})
'Risks · rows 4–7'
>>> cite({"row": 2, "row_end": 2})
'row 2'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def cite(passage: Mapping[str, Any]) -> str:
    """Page, section and spreadsheet rows of ``passage`` (a passage dict), joined by " · "."""
    page = f"p. {passage['page']}" if passage.get("page") else ""
    row, row_end = passage.get("row"), passage.get("row_end")
    rows = ""
    if row:
        rows = f"rows {row}–{row_end}" if row_end and row_end != row else f"row {row}"
    return " · ".join(p for p in (page, passage.get("section") or "", rows) if p)
