"""Create the committed spreadsheet test fixtures with openpyxl and the csv module.

    .venv/bin/python tools/make_spreadsheet_fixtures.py

Writes into ``tests/fixtures/ingest/``:

* ``risk-register.xlsx`` — an AI risk register as compliance teams keep one: a ``Risks``
  sheet (a title row, a header row, long and short risk rows, a date column, a score column
  of formulas of which some carry a cached value and one does not, and a formula a hostile
  author might plant), and a ``Treatment log`` sheet of short rows;
* ``ai-inventory.csv`` — an AI system inventory, semicolon-delimited, Windows-1252 encoded;
* ``bad/zip-bomb.xlsx`` — the register plus one member that inflates 64 MiB of zeros.

openpyxl writes formulas without cached values (it computes nothing), so the cached values a
spreadsheet application would store are put into the sheet XML afterwards. All text is
written for this project.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ingest"
FIXED = dt.datetime(2026, 1, 5, 9, 0, 0)

HEADER = ("ID", "Risk", "Cause", "Likelihood", "Impact", "Score", "Treatment", "Owner", "Review")
RISKS = [
    (
        "R-01",
        "Model performance degrades after deployment",
        "Customer behaviour shifts and the credit scoring model is not retrained, so its "
        "predictions drift away from observed repayment outcomes without anyone noticing.",
        3,
        4,
        "Monthly drift monitoring against a holdout sample, an alert threshold agreed with "
        "the model owner, and a retraining procedure that is tested before each release.",
        "Head of data science",
        dt.date(2026, 3, 31),
    ),
    (
        "R-02",
        "Biased outcomes for protected groups",
        "Training data under-represents younger applicants and applicants from rural areas, "
        "which can lead to systematically lower approval rates for those groups.",
        2,
        5,
        "A fairness assessment of every model version across protected characteristics, "
        "with results signed off by the AI governance board before go-live.",
        "AI governance board",
        dt.date(2026, 6, 30),
    ),
    ("R-03", "Supplier changes the hosted model", "", 3, 2, "", "Procurement lead", None),
    ("R-04", "Prompt injection in the service chatbot", "", 4, 3, "", "Security lead", None),
]
LOG = [
    ("2026-01-12", "R-01", "Drift dashboard built and shared with the model owner"),
    ("2026-01-20", "R-02", "Fairness test suite added to the release checklist"),
    ("2026-02-02", "R-03", "Contract clause on model change notice drafted"),
]


def write_register(path: Path) -> bytes:
    """The risk register workbook; returns its bytes."""
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.title = "Acme AI risk register"
    book.properties.creator = "Acme risk office"
    book.properties.created = book.properties.modified = FIXED
    risks = book.active
    risks.title = "Risks"
    risks.append(["Acme AI risk register"])
    risks.append(list(HEADER))
    for row, (rid, risk, cause, like, imp, treat, owner, review) in enumerate(RISKS, start=3):
        risks.append([rid, risk, cause, like, imp, f"=D{row}*E{row}", treat, owner, review])
    risks.append(["R-05", "Spreadsheet macro risk", "", "", "", '=HYPERLINK("http://x","click")'])
    log = book.create_sheet("Treatment log")
    log.append(["Date", "Risk", "Action"])
    for item in LOG:
        log.append(list(item))
    buffer = io.BytesIO()
    book.save(buffer)
    data = _with_cached_values(buffer.getvalue(), {"F3": "12", "F4": "10", "F5": "6"})
    path.write_bytes(data)
    return data


def _with_cached_values(xlsx: bytes, values: dict[str, str]) -> bytes:
    """The workbook with cached results put next to the named formula cells (F6 keeps none)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out_buffer = io.BytesIO()
    with source, zipfile.ZipFile(out_buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode("utf-8")
                for ref, value in values.items():
                    xml = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(</v>)?',
                        rf"\1\2<v>{value}</v>",
                        xml,
                    )
                content = xml.encode("utf-8")
            out.writestr(item, content)
    return out_buffer.getvalue()


def write_inventory(path: Path) -> None:
    """An AI system inventory as a semicolon CSV in Windows-1252 (as Excel exports it)."""
    rows = [
        "System;Purpose;Owner;Risk level;Personal data;Last impact assessment",
        "Credit scoring model;Decides on consumer loan applications;Head of data science;"
        "High;Yes;2025-11-14",
        "Service chatbot;Answers customer questions about accounts;Customer care lead;"
        "Limited;Yes;2025-09-02",
        'Invoice reader;"Extracts amounts; dates and supplier names from invoices";Finance '
        "operations;Minimal;No;2025-06-30",
        "Résumé screener;Ranks job applicants for recruiters;HR director;High;Yes;2025-12-01",
    ]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))


def write_bomb(path: Path, xlsx: bytes) -> None:
    """A valid workbook plus one member that inflates 64 MiB of zeros from a few kilobytes."""
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024), compresslevel=9)


def main() -> None:
    (OUT / "bad").mkdir(parents=True, exist_ok=True)
    register = write_register(OUT / "risk-register.xlsx")
    write_inventory(OUT / "ai-inventory.csv")
    write_bomb(OUT / "bad" / "zip-bomb.xlsx", register)
    for name in ("risk-register.xlsx", "ai-inventory.csv", "bad/zip-bomb.xlsx"):
        print(f"{name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
