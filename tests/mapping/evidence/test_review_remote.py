"""The same review, propagation, SoA and gap report on a real remote SPARQL server, and two
reviewer processes racing for the same links there: exactly one decision per link wins."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mapping.evidence.history import decision_history
from mapping.evidence.propagation import derivation_paths
from mapping.evidence.review import decide, get_link
from mapping.evidence.soa import list_soa, set_soa
from ontology.store import GraphStore
from shapes.report import validate_aims
from tests.conftest import SparqlServer
from tests.mapping.evidence.builders import add_artefact, add_link, load_mini_reference, req
from tests.mapping.evidence.test_propagation_crosswalk import decisions_match_a_run_from_scratch


def test_review_flow_on_both_stores(store: GraphStore) -> None:
    load_mini_reference(store)
    art = add_artefact(store, "policy", ["Impact.", "Scope."])
    a52 = add_link(store, art, req("A.5.2"))
    decide(store, a52, "confirm", "alice", saw_version=0)
    assert get_link(store, a52).status == "confirmed"
    assert {p.notation for p in derivation_paths(store)} == {"A.5.9", "A.5.10"}
    set_soa(store, "A.6.2.4", applicable=False, justification="No models.")
    assert [r.applicable for r in list_soa(store)] == [True, True, False]
    report = validate_aims(store, today=date(2026, 6, 1))
    iso = report.standards["iso42001"]
    assert (iso.in_scope, iso.covered) == (4, 1)
    assert report.standards["iso27001"].covered == 1


def test_scoped_propagation_matches_a_full_run_on_both_stores(store: GraphStore) -> None:
    """On Virtuoso the full run once missed a link the scoped runs kept: its plan lost the
    rows taking an IF's else branch (propagation_update.rq now reads a VALUES table)."""
    load_mini_reference(store)
    decisions_match_a_run_from_scratch(store)


def test_two_processes_race_on_a_remote_store(sparql_server: SparqlServer, tmp_path: Path) -> None:
    remote = sparql_server.store()
    load_mini_reference(remote)
    art = add_artefact(remote, "policy", ["a", "b", "c"])
    links = [  # three rounds (a control, another control, a clause): six real processes
        add_link(remote, art, req(n), passages=[i])
        for i, n in enumerate(("A.5.2", "A.6.2.4", "7.5.1"))
    ]
    exe = str(Path(sys.executable).parent / "aimsgraph")
    base = [exe, "--data-dir", str(tmp_path), *sparql_server.cli_options()]
    for link in links:
        procs = [
            subprocess.Popen(
                [*base, "review", decision, link, "--saw-version", "0", "--reviewer", who],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for decision, who in (("confirm", "alice"), ("reject", "bob"))
        ]
        outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
        codes = sorted(code for code, _ in outcomes)
        assert codes == [0, 2], outcomes
        assert any("decided by someone else" in err for _, err in outcomes)
        history = decision_history(remote, link)
        assert len(history) == 1
        assert get_link(remote, link).version == 1
    remote.close()


@pytest.fixture(autouse=True)
def _no_user_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "tester")


def test_compare_and_set_in_the_update_itself(store: GraphStore) -> None:
    """Two deciders that both read version 0 and both passed the check in Python: the
    update's own compare-and-set lets only the first one write (as across processes)."""
    from mapping.evidence.review import _record
    from ontology.errors import ConflictError

    load_mini_reference(store)
    art = add_artefact(store, "policy", ["a"])
    link = add_link(store, art, req("A.5.2"))
    seen = get_link(store, link)
    _record(store, seen, "confirm", "alice", None, None, None)
    with pytest.raises(ConflictError):
        _record(store, seen, "reject", "bob", None, None, None)
    assert [h["reviewer"] for h in decision_history(store, link)] == ["alice"]
    assert (get_link(store, link).status, get_link(store, link).version) == ("confirmed", 1)


