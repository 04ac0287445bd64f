"""The audit log's decisions on every store: each names the link it was made on, with that
link's requirement and document, however many events a page reads at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mapping.evidence.review import decide, undo
from mapping.record.audit_log import audit_log
from ontology.store import GraphStore
from tests.mapping.evidence.builders import add_artefact, add_link, load_mini_reference, req


def test_each_decision_names_its_own_link(store: GraphStore) -> None:
    load_mini_reference(store)
    policy = add_artefact(store, "policy", ["Impact.", "Records."])
    data = add_artefact(store, "data policy", ["Training data."])
    made = {
        ("A.5.2", "iso42001"): add_link(store, policy, req("A.5.2"), passages=[0]),
        ("A.5.3", "iso42001"): add_link(store, policy, req("A.5.3"), passages=[1]),
        ("art-10", "euaiact"): add_link(store, data, req("art-10", "euaiact")),
        ("A.8.2", "iso27001"): add_link(store, data, req("A.8.2", "iso27001")),
    }
    where = {link: (notation, standard) for (notation, standard), link in made.items()}
    start = datetime(2026, 6, 1, tzinfo=UTC)
    steps = [  # several decisions on one link, one on each of the others
        (made[("A.8.2", "iso27001")], "reject", 0),
        (made[("A.8.2", "iso27001")], "confirm", 1),
        (made[("A.5.2", "iso42001")], "confirm", 0),
        (made[("A.5.3", "iso42001")], "reject", 0),
        (made[("art-10", "euaiact")], "confirm", 0),
    ]
    expected = []
    for n, (link, decision, version) in enumerate(steps):
        when = start + timedelta(minutes=n)
        decide(store, link, decision, "alice", saw_version=version, now=when)
        expected.append((link, *where[link], decision))
    last = decide(store, made[("A.5.3", "iso42001")], "confirm", "bob", saw_version=1, now=start)
    undo(store, last.decision_id, "bob", now=start + timedelta(hours=1))
    expected += [(made[("A.5.3", "iso42001")], "A.5.3", "iso42001", d) for d in ("confirm", "undo")]
    events = audit_log(store, kind="decision", per_page=50).events
    got = [(e.link, e.notation, e.standard, e.decision) for e in events]
    assert sorted(got) == sorted(expected)
    titles = {e.link: e.title for e in events}
    assert {titles[link] for link in where} == {"policy", "data policy"}
    assert all(
        titles[link] == "data policy" for link in made.values() if where[link][1] != "iso42001"
    )
