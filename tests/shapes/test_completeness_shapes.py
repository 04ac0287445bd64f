"""Each completeness shape fires on a crafted violation, and stays quiet once it is fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from mapping.evidence.review import decide
from mapping.evidence.soa import set_soa
from ontology.namespaces import AUDIT_GRAPH
from ontology.store import EmbeddedStore
from shapes.report import build_data_graph, run_shapes
from tests.mapping.evidence.builders import (
    PREFIXES,
    add_artefact,
    add_link,
    link_id,
    load_mini_reference,
    req,
)

TODAY = date(2026, 6, 1)


@pytest.fixture
def mini(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_mini_reference(store)
    yield store
    store.close()


def _fired(store: EmbeddedStore, shape: str) -> list[tuple[str, str | None, str]]:
    _, results = run_shapes(build_data_graph(store, TODAY))
    return [(r.focus, r.value, r.message) for r in results if r.shape == shape]


def _complete(store: EmbeddedStore) -> None:
    """Confirmed, current evidence for every control and clause of the mini reference."""
    art = add_artefact(store, "aims manual", ["All of it."], review_date="2027-01-01")
    for notation in ("A.5.2", "A.5.3", "A.6.2.4", "4.3", "7.5.1"):
        decide(store, add_link(store, art, req(notation)), "confirm", "alice")


def test_complete_mini_aims_conforms(mini: EmbeddedStore) -> None:
    _complete(mini)
    conforms, results = run_shapes(build_data_graph(mini, TODAY))
    assert (conforms, results) == (True, [])


def test_applicable_control_without_current_evidence_fires(mini: EmbeddedStore) -> None:
    _complete(mini)
    stale = add_artefact(mini, "old register", ["Verification."], review_date="2026-01-01")
    fresh = add_artefact(mini, "draft", ["Verification."], review_date="2027-01-01")
    # A.6.2.4 keeps its confirmed evidence from the manual: reject it, then only an
    # out-of-date confirmation and a mere suggestion remain
    decide(mini, add_link(mini, stale, req("A.6.2.4")), "confirm", "alice")
    add_link(mini, fresh, req("A.6.2.4"))
    manual = add_artefact(mini, "aims manual", ["All of it."], review_date="2027-01-01")
    decide(mini, link_id(manual.iri, req("A.6.2.4")), "reject", "alice")
    fired = _fired(mini, "ApplicableControlEvidenceShape")
    assert [(v, m) for _, v, m in fired] == [
        (req("A.6.2.4"), "applicable Annex A control A.6.2.4 has no confirmed, current evidence")
    ]
    set_soa(mini, "A.6.2.4", applicable=False, justification="No models built in-house.")
    assert _fired(mini, "ApplicableControlEvidenceShape") == []


def test_excluded_control_without_justification_fires(mini: EmbeddedStore) -> None:
    _complete(mini)
    mini.update(
        "INSERT DATA { GRAPH <https://w3id.org/aimsgraph/graph/org> {"
        " <https://w3id.org/aimsgraph/org/soa/A.5.2>"
        " a <https://w3id.org/aimsgraph/ns#ApplicabilityStatement> ;"
        " <https://w3id.org/aimsgraph/ns#control> <https://w3id.org/aimsgraph/std/iso42001/A.5.2> ;"
        " <https://w3id.org/aimsgraph/ns#applicable> false } }"
    )
    fired = _fired(mini, "ExcludedControlJustificationShape")
    assert [(f, m) for f, _, m in fired] == [
        (
            "https://w3id.org/aimsgraph/org/soa/A.5.2",
            "excluded Annex A control has no justification",
        )
    ]
    set_soa(mini, "A.5.2", applicable=False, justification="Out of scope.")
    assert _fired(mini, "ExcludedControlJustificationShape") == []


def test_documented_information_clause_without_confirmed_artefact_fires(
    mini: EmbeddedStore,
) -> None:
    art = add_artefact(mini, "scope statement", ["Scope."])
    lid = add_link(mini, art, req("4.3"))
    fired = {v for _, v, _ in _fired(mini, "DocumentedInformationShape")}
    assert fired == {req("4.3"), req("7.5.1")}
    decide(mini, lid, "confirm", "alice")
    assert {v for _, v, _ in _fired(mini, "DocumentedInformationShape")} == {req("7.5.1")}


def test_artefact_without_owner_or_review_date_fires(mini: EmbeddedStore) -> None:
    bare = add_artefact(mini, "bare", ["x"], owner=None, review_date=None)
    add_artefact(mini, "fine", ["y"])
    fired = _fired(mini, "ArtefactOwnerShape")
    assert sorted(m for _, _, m in fired) == [
        "artefact has no owner",
        "artefact has no review date",
    ]
    assert {f for f, _, _ in fired} == {bare.iri}


def test_superseded_artefact_is_not_checked(mini: EmbeddedStore) -> None:
    old = add_artefact(mini, "v1", ["x"], owner=None)
    add_artefact(mini, "v2", ["x"], revision_of=old)
    assert _fired(mini, "ArtefactOwnerShape") == []


def test_decision_without_reviewer_or_time_fires(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["x"])
    decide(mini, add_link(mini, art, req("A.5.2")), "confirm", "alice")
    assert _fired(mini, "DecisionAttributionShape") == []
    crafted = PREFIXES + "<https://w3id.org/aimsgraph/org/decision/crafted> a aims:ReviewDecision ."
    mini.add(AUDIT_GRAPH, Graph().parse(data=crafted, format="turtle"))
    fired = _fired(mini, "DecisionAttributionShape")
    assert sorted(m for _, _, m in fired) == ["decision has no time", "decision names no reviewer"]