def test_interleaved_decisions_settle_on_one_winner(store: GraphStore) -> None:
    """Two compare-and-set updates on the same snapshot (a remote store without serialisable
    updates): both land; each party then agrees on one winner and the loser withdraws."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from mapping.evidence.review import _decision_update, _won_race
    from ontology.namespaces import ORG

    load_mini_reference(store)
    art = add_artefact(store, "policy", ["a"])
    link = add_link(store, art, req("A.5.2"))
    seen = get_link(store, link)
    first, second = (URIRef(f"{ORG}decision/{n}") for n in ("0000-a", "ffff-b"))
    time = "2026-06-01T10:00:00+00:00"
    store.update(_decision_update(seen, second, "reject", "bob", None, "rejected", time))
    # bob's update ran first; alice's ran on the same snapshot: replay its effect by hand.
    audit, org = "https://w3id.org/aimsgraph/graph/audit", "https://w3id.org/aimsgraph/graph/org"
    aims = "https://w3id.org/aimsgraph/ns#"
    stamp = Literal(time, datatype=XSD.dateTime).n3()
    store.update(
        f"INSERT DATA {{ GRAPH <{org}> {{ <{seen.iri}> <{aims}latestDecision> <{first}> ; "
        f"<{aims}status> <{aims}confirmed> }} GRAPH <{audit}> {{ <{first}> a <{aims}ReviewDecision> ; "
        f"<http://www.w3.org/ns/prov#used> <{seen.iri}> ; <{aims}resultingStatus> <{aims}confirmed> ; "
        f"<http://www.w3.org/ns/prov#endedAtTime> {stamp} }} }}"
    )
    outcomes = {node: _won_race(store, URIRef(seen.iri), node) for node in (second, first)}
    assert outcomes == {first: True, second: False}
    after = get_link(store, link)
    assert (after.status, after.version) == ("confirmed", 1)
    assert not store.ask(f"ASK {{ GRAPH ?g {{ <{second}> ?p ?o }} }}")
    assert store.ask(f"ASK {{ GRAPH ?g {{ <{first}> ?p ?o }} }}")


def test_a_decision_writes_only_at_the_version_seen(store: GraphStore) -> None:
    """The compare-and-set of review_decide.rq on every store, for a link at version 0 and
    one without any version (read as 0): a stale version writes nothing; the version seen
    replaces the status, version and latest decision, once each, with a comment only when
    one is given. (Virtuoso 7.2 let the stale ones through with the version in an OPTIONAL
    next to a filter that named nothing else: it moved the filter into the OPTIONAL.)"""
    from dataclasses import replace

    from rdflib import URIRef

    from mapping.evidence.review import _decision_update
    from ontology.namespaces import ORG

    org, aims = "https://w3id.org/aimsgraph/graph/org", "https://w3id.org/aimsgraph/ns#"
    load_mini_reference(store)
    art = add_artefact(store, "policy", ["a", "b"])
    links = [add_link(store, art, req(n), passages=[i]) for i, n in enumerate(("A.5.2", "7.5.1"))]
    bare = f"<{ORG}link/{links[1]}>"
    store.update(
        f"DELETE {{ GRAPH <{org}> {{ {bare} <{aims}linkVersion> ?v }} }} "
        f"WHERE {{ GRAPH <{org}> {{ {bare} <{aims}linkVersion> ?v }} }}"
    )
    time = "2026-06-01T10:00:00+00:00"
    for link in links:
        seen = get_link(store, link)
        assert seen.version == 0
        steps = [  # (the state the decider saw, decision, its comment, whether it lands)
            (replace(seen, version=1), "stale", None, False),
            (seen, "first", None, True),
            (seen, "late", "too late", False),
            (replace(seen, version=1, status="confirmed"), "second", "on reflection", True),
        ]
        for saw, name, comment, lands in steps:
            node = URIRef(f"{ORG}decision/{link}-{name}")
            decision, status = (
                ("confirm", "confirmed") if name == "first" else ("reject", "rejected")
            )
            store.update(_decision_update(saw, node, decision, "alice", comment, status, time))
            assert store.ask(f"ASK {{ GRAPH ?g {{ <{node}> ?p ?o }} }}") is lands, (link, name)
        marks = store.select(
            f"SELECT ?p ?o WHERE {{ GRAPH <{org}> {{ <{seen.iri}> ?p ?o }} "
            f"FILTER(?p IN (<{aims}status>, <{aims}linkVersion>, <{aims}latestDecision>)) }}"
        )
        assert sorted(str(r["o"]) for r in marks) == sorted(
            ["2", f"{ORG}decision/{link}-second", f"{aims}rejected"]
        )
        comments = store.select(
            f"SELECT ?d ?c WHERE {{ GRAPH ?g {{ ?d <http://www.w3.org/2000/01/rdf-schema#comment> ?c "
            f"FILTER(STRSTARTS(STR(?d), '{ORG}decision/{link}-')) }} }}"
        )
        assert [(str(r["d"]).rsplit("-", 1)[-1], str(r["c"])) for r in comments] == [
            ("second", "on reflection")
        ]
