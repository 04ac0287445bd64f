"""Learning from decisions through the real pipeline: recorded features, refit, the learned
model's version on later suggestions (real store, bundled model, real documents)."""

from __future__ import annotations

from pathlib import Path

from mapping.evidence.index import EvidenceIndex
from mapping.evidence.learning import LearningStore, decisions_by_artefact, decisions_of, refit
from mapping.evidence.review import decide
from mapping.evidence.suggest import list_suggestions, suggest_for_artefacts
from mapping.retrieval.fusion import shipped_version
from ontology.namespaces import AIMS
from tests.mapping.conftest import MappedData


def _ranking_models(m: MappedData, artefact: str) -> set[str]:
    rows = m.store.select(
        f"SELECT ?v WHERE {{ ?l <{AIMS.evidenceArtefact}> ?a ; <{AIMS.rankingModel}> ?v . "
        f'FILTER(STRENDS(STR(?a), "/{artefact}")) }}'
    )
    return {str(r["v"]) for r in rows}


def test_decisions_teach_the_ranking(mapped: MappedData, tmp_path: Path) -> None:
    learning = LearningStore(tmp_path / "learning")
    md = mapped.artefacts["gwu-privacy-guidance-ai.md"]
    policy = mapped.artefacts["rocky-linux-ai-assisted-contribution-policy.md"]
    suggest_for_artefacts(mapped.store, mapped.index, mapped.embedder, [md], learning=learning)
    assert len(learning.documents()) == 1
    assert _ranking_models(mapped, md) == {shipped_version()}
    assert refit(mapped.store, learning).learned is False  # nothing decided yet

    links = list_suggestions(mapped.store, document=md, status="suggested")
    links = [link for link in links if link["standard"] == "iso42001"]
    decide(mapped.store, links[0]["id"], "confirm", "tester")
    decide(mapped.store, links[1]["id"], "reject", "tester")
    decided = decisions_by_artefact(mapped.store)  # what a workspace reads from its index:
    assert decisions_of(EvidenceIndex(mapped.store).snapshot().rows()) == decided
    assert sorted(decided[next(iter(decided))].values()) == [False, True]
    status = refit(mapped.store, learning)
    assert status.learned and status.decisions == 2 and status.documents == 1
    assert status.version.startswith("learned-") and status.refitted
    again = refit(mapped.store, learning)
    assert again.version == status.version  # reproducible: same decisions, same model

    suggest_for_artefacts(mapped.store, mapped.index, mapped.embedder, [policy], learning=learning)
    assert _ranking_models(mapped, policy) == {status.version}


def test_a_refit_without_decisions_goes_back_to_the_shipped_model(
    mapped: MappedData, tmp_path: Path
) -> None:
    learning = LearningStore(tmp_path / "learning")
    md = mapped.artefacts["gwu-privacy-guidance-ai.md"]
    suggest_for_artefacts(mapped.store, mapped.index, mapped.embedder, [md], learning=learning)
    link = [x for x in list_suggestions(mapped.store, document=md) if x["standard"] == "iso42001"]
    decided = decide(mapped.store, link[0]["id"], "confirm", "tester")
    assert refit(mapped.store, learning).learned
    from mapping.evidence.review import undo

    undo(mapped.store, decided.decision_id, "tester")
    status = refit(mapped.store, learning)
    assert not status.learned and status.version == shipped_version()
    assert learning.model()[1] == shipped_version()
