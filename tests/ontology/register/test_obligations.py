"""Obligations per system from role and risk class, and their evidence through linked documents."""

from __future__ import annotations

from datetime import date

import pytest

from ontology.errors import NotFoundError
from ontology.register.links_to_systems import (
    decide_system_link,
    linked_documents,
    suggest_documents,
)
from ontology.register.obligations import load_rules, rules_version, system_reports
from ontology.register.systems import create_system
from ontology.store import EmbeddedStore
from tests.ontology.register.conftest import add_org

TODAY = date(2026, 9, 1)


def _notations(store: EmbeddedStore, system_id: str) -> set[str]:
    [report] = system_reports(store, today=TODAY, system_ids=[system_id])
    return {o.notation for o in report.obligations}


def test_role_and_risk_class_decide_the_articles(store: EmbeddedStore) -> None:
    create_system(store, {"name": "P", "roles": "provider", "risk_class": "high-risk-annex-iii"})
    create_system(store, {"name": "D", "roles": "deployer", "risk_class": "high-risk-annex-iii"})
    create_system(store, {"name": "L", "roles": "deployer", "risk_class": "limited"})
    create_system(store, {"name": "G", "roles": "provider", "risk_class": "gpai-systemic"})
    create_system(store, {"name": "X", "roles": "deployer", "risk_class": "prohibited"})
    provider = _notations(store, "p")
    assert {
        "art-9",
        "art-10",
        "art-11",
        "art-12",
        "art-13",
        "art-14",
        "art-15",
        "art-17",
        "art-43",
        "art-49",
        "art-72",
    } <= provider
    assert "art-26" not in provider and "art-27" not in provider
    assert {"art-26", "art-27", "art-4"} <= _notations(store, "d") and "art-9" not in _notations(
        store, "d"
    )
    assert _notations(store, "l") == {"art-4", "art-50"}
    assert {"art-53", "art-55"} <= _notations(store, "g")
    assert "art-5" in _notations(store, "x")


def test_dates_come_from_the_sourced_rules_or_the_article(store: EmbeddedStore) -> None:
    create_system(store, {"name": "A1", "roles": "provider", "risk_class": "high-risk-annex-i"})
    create_system(store, {"name": "A3", "roles": "provider", "risk_class": "high-risk-annex-iii"})
    [annex_i] = system_reports(store, today=TODAY, system_ids=["a1"])
    [annex_iii] = system_reports(store, today=TODAY, system_ids=["a3"])
    art9_i = next(o for o in annex_i.obligations if o.notation == "art-9")
    art9_iii = next(o for o in annex_iii.obligations if o.notation == "art-9")
    assert art9_i.applies_from == "2027-08-02" and not art9_i.applies_now
    assert art9_iii.applies_from == "2026-08-02" and art9_iii.applies_now  # the graph's date
    assert all(rule.source for rule in load_rules())
    assert rules_version() == "2024-07-12"
    fria = next(o for o in system_reports(store, today=TODAY) if o.system.id == "a3")
    assert fria.rules_version == rules_version()


def test_documents_naming_a_system_are_suggested_then_confirmed(store: EmbeddedStore) -> None:
    add_org(store)
    create_system(
        store, {"name": "HireRank", "roles": "provider", "risk_class": "high-risk-annex-iii"}
    )
    [suggestion] = suggest_documents(store, "hirerank")
    assert suggestion["document"] == "doc2" and not suggestion["linked"]
    before = system_reports(store, today=TODAY)[0]
    assert before.counts.evidenced == 0
    decision = decide_system_link(store, "hirerank", "doc2", "alice")
    assert decision.decision == "confirm" and linked_documents(store, "hirerank") == ["doc2"]
    assert store.ask(
        "ASK { GRAPH <https://w3id.org/aimsgraph/graph/audit> { ?d <http://www.w3.org/ns/prov#wasAssociatedWith> ?a . ?a <http://www.w3.org/2000/01/rdf-schema#label> 'alice' } }"
    )
    [report] = system_reports(store, today=TODAY)
    status = {o.notation: o.status for o in [*report.obligations, *report.controls]}
    assert status["art-9"] == "evidenced" and status["A.5.2"] == "evidenced"
    assert status["A.5.3"] == "missing"  # only a suggestion
    assert status["art-10"] == "missing" and not report.complete
    decide_system_link(store, "hirerank", "doc2", "alice", remove=True)
    assert linked_documents(store, "hirerank") == []


def test_evidence_past_its_review_date_is_stale(store: EmbeddedStore) -> None:
    add_org(store, review_date="2026-01-31")
    create_system(
        store, {"name": "HireRank", "roles": "provider", "risk_class": "high-risk-annex-iii"}
    )
    decide_system_link(store, "hirerank", "doc2", "bob")
    [report] = system_reports(store, today=TODAY)
    status = {o.notation: o.status for o in [*report.obligations, *report.controls]}
    assert status["art-9"] == "stale" and status["A.5.2"] == "stale"
    assert report.counts.stale == 2


def test_a_linked_document_without_confirmed_evidence_evidences_nothing(
    store: EmbeddedStore,
) -> None:
    add_org(store)
    create_system(
        store, {"name": "Canteen bot", "roles": "provider", "risk_class": "high-risk-annex-iii"}
    )
    decide_system_link(store, "canteen-bot", "doc3", "alice")
    [report] = system_reports(store, today=TODAY)
    assert report.counts.evidenced == 0 and report.counts.missing > 20


def test_linking_an_unknown_document_writes_nothing(store: EmbeddedStore) -> None:
    add_org(store)
    create_system(store, {"name": "HireRank", "roles": "provider", "risk_class": "minimal"})
    before = store.count(store_graph := __import__("ontology.namespaces").namespaces.AUDIT_GRAPH)
    with pytest.raises(NotFoundError, match="no document"):
        decide_system_link(store, "hirerank", "nope", "alice")
    assert store.count(store_graph) == before
