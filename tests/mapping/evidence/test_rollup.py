"""Group clauses roll up over their children, on the real ISO/IEC 42001 hierarchy: a group is
evidenced when all its children are, partly when some are; evidence stays on the children."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mapping.evidence.rollup import Hierarchy, document_evidence, load_hierarchy, roll_up_groups
from mapping.evidence.suggest import list_suggestions
from ontology.store import EmbeddedStore
from tests.conftest import copy_reference
from tests.mapping.evidence.builders import Artefact, add_artefact, add_link, req


@pytest.fixture
def store(tmp_path: Path, reference_template: Path) -> Iterator[EmbeddedStore]:
    """The real reference data, and nothing else yet."""
    s = copy_reference(reference_template, tmp_path / "oxigraph")
    yield s
    s.close()


def _link_all(
    store: EmbeddedStore, artefact: Artefact, notations: list[str], status: str = "suggested"
) -> None:
    for notation in notations:
        add_link(store, artefact, req(notation), status=status)


Rolled = tuple[str, tuple[str, ...], tuple[str, ...]]


def _by_notation(store: EmbeddedStore, evidenced: set[str]) -> dict[str, Rolled]:
    rollups = roll_up_groups(load_hierarchy(store, ["iso42001"]), evidenced)
    return {g.notation: (g.status, g.rolled_up_from, g.missing) for g in rollups}


def test_hierarchy_of_the_real_standard(store: EmbeddedStore) -> None:
    hierarchy = load_hierarchy(store, ["iso42001"])
    notations = [hierarchy.notation(g) for g in hierarchy.groups()]
    assert {"6", "6.1", "8", "10", "A.6", "A.6.2"} <= set(notations)
    assert notations.index("6") < notations.index("6.1") < notations.index("A.6")
    assert [hierarchy.notation(a) for a in hierarchy.ancestors(req("A.6.2.4"))] == ["A.6.2", "A.6"]
    assert not hierarchy.is_group(req("A.6.2.4")) and hierarchy.is_group(req("10"))


def test_group_evidenced_when_all_children_are(store: EmbeddedStore) -> None:
    six_one = [req(n) for n in ("6.1.1", "6.1.2", "6.1.3", "6.1.4")]
    groups = _by_notation(store, set(six_one))
    assert groups["6.1"] == ("evidenced", ("6.1.1", "6.1.2", "6.1.3", "6.1.4"), ())
    # 6.1 counts as evidenced for clause 6, whose other children are missing
    assert groups["6"] == ("partly", ("6.1.1", "6.1.2", "6.1.3", "6.1.4"), ("6.2", "6.3"))
    assert groups["8"][0] == "none"
    done = _by_notation(store, {*six_one, req("6.2"), req("6.3")})
    assert done["6"][0] == "evidenced" and done["6"][2] == ()


def test_group_partly_evidenced_by_any_child(store: EmbeddedStore) -> None:
    groups = _by_notation(store, {req("A.6.2.4")})
    status, sources, missing = groups["A.6"]
    assert (status, sources) == ("partly", ("A.6.2.4",))
    assert "A.6.1.2" in missing and "A.6.2.3" in missing and "A.6.2.4" not in missing
    assert groups["A.6.1"][0] == "none" and groups["A.6.2"][0] == "partly"


def test_scope_decides_which_children_count(store: EmbeddedStore) -> None:
    hierarchy = load_hierarchy(store, ["iso42001"])
    scope = {req("10.2"), req("4.3")}  # e.g. the clauses requiring documented information
    rollups = {g.notation: g for g in roll_up_groups(hierarchy, {req("10.2")}, scope)}
    assert rollups["10"].status == "evidenced" and rollups["10"].rolled_up_from == ("10.2",)
    assert rollups["4"].status == "none" and rollups["4"].missing == ("4.3",)
    assert "6" not in rollups  # none of its children is in scope


def test_a_group_with_its_own_evidence_counts_for_its_parent() -> None:
    hierarchy = Hierarchy.from_edges({"A": ["A.1", "A.2"], "A.1": ["A.1.1", "A.1.2"]})
    rollups = {g.notation: g for g in roll_up_groups(hierarchy, {"A.1", "A.2"})}
    assert rollups["A"].status == "evidenced"
    assert rollups["A"].rolled_up_from == ("A.1", "A.2")
    assert rollups["A.1"].status == "none" and rollups["A.1"].missing == ("A.1.1", "A.1.2")


def test_rejected_links_do_not_evidence(store: EmbeddedStore) -> None:
    doc = add_artefact(store, "doc", ["Risk treatment."])
    _link_all(store, doc, ["6.1.1", "6.1.2"])
    _link_all(store, doc, ["6.1.3"], status="rejected")
    assert document_evidence(store, [doc.iri])[doc.iri] == {req("6.1.1"), req("6.1.2")}


def test_suggestions_carry_their_groups(store: EmbeddedStore) -> None:
    doc = add_artefact(store, "doc", ["Risk treatment."])
    other = add_artefact(store, "other", ["Lifecycle."])
    _link_all(store, doc, ["6.1.1", "6.1.2", "6.1.3", "6.1.4", "A.6.2.4"])
    _link_all(store, other, ["A.6.2.3"])
    links = {(s["document"], s["notation"]): s for s in list_suggestions(store)}
    [six_one, six] = links[(doc.id, "6.1.2")]["groups"]
    assert six_one == {
        "notation": "6.1",
        "status": "evidenced",
        "rolled_up_from": ["6.1.1", "6.1.2", "6.1.3", "6.1.4"],
        "missing": [],
    }
    assert (six["notation"], six["status"], six["missing"]) == ("6", "partly", ["6.2", "6.3"])
    # each document rolls up its own links only
    [a62, a6] = links[(doc.id, "A.6.2.4")]["groups"]
    assert (a62["notation"], a62["rolled_up_from"], a6["notation"]) == ("A.6.2", ["A.6.2.4"], "A.6")
    assert links[(other.id, "A.6.2.3")]["groups"][0]["rolled_up_from"] == ["A.6.2.3"]
    # filtering the listing does not change what a group is rolled up from
    [only] = list_suggestions(store, control="6.1.1")
    assert only["groups"][0]["rolled_up_from"] == ["6.1.1", "6.1.2", "6.1.3", "6.1.4"]


def test_a_link_on_a_group_lists_the_children_first(store: EmbeddedStore) -> None:
    doc = add_artefact(store, "doc", ["Lifecycle."])
    _link_all(store, doc, ["A.6.2", "A.6.2.5"])
    [group_link] = list_suggestions(store, control="A.6.2")
    assert [g["notation"] for g in group_link["groups"]] == ["A.6.2", "A.6"]
    assert group_link["groups"][0]["rolled_up_from"] == ["A.6.2.5"]
