"""Confirmed evidence flows along crosswalk edges, in both directions, idempotently."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from mapping.evidence.propagation import derivation_paths, propagate_evidence
from mapping.evidence.review import decide, get_link
from ontology.query_files import query_text
from ontology.store import EmbeddedStore, GraphStore
from tests.conftest import ROOT
from tests.mapping.evidence.builders import (
    add_artefact,
    add_link,
    load_mini_reference,
    req,
    statuses,
)


def _count_links(store: EmbeddedStore) -> int:
    rows = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?l a <https://w3id.org/aimsgraph/ns#EvidenceLink> }"
    )
    return int(rows[0]["n"])  # type: ignore[call-overload]


def test_confirmed_42001_evidence_flows_by_relationship(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Impact assessment process.", "Records."])
    a52 = add_link(mini, art, req("A.5.2"))
    a53 = add_link(mini, art, req("A.5.3"))
    decide(mini, a52, "confirm", "alice")
    decide(mini, a53, "confirm", "alice")
    s = statuses(mini)
    a = art.iri
    assert s[(a, req("A.5.9", "iso27001"))] == "derived"  # equal
    assert s[(a, req("A.5.10", "iso27001"))] == "suggested"  # subsetOf
    assert s[(a, req("A.8.1", "iso27001"))] == "derived"  # supersetOf
    assert s[(a, req("art-9", "euaiact"))] == "suggested"  # intersectsWith
    assert (a, req("art-10", "euaiact")) not in s
    paths = {p.notation: p for p in derivation_paths(mini)}
    assert paths["A.5.9"].source_notation == "A.5.2" and paths["A.5.9"].relationship == "equal"
    assert paths["A.5.9"].mapping.endswith("/m1")
    assert paths["A.8.1"].relationship == "supersetOf"
    passages = mini.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> SELECT ?p WHERE { ?l aims:derivedVia"
        " <https://w3id.org/aimsgraph/crosswalk/m1> ; aims:evidencePassage ?p }"
    )
    assert [str(r["p"]) for r in passages] == [art.passages[0]]


def test_other_standard_flows_back_with_reversed_relationship(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "data policy", ["Training data governance."])
    art10 = add_link(mini, art, req("art-10", "euaiact"))
    a82 = add_link(mini, art, req("A.8.2", "iso27001"))
    decide(mini, art10, "confirm", "alice")
    decide(mini, a82, "confirm", "alice")
    s = statuses(mini)
    # A.6.2.4 subsetOf art-10, walked back: art-10 supersetOf A.6.2.4 -> derived
    # A.6.2.4 equal A.8.2 on a candidate edge -> only a suggestion
    assert s[(art.iri, req("A.6.2.4"))] in {"derived", "suggested"}
    kinds = {
        (p.source_notation, p.status) for p in derivation_paths(mini) if p.notation == "A.6.2.4"
    }
    assert kinds == {("art-10", "derived"), ("A.8.2", "suggested")}


def test_idempotent_and_withdrawn_when_source_rejected(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Impact assessment process."])
    a52 = add_link(mini, art, req("A.5.2"))
    decide(mini, a52, "confirm", "alice")
    before = _count_links(mini)
    propagate_evidence(mini)
    propagate_evidence(mini)
    assert _count_links(mini) == before == 3
    decide(mini, a52, "reject", "bob")
    assert _count_links(mini) == 1
    assert statuses(mini) == {(art.iri, req("A.5.2")): "rejected"}


def test_decided_crosswalk_suggestion_is_kept(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Impact assessment process."])
    a52 = add_link(mini, art, req("A.5.2"))
    decide(mini, a52, "confirm", "alice")
    [suggestion] = [p for p in derivation_paths(mini) if p.notation == "A.5.10"]
    decide(mini, suggestion.link_id, "confirm", "bob")
    decide(mini, a52, "reject", "bob", saw_version=1)
    s = statuses(mini)
    assert s[(art.iri, req("A.5.10", "iso27001"))] == "confirmed"
    assert get_link(mini, suggestion.link_id).derived_from is not None
    # the confirmed 27001 link now flows back to 42001 A.5.2 -- but A.5.2 was rejected by a
    # person for this artefact, and a decided link is never second-guessed
    assert s[(art.iri, req("A.5.2"))] == "rejected"


def test_direct_decision_supersedes_derived_link(mini: EmbeddedStore) -> None:
    art = add_artefact(mini, "policy", ["Impact assessment process."])
    a52 = add_link(mini, art, req("A.5.2"))
    a59 = add_link(mini, art, req("A.5.9", "iso27001"))
    decide(mini, a52, "confirm", "alice")
    decide(mini, a59, "reject", "alice")
    assert statuses(mini)[(art.iri, req("A.5.9", "iso27001"))] == "rejected"
    assert [p for p in derivation_paths(mini) if p.notation == "A.5.9"] == []


def test_documented_path_query_answers(mini: EmbeddedStore) -> None:
    """The SPARQL example in docs/review.md finds AI Act coverage and its path."""
    import re

    doc = ROOT / "docs" / "review.md"
    [query] = re.findall(r"```sparql\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL)
    art = add_artefact(mini, "policy", ["Impact records."])
    decide(mini, add_link(mini, art, req("A.5.3")), "confirm", "alice")
    [art9] = [p for p in derivation_paths(mini) if p.notation == "art-9"]
    assert mini.select(query) == []  # only a suggestion so far
    decide(mini, art9.link_id, "confirm", "bob")
    rows = mini.select(query)
    assert [
        (str(r["article"]), str(r["from"]), str(r["status"]).rsplit("#")[-1]) for r in rows
    ] == [("art-9", "A.5.3", "confirmed")]


def _crosswalk_links(store: GraphStore) -> set[tuple[str, str, str]]:
    rows = store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> SELECT ?l ?p ?o WHERE { GRAPH ?g {"
        " ?l aims:derivedVia ?m ; ?p ?o } FILTER(?p != <http://www.w3.org/ns/prov#generatedAtTime>) }"
    )
    return {(str(r["l"]), str(r["p"]), str(r["o"])) for r in rows}


def test_decisions_leave_the_links_a_run_from_scratch_makes(mini: EmbeddedStore) -> None:
    decisions_match_a_run_from_scratch(mini)


def decisions_match_a_run_from_scratch(mini: GraphStore) -> None:
    """Each decision redoes only its artefact's derivations (pruning and adding, with decided
    links blocking); the result equals a full propagation over freshly cleared links."""
    one = add_artefact(mini, "policy", ["Impact assessment process.", "Records."])
    two = add_artefact(mini, "data policy", ["Training data governance."])
    a52, a53 = add_link(mini, one, req("A.5.2")), add_link(mini, one, req("A.5.3"))
    art10 = add_link(mini, two, req("art-10", "euaiact"))
    a82 = add_link(mini, two, req("A.8.2", "iso27001"))
    for link in (a52, a53, art10, a82):
        decide(mini, link, "confirm", "alice")
    [suggestion] = [p for p in derivation_paths(mini) if p.notation == "A.5.10"]
    decide(mini, suggestion.link_id, "reject", "bob")  # a decided link blocks its target
    decide(mini, a53, "reject", "bob", saw_version=1)  # its derivations are pruned
    scoped, kept = _crosswalk_links(mini), statuses(mini)
    assert scoped and (one.iri, req("A.5.10", "iso27001")) in kept
    mini.update(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> DELETE { GRAPH ?g { ?l ?p ?o } } WHERE {"
        " GRAPH ?g { ?l aims:derivedVia ?m ; ?p ?o } FILTER NOT EXISTS { GRAPH ?g {"
        " ?l aims:latestDecision ?d } } }"
    )
    propagate_evidence(mini)
    assert _crosswalk_links(mini) == scoped
    assert statuses(mini) == kept


def test_portable_form_makes_the_links_the_embedded_form_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Remote stores run propagation_update.rq, the embedded store its faster form: the two
    differ only in how a reversed edge's relationship is found, and on the same decisions
    both leave the same links, scoped after each decision and in a full run from scratch."""
    from mapping.evidence import propagation

    def reversal_free(name: str) -> str:
        lines = query_text("mapping", name).splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
        reversal = (
            r"\{ VALUES \(\?rel \?walk\).*?aims:relationship \?rel \. \} \}"
            r"|\{ GRAPH \?cw \{ \?m aims:mappingTarget .*?AS \?walk\) \}"
        )
        return re.sub(reversal, "REVERSED", text, flags=re.DOTALL)

    assert reversal_free("propagation_update") == reversal_free("propagation_update_embedded")
    build, made = propagation._propagation_update, []
    for embedded in (True, False):
        monkeypatch.setattr(propagation, "_propagation_update", _forced(build, embedded))
        store = EmbeddedStore(tmp_path / f"form-{embedded}")
        load_mini_reference(store)
        decisions_match_a_run_from_scratch(store)
        made.append({t for t in _crosswalk_links(store) if "/decision/" not in t[2]})
        store.close()
    assert made[0] == made[1]
    assert any(p.endswith("#derivedVia") for _, p, _ in made[0])


def _forced(build: Callable[..., str], form: bool) -> Callable[..., str]:
    """``build`` with the form chosen here rather than by the store's type."""

    def update(stamp: Literal, scope: list[URIRef] | None, *, embedded: bool) -> str:
        return build(stamp, scope, embedded=form)

    return update
