"""The evidence index gives the listings, the review queue and the dashboard exactly what
the graph queries give, and a decision made through the API shows on the next read.

One library, built through the API with every kind of decision: confirmed (with the links
the crosswalks derive from it), rejected, re-targeted, undone, and a second version of a
policy (the first superseded, its reviewed links carried over or back in review).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.operations.documents as documents_module
from api.app import create_app
from api.operations.requirements import Requirement
from api.operations.review_queue import _waiting
from api.operations.uncounted import confirmed_documents, uncounted_message
from api.settings import Settings
from api.workspace import Workspace
from mapping.evidence import listing
from mapping.evidence.index import EvidenceIndex
from mapping.evidence.index_snapshot import LinkRow
from mapping.evidence.listing import (
    count_suggestions,
    describe_suggestions,
    described_rows,
    indexed_rows,
    list_suggestions,
    rows_of_links,
    suggestion_rows,
)
from mapping.evidence.propagation import count_derivation_paths, derivation_paths
from ontology.errors import InputError
from ontology.namespaces import STANDARDS
from ontology.requirements import KINDS, find_requirement, list_requirements
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir

QUEUE = ("suggested", "needsReview")


class Library:
    def __init__(self, ws: Workspace, client: TestClient, token: str) -> None:
        self.ws, self.client, self.headers = ws, client, {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.client.post(path, json=body, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def upload(self, path: Path, revision_of: str | None = None) -> str:
        with path.open("rb") as handle:
            response = self.client.post(
                "/api/documents?wait=true",
                files={"file": (path.name, handle, "text/markdown")},
                data={"revision_of": revision_of} if revision_of else {},
                headers=self.headers,
            )
        assert response.status_code == 201, response.text
        return str(response.json()["result"]["document"])


def _policy_versions(folder: Path) -> tuple[Path, Path]:
    text = (DEMO_DOCS / "ai-policy.md").read_text(encoding="utf-8")
    v2 = text.replace("investigated within 30 days", "investigated within 10 working days")
    assert v2 != text
    paths = folder / "v1" / "policy.md", folder / "v2" / "policy.md"
    for path, body in zip(paths, (text, v2), strict=True):
        path.parent.mkdir()
        path.write_text(body, encoding="utf-8")
    return paths


def _decide(lib: Library, link: dict[str, Any], decision: str, **extra: Any) -> Any:
    body = {"link": link["id"], "decision": decision, "saw_version": link["version"], **extra}
    return lib.post("/api/reviews", body)


@pytest.fixture(scope="module")
def library(
    tmp_path_factory: pytest.TempPathFactory, reference_template: Path
) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("evidence-index")
    data_dir = initialised_data_dir(reference_template, root / "data")
    ws = share_model(Workspace.open(Settings(data_dir=data_dir)))
    app = create_app(ws)
    _, token = app.state.tokens.create("Index Reviewer", "reviewer")
    v1, v2 = _policy_versions(root)
    with TestClient(app) as client:
        lib = Library(ws, client, token)
        first = lib.upload(v1)
        lib.upload(DEMO_DOCS / "model-lifecycle-procedure.md")
        waiting = lib.get("/api/reviews/queue", document=first)
        assert len(waiting) >= 6
        for link in waiting[:3]:
            _decide(lib, link, "confirm")
        _decide(lib, waiting[3], "reject", comment="not evidence")
        # re-targeted to a clause with an `equal` crosswalk edge: a derived link follows
        target = "7.5.3" if waiting[4]["notation"] != "7.5.3" else "9.2"
        _decide(lib, waiting[4], "retarget", retarget_to=target, comment="better fit")
        undone = _decide(lib, waiting[5], "confirm")
        lib.post(f"/api/reviews/decisions/{undone['decision_id']}/undo", {})
        lib.upload(v2, revision_of=first)  # the first version is superseded; reviews carry over
        yield lib
    ws.close()


def _queue_by_query(ws: Workspace, standard: str | None) -> list[dict[str, Any]]:
    """The review queue as the graph queries gave it before the index."""
    rows = []
    for status in QUEUE:
        rows += suggestion_rows(ws.store, status=status, standard=standard, current_only=True)
    # links to decide again after a new version first, then best first (the queue's order)
    rows.sort(
        key=lambda row: (
            not str(row["status"]).endswith("needsReview"),
            -float(str(row.get("score", 0.0))),
        )
    )
    return describe_suggestions(ws.store, rows)


def _same_listing(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """Same entries in the same order (links tied on score, document and requirement, which
    the query leaves in any order, may come in either)."""

    def order(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(i["score"], i["document"], i["notation"], i["status"]) for i in items]

    assert order(got) == order(expected)
    assert Counter(i["id"] for i in got) == Counter(i["id"] for i in expected)
    by_id = {i["id"]: i for i in expected}
    for item in got:
        assert {k: item[k] for k in by_id[item["id"]]} == by_id[item["id"]]


def test_the_library_holds_every_kind_of_link(library: Library) -> None:
    statuses = {row.status for row in library.ws.evidence_index.snapshot().rows()}
    assert {"confirmed", "rejected", "suggested", "derived"} <= statuses
    assert statuses & {"carriedOver", "needsReview"}


@pytest.mark.parametrize("standard", [*STANDARDS, None])
def test_the_queue_is_what_the_queries_give(library: Library, standard: str | None) -> None:
    expected = _queue_by_query(library.ws, standard)
    if standard is None:  # every standard's queue: the workspace's (the API asks for one)
        got = [i.model_dump() for i in library.ws.review_queue(standard=None)]
    else:
        params: dict[str, Any] = {"standard": standard, "limit": 5000}
        response = library.client.get("/api/reviews/queue", params=params, headers=library.headers)
        assert int(response.headers["X-Total-Count"]) == len(expected)
        got = response.json()
    _same_listing(got, expected)
    view = library.ws.queue_view(standard=standard, limit=5, offset=2)
    assert view.total == len(expected)
    _same_listing([i.model_dump() for i in view.items], expected[2:7])


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": "suggested"},
        {"status": "confirmed"},
        {"standard": "iso27001"},
        {"control": "A.2.2"},
        {"status": "derived", "standard": "iso27001"},
    ],
)
def test_listings_and_counts_are_what_the_queries_give(
    library: Library, filters: dict[str, Any]
) -> None:
    ws = library.ws
    expected = list_suggestions(ws.store, **filters)
    _same_listing(list_suggestions(ws.store, **filters, index=ws.evidence_index), expected)
    paged = list_suggestions(ws.store, **filters, limit=3, offset=1, index=ws.evidence_index)
    _same_listing(paged, expected[1:4])
    assert count_suggestions(ws.store, **filters, index=ws.evidence_index) == len(expected)
    assert count_suggestions(ws.store, **filters) == len(expected)


def test_dashboard_counts_are_what_the_queries_give(library: Library) -> None:
    dashboard = library.get("/api/dashboard")
    for standard in STANDARDS:
        items = list_requirements(library.ws.store, standard)
        # the queue holds suggested and needs-review links of current documents
        waiting = sum(int(i["evidence"]["suggested"] + i["evidence"]["needsReview"]) for i in items)
        assert dashboard["queue_by_standard"][standard] == waiting
        counts = library.ws.evidence_index.snapshot().counts(standard, current_only=True)
        for item in items:
            found = counts.get(item["iri"], {})
            assert {s: found.get(s, 0) for s in item["evidence"]} == item["evidence"]


def test_a_decision_shows_on_the_next_read(library: Library) -> None:
    index = library.ws.evidence_index
    before = library.get("/api/reviews/queue", limit=5000)
    dashboard = library.get("/api/dashboard")
    builds = index.builds
    link = before[0]
    _decide(library, link, "reject", comment="not this one")
    after = library.get("/api/reviews/queue", limit=5000)
    assert link["id"] not in {i["id"] for i in after}
    _same_listing(after, _queue_by_query(library.ws, "iso42001"))
    again = library.get("/api/dashboard")
    store = library.ws.store
    waiting = [
        i["evidence"]["suggested"] + i["evidence"]["needsReview"]
        for s in STANDARDS
        for i in list_requirements(store, s)
    ]
    assert again["queue"] == sum(waiting)
    assert dashboard["queue"] - again["queue"] == 1  # a rejected link waits no more
    assert index.builds == builds  # the decision declared its artefact: refreshed, not rebuilt


def _listings_are_what_the_queries_give(ws: Workspace) -> None:
    for filters in ({}, {"status": "suggested"}, {"status": "confirmed"}, {"status": "derived"}):
        got = list_suggestions(ws.store, **filters, index=ws.evidence_index)
        _same_listing(got, list_suggestions(ws.store, **filters))


def _kept_entry(ws: Workspace, item: dict[str, Any]) -> Any:
    snapshot = ws.evidence_index.snapshot()
    [row] = [r for r in snapshot.select(document=item["document"]) if r.link == item["link"]]
    return snapshot.described.get(row.artefact, (row.link, row.notation, row.standard))


def test_kept_entries_follow_every_decision(library: Library) -> None:
    """Listing entries are described once and kept with the index; a decision's document is
    described again, the other documents' entries are carried to the next snapshot."""
    ws = library.ws
    _listings_are_what_the_queries_give(ws)  # every entry is described now, and kept
    waiting = library.get("/api/reviews/queue", limit=5000)
    first, other = waiting[0], next(i for i in waiting if i["document"] != waiting[0]["document"])
    kept = _kept_entry(ws, other)
    assert kept is not None and _kept_entry(ws, first) is not None
    confirmed = _decide(library, first, "confirm")
    assert _kept_entry(ws, first) is None  # its document was touched: described again
    assert _kept_entry(ws, other) is kept  # carried: that document was not
    _listings_are_what_the_queries_give(ws)
    library.post(f"/api/reviews/decisions/{confirmed['decision_id']}/undo", {})
    _listings_are_what_the_queries_give(ws)
    again = library.get("/api/reviews/queue", limit=5000)
    moved = next(i for i in again if i["notation"] not in ("7.5.3", "9.2"))
    _decide(library, moved, "retarget", retarget_to="7.5.3", comment="kept entries test")
    _listings_are_what_the_queries_give(ws)
    assert _kept_entry(ws, other) is kept or other["document"] == moved["document"]


