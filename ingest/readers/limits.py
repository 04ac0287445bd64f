"""Bounds the readers enforce on hostile input (zip bombs, deep nesting, huge sheets).

Zip limits refuse the file (a zip bomb is an attack, not a document). Spreadsheet limits
truncate with a warning instead: a register with more rows than the limit is still
evidence, so its first part is read and the artefact's warnings say where reading stopped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderLimits:
    """Safety limits for parsing; defaults suit policy documents with room to spare."""

    #: Largest total uncompressed size of a DOCX's or XLSX's zip members.
    max_unzipped_bytes: int = 200 * 1024 * 1024
    #: Largest ratio of uncompressed to compressed size of any one zip member.
    max_compression_ratio: float = 100.0
    #: Most members a DOCX or XLSX zip may hold.
    max_zip_members: int = 5000
    #: Deepest element nesting accepted in HTML.
    max_html_depth: int = 256
    #: Most worksheets read from a workbook; later sheets are skipped with a warning.
    max_sheets: int = 50
    #: Most rows read from a spreadsheet (all sheets, blank rows included); reading stops
    #: there with a warning.
    max_rows: int = 20_000
    #: Most columns read per row; cells further right are ignored with a warning.
    max_columns: int = 100
    #: Most non-empty cells read from a spreadsheet; reading stops there with a warning.
    max_cells: int = 200_000
    #: Longest cell text kept; longer cells are cut (ending in "…") with a warning.
    max_cell_chars: int = 2_000
