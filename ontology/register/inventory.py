"""Import and export the AI-system register as CSV or XLSX (the form teams keep it in).

Columns are the fields of :data:`ontology.register.systems.FIELDS` (``id`` may be empty: it is made from
the name); list fields are ``;``-separated. Import checks EVERY row first and reports every
bad row with its number (1 = the first row under the header) and field; only when all rows
are good are they written, in one graph update, so nothing is ever half-imported. A row whose
id is already in the register replaces that system; a row that says what the register already
holds is left alone (reported as ``unchanged``, its modified time kept).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from ontology.errors import RegisterInputError
from ontology.register.systems import (
    FIELDS,
    LIST_FIELDS,
    AISystem,
    list_systems,
    parse_system,
    save_systems,
)
from ontology.spreadsheet import csv_safe, csv_unguard, xlsx_text_only
from ontology.store import GraphStore

FORMATS = ("csv", "xlsx")
MAX_ROWS = 100_000


class ImportResult(BaseModel):
    """What an inventory import wrote (all rows, or none)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    created: list[str] = Field(description="Ids of the systems added.")
    updated: list[str] = Field(description="Ids of the systems replaced.")
    unchanged: list[str] = Field(
        default_factory=list,
        description="Ids of rows equal to the register's entry: not written, times kept.",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def count(self) -> int:
        return len(self.created) + len(self.updated)


def _problem(row: int | None, field: str, message: str) -> RegisterInputError:
    return RegisterInputError([{"row": row, "field": field, "message": message}])


def read_rows(data: bytes, fmt: str) -> list[dict[str, Any]]:
    """The rows of a CSV or XLSX file as dicts keyed by lower-case header."""
    if fmt not in FORMATS:
        raise _problem(None, "format", f"unknown format {fmt!r}; use csv or xlsx")
    table = _xlsx_table(data) if fmt == "xlsx" else _csv_table(data)
    if not table:
        raise _problem(None, "file", "the file is empty; the first row must name the columns")
    header = [str(h or "").strip().lower().replace(" ", "_") for h in table[0]]
    if "name" not in header:
        raise _problem(None, "header", f"no 'name' column; the columns are {', '.join(FIELDS)}")
    rows = []
    for values in table[1:]:
        if not any(str(v or "").strip() for v in values):
            continue
        rows.append({h: v for h, v in zip(header, values, strict=False) if h})
    if len(rows) > MAX_ROWS:
        raise _problem(None, "file", f"more than {MAX_ROWS} rows; split the file")
    return rows


def _csv_table(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _problem(
            None, "file", f"not UTF-8 text ({error.reason}); save the CSV as UTF-8"
        ) from error
    # undo the formula guard of our own export (only where it was added): a round trip is exact
    return [[csv_unguard(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


def _xlsx_table(data: bytes) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _problem(None, "file", f"not a readable XLSX workbook ({error})") from error
    sheet = book.worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def parse_inventory(rows: list[dict[str, Any]]) -> list[AISystem]:
    """Every row checked; one RegisterInputError listing all bad rows, or the systems."""
    problems: list[dict[str, object]] = []
    systems: list[AISystem] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        cleaned = {k: v for k, v in row.items() if v is not None and str(v).strip() != ""}
        try:
            system = parse_system(cleaned, row=number)
        except RegisterInputError as error:
            problems.extend(error.problems)
            continue
        if system.id in seen:
            problems.append(
                {
                    "row": number,
                    "field": "id",
                    "message": f"{system.id!r} repeats row {seen[system.id]}",
                }
            )
            continue
        seen[system.id] = number
        systems.append(system)
    if problems:
        raise RegisterInputError(problems, hint=f"{len(problems)} problem(s); nothing was imported")
    return systems


def import_inventory(store: GraphStore, data: bytes, fmt: str) -> ImportResult:
    """Check every row, then write them all in one update (or raise and write nothing)."""
    systems = parse_inventory(read_rows(data, fmt))
    if not systems:
        raise _problem(None, "file", "no rows under the header; nothing to import")
    existing = {s.id: s for s in list_systems(store)}
    same = {s.id for s in systems if s.id in existing and _same(s, existing[s.id])}
    save_systems(store, [s for s in systems if s.id not in same])
    return ImportResult(
        created=[s.id for s in systems if s.id not in existing],
        updated=[s.id for s in systems if s.id in existing and s.id not in same],
        unchanged=[s.id for s in systems if s.id in same],
    )


def _same(row: AISystem, kept: AISystem) -> bool:
    """Whether an imported row says what the register already holds (its time aside): such a
    row is not written, so re-importing an export changes no entry's modified time. Lists
    are compared as sets: the graph keeps no order of roles, aliases or affected persons."""

    def said(system: AISystem) -> dict[str, Any]:
        record = system.model_dump(exclude={"modified"})
        return {k: sorted(set(v)) if isinstance(v, list) else v for k, v in record.items()}

    return said(row) == said(kept)


def _cells(system: AISystem) -> list[Any]:
    record = system.model_dump()
    cells: list[Any] = []
    for name in FIELDS:
        value = record[name]
        if name in LIST_FIELDS:
            value = "; ".join(value)
        elif name == "in_scope":
            value = "yes" if value else "no"
        cells.append("" if value is None else value)
    return cells


def export_inventory(store: GraphStore, fmt: str) -> bytes:
    """The register as CSV or XLSX bytes, in the columns :func:`import_inventory` reads."""
    if fmt not in FORMATS:
        raise _problem(None, "format", f"unknown format {fmt!r}; use csv or xlsx")
    systems = list_systems(store)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        writer.writerows([csv_safe(c) for c in _cells(s)] for s in systems)
        return out.getvalue().encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "AI systems"
    sheet.append(list(FIELDS))
    for system in systems:
        sheet.append(_cells(system))
    xlsx_text_only(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def format_of(path: Path) -> str:
    """``csv`` or ``xlsx`` from a file name."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise _problem(None, "file", f"{path.name}: use a .csv or .xlsx file")
    return suffix
