"""Spreadsheet reader (XLSX through openpyxl, CSV through the csv module): rows as blocks.

Each worksheet opens with a level-1 heading block (its name; CSV has none), so passages cite
the sheet as their section. Each non-empty row becomes one ``row`` block whose text names
its columns — ``Risk: Model drift; Owner: ML lead; Treatment: quarterly revalidation`` —
so a model reading one passage sees what each value means. The header is the first
non-empty row when it has two or more cells that are all text (not numbers or dates); a
lone text cell above it (a sheet title, "Acme AI risk register") becomes a level-2 heading.
Without a header, columns are named by letter (XLSX ``A``, ``B``…) or number (CSV
``Column 1``…). Row numbers are those a spreadsheet application shows (1-based; a CSV's
records counted from 1, so a quoted multi-line field still counts as one row).

Safety:

* **Formulas are never evaluated.** The workbook is opened with ``data_only=True``, so a
  formula cell gives the value the authoring application cached when it saved; a formula
  cell without a cached value (a file written by a library that computes nothing) reads as
  empty and is skipped. Formula text never reaches a passage.
* The zip directory is checked first, exactly as for DOCX (:func:`~ingest.readers.docx.check_zip`):
  too many members, too much uncompressed data or an implausible compression ratio is
  refused as a zip bomb before anything is decompressed. XML is parsed with defusedxml.
* Too many sheets, rows, columns or cells, and over-long cells, are **truncated with a
  warning** (see :class:`~ingest.readers.limits.ReaderLimits`), never an error: the first
  part of a big register is still evidence, and the warning says where reading stopped.
* CSV: the encoding is sniffed (UTF-8, UTF-16 with BOM, else Windows-1252) and the dialect
  (delimiter, quoting) by :func:`ingest.sniff.csv_dialect`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ingest.errors import CorruptFileError
from ingest.readers.base import Block, Extraction
from ingest.readers.docx import check_zip
from ingest.readers.limits import ReaderLimits
from ingest.sniff import CSV, XLSX, csv_dialect, decode_text

#: Between one column's "Name: value" and the next in a row's text.
CELL_SEPARATOR = "; "
_NUMBER = re.compile(r"^[-+]?[\d.,\s%]+$")


@dataclass
class _Budget:
    """What is left of the limits while reading one file, and the warnings so far."""

    limits: ReaderLimits
    rows: int = 0
    cells: int = 0
    cut_cells: int = 0
    stopped: bool = False
    warnings: list[str] = field(default_factory=list)

    def take_row(self, where: str) -> bool:
        """Count one row; False (and a warning, once) when the row limit is reached."""
        if self.rows >= self.limits.max_rows:
            self._stop(f"{where}: more than {self.limits.max_rows} rows")
            return False
        self.rows += 1
        return True

    def take_cells(self, count: int, where: str) -> bool:
        if self.cells + count > self.limits.max_cells:
            self._stop(f"{where}: more than {self.limits.max_cells} non-empty cells")
            return False
        self.cells += count
        return True

    def _stop(self, why: str) -> None:
        if not self.stopped:
            self.warnings.append(f"spreadsheet truncated at {why}; the rest was not read")
        self.stopped = True


def read_xlsx(data: bytes, file_name: str, limits: ReaderLimits) -> Extraction:
    """Blocks of an Excel workbook: a heading per sheet, a row block per non-empty row."""
    import openpyxl

    check_zip(data, file_name, limits, kind="XLSX")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on bad input
        raise CorruptFileError(
            file_name,
            f"the XLSX cannot be opened ({error.__class__.__name__}: {error})",
            hint="re-save the workbook from a spreadsheet application and ingest it again",
        ) from None
    extraction = Extraction(blocks=[], media_type=XLSX)
    budget = _Budget(limits)
    try:
        sheets = book.worksheets
        if len(sheets) > limits.max_sheets:
            budget.warnings.append(
                f"the workbook has {len(sheets)} sheets; only the first {limits.max_sheets} "
                "were read"
            )
        for sheet in sheets[: limits.max_sheets]:
            if budget.stopped:
                break
            rows = _sheet_rows(sheet, budget)
            extraction.blocks.extend(_sheet_blocks(sheet.title, rows, _letter))
        title = (book.properties.title or "").strip()
        extraction.metadata.update(_properties(book.properties))
    except CorruptFileError:
        raise
    except Exception as error:  # noqa: BLE001 - damaged sheet XML surfaces while iterating
        raise CorruptFileError(
            file_name,
            f"a sheet of the XLSX cannot be read ({error.__class__.__name__}: {error})",
            hint="re-save the workbook from a spreadsheet application and ingest it again",
        ) from None
    finally:
        book.close()
    extraction.metadata["title"] = title or _stem(file_name)
    extraction.warnings.extend(_finish(budget))
    return extraction


def _sheet_rows(sheet: object, budget: _Budget) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) of one sheet's non-empty rows, within the budget."""
    limits = budget.limits
    declared = getattr(sheet, "max_column", None)
    columns = min(declared or limits.max_columns, limits.max_columns)
    name = getattr(sheet, "title", "?")
    if declared and declared > limits.max_columns:
        budget.warnings.append(
            f"sheet {name!r} has {declared} columns; only the first {limits.max_columns} were read"
        )
    rows = sheet.iter_rows(min_row=1, max_col=columns, values_only=True)  # type: ignore[attr-defined]
    return _take_rows(enumerate(rows, start=1), budget, f"sheet {name!r}")


