"""Evidence statements: the bundled data (complete, well-formed, our own words), their
loading into descriptors, the soft maximum, and the statement signal with the real model."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from mapping.errors import StatementDataError
from mapping.retrieval.descriptors import find_descriptor, load_descriptors
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.scoring import (
    FULL,
    LEXICAL_ONLY,
    TITLES_ONLY,
    RequirementScorer,
    ScorerConfig,
)
from mapping.retrieval.statements import load_statements, parse_statements, pool_statements
from ontology.namespaces import AIMS, STANDARDS, standard_iri
from ontology.reference import load_reference, package_dir
from ontology.store import EmbeddedStore

#: Standards whose every requirement has statements, and how many each must have at least
#: (groups, which are never suggested, may have fewer).
COVERED = {"iso42001": (5, 4), "iso27001": (4, 3)}
#: Requirements of partly covered standards that must have statements (the EU AI Act's
#: high-risk chapter and its neighbours), at least four each.
REQUIRED = {
    "euaiact": [f"art-{n}" for n in (4, 5, 6, *range(8, 28), 43, 47, 49, 50, 72, 73)],
    "iso27001": [
        f"A.{g}.{n}" for g, last in ((5, 37), (6, 8), (7, 14), (8, 34)) for n in range(1, last + 1)
    ],
}


@pytest.fixture(scope="module")
def reference() -> Graph:
    graph = Graph()
    for name in ("iso42001", "iso27001", "euaiact"):
        graph.parse(package_dir() / "reference" / f"{name}.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("statements") / "oxigraph")
    load_reference(store)
    yield store
    store.close()


def _notations(graph: Graph, standard: str) -> dict[str, URIRef]:
    scheme = standard_iri(standard)
    return {
        str(graph.value(s, SKOS.notation)): s
        for s in graph.subjects(SKOS.inScheme, scheme)
        if isinstance(s, URIRef)
    }


def _groups(graph: Graph, standard: str) -> set[str]:
    members = _notations(graph, standard)
    broader = {graph.value(s, SKOS.broader) for s in members.values()}
    return {n for n, s in members.items() if s in broader}


def _word_runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


# --- the data -----------------------------------------------------------------------------


@pytest.mark.parametrize("standard", sorted(STANDARDS))
def test_every_notation_exists_in_the_reference_data(reference: Graph, standard: str) -> None:
    statements = load_statements(standard)
    assert set(statements) <= set(_notations(reference, standard)), set(statements) - set(
        _notations(reference, standard)
    )


@pytest.mark.parametrize("standard", sorted(COVERED))
def test_every_requirement_has_statements(reference: Graph, standard: str) -> None:
    statements = load_statements(standard)
    members = _notations(reference, standard)
    groups = _groups(reference, standard)
    least, least_group = COVERED[standard]
    for notation in members:
        floor = least_group if notation in groups else least
        assert len(statements.get(notation, ())) >= floor, f"{notation}: fewer than {floor}"


@pytest.mark.parametrize("standard", sorted(REQUIRED))
def test_the_required_requirements_have_statements(standard: str) -> None:
    statements = load_statements(standard)
    for notation in REQUIRED[standard]:
        assert len(statements.get(notation, ())) >= 4, f"{standard} {notation}"


@pytest.mark.parametrize("standard", sorted(STANDARDS))
def test_statements_are_distinct_sentences_of_sane_length(standard: str) -> None:
    seen: set[str] = set()
    for notation, items in load_statements(standard).items():
        for text in items:
            assert 5 <= len(text.split()) <= 40, f"{notation}: {text!r}"
            assert text.lower() not in seen, f"{notation} repeats {text!r}"
            seen.add(text.lower())


def test_no_statement_shares_twelve_words_with_a_definition_title_or_another(
    reference: Graph,
) -> None:
    """Own words: no run of 12 words in common with the reference texts or each other."""
    reference_runs: dict[tuple[str, ...], str] = {}
    for predicate in (SKOS.definition, SKOS.prefLabel, AIMS.typicalEvidence):
        for subject, value in reference.subject_objects(predicate):
            for run in _word_runs(str(value), 12):
                reference_runs[run] = f"{predicate.split('#')[-1]} of {subject}"
    seen: dict[tuple[str, ...], str] = {}
    for standard in STANDARDS:
        for notation, items in load_statements(standard).items():
            for i, text in enumerate(items):
                here = f"{standard} {notation} #{i + 1}"
                for run in _word_runs(text, 12):
                    assert run not in reference_runs, f"{here} copies {reference_runs[run]}"
                    assert run not in seen, f"{here} and {seen[run]} share: {' '.join(run)}"
                for run in _word_runs(text, 12):
                    seen[run] = here


def test_copy_guard_fires_on_a_shared_run() -> None:
    a = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert _word_runs(a, 12) & _word_runs("zero " + a, 12)
    assert not _word_runs(a, 12) & _word_runs(a.replace("seven", "7"), 12)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("standard: iso27001\nstatements: {}\n", "expected a mapping with 'standard: iso42001'"),
        ("standard: iso42001\nstatements:\n  '5.2':\n    - Plan: approve it\n", "must be a list"),
        ("standard: iso42001\nstatements:\n  '5.2': just one text\n", "must be a list"),
        ("standard: iso42001\nstatements: [a, b]\n", "must map notations"),
        ("standard: iso42001\nstatements: {a: [b\n", "not valid YAML"),
    ],
)
def test_malformed_data_names_the_problem(text: str, problem: str) -> None:
    with pytest.raises(StatementDataError) as error:
        parse_statements(text, "iso42001", "iso42001.yaml")
    assert problem in error.value.message and "iso42001.yaml" in error.value.message
    assert error.value.hint and "statement_data" in error.value.hint


def test_a_standard_without_a_file_has_no_statements() -> None:
    assert load_statements("no-such-standard") == {}


# --- descriptors --------------------------------------------------------------------------


def test_descriptors_carry_their_statements(reference_store: EmbeddedStore) -> None:
    descriptors = load_descriptors(reference_store, "iso42001")
    audit = find_descriptor(descriptors, "9.2.1")
    assert audit.statements == load_statements("iso42001")["9.2.1"]
    assert all(d.statements for d in descriptors)
    assert audit.statements[0] not in audit.text  # statements are a separate signal
    articles = load_descriptors(reference_store, "euaiact")
    assert find_descriptor(articles, "art-9").statements == load_statements("euaiact")["art-9"]
    assert find_descriptor(articles, "art-1").statements == ()  # no statements: none


# --- pooling arithmetic -------------------------------------------------------------------


def test_soft_maximum_lies_between_mean_and_maximum_and_ignores_duplicates() -> None:
    rng = np.random.default_rng(7)
    cosines = rng.uniform(-0.2, 0.8, size=(50, 6)).astype(np.float32)
    for temperature in (0.01, 0.05, 0.5):
        pooled = pool_statements(cosines, temperature)
        assert np.all(pooled <= cosines.max(axis=1) + 1e-6)
        assert np.all(pooled >= cosines.mean(axis=1) - 1e-6)
        doubled = pool_statements(np.concatenate([cosines, cosines], axis=1), temperature)
        assert np.allclose(pooled, doubled, atol=1e-5)  # more statements, no free gain
    assert np.array_equal(pool_statements(cosines, 0.0), cosines.max(axis=1))
    near_max = pool_statements(cosines, 0.001)
    assert np.allclose(near_max, cosines.max(axis=1), atol=0.01)


# --- the signal, real model ---------------------------------------------------------------

RECORDS = {
    "7.2": "Training record 2025: the eleven data scientists completed the model risk "
    "course and passed its assessment; two new joiners are booked for March.",
    "9.3.2": "Management review, agenda item 4: the governance lead presented this year's "
    "audit findings, the monitoring metrics and customer complaints about automated decisions.",
    "A.10.3": "Vendor due diligence for the speech-to-text service: questionnaire returned, "
    "data retention and model training on our data reviewed, approved with conditions.",
}


@pytest.fixture(scope="module")
def scorer(reference_store: EmbeddedStore, embedder: Embedder) -> RequirementScorer:
    return RequirementScorer(load_descriptors(reference_store, "iso42001"), embedder)


def test_statement_scores_rank_the_matching_requirement_high(
    scorer: RequirementScorer, embedder: Embedder
) -> None:
    """An operational record is close to its requirement's statements."""
    vectors = embedder.encode(list(RECORDS.values()))
    scores = scorer.statement_scores(vectors)
    assert scores.shape == (len(RECORDS), len(scorer.descriptors))
    notations = [d.notation for d in scorer.descriptors]
    for row, notation in enumerate(RECORDS):
        top = [notations[c] for c in np.argsort(-scores[row])[:5]]
        assert notation in top, f"{notation} not in the top 5 for its record: {top}"


