"""The gap report: coverage per standard, each gap with reason and fix, in every format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from api.gap_fixes import word_report
from mapping.evidence.propagation import derivation_paths
from mapping.evidence.review import decide
from mapping.evidence.soa import set_soa
from ontology.store import EmbeddedStore
from shapes.report import GapReport, validate_aims
from tests.mapping.evidence.builders import add_artefact, add_link, load_mini_reference, req

TODAY = date(2026, 6, 1)
TITLE = "Policy <AI> & ethics"


@pytest.fixture
def scenario(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """P (current): A.5.2, A.5.3, 4.3 confirmed, A.6.2.4 suggested (0.71).
    Q (review date passed): A.6.2.4 confirmed. Nothing for clause 7.5.1."""
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_mini_reference(store)
    p = add_artefact(store, "p", ["Impact.", "Scope."], title=TITLE, review_date="2027-01-01")
    q = add_artefact(store, "q", ["Tests."], title="Test log", review_date="2026-01-01")
    for notation in ("A.5.2", "A.5.3", "4.3"):
        decide(store, add_link(store, p, req(notation)), "confirm", "alice")
    add_link(store, p, req("A.6.2.4"), score=0.71)
    decide(store, add_link(store, q, req("A.6.2.4")), "confirm", "bob")
    yield store
    store.close()


def _gaps(report: GapReport, standard: str) -> dict[str, str]:
    return {g.notation: g.reason for g in report.standards[standard].gaps}


def test_iso42001_coverage_and_gaps(scenario: EmbeddedStore) -> None:
    report = validate_aims(scenario, today=TODAY)
    assert report.conforms is False
    std = report.standards["iso42001"]
    assert (std.in_scope, std.covered, std.coverage) == (5, 3, 0.6)
    assert _gaps(report, "iso42001") == {
        "7.5.1": "requires documented information; no confirmed artefact",
        "A.6.2.4": "no confirmed, current evidence; evidence out of date: Test log "
        f"(review date 2026-01-01 passed); 1 suggestion(s) waiting: {TITLE} (0.71)",
    }
    [gap] = [g for g in std.gaps if g.notation == "A.6.2.4"]
    assert gap.code == "no_current_evidence" and gap.suggestions[0]["score"] == 0.71
    assert [r.code for r in gap.reasons] == ["out_of_date", "suggestions_waiting"]
    assert gap.reasons[0].data["title"] == "Test log"
    fixes = {f.code: f.data for f in gap.fixes}
    assert list(fixes) == ["renew_document", "confirm_suggestion", "ingest_or_exclude"]
    assert fixes["confirm_suggestion"]["link"] == gap.suggestions[0]["link"]
    assert fixes["ingest_or_exclude"] == {"notation": "A.6.2.4"}
    # the core writes no command and no fix in words: the faces do (api.gap_fixes)
    assert gap.fix == "" and gap.actions == []
    assert report.issues == []


def test_faces_word_the_coded_fixes(scenario: EmbeddedStore) -> None:
    report = word_report(validate_aims(scenario, today=TODAY))
    [gap] = [g for g in report.standards["iso42001"].gaps if g.notation == "A.6.2.4"]
    link = gap.suggestions[0]["link"]
    assert gap.fix == (
        "review Test log and ingest the reviewed version with a new review date; "
        f"confirm one: aimsgraph review confirm {link}; ingest a document that evidences it, "
        "or exclude it: aimsgraph soa set A.6.2.4 --excluded --justification '...'"
    )
    kinds = [a.kind for a in gap.actions]
    assert kinds == ["review", "review_date", "upload", "soa"]
    assert "to close: review Test log" in report.render("text")
    [clause] = [g for g in report.standards["iso42001"].gaps if g.notation == "7.5.1"]
    assert clause.code == "no_documented_information"
    assert [a.kind for a in clause.actions] == ["upload"]


def test_crosswalked_coverage_carries_paths(scenario: EmbeddedStore) -> None:
    report = validate_aims(scenario, today=TODAY)
    iso27 = report.standards["iso27001"]
    assert (iso27.in_scope, iso27.covered) == (4, 2)
    assert set(_gaps(report, "iso27001")) == {"A.5.10", "A.8.2"}
    paths = {i["notation"]: i["evidence"][0]["path"] for i in iso27.evidence}
    assert {k: (v["from"], v["relationship"]) for k, v in paths.items()} == {
        "A.5.9": ("A.5.2", "equal"),
        "A.8.1": ("A.5.3", "supersetOf"),
    }
    act = report.standards["euaiact"]
    assert (act.in_scope, act.covered) == (2, 0)
    [art9] = [p for p in derivation_paths(scenario) if p.notation == "art-9"]
    decide(scenario, art9.link_id, "confirm", "carol")
    act = validate_aims(scenario, today=TODAY).standards["euaiact"]
    assert (act.in_scope, act.covered) == (2, 1)
    [item] = act.evidence
    assert item["notation"] == "art-9" and item["evidence"][0]["path"]["from"] == "A.5.3"
    [gap] = act.gaps
    assert gap.notation == "art-10" and gap.suggestions[0]["via"]["from"] == "A.6.2.4"


def test_complete_after_closing_every_gap(scenario: EmbeddedStore) -> None:
    set_soa(scenario, "A.6.2.4", applicable=False, justification="No in-house models.")
    r = add_artefact(scenario, "r", ["Records."], title="Records procedure")
    decide(scenario, add_link(scenario, r, req("7.5.1")), "confirm", "alice")
    report = validate_aims(scenario, today=TODAY)
    assert report.conforms is True
    assert report.standards["iso42001"].gaps == []
    assert report.standards["iso42001"].coverage == 1.0
    # the same evidence expires a year later
    later = validate_aims(scenario, today=date(2027, 6, 1))
    assert later.conforms is False
    assert set(_gaps(later, "iso42001")) == {"A.5.2", "A.5.3"}


def test_formats(scenario: EmbeddedStore) -> None:
    report = validate_aims(scenario, today=TODAY)
    data = json.loads(report.render("json"))
    assert data["conforms"] is False
    assert set(data["standards"]) == {"iso42001", "iso27001", "euaiact"}
    assert data["standards"]["iso42001"]["coverage"] == 0.6
    assert {"notation", "code", "data", "reason", "fix"} <= set(
        data["standards"]["iso42001"]["gaps"][0]
    )
    text = report.render("text")
    assert "A.6.2.4: no confirmed, current evidence" in text
    assert "A.5.9: derived from A.5.2 (equal)" in text
    markdown = report.render("markdown")
    assert "| ISO/IEC 42001:2023 | 60% | 3 | 5 | 2 |" in markdown
    page = report.render("html")
    assert "Policy &lt;AI&gt; &amp; ethics" in page and TITLE not in page
    with pytest.raises(Exception, match="unknown report format"):
        report.render("pdf")


def test_store_without_reference_is_an_error(tmp_path: Path) -> None:
    from ontology.errors import NotFoundError

    store = EmbeddedStore(tmp_path / "empty")
    try:
        with pytest.raises(NotFoundError, match="aimsgraph init"):
            validate_aims(store, today=TODAY)
    finally:
        store.close()
