"""A new version carries confirmed evidence over where the cited passages are unchanged."""

from __future__ import annotations

from mapping.evidence.history import decision_history, status_drift
from mapping.evidence.review import decide, get_link, link_id_for
from mapping.evidence.revisions import carry_over_revision
from mapping.evidence.soa import list_soa
from ontology.store import EmbeddedStore
from tests.mapping.evidence.builders import add_artefact, add_link, req, statuses

V1 = ["Impact assessment process.", "Verification before release.", "Old retention rule."]
V2 = ["Impact assessment process.", "Verification before release, now with red-teaming.", "New."]


def test_unchanged_passages_carry_over_changed_ones_need_review(mini: EmbeddedStore) -> None:
    old = add_artefact(mini, "policy v1", V1)
    keep = add_link(mini, old, req("A.5.2"), passages=[0])
    change = add_link(mini, old, req("A.6.2.4"), passages=[0, 1])
    vanish = add_link(mini, old, req("A.5.3"), passages=[2])
    rejected = add_link(mini, old, req("4.3"), passages=[0])
    confirm = decide(mini, keep, "confirm", "alice")
    for lid in (change, vanish):
        decide(mini, lid, "confirm", "alice")
    decide(mini, rejected, "reject", "alice")
    new = add_artefact(mini, "policy v2", V2, revision_of=old)

    result = carry_over_revision(mini, new.iri)

    assert result.previous == old.iri
    carried = link_id_for(new.iri, req("A.5.2"))
    assert result.carried_over == [carried]
    assert sorted(result.needs_review) == sorted(
        link_id_for(new.iri, req(n)) for n in ("A.6.2.4", "A.5.3")
    )
    s = statuses(mini)
    assert s[(new.iri, req("A.5.2"))] == "carriedOver"
    assert s[(new.iri, req("A.6.2.4"))] == "needsReview"
    assert s[(new.iri, req("A.5.3"))] == "needsReview"
    assert (new.iri, req("4.3")) not in s
    state = get_link(mini, carried)
    assert state.derived_from == get_link(mini, keep).iri
    rows = mini.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX aims: <https://w3id.org/aimsgraph/ns#> "
        f"SELECT ?earlier ?p WHERE {{ <{state.iri}> aims:latestDecision ?a ;"
        " aims:evidencePassage ?p ."
        " ?a prov:wasInformedBy ?earlier ; prov:wasAssociatedWith ?agent ; prov:endedAtTime ?t }"
    )
    assert [(str(r["earlier"]), str(r["p"])) for r in rows] == [
        (confirm.decision_iri, new.passages[0])
    ]
    # the SoA cites the new version, with the person's decision it was carried from
    [ref] = next(r for r in list_soa(mini) if r.notation == "A.5.2").evidence
    assert (ref.document_id, ref.link_status, ref.reviewer) == (new.id, "carriedOver", "alice")
    assert ref.decision_id == confirm.decision_id
    # carried-over evidence is confirmed evidence: it flows along the crosswalk too
    assert s[(new.iri, req("A.5.9", "iso27001"))] == "derived"
    assert status_drift(mini) == []


def test_second_run_changes_nothing_and_reviewer_can_settle(mini: EmbeddedStore) -> None:
    old = add_artefact(mini, "policy v1", V1)
    lid = add_link(mini, old, req("A.6.2.4"), passages=[1])
    decide(mini, lid, "confirm", "alice")
    new = add_artefact(mini, "policy v2", V2, revision_of=old)
    first = carry_over_revision(mini, new.iri)
    second = carry_over_revision(mini, new.iri)
    assert first.needs_review == second.skipped and second.needs_review == []
    flagged = first.needs_review[0]
    decide(mini, flagged, "confirm", "bob", saw_version=1)
    assert get_link(mini, flagged).status == "confirmed"
    assert [h["type"] for h in decision_history(mini, flagged)] == ["carryOver", "confirm"]


def test_suggestion_on_new_version_is_upgraded(mini: EmbeddedStore) -> None:
    old = add_artefact(mini, "policy v1", V1)
    lid = add_link(mini, old, req("A.5.2"), passages=[0])
    decide(mini, lid, "confirm", "alice")
    new = add_artefact(mini, "policy v2", V2, revision_of=old)
    suggested = add_link(mini, new, req("A.5.2"), passages=[0])
    carry_over_revision(mini, new.iri)
    state = get_link(mini, suggested)
    assert (state.status, state.version) == ("carriedOver", 1)


def test_not_a_revision_does_nothing(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", V1)
    assert carry_over_revision(mini, art.iri).previous is None