def test_counts_carried_across_decisions_are_a_fresh_count(library: Library) -> None:
    """Counts kept with a snapshot are carried to the next by recounting the touched artefacts
    alone: after decisions and an undo they are what a fresh index counts."""
    ws = library.ws
    kinds = [(standard, current) for standard in (None, *STANDARDS) for current in (False, True)]
    for standard, current in kinds:  # kept now: the next snapshots carry them
        ws.evidence_index.snapshot().counts(standard, current_only=current)
    ws.queue_counts()
    builds = ws.evidence_index.builds
    waiting = library.get("/api/reviews/queue", limit=5000)
    confirmed = _decide(library, waiting[0], "confirm")
    _decide(library, waiting[1], "reject", comment="carried counts test")
    library.post(f"/api/reviews/decisions/{confirmed['decision_id']}/undo", {})
    carried = ws.evidence_index.snapshot()
    assert ws.evidence_index.builds == builds, "the decisions refreshed the index"
    fresh = EvidenceIndex(ws.store).snapshot()
    for standard, current in kinds:
        assert carried.counts(standard, current_only=current) == fresh.counts(
            standard, current_only=current
        )

    def not_again(rows: tuple[LinkRow, ...]) -> Counter[str]:
        raise AssertionError("a carried tally is not counted again")

    assert carried.tally(("queue counts",), not_again) == fresh.tally(("queue counts",), _waiting)


