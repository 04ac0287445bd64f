"""Suggestions on real ingested documents: citations, idempotency, decided links untouched."""

from __future__ import annotations

from datetime import UTC, datetime

from mapping.evidence.suggest import list_suggestions, suggest_for_artefacts
from mapping.retrieval.fusion import shipped_model
from ontology.namespaces import AIMS, ORG_GRAPH
from tests.mapping.conftest import MappedData

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 2, 1, tzinfo=UTC)


def _suggest(m: MappedData, when: datetime = T0):  # type: ignore[no-untyped-def]
    return suggest_for_artefacts(m.store, m.index, m.embedder, list(m.artefacts.values()), now=when)


def test_every_document_gets_suggestions_citing_passages(mapped: MappedData) -> None:
    result = _suggest(mapped)
    assert result.artefacts == 3 and result.written > 0
    for name, artefact in mapped.artefacts.items():
        links = list_suggestions(mapped.store, document=artefact)
        rule = shipped_model().selection  # the count follows the document (docs/mapping.md)
        assert rule.min_links <= len(links) <= rule.max_links, name
        scores = [link["score"] for link in links]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        for link in links:
            assert set(link) >= {
                "id",
                "document",
                "notation",
                "standard",
                "status",
                "score",
                "passages",
            }
            assert link["status"] == "suggested" and link["standard"] == "iso42001"
            assert link["model"].startswith("all-MiniLM-L6-v2+onnx-int8@")  # says the backend
            assert 1 <= len(link["passages"]) <= 3
            assert all(p["text"] and p["section"] is not None for p in link["passages"])
        if name.endswith(".pdf"):
            assert all(p["page"] for link in links for p in link["passages"])


def test_privacy_guidance_is_suggested_for_privacy_related_requirements(mapped: MappedData) -> None:
    _suggest(mapped)
    doc = mapped.artefacts["gwu-privacy-guidance-ai.md"]
    top = [link["notation"] for link in list_suggestions(mapped.store, document=doc)][:10]
    # The document is about personal data in AI tools: data or privacy controls rank high.
    assert any(n.startswith(("A.7", "A.5", "6.1")) for n in top), top


def test_second_run_changes_nothing(mapped: MappedData) -> None:
    _suggest(mapped, T0)
    before = list_suggestions(mapped.store)
    again = _suggest(mapped, T1)
    assert again.written == 0 and again.unchanged == len(before) and again.embedded == 0
    assert list_suggestions(mapped.store) == before  # same links, scores, times, passages


def _set_status(m: MappedData, link: str, status: str) -> None:
    m.store.update(
        f"DELETE {{ GRAPH <{ORG_GRAPH}> {{ ?l <{AIMS.status}> ?s }} }} "
        f"INSERT {{ GRAPH <{ORG_GRAPH}> {{ ?l <{AIMS.status}> <{AIMS[status]}> }} }} "
        f"WHERE {{ GRAPH <{ORG_GRAPH}> {{ ?l <{AIMS.status}> ?s }} "
        f'FILTER(STRENDS(STR(?l), "/{link}")) }}'
    )


def test_decided_links_are_never_touched(mapped: MappedData) -> None:
    _suggest(mapped, T0)
    doc = mapped.artefacts["rocky-linux-ai-assisted-contribution-policy.md"]
    links = list_suggestions(mapped.store, document=doc)
    confirmed, rejected = links[0], links[1]
    _set_status(mapped, confirmed["id"], "confirmed")
    _set_status(mapped, rejected["id"], "rejected")
    mapped.store.update(  # a different scorer would give other scores: simulate a new model
        f"DELETE WHERE {{ GRAPH <{ORG_GRAPH}> {{ ?l <{AIMS.model}> ?m }} }}"
    )
    result = _suggest(mapped, T1)
    assert result.kept_decided >= 1
    after = {link["id"]: link for link in list_suggestions(mapped.store, document=doc)}
    assert after[confirmed["id"]]["status"] == "confirmed"
    assert after[rejected["id"]]["status"] == "rejected"
    for old in (confirmed, rejected):
        new = after[old["id"]]
        assert (new["score"], new["generated_at"], new["passages"]) == (
            old["score"],
            old["generated_at"],
            old["passages"],
        )
        assert new["model"] is None  # untouched: the removed model was not written back
    regenerated = [link for link in after.values() if link["status"] == "suggested"]
    assert regenerated and all(
        link["generated_at"].startswith("2026-02-01") for link in regenerated
    )


def test_listing_filters(mapped: MappedData) -> None:
    _suggest(mapped)
    every = list_suggestions(mapped.store)
    notation = every[0]["notation"]
    by_control = list_suggestions(mapped.store, control=notation)
    assert by_control and all(link["notation"] == notation for link in by_control)
    assert list_suggestions(mapped.store, status="confirmed") == []
    assert [s["id"] for s in list_suggestions(mapped.store, limit=2)] == [
        s["id"] for s in every[:2]
    ]
    assert list_suggestions(mapped.store, standard="euaiact") == []


def test_groups_are_not_suggested_but_their_members_are(mapped: MappedData) -> None:
    from mapping.retrieval.descriptors import load_descriptors

    groups = {d.notation for d in load_descriptors(mapped.store) if d.is_group}
    assert {"5", "A.2", "A.6.2"} <= groups and "A.6.2.4" not in groups
    _suggest(mapped)
    notations = {link["notation"] for link in list_suggestions(mapped.store)}
    assert notations and not notations & groups


def test_more_writes_the_next_requirements_down_the_ranking(mapped: MappedData) -> None:
    import pytest

    from mapping.evidence.suggest import more_suggestions
    from ontology.errors import NotFoundError

    _suggest(mapped)
    artefact = next(iter(mapped.artefacts.values()))
    before = list_suggestions(mapped.store, document=artefact)
    more = more_suggestions(mapped.store, mapped.index, mapped.embedder, artefact, count=4, now=T1)
    after = list_suggestions(mapped.store, document=artefact)
    assert len(more) == 4 and len(after) == len(before) + 4
    assert {s.id for s in more}.isdisjoint(link["id"] for link in before)
    assert {link["id"]: link["score"] for link in before}.items() <= {
        link["id"]: link["score"] for link in after
    }.items()  # nothing existing changed
    assert max(s.score for s in more) <= min(link["score"] for link in before)
    assert [s.score for s in more] == sorted((s.score for s in more), reverse=True)
    again = more_suggestions(mapped.store, mapped.index, mapped.embedder, artefact, count=2)
    assert {s.id for s in again}.isdisjoint(s.id for s in more)
    with pytest.raises(NotFoundError, match="no document"):
        more_suggestions(mapped.store, mapped.index, mapped.embedder, "nosuchdocument")