def test_dense_score_is_the_best_of_views_and_statements(
    reference_store: EmbeddedStore, embedder: Embedder, scorer: RequirementScorer
) -> None:
    texts = list(RECORDS.values())
    vectors = embedder.encode(texts)
    off = RequirementScorer(scorer.descriptors, embedder, config=ScorerConfig(statements=False))
    signal = off.statement_scores(vectors)  # the same signal whether or not it is combined
    assert np.allclose(signal, scorer.statement_scores(vectors))
    combined, _ = scorer.raw(texts, vectors)
    views, _ = off.raw(texts, vectors)
    assert combined is not None and views is not None
    assert np.allclose(combined, np.maximum(views, signal), atol=1e-6)
    assert (signal > views).any() and (signal < views).any()  # both sides win somewhere
    assert off.config.method == "dense+bm25/no-statements/fused"
    assert FULL.method == "dense+bm25/fused"


def test_without_statements_the_signal_falls_back_to_the_descriptor_cosine(
    reference_store: EmbeddedStore, embedder: Embedder
) -> None:
    every = load_descriptors(reference_store, "iso42001")
    descriptors = [d if i % 2 else replace(d, statements=()) for i, d in enumerate(every)]
    vectors = embedder.encode(list(RECORDS.values()))
    plain = RequirementScorer(descriptors, embedder, config=ScorerConfig(statements=False))
    views, _ = plain.raw(list(RECORDS.values()), vectors)
    signal = plain.statement_scores(vectors)
    assert views is not None
    assert np.allclose(signal[:, 0::2], views[:, 0::2])  # no statements: descriptor cosine
    assert not np.allclose(signal[:, 1::2], views[:, 1::2])
    for config in (LEXICAL_ONLY, TITLES_ONLY):
        other = RequirementScorer(descriptors[:5], embedder, config=config)
        assert other.statement_scores(vectors).shape == (len(RECORDS), 5)


def test_normalised_statement_scores_are_z_scores_against_the_background(
    scorer: RequirementScorer, embedder: Embedder
) -> None:
    vectors = embedder.encode(list(RECORDS.values()))
    fresh = RequirementScorer(scorer.descriptors, embedder)
    with pytest.raises(RuntimeError, match="fit_background"):
        fresh.statement_scores(vectors, normalised=True)
    background = ["The canteen opens at eight.", "Parking permits are renewed in May."] * 5
    fresh.fit_background(background)
    z = fresh.statement_scores(vectors, normalised=True)
    raw = fresh.statement_scores(vectors)
    assert z.shape == raw.shape and (z > 2).any()  # records stand out from canteen news
    # the same monotone map for every requirement (one mean and spread per channel)
    col = int(np.argmax(raw[0]))
    assert int(np.argmax(z[0])) == col


def test_statement_vectors_come_from_the_cache_the_second_time(
    reference_store: EmbeddedStore, embedder: Embedder
) -> None:
    descriptors = load_descriptors(reference_store, "iso42001")
    RequirementScorer(descriptors, embedder)
    before = embedder.encoded_count
    RequirementScorer(descriptors, embedder)
    assert embedder.encoded_count == before