def _groups(found: Any) -> dict[Any, dict[Any, int]]:
    return {group: dict(items) for group, items in found.items()}


def _not_again(rows: tuple[LinkRow, ...]) -> Counter[tuple[Any, Any]]:
    raise AssertionError("a carried grouped tally is not counted again")


def test_grouped_tallies_carried_across_decisions_are_a_fresh_count(library: Library) -> None:
    """A grouped tally (confirmed evidence by requirement) is carried to the next snapshot by
    new counts for the groups a decision changed alone: after a confirm that stays, a reject
    and a confirm undone it is what a fresh index counts; at each decision the groups without
    the decided document's rows are the same objects, and older snapshots keep their counts."""
    ws, key = library.ws, ("confirmed evidence",)
    index = ws.evidence_index
    steps = [(index.snapshot(), "")]
    was = _groups(
        steps[0][0].grouped(key, confirmed_documents)
    )  # kept now: the next snapshots carry it
    builds = index.builds
    waiting = library.get("/api/reviews/queue", limit=5000)
    kept = waiting[0]
    other = next(i for i in waiting[1:] if i["notation"] != kept["notation"])
    _decide(library, kept, "confirm")
    steps.append((index.snapshot(), kept["document"]))
    undone = _decide(library, other, "confirm")
    steps.append((index.snapshot(), other["document"]))
    _decide(library, waiting[-1], "reject", comment="carried groups test")
    steps.append((index.snapshot(), waiting[-1]["document"]))
    library.post(f"/api/reviews/decisions/{undone['decision_id']}/undo", {})
    steps.append((index.snapshot(), other["document"]))
    assert index.builds == builds, "the decisions refreshed the index"
    got = steps[-1][0].grouped(key, _not_again)
    assert _groups(got) == _groups(
        EvidenceIndex(ws.store).snapshot().grouped(key, confirmed_documents)
    )
    confirmed = ("iso42001", kept["notation"])
    assert got[confirmed][kept["document"]] == was.get(confirmed, {}).get(kept["document"], 0) + 1
    assert _groups(steps[0][0].grouped(key, _not_again)) == was, "an older snapshot changed"
    shared = 0
    for (old, _), (new, document) in zip(steps, steps[1:], strict=False):
        before, after = old.grouped(key, _not_again), new.grouped(key, _not_again)
        for group, items in before.items():
            if document not in items and document not in after.get(group, {}):
                assert after[group] is items, f"{group} was counted again"
                shared += 1
    assert shared, "some groups hold none of the decided documents' rows"


