"""Carry-over follows the cited text, not the passage cut: real Markdown versions go through
ingest, links of version 1 are confirmed, and version 2's links are judged by whether the
text they cited is still there (:mod:`mapping.evidence.alignment`)."""

from __future__ import annotations

from pathlib import Path

from ingest.documents import get_document
from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions, IngestResult, ingest_path
from mapping.evidence.changes import cited_changes
from mapping.evidence.review import decide, get_link
from mapping.evidence.revisions import carry_over_revision
from ontology.store import EmbeddedStore
from tests.mapping.evidence.builders import Artefact, add_link, req

SENTENCES = [
    "The {topic} duty sits with the named system owner, who keeps a record of each step.",
    "Every change to the {topic} arrangements is approved by the AI governance board first.",
    "Staff raise concerns about {topic} through the service desk, which answers in two days.",
    "The board reviews the {topic} records every quarter and reports to the executive team.",
    "Where a supplier is involved, its contract names the {topic} obligations it must meet.",
    "Records about {topic} are kept for six years and are available to internal audit.",
    "Training on {topic} is part of the induction of every new member of the AI team.",
    "Exceptions to the {topic} rules are written down, time-limited and signed by the owner.",
]
TOPICS = ("impact assessment", "verification", "retention")
NOTATIONS = ("A.5.2", "A.6.2.4", "A.5.3")


def _section(number: int, topic: str) -> str:
    body = " ".join(s.format(topic=topic) for s in SENTENCES)
    return f"## {number} {topic.title()}\n\n{body}\n"


def _policy(*extra: str) -> str:
    sections = [_section(n, t) for n, t in enumerate(TOPICS, start=1)]
    return "# Assurance policy\n\n" + "\n".join([*sections, *extra])


def _ingest(store: EmbeddedStore, tmp_path: Path, name: str, text: str, **kw: str) -> IngestResult:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    originals = OriginalStore(tmp_path / "originals")
    return ingest_path(store, originals, path, options=IngestOptions(parse_timeout_s=None, **kw))  # type: ignore[arg-type]


def _confirm_each_passage(store: EmbeddedStore, result: IngestResult) -> list[str]:
    doc = get_document(store, result.artefact_id)
    passages = [p["iri"] for p in doc["passage_list"]]
    assert len(passages) == 3, "version 1 is a 3-passage policy"
    artefact = Artefact(result.artefact_id, result.artefact_iri, passages)
    links = [add_link(store, artefact, req(n), passages=[i]) for i, n in enumerate(NOTATIONS)]
    for link in links:
        decide(store, link, "confirm", "alice")
    return passages


def _cited(store: EmbeddedStore, link: str) -> list[str]:
    rows = store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> "
        f"SELECT ?p WHERE {{ <{link}> aims:evidencePassage ?p }}"
    )
    return [str(r["p"]) for r in rows]


def test_appending_a_section_carries_every_link_over(mini: EmbeddedStore, tmp_path: Path) -> None:
    v1 = _ingest(mini, tmp_path, "v1.md", _policy())
    _confirm_each_passage(mini, v1)
    appended = "## 4 Contacts\n\nQuestions go to the AI governance office.\n"
    v2 = _ingest(mini, tmp_path, "v2.md", _policy(appended), revision_of=v1.artefact_id)
    # the appended section is too small to stand alone: it joins the last passage, so a
    # comparison of passage hashes finds that passage changed
    assert v2.changed_passages, "the re-cut must change a passage for this test to mean much"

    result = carry_over_revision(mini, v2.artefact_iri)

    assert len(result.carried_over) == 3 and result.needs_review == []
    new_passages = {p["iri"] for p in get_document(mini, v2.artefact_id)["passage_list"]}
    for link in result.carried_over:
        state = get_link(mini, link)
        assert state.status == "carriedOver"
        assert set(_cited(mini, state.iri)) <= new_passages and _cited(mini, state.iri)


def test_an_edited_sentence_needs_review_and_shows_what_changed(
    mini: EmbeddedStore, tmp_path: Path
) -> None:
    v1 = _ingest(mini, tmp_path, "v1.md", _policy())
    _confirm_each_passage(mini, v1)
    old = "which answers in two days."
    edited = _policy().replace(
        f"about verification through the service desk, {old}",
        "about verification through the service desk, which answers in ten days.",
        1,
    )
    rewrapped = edited.replace(
        "## 1 Impact Assessment\n\n", "## 1 Impact Assessment\n\n\n"
    ).replace("kept for six years", "kept\nfor six   years")
    v2 = _ingest(mini, tmp_path, "v2.md", rewrapped, revision_of=v1.artefact_id)

    result = carry_over_revision(mini, v2.artefact_iri)

    carried = {get_link(mini, link).requirement for link in result.carried_over}
    flagged = [get_link(mini, link) for link in result.needs_review]
    assert carried == {req("A.5.2"), req("A.5.3")}  # re-wrapped text is no change
    assert [f.requirement for f in flagged] == [req("A.6.2.4")]
    assert _cited(mini, flagged[0].iri), "a flagged link cites where its text now stands"
    changes = cited_changes(mini, [flagged[0].iri])[flagged[0].iri]
    assert changes.changed
    assert ("delete", "two") in [(s.op, s.text) for s in changes.before]
    assert ("insert", "ten") in [(s.op, s.text) for s in changes.after]
    same = cited_changes(mini, [get_link(mini, result.carried_over[0]).iri])
    assert not next(iter(same.values())).changed
