"""The review page's Document filter stays bounded: the documents with the most waiting items
up to a cap, the selected one always, any other found by words of its title (``doc_q``),
on the page and in ``GET /api/review-view`` alike; bad searches are refused or find nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from api.operations import queue_documents
from api.operations.review_queue import requirement_group
from tests.api.conftest import ApiEnv
from tests.api.fresh_env import POLICY, fresh_env, upload
from tests.api.test_app_errors import assert_error

__all__ = ["fresh_env"]

NAMES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo")


@pytest.fixture(scope="module")
def library(fresh_env: ApiEnv) -> dict[str, str]:
    """Five documents with waiting suggestions, each titled with its own word: name → id."""
    found = {}
    for n, name in enumerate(NAMES):
        title = f"{name} model testing policy"
        text = POLICY.replace("# Model testing policy", f"# {title}")
        text += "\n## Records\n\nTest results are kept for audit.\n" * (n % 2)
        text += f"\nOwner: the {name} team.\n"
        result = upload(fresh_env, text, f"{name.lower()}.md", title=title)
        found[name] = str(result["document"])
    return found


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(queue_documents, "DOCUMENT_CHOICES", 2)
    return 2


def _view(env: ApiEnv, **params: str) -> dict[str, Any]:
    response = env.client.get("/api/review-view", params=params, headers=env.headers("viewer"))
    assert response.status_code == 200, response.text
    view: dict[str, Any] = response.json()["view"]
    return view


def _page(env: ApiEnv, **params: str) -> str:
    response = env.client.get("/review", params=params, headers=env.headers("viewer"))
    assert response.status_code == 200, response.text
    return response.text


def _options(page: str) -> list[str]:
    select = page[page.index('<select id="f-document"') : page.index("</select>")]
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_list_is_capped_to_the_documents_with_the_most_waiting(
    fresh_env: ApiEnv, library: dict[str, str], capped: int
) -> None:
    waiting = {d: fresh_env.workspace.count_review_queue(d) for d in library.values()}
    assert all(waiting.values()), "every document has suggestions waiting"
    view = _view(fresh_env, min_score="all")
    assert view["documents_total"] == len(library) and view["documents_limit"] == capped
    listed = list(view["documents"])
    assert len(listed) == capped
    assert view["document_waiting"] == {d: waiting[d] for d in listed}
    left_out = set(library.values()) - set(listed)
    assert min(waiting[d] for d in listed) >= max(waiting[d] for d in left_out)
    page = _page(fresh_env, min_score="all")
    assert _options(page) == ["", *listed]
    assert f"{capped} of {len(library)} documents with waiting items" in page


def test_the_selected_document_is_always_listed(
    fresh_env: ApiEnv, library: dict[str, str], capped: int
) -> None:
    top = list(_view(fresh_env, min_score="all")["documents"])
    outside = next(d for d in library.values() if d not in top)
    view = _view(fresh_env, min_score="all", document=outside)
    assert list(view["documents"]) == [outside, *top]
    assert view["documents"][outside].endswith("model testing policy")
    page = _page(fresh_env, min_score="all", document=outside)
    assert f'<option value="{outside}" selected>' in page


def test_a_search_finds_a_document_beyond_the_cap(
    fresh_env: ApiEnv, library: dict[str, str], capped: int
) -> None:
    top = list(_view(fresh_env, min_score="all")["documents"])
    name, outside = next((n, d) for n, d in library.items() if d not in top)
    view = _view(fresh_env, min_score="all", doc_q=f"  {name.upper()}   testing ")
    assert view["documents"] == {outside: f"{name} model testing policy"}
    assert view["documents_matched"] == 1
    assert view["documents_query"] == f"{name.upper()} testing"
    page = _page(fresh_env, min_score="all", doc_q=name.lower())
    assert _options(page) == ["", outside]
    every = _view(fresh_env, min_score="all", doc_q="testing policy")
    assert every["documents_matched"] == len(library) and len(every["documents"]) == capped
    assert "add words to narrow" in _page(fresh_env, min_score="all", doc_q="testing policy")


def test_a_blank_search_lists_the_most_waiting(
    fresh_env: ApiEnv, library: dict[str, str], capped: int
) -> None:
    view = _view(fresh_env, min_score="all", doc_q="   ")
    assert view["documents_query"] is None and view["documents_matched"] is None
    assert len(view["documents"]) == capped


@pytest.mark.parametrize("path", ["/api/review-view", "/review"])
@pytest.mark.parametrize(
    ("words", "named"),
    [("x" * 101, "101 characters"), ("risk\x07policy", "U+0007"), ("a\u200bb", "U+200B")],
)
def test_a_search_too_long_or_with_invisible_characters_is_refused(
    fresh_env: ApiEnv, library: dict[str, str], path: str, words: str, named: str
) -> None:
    viewer = fresh_env.headers("viewer")
    response = fresh_env.client.get(path, params={"doc_q": words}, headers=viewer)
    if path.startswith("/api"):
        error = assert_error(response, 422)
        assert named in error["message"] and error["hint"]
    else:
        assert response.status_code == 422 and named in response.text


def test_odd_characters_find_nothing_and_are_shown_as_typed(
    fresh_env: ApiEnv, library: dict[str, str]
) -> None:
    odd = '"}<b>x</b> ?s ?p'
    view = _view(fresh_env, doc_q=odd)
    assert view["documents"] == {} and view["documents_matched"] == 0
    page = _page(fresh_env, doc_q=odd)
    assert 'id="f-document-none"' in page and _options(page) == [""]
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_a_selected_document_with_nothing_waiting_is_listed_by_its_title(
    fresh_env: ApiEnv, library: dict[str, str], capped: int
) -> None:
    title = "Foxtrot model testing policy"
    text = POLICY.replace("# Model testing policy", f"# {title}") + "\nOwner: Foxtrot.\n"
    done = str(upload(fresh_env, text, "foxtrot.md", title=title)["document"])
    items = fresh_env.workspace.review_queue(done)
    assert items, "the new document has suggestions waiting"
    body = {
        "links": [i.id for i in items],
        "decision": "reject",
        "comment": "not evidence",
        "saw_versions": {i.id: i.version for i in items},
    }
    decided = fresh_env.client.post(
        "/api/reviews/bulk", json=body, headers=fresh_env.headers("reviewer")
    )
    assert decided.status_code == 200 and not decided.json()["failed"], decided.text
    view = _view(fresh_env, min_score="all", document=done)
    assert view["documents_total"] == len(library)  # nothing of it waits any more
    assert list(view["documents"])[0] == done and view["documents"][done] == title
    assert view["document_waiting"][done] == 0


def test_an_unknown_selected_document_is_not_offered(
    fresh_env: ApiEnv, library: dict[str, str]
) -> None:
    view = _view(fresh_env, min_score="all", document="0123456789ab")
    assert "0123456789ab" not in view["documents"] and view["documents"]


def test_a_narrowed_queue_is_kept_until_a_decision_changes_it(
    fresh_env: ApiEnv, library: dict[str, str]
) -> None:
    """The queue narrowed by group and confidence is worked out once per revision of the store
    and equals the whole queue filtered by hand, before and after a decision."""
    ws = fresh_env.workspace

    def by_hand(group: str, cut: float) -> list[str]:
        return [
            item.id
            for item in ws.review_queue()
            if requirement_group(item.notation) == group
            and (item.status == "needsReview" or (item.score or 0.0) >= cut)
        ]

    head = ws.review_queue(limit=1)[0]
    group = requirement_group(head.notation)
    cut = min(item.score or 0.0 for item in ws.review_queue())
    narrowed = [item.id for item in ws.review_queue(group=group, min_score=cut)]
    assert narrowed == by_hand(group, cut) and head.id in narrowed
    reviewer = fresh_env.headers("reviewer")
    decided = fresh_env.client.post(
        "/api/reviews", json={"link": head.id, "decision": "reject"}, headers=reviewer
    )
    assert decided.status_code == 200, decided.text
    after = [item.id for item in ws.review_queue(group=group, min_score=cut)]
    assert head.id not in after and after == by_hand(group, cut)