def _uncounted_from_scratch(ws: Workspace, gaps: set[str], shown: int) -> dict[str, Any]:
    """What the dashboard says of ``gaps``, worked out from a fresh index's confirmed rows and
    the documents' metadata read from the store, without anything kept."""
    rows = EvidenceIndex(ws.store).snapshot().select(status=("confirmed", "carriedOver"))
    pairs = {(r.notation, r.document) for r in rows if r.standard == "iso42001"}
    pairs = {(n, d) for n, d in pairs if n in gaps}
    documents = {d.id: d for d in ws.documents(ids=sorted({d for _, d in pairs}))}
    late = {i: d for i, d in documents.items() if d.review_state != "current"}
    concerned = sorted(
        {d for _, d in pairs if d in late}, key=lambda i: ((late[i].title or i).casefold(), i)
    )
    return {
        "requirements": sorted({n for n, d in pairs if d in late}),
        "documents": concerned[:shown],
        "document_count": len(concerned),
        "message": uncounted_message(
            len({n for n, d in pairs if d in late}),
            sorted({late[i].review_state for i in concerned}),
        ),
    }


def _uncounted_is_from_scratch(ws: Workspace, gaps: set[str], shown: int) -> dict[str, Any]:
    got = ws.uncounted_evidence(gaps)
    found = {
        "requirements": got.requirements,
        "documents": [d.id for d in got.documents],
        "document_count": got.document_count,
        "message": got.message,
    }
    assert found == _uncounted_from_scratch(ws, gaps, shown)
    return found


