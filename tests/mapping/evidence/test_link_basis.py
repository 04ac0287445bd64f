"""The basis of links made from other links, the same on every store: the direction each
mapping was walked (so a reversed subsetOf reads as supersetOf), only the links asked about,
and no mapping for a link a reviewer re-targeted."""

from __future__ import annotations

from mapping.evidence.basis import link_basis
from mapping.evidence.propagation import derivation_paths
from mapping.evidence.review import decide
from ontology.namespaces import ORG
from ontology.query_files import load_query
from ontology.store import GraphStore
from tests.mapping.evidence.builders import add_artefact, add_link, load_mini_reference, req


def test_basis_walks_each_mapping_in_its_direction(store: GraphStore) -> None:
    load_mini_reference(store)
    policy = add_artefact(store, "policy", ["Impact assessment process."])
    data = add_artefact(store, "data policy", ["Training data governance."])
    decide(store, add_link(store, policy, req("A.5.2")), "confirm", "alice")
    decide(store, add_link(store, data, req("art-10", "euaiact")), "confirm", "alice")
    paths = {(p.artefact, p.notation): p for p in derivation_paths(store)}
    assert len(paths) >= 3  # A.5.9 and A.5.10 from A.5.2, A.6.2.4 from art-10
    forward = paths[(policy.iri, "A.5.10")]  # m2: A.5.2 subsetOf A.5.10, walked forward
    backward = paths[(data.iri, "A.6.2.4")]  # m5: A.6.2.4 subsetOf art-10, walked back
    asked = [f"{ORG}link/{p.link_id}" for p in (forward, backward)]
    basis = link_basis(store, asked)
    assert sorted(basis) == sorted(asked)  # no other derived link
    got = {b["source_notation"]: (b["direction"], b["relationship"]) for b in basis.values()}
    assert got == {"A.5.2": ("outgoing", "subsetOf"), "art-10": ("incoming", "supersetOf")}
    assert {b["kind"] for b in basis.values()} == {"crosswalk"}


def test_a_retargeted_link_stands_on_its_suggestion_alone(store: GraphStore) -> None:
    from rdflib import URIRef

    load_mini_reference(store)
    policy = add_artefact(store, "policy", ["Impact assessment process."])
    moved = decide(
        store, add_link(store, policy, req("A.5.2")), "retarget", "alice", retarget_to="A.5.3"
    )
    made = f"{ORG}link/{moved.retarget_link_id}"
    rows = store.select(load_query("mapping", "link_basis", link=[URIRef(made)]))
    assert [(str(r["kind"]), "mapping" in r) for r in rows] == [("retarget", False)]
    basis = link_basis(store, [made])[made]
    assert (basis["source_notation"], basis["source_status"]) == ("A.5.2", "rejected")
    assert basis["mapping"] is None and basis["relationship"] is None
