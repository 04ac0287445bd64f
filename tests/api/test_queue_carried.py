"""The review queue carried from one decision to the next (:mod:`api.operations.queue_state`)
answers exactly what a freshly built evidence index answers: after confirms, a reject, an
undo, a re-target, a bulk decision, a bulk undo and language-model verdicts (which change no
link), for every filter the page and the API offer (document, group, cut, verdict, the
doubts order, paging, focus), the per-standard counts and the page with its context.

Each step is carried, not worked out again (the index is refreshed, never rebuilt, and its
kept values are updated); the verdicts come from the real verification path against the
local stub endpoint (tests/llm_support.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.operations.review_queue import requirement_group
from api.operations.views import ReviewQuery
from api.schemas import BulkDecision, Decision
from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from mapping.evidence.index import EvidenceIndex
from mapping.llm.verdicts import count_by_verdict, verdict_labels
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir
from tests.llm_support import StubLlm

WHO = "Queue Tester"


@pytest.fixture(scope="module")
def ws(
    tmp_path_factory: pytest.TempPathFactory, reference_template: Path, stub: StubLlm
) -> Iterator[Workspace]:
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("carried") / "d")
    settings = Settings(data_dir=data_dir, llm_url=stub.url, llm_model="stub-first")
    with share_model(Workspace.open(settings)) as opened:
        options = IngestOptions(parse_timeout_s=None)
        opened.ingest([DEMO_DOCS / "ai-policy.md"], options)
        opened.ingest([DEMO_DOCS / "model-lifecycle-procedure.md"], options)
        yield opened


def _views(ws: Workspace) -> dict[str, Any]:
    """What every face of the queue answers, for many filters (JSON-ready)."""
    out: dict[str, Any] = {"counts": ws.queue_counts()}
    for standard in ("iso42001", "iso27001", "euaiact"):
        whole = ws.queue_view(standard=standard)
        out[standard] = whole.model_dump(mode="json")
        groups, documents = whole.groups, list(whole.documents)
        ids = [item.id for item in whole.items]
        scores = [item.score for item in whole.items if item.score is not None]
        exact = scores[len(scores) // 2] if scores else 0.3  # a cut on a row's own score
        filters = out[f"{standard} filters"] = [
            (None, None, 0.2),
            (None, None, 0.5),
            (None, None, exact),
            (documents[-1] if documents else None, None, exact),
            (None, groups[0] if groups else None, 0.2),
            (None, groups[-1] if groups else None, None),
            (documents[0] if documents else None, None, 0.2),
            (documents[-1] if documents else None, groups[0] if groups else None, None),
        ]
        for n, (document, group, cut) in enumerate(filters):
            for verdict, order in (
                (None, None),
                ("none", None),
                ("partly", None),
                (None, "doubts"),
            ):
                view = ws.queue_view(
                    document, standard, group, cut, verdict=verdict, order=order, limit=3, offset=1
                )
                out[f"{standard} view {n} {verdict} {order}"] = view.model_dump(mode="json")
                api = ws.review_queue(
                    document, standard, group, cut, verdict=verdict, order=order, limit=4
                )
                out[f"{standard} api {n} {verdict} {order}"] = [
                    i.model_dump(mode="json") for i in api
                ]
                out[f"{standard} count {n} {verdict}"] = ws.count_review_queue(
                    document, standard, group, cut, verdict=verdict
                )
        if len(ids) > 4:
            focused = ws.queue_view(standard=standard, limit=2, focus=ids[3])
            out[f"{standard} focus"] = focused.model_dump(mode="json")
    out["all standards"] = [i.model_dump(mode="json") for i in ws.review_queue(standard=None)]
    out["page"] = ws.review_view(ReviewQuery()).model_dump(mode="json")
    out["page 2"] = ws.review_view(ReviewQuery(i=2, min_score="all")).model_dump(mode="json")
    return out


def _by_the_rules(
    ws: Workspace, standard: str, document: str | None, group: str | None, cut: float | None
) -> list[Any]:
    """The queue's rows as its rules say, from the index's rows one by one (nothing kept):
    waiting and current; needsReview first, then best score first, suggested before
    needsReview on equal scores, then document, notation, id; the cut spares needsReview."""
    rows = [
        r
        for r in ws.evidence_index.snapshot().select(
            status=("suggested", "needsReview"), standard=standard, current_only=True
        )
        if (not document or r.document == document)
        and (not group or requirement_group(r.notation) == group)
        and (cut is None or r.status == "needsReview" or (r.score or 0.0) >= cut)
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.status != "needsReview",
            -(r.score or 0.0),
            r.status != "suggested",
            r.score is None,
            r.document,
            r.notation,
            r.id,
        ),
    )


def _follows_the_rules(ws: Workspace, answers: dict[str, Any]) -> None:
    """The answers' order, totals and verdict counts are the rules' (:func:`_by_the_rules`)."""
    labels = verdict_labels(ws.store)
    for standard in ("iso42001", "iso27001"):
        for document, group, cut in answers[f"{standard} filters"]:
            expected = _by_the_rules(ws, standard, document, group, cut)
            got = ws.review_queue(document, standard, group, cut, limit=5000)
            assert [i.id for i in got] == [r.id for r in expected]
            view = ws.queue_view(document, standard, group, cut, limit=1)
            assert view.total == len(expected)
            assert view.verdicts == count_by_verdict((r.link for r in expected), labels)
            if document is None:  # the Document filter: most waiting after the cut first
                _ranks_documents(ws, standard, group, cut, view)
            for verdict in ("none", "partly"):
                found = ws.review_queue(document, standard, group, cut, verdict=verdict, limit=5000)
                wanted = [r.id for r in expected if labels.get(r.link, "none") == verdict]
                assert [i.id for i in found] == wanted


def _ranks_documents(
    ws: Workspace, standard: str, group: str | None, cut: float | None, view: Any
) -> None:
    """The documents the filter lists, and their counts, are the rules' (every document
    with waiting rows: most rows of the group after the cut, then before it, then title)."""
    every = _by_the_rules(ws, standard, None, None, None)
    titles = {r.document: r.title or r.document for r in every}
    before = Counter(r.document for r in _by_the_rules(ws, standard, None, group, None))
    after = Counter(r.document for r in _by_the_rules(ws, standard, None, group, cut))
    order = sorted(titles, key=lambda d: (-after[d], -before[d], titles[d].casefold(), d))
    assert list(view.documents) == order[: view.documents_limit]
    assert view.document_waiting == {d: after[d] for d in view.documents}
    assert view.documents_total == len(order)


def _fresh(ws: Workspace) -> dict[str, Any]:
    """:func:`_views` from an evidence index of its own: nothing kept, nothing carried."""
    kept = ws.evidence_index
    ws.evidence_index = EvidenceIndex(ws.store)
    try:
        return _views(ws)
    finally:
        ws.evidence_index = kept


def _same_as_fresh(ws: Workspace, *, carried: bool = True) -> dict[str, Any]:
    """The kept answers equal fresh ones; ``carried``: carried across the last write (the
    index refreshed, not rebuilt; kept values updated), else worked out again."""
    index = ws.evidence_index
    builds, updates = index.builds, index.updates
    kept = _views(ws)
    assert (index.builds == builds) is carried, "a declared write must not rebuild the index"
    if carried:
        assert index.updates > updates, "the kept queue was worked out again, not carried"
    fresh = _fresh(ws)
    _follows_the_rules(ws, fresh)
    for key in fresh:  # one key at a time: a failure names the filter that differs
        assert kept[key] == fresh[key], key
    return kept


def _head(ws: Workspace, n: int = 0, standard: str = "iso42001") -> Any:
    return ws.review_queue(standard=standard)[n]


def _verify(ws: Workspace, stub: StubLlm, item: Any, verdict: str) -> None:
    words = item.passages[0].text.split()
    stub.behaviour = "answer"
    stub.answer = {"verdict": verdict, "passage": 1, "quote": " ".join(words[:10]), "reason": "x"}
    [done] = ws.verify(ws.settings, link=item.id)
    assert done.verdict == verdict, done.reason


def test_the_carried_queue_answers_as_a_fresh_index(ws: Workspace, stub: StubLlm) -> None:
    start = _views(ws)  # the first read works everything out
    assert len(start["iso42001"]["items"]) >= 8 and start["iso42001"]["groups"]
    for n in (0, 3):
        ws.decide(Decision(link=_head(ws, n).id, decision="confirm"), WHO)
        _same_as_fresh(ws)
    rejected = ws.decide(Decision(link=_head(ws, 1).id, decision="reject"), WHO)
    _same_as_fresh(ws)
    ws.undo_decision(rejected.decision_id, WHO)
    _same_as_fresh(ws)
    link = _head(ws, 2)
    target = "7.5.3" if link.notation != "7.5.3" else "9.2"
    ws.decide(Decision(link=link.id, decision="retarget", retarget_to=target), WHO)
    _same_as_fresh(ws)
    bulk = BulkDecision(links=[i.id for i in ws.review_queue()[:5]], decision="confirm")
    outcome = ws.decide_many(bulk, WHO)
    after_bulk = _same_as_fresh(ws)
    assert after_bulk["counts"] != start["counts"]  # the decisions changed what is compared
    ws.undo_decisions([d.decision_id for d in outcome.decided[:3]], WHO)
    _same_as_fresh(ws)
    # verdicts change no link: the counts, the verdict filters and the doubts order follow
    every = ws.review_queue()
    _verify(ws, stub, every[4], "does_not_support")
    _verify(ws, stub, every[-1], "does_not_support")  # below the cut
    _verify(ws, stub, every[len(every) // 2], "supports")
    _verify(ws, stub, every[0], "partly")
    checked = _same_as_fresh(ws)
    assert checked["iso42001"]["verdicts"] != after_bulk["iso42001"]["verdicts"]
    assert checked["iso42001 view 0 None doubts"] != after_bulk["iso42001 view 0 None doubts"]
    ws.decide(Decision(link=_head(ws, 0).id, decision="confirm"), WHO)  # the partly one
    _same_as_fresh(ws)


def test_links_to_decide_again_lead_the_carried_queue(ws: Workspace, tmp_path: Path) -> None:
    """A new version (worked out again), then decisions on its links to decide again
    (carried): they lead the queue and pass every cut."""
    text = (DEMO_DOCS / "ai-policy.md").read_text(encoding="utf-8")
    changed = text.replace("investigated within 30 days", "investigated within 10 working days")
    assert changed != text
    (tmp_path / "ai-policy.md").write_text(changed, encoding="utf-8")
    first = next(d for d in ws.documents() if "Policy" in str(d.title))
    ws.ingest(
        [tmp_path / "ai-policy.md"], IngestOptions(parse_timeout_s=None, revision_of=first.id)
    )
    _same_as_fresh(ws, carried=False)
    again = [i for i in ws.review_queue() if i.status == "needsReview"]
    assert again, "the new version has links to decide again"
    assert ws.review_queue()[0].status == "needsReview"
    ws.decide(Decision(link=again[0].id, decision="confirm"), WHO)
    _same_as_fresh(ws)
    ws.decide(Decision(link=ws.review_queue()[-1].id, decision="reject"), WHO)
    _same_as_fresh(ws)