@pytest.mark.parametrize("shown", [1, documents_module.UNCOUNTED_SHOWN])
def test_uncounted_evidence_after_decisions_is_a_fresh_answer(
    library: Library, monkeypatch: pytest.MonkeyPatch, shown: int
) -> None:
    """The dashboard's confirmed evidence that does not count (kept a requirement at a time
    across decisions) is what a fresh count of the confirmed links and the documents' review
    states says, for every requirement and for the dashboard's gaps, after a confirm that
    brings a document to a requirement and its undo. The procedure is made past its review
    date meanwhile: with the superseded first policy version, two documents do not count."""
    ws = library.ws
    monkeypatch.setattr(documents_module, "UNCOUNTED_SHOWN", shown)
    procedure = next(d for d in ws.documents() if d.title == "AI Model Lifecycle Procedure")
    edit = library.client.patch
    path, was = f"/api/documents/{procedure.id}", procedure.review_date
    assert edit(path, json={"review_date": "2001-01-01"}, headers=library.headers).is_success
    try:
        every = {i["notation"] for i in list_requirements(ws.store, "iso42001")}
        report = library.get("/api/validation")
        gaps = {g["notation"] for g in report["standards"]["iso42001"]["gaps"]}
        before = _uncounted_is_from_scratch(ws, every, shown)
        assert before["document_count"] >= 1, "the superseded version's evidence does not count"
        _uncounted_is_from_scratch(ws, gaps, shown)
        confirmed = EvidenceIndex(ws.store).snapshot().select(status=("confirmed",))
        cited = {(r.notation, r.document) for r in confirmed}
        waiting = library.get("/api/reviews/queue", document=procedure.id, limit=5000)
        new = next(i for i in waiting if (i["notation"], procedure.id) not in cited)
        decided = _decide(library, new, "confirm")
        after = _uncounted_is_from_scratch(ws, every, shown)
        assert new["notation"] in after["requirements"]
        assert after["document_count"] == before["document_count"] + 1  # the procedure
        _uncounted_is_from_scratch(ws, gaps, shown)
        library.post(f"/api/reviews/decisions/{decided['decision_id']}/undo", {})
        assert _uncounted_is_from_scratch(ws, every, shown) == before
    finally:
        assert edit(path, json={"review_date": was}, headers=library.headers).is_success


def test_an_undeclared_write_rebuilds_the_index(library: Library) -> None:
    index = library.ws.evidence_index
    [link] = library.get("/api/reviews/queue", limit=1)
    builds = index.builds
    library.ws.store.update(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#>\n"
        f"DELETE {{ GRAPH ?g {{ <{link['link']}> aims:status ?s }} }}\n"
        f"INSERT {{ GRAPH ?g {{ <{link['link']}> aims:status aims:rejected }} }}\n"
        f"WHERE {{ GRAPH ?g {{ <{link['link']}> aims:status ?s }} }}"
    )
    assert link["id"] not in {i["id"] for i in library.get("/api/reviews/queue", limit=5000)}
    assert index.builds == builds + 1


def test_requirement_lookup_and_derivation_paths_are_the_from_scratch_answer(
    library: Library,
) -> None:
    """A requirement is found from its notation (not by listing its standard), and its
    derivation paths are read for the crosswalk-made links the index names: the same as
    listing the standard and as the paths found among every link."""
    ws, derived = library.ws, 0
    for standard in STANDARDS:
        listed = list_requirements(ws.store, standard, with_evidence=False)
        assert listed, f"{standard} has requirements"
        for item in listed:
            first = next(i for i in listed if i["notation"] == item["notation"])
            assert find_requirement(ws.store, item["notation"], standard) == first
            detail = ws.requirement(item["notation"], standard, limit=None)
            assert detail.derived == derivation_paths(ws.store, item["iri"])
            assert detail.derived_total == count_derivation_paths(ws.store, item["iri"])
            derived += detail.derived_total
    assert derived > 0, "the library has crosswalk-made links"


