"""Review decisions: status follows the latest decision, every decision is audited."""

from __future__ import annotations

import threading

import pytest

from mapping.evidence.history import decision_history, status_drift
from mapping.evidence.review import decide, decide_many, get_link
from ontology.errors import ConflictError, InputError, NotFoundError
from ontology.store import EmbeddedStore
from tests.mapping.evidence.builders import add_artefact, add_link, link_id, req


def test_confirm_sets_status_version_and_audit(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["We assess impacts of every AI system."])
    lid = add_link(mini, art, req("A.5.2"))
    result = decide(mini, lid, "confirm", "alice", comment="clear evidence", saw_version=0)
    assert (result.status, result.version, result.saw_status) == ("confirmed", 1, "suggested")
    state = get_link(mini, lid)
    assert (state.status, state.version) == ("confirmed", 1)
    [entry] = decision_history(mini, lid)
    assert entry["reviewer"] == "alice" and entry["comment"] == "clear evidence"
    assert (
        entry["type"] == "confirm" and entry["saw_version"] == 0 and entry["status"] == "confirmed"
    )
    assert status_drift(mini) == []


def test_status_follows_latest_decision_and_history_is_kept(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Text."])
    lid = add_link(mini, art, req("A.5.3"))
    decide(mini, lid, "confirm", "alice", saw_version=0)
    decide(mini, lid, "comment", "bob", comment="check page 2", saw_version=1)
    assert get_link(mini, lid).status == "confirmed"
    decide(mini, lid, "reject", "bob", saw_version=2)
    state = get_link(mini, lid)
    assert (state.status, state.version) == ("rejected", 3)
    history = decision_history(mini, lid)
    assert [h["type"] for h in history] == ["confirm", "comment", "reject"]
    assert [h["saw_version"] for h in history] == [0, 1, 2]
    assert status_drift(mini) == []


def test_stale_version_is_a_conflict(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Text."])
    lid = add_link(mini, art, req("A.5.3"))
    decide(mini, lid, "confirm", "alice", saw_version=0)
    with pytest.raises(ConflictError, match="version 0"):
        decide(mini, lid, "reject", "bob", saw_version=0)
    assert get_link(mini, lid).status == "confirmed"
    assert len(decision_history(mini, lid)) == 1


def test_two_concurrent_reviewers_exactly_one_wins(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Text."])
    lid = add_link(mini, art, req("A.5.3"))
    seen = get_link(mini, lid).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def review(name: str, decision: str) -> None:
        barrier.wait()
        try:
            decide(mini, lid, decision, name, saw_version=seen)
            outcomes[name] = "won"
        except ConflictError:
            outcomes[name] = "conflict"

    threads = [
        threading.Thread(target=review, args=a) for a in (("alice", "confirm"), ("bob", "reject"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "won"]
    winner = next(n for n, o in outcomes.items() if o == "won")
    [entry] = decision_history(mini, lid)
    assert entry["reviewer"] == winner
    assert get_link(mini, lid).status == ("confirmed" if winner == "alice" else "rejected")


def test_retarget_rejects_original_and_confirms_new_link(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["We verify models before release.", "Other."])
    lid = add_link(mini, art, req("A.5.3"), passages=[0, 1])
    result = decide(mini, lid, "retarget", "alice", retarget_to="A.6.2.4", saw_version=0)
    new_id = link_id(art.iri, req("A.6.2.4"))
    assert result.retarget_link_id == new_id
    assert get_link(mini, lid).status == "rejected"
    new = get_link(mini, new_id)
    assert (new.status, new.version, new.requirement) == ("confirmed", 1, req("A.6.2.4"))
    rows = mini.select(
        f"PREFIX aims: <https://w3id.org/aimsgraph/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        f"SELECT ?p ?from ?gen WHERE {{ <{new.iri}> aims:evidencePassage ?p ;"
        " prov:wasDerivedFrom ?from ."
        f" <{result.decision_iri}> prov:generated ?gen ; prov:used ?from }}"
    )
    assert {str(r["p"]) for r in rows} == set(art.passages)
    assert {str(r["gen"]) for r in rows} == {new.iri}
    assert decision_history(mini, lid)[0]["retarget_to"] == req("A.6.2.4")
    assert status_drift(mini) == []


def test_retarget_onto_existing_suggestion_confirms_it(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Text."])
    lid = add_link(mini, art, req("A.5.3"))
    other = add_link(mini, art, req("A.5.2"), score=0.4)
    decide(mini, lid, "retarget", "alice", retarget_to="iso42001:A.5.2")
    state = get_link(mini, other)
    assert (state.status, state.version) == ("confirmed", 1)
    methods = mini.select(
        f"SELECT ?m WHERE {{ <{state.iri}> <https://w3id.org/aimsgraph/ns#method> ?m }}"
    )
    assert len(methods) == 1


def test_bad_input_is_refused(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Text."])
    lid = add_link(mini, art, req("A.5.3"))
    with pytest.raises(NotFoundError):
        decide(mini, "0123456789abcdef", "confirm", "alice")
    with pytest.raises(InputError):
        decide(mini, "not-a-link", "confirm", "alice")
    with pytest.raises(InputError):
        decide(mini, lid, "approve", "alice")
    with pytest.raises(InputError):
        decide(mini, lid, "confirm", "  ")
    with pytest.raises(NotFoundError):
        decide(mini, lid, "retarget", "alice", retarget_to="A.99.9")
    assert decision_history(mini, lid) == []


def test_bulk_decides_each_and_reports_failures(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Text."])
    ids = [add_link(mini, art, req(n)) for n in ("A.5.2", "A.5.3")]
    decide(mini, ids[1], "confirm", "carol")
    outcome = decide_many(
        mini,
        [*ids, "ffffffffffffffff", ids[0]],
        "reject",
        "alice",
        comment="out of scope",
        saw_versions={ids[1]: 0},
    )
    assert [d.link_id for d in outcome.decided] == [ids[0]]
    assert {f["link"]: f["error"] for f in outcome.failed} == {
        ids[1]: "conflict",
        "ffffffffffffffff": "not_found",
    }
    assert get_link(mini, ids[0]).status == "rejected"


def test_history_of_an_unknown_link_is_not_found(mini: EmbeddedStore) -> None:
    with pytest.raises(NotFoundError):
        decision_history(mini, "0123456789abcdef")
