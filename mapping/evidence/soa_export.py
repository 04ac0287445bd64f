"""The Statement of Applicability written to a file: :func:`write_soa` exports the rows of
:func:`mapping.evidence.soa.list_soa` as CSV, XLSX (openpyxl; a second sheet lists every
evidence reference) or JSON. A cell a spreadsheet would run as a formula is written as text
(:mod:`ontology.spreadsheet`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from mapping.evidence.soa import EvidenceRef, SoaRow
from ontology.errors import InputError
from ontology.spreadsheet import csv_safe, xlsx_text_only

EXPORT_FORMATS = ("csv", "xlsx", "json")
CSV_COLUMNS = (
    "notation",
    "label",
    "applicable",
    "justification",
    "implementation_status",
    "evidence_count",
    "evidence",
    "stale_evidence_count",
    "set_at",
    "set_by",
)


def write_soa(rows: list[SoaRow], fmt: str, path: Path) -> None:
    """Export the rows as ``csv``, ``xlsx`` or ``json`` to ``path``."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint="use " + ", ".join(EXPORT_FORMATS))
    if fmt == "json":
        path.write_text(soa_json(rows), encoding="utf-8")
    elif fmt == "csv":
        path.write_text(soa_csv(rows), encoding="utf-8")
    else:
        _write_xlsx(rows, path)


def soa_json(rows: list[SoaRow]) -> str:
    return json.dumps([row.model_dump() for row in rows], indent=2, ensure_ascii=False)


def soa_csv(rows: list[SoaRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in _flat(row)])
    return out.getvalue()


def _flat(row: SoaRow) -> list[Any]:
    return [
        row.notation,
        row.label,
        "yes" if row.applicable else "no",
        row.justification or "",
        row.implementation_status or "",
        row.evidence_count,
        "; ".join(cite_document(refs) for refs in row.documents.values()),
        row.stale_evidence_count,
        row.modified or "",
        row.set_by or "",
    ]


def cite_document(refs: list[EvidenceRef]) -> str:
    """One document's evidence for a row, once: ``Title (abc123) p.1, 3 §A; §B [confirmed by
    alice]`` — each page, section and decision named once however many passages cite them.

    >>> ref = {"document_id": "abc123", "title": "Policy", "link_id": "l1"}
    >>> a = EvidenceRef(**ref, link_status="confirmed", page=1, reviewer="alice")
    >>> cite_document([a, a, EvidenceRef(**ref, link_status="confirmed", page=3)])
    'Policy (abc123) p.1, 3 [confirmed by alice]'
    """
    first = refs[0]
    parts = [f"{first.title or first.document_id} ({first.document_id})"]
    pages = list(dict.fromkeys(str(ref.page) for ref in refs if ref.page is not None))
    if pages:
        parts.append("p." + ", ".join(pages))
    sections = list(dict.fromkeys(ref.section for ref in refs if ref.section))
    if sections:
        parts.append("§" + "; §".join(sections))
    named = [f"{ref.link_status} by {ref.reviewer}" for ref in refs if ref.reviewer]
    decided = list(dict.fromkeys(named or [ref.link_status for ref in refs]))
    stale = ", stale: review date passed" if all(ref.stale for ref in refs) else ""
    return " ".join(parts) + f" [{'; '.join(decided)}{stale}]"


_EVIDENCE_COLUMNS = (
    "notation",
    "document_id",
    "title",
    "page",
    "section",
    "link_id",
    "link_status",
    "decision_id",
    "reviewer",
    "decided_at",
    "review_date",
    "stale",
)


def _write_xlsx(rows: list[SoaRow], path: Path) -> None:
    """Two sheets: the SoA itself, and one line per evidence reference."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Statement of Applicability"
    sheet.append(list(CSV_COLUMNS))
    for row in rows:
        sheet.append(_flat(row))
    evidence = book.create_sheet("Evidence")
    evidence.append(list(_EVIDENCE_COLUMNS))
    for row in rows:
        lines = dict.fromkeys(
            tuple(ref.model_dump().get(c) for c in _EVIDENCE_COLUMNS[1:]) for ref in row.evidence
        )
        for line in lines:  # each reference once
            evidence.append([row.notation, *line])
    for ws in (sheet, evidence):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        xlsx_text_only(ws)
    book.save(path)