def test_concurrent_readers_of_a_page_describe_it_once(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers arriving together at a page no one described yet wait for one of them to
    describe it (rather than each describing it while slowing the others) and all get
    the entries a from-scratch description gives."""
    store, index = library.ws.store, EvidenceIndex(library.ws.store)  # nothing described yet
    rows = indexed_rows(index)[:20]
    assert len(rows) == 20
    expected = describe_suggestions(store, rows_of_links(store, rows), index)
    described: list[int] = []
    real = listing.describe_suggestions

    def slow_describe(*args: Any) -> list[dict[str, Any]]:
        described.append(len(args[1]))
        time.sleep(0.3)  # the others arrive meanwhile
        return real(*args)

    monkeypatch.setattr(listing, "describe_suggestions", slow_describe)
    start = threading.Barrier(6)

    def read() -> list[dict[str, Any]]:
        start.wait()
        return described_rows(store, rows, index)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: read(), range(6)))
    assert sum(described) == len(rows), "each link described once"
    assert all(answer == expected for answer in answers)


def test_requirements_listing_is_what_the_query_counts(library: Library) -> None:
    """``ws.requirements`` (reference data kept, counts from the index) gives what
    list_requirements reads from the graph, for every standard and kind, before and after
    a decision; a wrong standard or kind is refused as before."""
    ws = library.ws

    def same() -> None:
        for standard, kind in product((None, *STANDARDS), (None, *KINDS)):
            expected = list_requirements(ws.store, standard, kind)
            got = [r.model_dump() for r in ws.requirements(standard, kind)]
            assert got == [Requirement.model_validate(i).model_dump() for i in expected]

    same()
    [link] = library.get("/api/reviews/queue", limit=1)
    _decide(library, link, "confirm")
    same()
    assert any(r.evidence["confirmed"] for r in ws.requirements(None))
    for standard, kind in (("iso9001", None), ("iso42001", "chapter")):
        with pytest.raises(InputError):
            ws.requirements(standard, kind)


def _brute(snapshot: Any, **filters: Any) -> list[LinkRow]:
    """``select``'s answer by a pass over every row (what it did before it grouped)."""
    wanted = set(filters.get("status") or ()) or None
    return [
        r
        for r in snapshot.rows()
        if (filters.get("document") is None or r.document == filters["document"])
        and (filters.get("notation") is None or r.notation == filters["notation"])
        and (wanted is None or r.status in wanted)
        and (not filters.get("current_only") or r.current)
    ]


def test_select_by_requirement_or_document_after_decisions_is_a_fresh_answer(
    library: Library,
) -> None:
    """``Snapshot.select`` given a notation or a document looks at that group's rows alone
    (grouped, carried across decisions): after a confirm and a reject (of the same document's
    links where it has two waiting), its answers are a fresh index's and a pass over every row."""
    ws, index = library.ws, library.ws.evidence_index
    first = index.snapshot()
    waiting = library.get("/api/reviews/queue", limit=5000)
    item = waiting[0]
    asked = [
        {"notation": item["notation"]},
        {"notation": item["notation"], "status": ("suggested", "confirmed")},
        {"document": item["document"]},
        {"document": item["document"], "current_only": True, "status": ("confirmed",)},
    ]
    before = [sorted(first.select(**f), key=LinkRow.listing_key) for f in asked]
    _decide(library, item, "confirm")
    same = next((i for i in waiting[1:] if i["document"] == item["document"]), waiting[1])
    _decide(library, same, "reject", comment="select test")
    now, fresh = index.snapshot(), EvidenceIndex(ws.store).snapshot()
    for filters in asked:
        got = sorted(now.select(**filters), key=LinkRow.listing_key)
        assert got == sorted(fresh.select(**filters), key=LinkRow.listing_key), filters
        assert got == sorted(_brute(now, **filters), key=LinkRow.listing_key), filters
        assert got, filters
    assert before[0] != sorted(now.select(**asked[0]), key=LinkRow.listing_key)
    assert sorted(first.select(**asked[0]), key=LinkRow.listing_key) == before[0]
