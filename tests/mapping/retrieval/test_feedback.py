"""Reviewer decisions in the graph change later rankings."""

from __future__ import annotations

from mapping.evidence.suggest import list_suggestions, suggest_for_artefacts
from mapping.retrieval.feedback import load_feedback
from mapping.retrieval.index import passage_texts
from mapping.retrieval.scoring import prepare_scorer
from ontology.namespaces import AIMS, ORG_GRAPH
from tests.mapping.conftest import MappedData


def _decide(m: MappedData, link_id: str, status: str) -> None:
    m.store.update(
        f"DELETE {{ GRAPH <{ORG_GRAPH}> {{ ?l <{AIMS.status}> ?s }} }} "
        f"INSERT {{ GRAPH <{ORG_GRAPH}> {{ ?l <{AIMS.status}> <{AIMS[status]}> }} }} "
        f"WHERE {{ GRAPH <{ORG_GRAPH}> {{ ?l <{AIMS.status}> ?s }} "
        f'FILTER(STRENDS(STR(?l), "/{link_id}")) }}'
    )


def _column(m: MappedData, notation: str, use_feedback: bool):  # type: ignore[no-untyped-def]
    scorer = prepare_scorer(m.store, m.index, m.embedder, use_feedback=use_feedback)
    texts = passage_texts(m.store)
    iris = sorted(texts)
    col = [d.notation for d in scorer.descriptors].index(notation)
    z = scorer.score([texts[i] for i in iris], m.index.vectors(iris))[:, col]
    return dict(zip(iris, z.tolist(), strict=True))


def test_confirmed_passages_become_exemplars(mapped: MappedData) -> None:
    ids = list(mapped.artefacts.values())
    suggest_for_artefacts(mapped.store, mapped.index, mapped.embedder, ids)
    md = mapped.artefacts["gwu-privacy-guidance-ai.md"]
    pdf = mapped.artefacts["pdf/gwu-privacy-guidance-ai.pdf"]
    link = list_suggestions(mapped.store, document=md)[-1]  # the weakest suggestion
    cited = {p["passage"] for p in link["passages"]}
    before = _column(mapped, link["notation"], use_feedback=False)
    _decide(mapped, link["id"], "confirmed")
    feedback = load_feedback(mapped.store)
    assert cited <= feedback.passages()
    after = _column(mapped, link["notation"], use_feedback=True)
    # The PDF print of the same page holds near-copies of the confirmed passages: they rise.
    pdf_passages = [iri for iri in after if f"/artefact/{pdf}/" in iri]
    assert max(after[i] - before[i] for i in pdf_passages) > 0.3


def test_rejected_pairs_are_demoted(mapped: MappedData) -> None:
    ids = list(mapped.artefacts.values())
    suggest_for_artefacts(mapped.store, mapped.index, mapped.embedder, ids)
    md = mapped.artefacts["gwu-privacy-guidance-ai.md"]
    link = list_suggestions(mapped.store, document=md)[0]
    _decide(mapped, link["id"], "rejected")
    feedback = load_feedback(mapped.store)
    assert any(req.endswith("/" + link["notation"]) for _, req in feedback.rejected_pairs)
    before = _column(mapped, link["notation"], use_feedback=False)
    after = _column(mapped, link["notation"], use_feedback=True)
    cited = [p["passage"] for p in link["passages"]]
    assert all(after[i] < before[i] for i in cited)  # the rejected passages count against it
