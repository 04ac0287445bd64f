"""docs/vocabulary.md: every vocabulary term is documented, every example query answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ontology.namespaces import AIMS
from ontology.query_files import query_names
from ontology.reference import load_reference
from ontology.store import EmbeddedStore, query_form

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "vocabulary.md"
BLOCK = re.compile(r"```sparql\n(.*?)```", re.DOTALL)


def examples() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("vocabulary-docs") / "oxigraph")
    load_reference(store)
    # The register examples need a system: one high-risk system with no documents yet.
    from ontology.register.systems import create_system

    create_system(
        store, {"name": "HireRank", "roles": "provider", "risk_class": "high-risk-annex-iii"}
    )
    yield store
    store.close()


def test_every_vocabulary_term_is_documented() -> None:
    vocabulary = Graph().parse(ROOT / "ontology" / "aims.ttl", format="turtle")
    terms = {
        str(s).removeprefix(str(AIMS))
        for s in vocabulary.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(AIMS))
    }
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`aims:(\w+)`", text))
    missing = sorted(terms - documented)
    assert not missing, (
        f"undocumented in docs/vocabulary.md (run tools/gen_vocabulary_docs.py): {missing}"
    )
    assert len(terms) > 100


def test_every_packaged_query_is_listed() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [n for n in query_names("ontology") if f"`{n}.rq`" not in text] == []


def test_there_are_examples() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize("sparql", examples(), ids=lambda q: q.strip().splitlines()[-1][:40])
def test_example_query_returns_results(initialised: EmbeddedStore, sparql: str) -> None:
    form = query_form(sparql)
    if form == "ASK":
        assert initialised.ask(sparql) is True
    elif form == "SELECT":
        rows = initialised.select(sparql)
        assert rows, "the example returned no rows"
        assert all(row for row in rows), "the example returned empty rows"
    else:
        assert len(initialised.construct(sparql)) > 0
