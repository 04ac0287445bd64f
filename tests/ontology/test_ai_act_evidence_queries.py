"""The AI Act evidence examples over evidence on several ISO/IEC 42001 requirements, so an
article is reached by more than one requirement and each of its lists names several: the
rows against an oracle from the reference files, and the same rows on every engine.

(``test_queries.py`` checks them with one requirement's evidence.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph

from ontology.query_files import load_query
from ontology.reference import load_reference_graph
from ontology.store import EmbeddedStore, GraphStore
from tests.conftest import SparqlServer
from tests.ontology.test_queries import _add_evidence, _articles_of, _load_evidence, _ordered, run

#: Confirmed links per 42001 requirement: A.6.2.4's two come from ``_load_evidence`` (with its
#: rejected and suggested links and the art-17 edge stated from the article's side); these
#: requirements share articles (Art. 9 is reached by five of them).
CONFIRMED = {"A.6.2.4": 2, "A.5.2": 1, "6.1.2": 3, "8.2": 1, "A.8.2": 1}


def _load(store: GraphStore) -> None:
    _load_evidence(store)
    key = 0
    for control, count in CONFIRMED.items():
        for _ in range(count if control != "A.6.2.4" else 0):
            key += 1
            # titles alike in their first 15 characters (the rows' sort looks further)
            _add_evidence(store, control, f"d{key}", f"Risk assessment {4 - key % 4} ({control})")


def _expected(reference: Graph) -> dict[str, tuple[str, int, list[str], list[str]]]:
    """Per article: coverage, confirmed links, and the full and partial requirements
    (sorted)."""
    reached: dict[str, dict[str, str]] = {}
    for control in CONFIRMED:
        articles = _articles_of(reference, control)
        if control == "A.6.2.4":
            articles["art-17"] = "full"
        for article, kind in articles.items():
            reached.setdefault(article, {})[control] = kind
    return {
        article: (
            "full" if "full" in kinds.values() else "partial",
            sum(CONFIRMED[control] for control in kinds),
            sorted(c for c, kind in kinds.items() if kind == "full"),
            sorted(c for c, kind in kinds.items() if kind == "partial"),
        )
        for article, kinds in reached.items()
    }


@pytest.fixture(scope="module")
def wider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("ai-act") / "oxigraph")
    _load(store)
    yield store
    store.close()


def test_covered_articles_list_every_requirement_that_reaches_them(
    wider: EmbeddedStore,
) -> None:
    rows = run(wider, "ai-act-covered-by-confirmed-evidence")
    found = {
        r["article"]: (
            r["coverage"],
            int(r["confirmedLinks"]),
            sorted(r["fullVia"].split()),
            sorted(r["partialVia"].split()),
        )
        for r in rows
    }
    expected = _expected(load_reference_graph())
    assert found == expected
    assert len(rows) == len(expected)
    # the premise: every requirement named reaches some article, and some article is
    # reached by several
    assert {c for _, _, full, partial in expected.values() for c in full + partial} == set(
        CONFIRMED
    )
    assert any(len(full) + len(partial) > 2 for _, _, full, partial in expected.values())
    # a list is its names joined by single spaces, or empty: nothing before, after or between
    for row in rows:
        for key in ("fullVia", "partialVia"):
            assert row[key] == " ".join(row[key].split())


def test_article_evidence_counts_match_the_covered_articles(wider: EmbeddedStore) -> None:
    every = run(wider, "ai-act-article-evidence", article=None)
    for row in run(wider, "ai-act-covered-by-confirmed-evidence"):
        mine = [r for r in every if r["article"] == row["article"]]
        assert len({r["link"] for r in mine}) == int(row["confirmedLinks"])
        assert {r["control"] for r in mine} == set(
            (row["fullVia"] + " " + row["partialVia"]).split()
        )


def test_article_evidence_rows_come_sorted(wider: EmbeddedStore) -> None:
    """One article's rows in the documented order: coverage, requirement, document, link."""
    rows = run(wider, "ai-act-article-evidence", article="art-9")
    keys = [(r["coverage"], r["control"], r["document"], r["link"]) for r in rows]
    assert len({r["control"] for r in rows}) > 2 and keys == sorted(keys)


def test_remote_store_answers_them_like_the_embedded_one(
    wider: EmbeddedStore, sparql_server: SparqlServer
) -> None:
    remote = sparql_server.store()
    try:
        _load(remote)
        for name, values in (
            ("ai-act-covered-by-confirmed-evidence", {}),
            ("ai-act-article-evidence", {"article": None}),
            ("ai-act-article-evidence", {"article": ["art-9", "art-17"]}),
        ):
            query = load_query("ontology", name, **values)
            expected = _ordered(wider.select(query))
            assert expected, name
            assert _ordered(remote.select(query)) == expected, (name, values)
    finally:
        remote.close()
