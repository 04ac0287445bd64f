"""Per-system SHACL completeness through the real store and pySHACL."""

from __future__ import annotations

from datetime import date

from ontology.register.links_to_systems import decide_system_link
from ontology.register.systems import create_system, update_system
from ontology.store import EmbeddedStore
from shapes.systems import validate_systems
from tests.ontology.register.conftest import add_org


def _missing(store: EmbeddedStore, today: date) -> set[tuple[str, str]]:
    report = validate_systems(store, today=today)
    return {
        (str(v.focus).rsplit("/", 1)[-1], str(v.value).rsplit("/", 1)[-1])
        for v in report.violations
    }


def test_each_impact_control_must_be_evidenced_for_each_system(store: EmbeddedStore) -> None:
    add_org(store, review_date="2026-12-31")
    create_system(
        store, {"name": "HireRank", "roles": "provider", "risk_class": "high-risk-annex-iii"}
    )
    before = _missing(store, date(2026, 9, 1))
    assert before == {("hirerank", f"A.5.{n}") for n in (2, 3, 4, 5)}
    decide_system_link(store, "hirerank", "doc2", "alice")  # doc2 evidences A.5.2 only
    assert _missing(store, date(2026, 9, 1)) == {("hirerank", f"A.5.{n}") for n in (3, 4, 5)}
    assert ("hirerank", "A.5.2") in _missing(store, date(2027, 1, 1))  # past its review date
    update_system(store, "hirerank", {"in_scope": "no"})
    assert validate_systems(store, today=date(2026, 9, 1)).conforms
