"""The same review, propagation, SoA and gap report on a real remote SPARQL server, and two
reviewer processes racing for the same links there: exactly one decision per link wins."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mapping.propagation import derivation_paths
from mapping.review import decide, decision_history, get_link
from mapping.soa import list_soa, set_soa
from ontology.store import GraphStore, RemoteStore
from shapes.report import validate_aims
from tests.review.builders import add_artefact, add_link, load_mini_reference, req


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


def test_two_processes_race_on_a_remote_store(oxigraph_server: str, tmp_path: Path) -> None:
    remote = RemoteStore(oxigraph_server + "/query", oxigraph_server + "/update")
    remote.update("DROP SILENT ALL")
    load_mini_reference(remote)
    art = add_artefact(remote, "policy", ["a", "b", "c", "d", "e"])
    links = [add_link(remote, art, req(n), passages=[i]) for i, n in enumerate(
        ("A.5.2", "A.5.3", "A.6.2.4", "4.3", "7.5.1"))]  # fmt: skip
    exe = str(Path(sys.executable).parent / "aimsgraph")
    base = [exe, "--data-dir", str(tmp_path), "--store", oxigraph_server + "/query"]
    for link in links:
        procs = [
            subprocess.Popen(
                [*base, "review", decision, link, "--saw-version", "0", "--reviewer", who],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
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
    from mapping.review import _record
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