def _take_rows(
    rows: Iterable[tuple[int, Iterable[object]]], budget: _Budget, where: str
) -> list[tuple[int, list[str]]]:
    kept: list[tuple[int, list[str]]] = []
    for number, values in rows:
        if not budget.take_row(f"{where} row {number}"):
            break
        cells = [_cell_text(value, budget) for value in values]
        filled = sum(1 for c in cells if c)
        if not filled:
            continue
        if not budget.take_cells(filled, f"{where} row {number}"):
            break
        kept.append((number, cells))
    return kept


def _cell_text(value: object, budget: _Budget) -> str:
    """A cell value as one line of text (dates ISO, whole floats without ``.0``), capped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else format(value, ".15g")
    else:
        text = " ".join(str(value).split())
    if len(text) > budget.limits.max_cell_chars:
        budget.cut_cells += 1
        text = text[: budget.limits.max_cell_chars - 1].rstrip() + "…"
    return text


def _sheet_blocks(
    sheet_name: str | None, rows: list[tuple[int, list[str]]], name_column: Callable[[int], str]
) -> list[Block]:
    """Heading(s) and row blocks of one sheet (``sheet_name`` None for CSV)."""
    blocks = [Block("heading", sheet_name, level=1)] if sheet_name else []
    if rows and _is_title(rows):
        blocks.append(Block("heading", next(c for c in rows[0][1] if c), level=2))
        rows = rows[1:]
    header: list[str] = []
    if rows and _is_header(rows[0][1]):
        header, rows = rows[0][1], rows[1:]
    for number, cells in rows:
        named = [
            f"{(header[i] if i < len(header) and header[i] else name_column(i))}: {text}"
            for i, text in enumerate(cells)
            if text
        ]
        blocks.append(Block("row", CELL_SEPARATOR.join(named), row=number))
    return blocks


def _is_title(rows: list[tuple[int, list[str]]]) -> bool:
    """A lone text cell in the first row, followed by a wider row: a sheet title."""
    first = [c for c in rows[0][1] if c]
    return (
        len(first) == 1
        and len(rows) > 1
        and sum(1 for c in rows[1][1] if c) >= 2
        and not _NUMBER.match(first[0])
    )


def _is_header(cells: list[str]) -> bool:
    """Two or more distinct cells, all text (no numbers, no ISO dates)."""
    filled = [c for c in cells if c]
    return (
        len(filled) >= 2
        and len(set(filled)) == len(filled)
        and not any(_NUMBER.match(c) or re.match(r"^\d{4}-\d\d-\d\d", c) for c in filled)
        and all(len(c) <= 200 for c in filled)
    )


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _column_number(index: int) -> str:
    return f"Column {index + 1}"


def _properties(properties: object) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("subject", "creator", "version", "category", "keywords"):
        value = getattr(properties, name, None)
        if isinstance(value, str) and value.strip():
            found["author" if name == "creator" else name] = value.strip()
    return found


def _stem(file_name: str) -> str:
    stem = re.sub(r"[-_]+", " ", file_name.rsplit(".", 1)[0]).strip()
    return stem or file_name


def _finish(budget: _Budget) -> list[str]:
    warnings = list(budget.warnings)
    if budget.cut_cells:
        warnings.append(
            f"{budget.cut_cells} cell(s) longer than {budget.limits.max_cell_chars} characters "
            "were cut"
        )
    return warnings


def read_csv(data: bytes, file_name: str, limits: ReaderLimits) -> Extraction:
    """Row blocks of a CSV file (no sheet heading: a CSV is one table)."""
    text = decode_text(data)
    if text is None:
        raise CorruptFileError(file_name, "the CSV is not text", hint="export it again as CSV")
    dialect = csv_dialect(text, hinted=True) or csv.excel
    budget = _Budget(limits)
    records = _csv_records(text, dialect, limits.max_columns, file_name)
    rows = _take_rows(records, budget, "row")
    extraction = Extraction(blocks=_sheet_blocks(None, rows, _column_number), media_type=CSV)
    extraction.metadata["title"] = _stem(file_name)
    extraction.warnings.extend(_finish(budget))
    return extraction


def _csv_records(
    text: str, dialect: type[csv.Dialect], columns: int, file_name: str
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 - used after the loop
            yield number, record[:columns]
    except csv.Error as error:
        raise CorruptFileError(
            file_name,
            f"row {number + 1} cannot be read as CSV ({error})",
            hint="check the quoting near that row, or export the table again as CSV",
        ) from None
