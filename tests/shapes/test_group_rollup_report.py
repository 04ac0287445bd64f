"""Group clauses in the gap report: evidence stays on the children, and a group whose children
in scope are all evidenced is covered through them (no gap); a partly evidenced one names
the children still missing. On the real reference data, and on a crafted group in scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

from mapping.evidence.review import decide
from mapping.evidence.soa import set_soa
from ontology.namespaces import AIMS, standard_graph
from ontology.store import EmbeddedStore
from shapes.report import Gap, GapReport, StandardReport, validate_aims
from tests.conftest import copy_reference
from tests.mapping.evidence.builders import add_artefact, add_link, load_mini_reference, req

TODAY = date(2026, 6, 1)


@pytest.fixture
def real(tmp_path: Path, reference_template: Path) -> Iterator[EmbeddedStore]:
    """The real reference; one current procedure confirmed for 42001 6.1.1–6.1.4 and A.6.2.2
    and for ISO/IEC 27001 6.1.1–6.1.3."""
    store = copy_reference(reference_template, tmp_path / "oxigraph")
    doc = add_artefact(store, "risk", ["Risk treatment."], title="Risk procedure")
    for notation in ("6.1.1", "6.1.2", "6.1.3", "6.1.4", "A.6.2.2"):
        decide(store, add_link(store, doc, req(notation)), "confirm", "alice")
    for notation in ("6.1.1", "6.1.2", "6.1.3"):
        decide(store, add_link(store, doc, req(notation, "iso27001")), "confirm", "alice")
    yield store
    store.close()


def _groups(std: StandardReport) -> dict[str, dict[str, Any]]:
    return {g.notation: g.model_dump() for g in std.groups}


def _gaps(report: GapReport, standard: str) -> dict[str, Gap]:
    return {g.notation: g for g in report.standards[standard].gaps}


def test_group_with_all_children_evidenced_is_no_gap(real: EmbeddedStore) -> None:
    report = validate_aims(real, today=TODAY)
    iso27 = report.standards["iso27001"]
    gaps = _gaps(report, "iso27001")
    assert "6.1" not in gaps and {"6.1.1", "6.1.2", "6.1.3"}.isdisjoint(gaps)
    assert iso27.covered == 3  # the three children; 6.1 is covered through them, not counted
    [entry] = [e for e in iso27.evidence if e["notation"] == "6.1"]
    assert entry["links"] == 0 and entry["rolled_up_from"] == ["6.1.1", "6.1.2", "6.1.3"]
    assert _groups(iso27)["6.1"]["status"] == "evidenced"
    assert "6.1: evidenced through its children 6.1.1, 6.1.2, 6.1.3" in report.render("text")


def test_partly_evidenced_group_lists_missing_children(real: EmbeddedStore) -> None:
    report = validate_aims(real, today=TODAY)
    six = _groups(report.standards["iso27001"])["6"]
    assert six["status"] == "partly"
    assert six["rolled_up_from"] == ["6.1.1", "6.1.2", "6.1.3"]
    assert six["missing"] == ["6.2", "6.3"]
    gaps = _gaps(report, "iso27001")
    assert {"6.2", "6.3"} <= set(gaps), "the missing children are the gaps"


def test_group_clauses_are_not_counted_as_gaps(real: EmbeddedStore) -> None:
    """Group clauses (4, 6.1 …) are rolled up over their children, never gaps of their own."""
    from mapping.evidence.rollup import load_hierarchy

    report = validate_aims(real, today=TODAY)
    hierarchy = load_hierarchy(real)
    for standard in ("iso27001", "euaiact"):
        entry = report.standards[standard]
        groups = {
            g.notation
            for g in entry.gaps
            if hierarchy.is_group(f"https://w3id.org/aimsgraph/std/{standard}/{g.notation}")
        }
        assert not groups, f"{standard} lists group clauses as gaps: {groups}"
        assert entry.in_scope == entry.covered + len(entry.gaps), standard
    assert "4" not in _gaps(report, "iso27001") and "8" not in _gaps(report, "iso27001")


def test_iso42001_groups_roll_up_over_the_clauses_in_scope(real: EmbeddedStore) -> None:
    report = validate_aims(real, today=TODAY)
    groups = _groups(report.standards["iso42001"])
    assert groups["6.1"]["status"] == "evidenced"
    # 6.3 requires no documented information, so only 6.2 is missing for clause 6
    assert (groups["6"]["status"], groups["6"]["missing"]) == ("partly", ["6.2"])
    assert groups["A.6"]["status"] == "partly" and groups["A.6"]["rolled_up_from"] == ["A.6.2.2"]
    assert "A.6.1.2" in groups["A.6"]["missing"]
    assert groups["8"]["status"] == "none"
    gaps = _gaps(report, "iso42001")
    assert not {"6", "6.1", "A.6", "A.6.2"} & set(gaps)  # groups are never gaps here
    assert {"6.1.1", "6.1.2", "6.1.3", "6.1.4", "A.6.2.2"}.isdisjoint(gaps)


@pytest.fixture
def mini(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """The crafted reference with objective A.5 (children A.5.2, A.5.3) requiring documented
    information itself, every other gap closed, and only A.5.2 of A.5 confirmed."""
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_mini_reference(store)
    group = Graph()
    group.add((URIRef(req("A.5")), AIMS.requiresDocumentedInformation, Literal(True)))
    store.add(standard_graph("iso42001"), group)
    set_soa(store, "A.6.2.4", applicable=False, justification="No in-house models.")
    doc = add_artefact(store, "p", ["Impact."], title="Impact procedure", review_date="2027-01-01")
    for notation in ("A.5.2", "4.3", "7.5.1"):
        decide(store, add_link(store, doc, req(notation)), "confirm", "alice")
    yield store
    store.close()


def test_group_in_scope_closes_through_its_children(mini: EmbeddedStore) -> None:
    before = validate_aims(mini, today=TODAY)
    assert set(_gaps(before, "iso42001")) == {"A.5", "A.5.3"}
    doc = add_artefact(mini, "q", ["Records."], title="Impact records", review_date="2027-01-01")
    decide(mini, add_link(mini, doc, req("A.5.3")), "confirm", "bob")
    after = validate_aims(mini, today=TODAY)
    std = after.standards["iso42001"]
    assert std.gaps == [] and after.conforms is True and std.coverage == 1.0
    [entry] = [e for e in std.evidence if e["notation"] == "A.5"]
    assert entry["rolled_up_from"] == ["A.5.2", "A.5.3"]
