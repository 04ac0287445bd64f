"""Statement of Applicability: defaults, setting rows, evidence references, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mapping.evidence.review import decide
from mapping.evidence.soa import list_soa, set_soa
from mapping.evidence.soa_export import write_soa
from ontology.errors import InputError, NotFoundError
from ontology.store import EmbeddedStore
from tests.mapping.evidence.builders import add_artefact, add_link, req


def test_every_control_has_a_row_defaulting_to_applicable(mini: EmbeddedStore) -> None:
    rows = list_soa(mini)
    assert [r.notation for r in rows] == ["A.5.2", "A.5.3", "A.6.2.4"]
    assert all(r.applicable and not r.justified and not r.set for r in rows)


def test_set_rows_and_validation(mini: EmbeddedStore) -> None:
    row = set_soa(mini, "A.5.3", applicable=False, justification="No high-impact systems.")
    assert (row.applicable, row.justification, row.set) == (False, "No high-impact systems.", True)
    row = set_soa(
        mini, "A.5.3", applicable=True, justification="In scope", status="partially-implemented"
    )
    assert (row.applicable, row.implementation_status) == (True, "partially-implemented")
    with pytest.raises(NotFoundError) as missing:
        set_soa(mini, "A.5.4", applicable=True)
    assert "A.5.3" in missing.value.suggestions
    with pytest.raises(InputError, match="justification"):
        set_soa(mini, "A.5.2", applicable=False, justification="  ")
    with pytest.raises(InputError):
        set_soa(mini, "A.5.2", applicable=True, status="done")
    with pytest.raises(NotFoundError):
        set_soa(mini, "4.3", applicable=True)  # a clause, not an Annex A control


def test_evidence_references_cite_document_page_section_decision(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "impact policy", ["Intro.", "Impact assessments are recorded."])
    lid = add_link(mini, art, req("A.5.3"), passages=[1])
    other = add_link(mini, art, req("A.5.2"))
    result = decide(mini, lid, "confirm", "alice")
    rows = {r.notation: r for r in list_soa(mini)}
    [ref] = rows["A.5.3"].evidence
    assert (ref.document_id, ref.title, ref.page, ref.section) == (
        art.id,
        "impact policy",
        2,
        "Policy > 2",
    )
    assert (ref.link_id, ref.decision_id, ref.reviewer) == (lid, result.decision_id, "alice")
    assert ref.decided_at == result.time
    assert rows["A.5.2"].evidence == []  # still only suggested
    decide(mini, other, "reject", "bob")
    assert rows["A.6.2.4"].evidence == []


def test_exports(mini: EmbeddedStore, tmp_path: Path) -> None:
    art = add_artefact(mini, "impact policy", ["Impact assessments are recorded."])
    decide(mini, add_link(mini, art, req("A.5.3")), "confirm", "alice")
    set_soa(mini, "A.6.2.4", applicable=False, justification="We build no models.")
    rows = list_soa(mini)
    for fmt in ("csv", "json", "xlsx"):
        write_soa(rows, fmt, tmp_path / f"soa.{fmt}")
    table = list(csv.DictReader(io.StringIO((tmp_path / "soa.csv").read_text())))
    assert [t["notation"] for t in table] == ["A.5.2", "A.5.3", "A.6.2.4"]
    assert table[2]["applicable"] == "no" and table[2]["justification"] == "We build no models."
    assert "impact policy" in table[1]["evidence"] and table[1]["evidence_count"] == "1"
    data = json.loads((tmp_path / "soa.json").read_text())
    assert data[1]["evidence"][0]["reviewer"] == "alice"
    book = load_workbook(tmp_path / "soa.xlsx")
    assert book.sheetnames == ["Statement of Applicability", "Evidence"]
    assert book["Statement of Applicability"].max_row == 4
    assert [c.value for c in book["Evidence"][2]][:3] == ["A.5.3", art.id, "impact policy"]


def test_evidence_past_its_review_date_is_stale(mini: EmbeddedStore, tmp_path: Path) -> None:
    from datetime import date

    fresh = add_artefact(mini, "fresh", ["Impact assessments are recorded."])
    old = add_artefact(mini, "old", ["Impacts are assessed."], review_date="2026-03-01")
    undated = add_artefact(mini, "undated", ["Impacts are assessed yearly."], review_date=None)
    for art in (fresh, old, undated):
        decide(mini, add_link(mini, art, req("A.5.3")), "confirm", "alice")
    rows = {r.notation: r for r in list_soa(mini, today=date(2026, 6, 1))}
    stale = {ref.title: ref.stale for ref in rows["A.5.3"].evidence}
    assert stale == {"fresh": False, "old": True, "undated": True}
    data = rows["A.5.3"].model_dump()
    assert (data["stale_evidence_count"], data["current_evidence_count"]) == (2, 1)
    assert (
        "stale" in rows["A.5.3"].evidence[1].cite() or "stale" in rows["A.5.3"].evidence[0].cite()
    )
    early = {r.notation: r for r in list_soa(mini, today=date(2026, 1, 1))}
    assert sum(ref.stale for ref in early["A.5.3"].evidence) == 1  # only the undated one
    write_soa(list(rows.values()), "csv", tmp_path / "soa.csv")
    table = list(csv.DictReader(io.StringIO((tmp_path / "soa.csv").read_text())))
    assert table[1]["stale_evidence_count"] == "2"
