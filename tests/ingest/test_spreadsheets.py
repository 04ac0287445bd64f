"""XLSX and CSV: sniffed by content, rows as cited passages, bounded, formulas never run."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from ingest.documents import get_document
from ingest.errors import CorruptFileError, ZipBombError
from ingest.originals import OriginalStore
from ingest.passages import MAX_PASSAGE_CHARS
from ingest.pipeline import IngestOptions, ingest_bytes, ingest_path
from ingest.readers import ReaderLimits, read_document
from ingest.sniff import CSV, DOCX, MARKDOWN, TEXT, XLSX, sniff
from ontology.namespaces import ORG_GRAPH
from ontology.store import EmbeddedStore

from .conftest import FIXTURES

REGISTER = FIXTURES / "risk-register.xlsx"
INVENTORY = FIXTURES / "ai-inventory.csv"


def _workbook(rows: list[list[object]], sheets: int = 1) -> bytes:
    book = openpyxl.Workbook()
    for index in range(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = f"Sheet {index + 1}"
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_is_told_from_docx_by_content() -> None:
    data = REGISTER.read_bytes()
    assert sniff(data, "register.xlsx") == XLSX
    assert sniff(data, "misnamed.docx") == XLSX  # the name does not decide
    assert sniff((FIXTURES / "policy.docx").read_bytes(), "policy.xlsx") == DOCX


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("id,risk,owner\nR1,drift,ML lead\nR2,bias,DPO\n", "upload", CSV),
        ("id\trisk\towner\nR1\tdrift\tML lead\nR2\tbias\tDPO\n", "export.txt", CSV),
        ("id,risk\nR1,drift\n", "two-rows.csv", CSV),  # a .csv name relaxes the test
        ("id,risk\nR1,drift\n", "two-rows.txt", TEXT),
        (
            "We use AI tools, carefully.\nStaff are trained, yearly.\nLogs are kept, too.\n",
            "a",
            TEXT,
        ),
        ("# Policy\n\n- one, two, three\n- four, five, six\n- seven, eight, nine\n", "p", MARKDOWN),
        ("Just a line of text without any delimiter\n", "notes.csv", TEXT),
    ],
)
def test_csv_is_told_from_text_by_content(text: str, name: str, expected: str) -> None:
    assert sniff(text.encode(), name) == expected


def test_register_rows_read_with_column_names_and_cached_values() -> None:
    data = REGISTER.read_bytes()
    extraction = read_document(data, XLSX, REGISTER.name, ReaderLimits())
    headings = [(b.level, b.text) for b in extraction.blocks if b.kind == "heading"]
    assert headings == [(1, "Risks"), (2, "Acme AI risk register"), (1, "Treatment log")]
    log = [b.text for b in extraction.blocks].index("Treatment log")
    rows = {b.row: b.text for b in extraction.blocks[:log] if b.kind == "row" and b.row}
    first = rows[3]
    assert first.startswith("ID: R-01; Risk: Model performance degrades after deployment; Cause:")
    assert "Score: 12" in first  # the cached result of =D3*E3
    assert "Review: 2026-03-31" in first  # dates as ISO, no time
    assert "Score" not in rows[6]  # =D6*E6 has no cached value: skipped
    # formulas are never evaluated nor shown as text
    text = " ".join(b.text for b in extraction.blocks)
    assert "HYPERLINK" not in text and "D3*E3" not in text and "=" not in text
    assert extraction.metadata["title"] == "Acme AI risk register"
    assert extraction.warnings == []


def test_csv_dialect_encoding_and_quoted_delimiter() -> None:
    extraction = read_document(INVENTORY.read_bytes(), CSV, INVENTORY.name, ReaderLimits())
    rows = {b.row: b.text for b in extraction.blocks if b.kind == "row"}
    assert sorted(rows) == [2, 3, 4, 5]  # row 1 is the header
    assert rows[5].startswith("System: Résumé screener; Purpose: Ranks job applicants")  # cp1252
    assert "Purpose: Extracts amounts; dates and supplier names from invoices;" in rows[4]


def test_register_ingests_into_the_store_with_sheet_and_row_citations(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    result = ingest_path(embedded_store, originals, REGISTER, options=options)
    assert result.media_type == XLSX and result.artefact_type == "register"
    doc = get_document(embedded_store, result.artefact_id)
    cited = [(p["section"], p["row"], p["row_end"]) for p in doc["passage_list"]]
    assert cited == [
        ("Risks > Acme AI risk register", 3, 3),  # long rows stand alone
        ("Risks > Acme AI risk register", 4, 4),
        ("Risks > Acme AI risk register", 5, 7),  # short rows are grouped
        ("Treatment log", 2, 4),
    ]
    for passage in doc["passage_list"]:
        assert passage["page"] is None and passage["text"]
    assert doc["passage_list"][0]["text"].startswith("ID: R-01; Risk:")


def test_csv_ingests_with_rows_and_no_section(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    result = ingest_path(embedded_store, originals, INVENTORY, options=options)
    assert result.media_type == CSV and result.artefact_type == "register"
    passages = get_document(embedded_store, result.artefact_id)["passage_list"]
    assert [(p["section"], p["row"], p["row_end"]) for p in passages] == [("", 2, 5)]


def test_total_unzipped_size_is_bounded() -> None:
    limits = ReaderLimits(max_unzipped_bytes=4096)
    with pytest.raises(ZipBombError, match=r"the XLSX would expand to \d+ bytes \(limit 4096\)"):
        read_document(REGISTER.read_bytes(), XLSX, "r.xlsx", limits)


def test_too_many_rows_truncates_with_a_warning() -> None:
    data = _workbook([[i, f"risk number {i}"] for i in range(1, 41)])
    extraction = read_document(data, XLSX, "big.xlsx", ReaderLimits(max_rows=10))
    rows = [b.row for b in extraction.blocks if b.kind == "row"]
    assert rows == list(range(1, 11))  # no header: numbers in column A
    assert extraction.warnings == [
        "spreadsheet truncated at sheet 'Sheet 1' row 11: more than 10 rows; the rest was not read"
    ]
    assert extraction.blocks[1].text == "A: 1; B: risk number 1"


def test_too_many_sheets_cells_and_long_cells_are_bounded() -> None:
    data = _workbook([["Name", "Note"], ["a", "x" * 50], ["b", "y"]], sheets=3)
    limits = ReaderLimits(max_sheets=2, max_cell_chars=20, max_cells=8)
    extraction = read_document(data, XLSX, "wide.xlsx", limits)
    assert [b.text for b in extraction.blocks if b.kind == "heading"] == ["Sheet 1", "Sheet 2"]
    assert extraction.blocks[1].text == "Name: a; Note: " + "x" * 19 + "…"
    assert any("3 sheets; only the first 2" in w for w in extraction.warnings)
    assert any("more than 8 non-empty cells" in w for w in extraction.warnings)
    assert any("cut" in w for w in extraction.warnings)


def test_declared_huge_dimension_reads_only_the_column_limit() -> None:
    data = _workbook([["Risk", "Owner"], ["drift", "ML lead"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = content.replace(
                        b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD2"/>'
                    )
                out.writestr(item, content)
    extraction = read_document(buffer.getvalue(), XLSX, "wide.xlsx", ReaderLimits(max_columns=50))
    assert [b.text for b in extraction.blocks if b.kind == "row"] == ["Risk: drift; Owner: ML lead"]
    assert extraction.warnings == ["sheet 'Sheet 1' has 16384 columns; only the first 50 were read"]


def test_damaged_xlsx_and_broken_csv_get_clear_errors(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    data = REGISTER.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    out.writestr(item, source.read(item.filename))
                else:
                    out.writestr(item, b"<worksheet><sheetData><row r='1'><c")
    with pytest.raises(CorruptFileError, match="damaged.xlsx: .*XLSX") as raised:
        ingest_bytes(embedded_store, originals, buffer.getvalue(), "damaged.xlsx", options=options)
    assert raised.value.hint
    huge = b"id,note\n1," + b"x" * 200_000 + b"\n"
    with pytest.raises(CorruptFileError, match="huge.csv: row 2 cannot be read as CSV"):
        ingest_bytes(embedded_store, originals, huge, "huge.csv", options=options)
    assert embedded_store.count(ORG_GRAPH) == 0


def test_row_passages_never_exceed_the_passage_cap(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    words = [
        "accountability",
        "documentation",
        "interpretability",
        "representativeness",
        "transparency",
        "responsibilities",
        "organisational",
        "characterisation",
        "decommissioning",
        "proportionality",
    ]
    cell = " ".join(f"{words[i % 10]}{i}" for i in range(40))  # ~640 characters, 40 words
    rows = [["id", "a", "b", "c", "d", "e"]] + [[f"R-{n}", *[cell] * 5] for n in range(3)]
    rows += [[f"S-{n}", f"short row {n} about model monitoring", "", "", "", ""] for n in range(30)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode()
    result = ingest_bytes(embedded_store, originals, data, "register.csv", options=options)
    passages = get_document(embedded_store, result.artefact_id)["passage_list"]
    assert max(len(p["text"]) for p in passages) <= MAX_PASSAGE_CHARS
    assert sum(1 for p in passages if p["row"] == 2) >= 2  # 200 words, 3,200 characters: cut
    assert {p["row"] for p in passages} >= {2, 3, 4, 5}
