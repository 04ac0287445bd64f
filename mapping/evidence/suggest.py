"""Evidence suggestions: artefact → requirement links with their best passages.

After every ingest, :func:`suggest_for_artefacts` scores each new artefact's passages against
every requirement of a standard, rolls the passage scores up to one confidence per
requirement, and writes the best requirements as ``aims:EvidenceLink``s with status
``suggested``, citing their top passages as ``aims:Support``s.

Rules that make it safe to run again and again:

- it replaces only its own earlier suggestions for the artefact (status ``suggested``, not
  derived through a crosswalk, not touched by any review decision);
- it never writes a link whose id already belongs to a link in any other state, so
  confirmed, rejected, derived, needs-review and carried-over links stay exactly as they are;
- an unchanged suggestion keeps its ``prov:generatedAtTime``: a second run over unchanged
  data changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from mapping.evidence.links import artefact_iri, link_id, link_iri
from mapping.evidence.listing import list_suggestions as list_suggestions  # its old home
from mapping.retrieval.embedder import Embedder, Vectors
from mapping.retrieval.fusion import SelectionRule, feature_matrix
from mapping.retrieval.index import VectorIndex, matching_text
from mapping.retrieval.ranking import (
    RankingSettings,
    calibrate,
    roll_up,
    select_count,
    select_links,
    top_rows,
)
from mapping.retrieval.scoring import RequirementScorer, prepare_scorer
from ontology.namespaces import AIMS, ORG_GRAPH, STD
from ontology.query_files import load_query
from ontology.store import GraphStore

if TYPE_CHECKING:
    from mapping.evidence.learning import DocumentRecord, LearningStore

SCORE_DIGITS = 4
#: Called with what learning needs of each document a suggestion run ranked.
Recorder = Callable[["DocumentRecord"], None]


@dataclass(frozen=True)
class Support:
    """One passage cited by a suggestion."""

    passage: str
    rank: int
    score: float


@dataclass(frozen=True)
class Suggestion:
    """One artefact → requirement suggestion before it is written."""

    artefact: str
    requirement: str
    score: float
    supports: tuple[Support, ...]

    @property
    def id(self) -> str:
        return link_id(self.artefact, self.requirement)


@dataclass(frozen=True)
class SuggestResult:
    """What a suggestion run did."""

    artefacts: int
    written: int
    unchanged: int
    kept_decided: int
    embedded: int


@dataclass(frozen=True)
class DocumentPassages:
    """The passages of one artefact, in document order, with their vectors."""

    artefact: str
    iris: list[str]
    texts: list[str]
    vectors: Vectors
    #: Each passage's section path ("" when it has none), for the heading feature.
    sections: list[str] = field(default_factory=list)


def load_document_passages(
    store: GraphStore, index: VectorIndex, artefacts: Sequence[str]
) -> list[DocumentPassages]:
    """Passages of ``artefacts`` (IRIs) grouped per artefact; all must be indexed."""
    if not artefacts:
        return []
    wanted = [URIRef(iri) for iri in artefacts]
    rows = store.select(load_query("mapping", "artefact_passages", artefact=wanted))
    grouped: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for row in rows:
        ordinal = int(str(row["ordinal"])) if "ordinal" in row else 0
        section = str(row["section"]) if "section" in row else None
        text = matching_text(str(row["text"]), section)
        grouped[str(row["artefact"])].append((ordinal, str(row["passage"]), text, section or ""))
    out = []
    for artefact in artefacts:
        items = sorted(grouped.get(artefact, []))
        iris = [i[1] for i in items]
        texts, sections = [i[2] for i in items], [i[3] for i in items]
        out.append(DocumentPassages(artefact, iris, texts, index.vectors(iris), sections))
    return out


def document_confidence(
    scorer: RequirementScorer, doc: DocumentPassages, recorder: Recorder | None = None
) -> tuple[Vectors, Vectors]:
    """(passages × requirements fused z-scores, one confidence per requirement).

    With a fusion model the confidence is its probability (and ``recorder`` gets the
    document's features, for learning from its decisions later); otherwise the calibrated
    mean of the best passages' z-scores (the hand-set method).
    """
    s = scorer.settings
    if scorer.fusion is None:
        z = scorer.score(doc.texts, doc.vectors)
        rolled = roll_up(z, s.top_passages)
        return z, calibrate(rolled, s.calibration_midpoint, s.calibration_slope)
    signals = scorer.signals(doc.texts, doc.vectors, doc.sections or [""] * len(doc.texts))
    x = feature_matrix(signals, scorer.fusion.features)
    probabilities = scorer.fusion.probabilities(x)
    if recorder is not None:
        from mapping.evidence.learning import record_of

        record = record_of(scorer, x, probabilities)
        if record is not None:
            recorder(record)
    return signals.channels["fused"], probabilities


def rank_document(
    scorer: RequirementScorer, doc: DocumentPassages, recorder: Recorder | None = None
) -> list[Suggestion]:
    """Every requirement for one document with its confidence and supports, best first."""
    s = scorer.settings
    if not doc.iris:
        return []
    z, confidence = document_confidence(scorer, doc, recorder)
    for col, requirement in enumerate(scorer.iris):
        if (doc.artefact, requirement) in scorer.rejected_pairs:
            confidence[col] *= s.rejected_pair_factor
    out = []
    for col in top_rows(confidence, len(confidence)):
        if scorer.descriptors[col].is_group and not s.suggest_groups:
            continue
        rows = top_rows(z[:, col], s.supports)
        passage_conf = calibrate(z[rows, col], s.calibration_midpoint, s.calibration_slope)
        supports = tuple(
            Support(doc.iris[r], rank + 1, round(float(c), SCORE_DIGITS))
            for rank, (r, c) in enumerate(zip(rows, passage_conf, strict=True))
        )
        out.append(
            Suggestion(
                doc.artefact,
                scorer.iris[col],
                round(float(confidence[col]), SCORE_DIGITS),
                supports,
            )
        )
    return out


def choose(
    ranked: list[Suggestion],
    settings: RankingSettings,
    passages: int = 0,
    rule: SelectionRule | None = None,
) -> list[Suggestion]:
    """The suggestions worth a reviewer's time.

    With a selection ``rule`` (the fusion model's) the count follows the document
    (:func:`mapping.retrieval.ranking.select_count`); without one, the hand-set threshold
    (:func:`mapping.retrieval.ranking.select_links`).
    """
    confidence = np.array([r.score for r in ranked], dtype=np.float32)
    if rule is None:
        keep = select_links(
            confidence, settings.min_confidence, settings.min_links, settings.max_links
        )
        return [ranked[i] for i in keep]
    count = select_count(
        confidence,
        passages,
        expected_factor=rule.expected_factor,
        passages_per_link=rule.passages_per_link,
        min_links=rule.min_links,
        max_links=rule.max_links,
        links_per_passage=rule.links_per_passage,
    )
    return ranked[:count]


def select_for(
    scorer: RequirementScorer, doc: DocumentPassages, recorder: Recorder | None = None
) -> list[Suggestion]:
    """The suggestions a suggestion run writes for one document."""
    rule = scorer.fusion.selection if scorer.fusion is not None else None
    return choose(rank_document(scorer, doc, recorder), scorer.settings, len(doc.iris), rule)


def _recorder(learning: LearningStore | None, artefact: str) -> Recorder | None:
    if learning is None:
        return None
    return lambda record: learning.save_document(artefact, record)


def suggest_for_artefacts(
    store: GraphStore,
    index: VectorIndex,
    embedder: Embedder,
    artefact_ids: Sequence[str],
    *,
    standard: str = "iso42001",
    settings: RankingSettings | None = None,
    now: datetime | None = None,
    learning: LearningStore | None = None,
) -> SuggestResult:
    """Write fresh suggestions for ``artefact_ids`` (ids or IRIs); see the module docstring.

    With ``learning``, rank with its model (learned from decisions, else the shipped one)
    and record each document's features there (:mod:`mapping.evidence.learning`).
    """
    from mapping.retrieval.index import passage_texts

    artefacts = [artefact_iri(a) for a in artefact_ids]
    embedded = index.ensure(passage_texts(store, artefacts), embedder)
    fusion = learning.model() if learning is not None else None
    scorer = prepare_scorer(store, index, embedder, standard, settings=settings, fusion=fusion)
    stamp = now or datetime.now(UTC)
    totals = [0, 0, 0]
    for doc in load_document_passages(store, index, artefacts):
        record = _recorder(learning, doc.artefact) if standard == "iso42001" else None
        chosen = select_for(scorer, doc, record)
        counts = write_suggestions(store, doc.artefact, chosen, scorer, standard, stamp)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return SuggestResult(len(artefacts), totals[0], totals[1], totals[2], embedded)


def _existing_links(store: GraphStore, artefact: str) -> dict[str, dict[str, str]]:
    rows = store.select(load_query("mapping", "artefact_links", artefact=URIRef(artefact)))
    return {str(r["link"]): {k: str(v) for k, v in r.items()} for r in rows}


def _replaceable(link: dict[str, str]) -> bool:
    """Only our own untouched suggestions may be replaced."""
    return (
        link.get("status") == str(AIMS.suggested)
        and "decision" not in link
        and "derivedFrom" not in link
    )


def write_suggestions(
    store: GraphStore,
    artefact: str,
    suggestions: list[Suggestion],
    scorer: RequirementScorer,
    standard: str,
    now: datetime,
) -> tuple[int, int, int]:
    """Replace the artefact's own suggestions by ``suggestions``: (written, unchanged, kept)."""
    existing = _existing_links(store, artefact)
    prefix = f"{STD}{standard}/"
    ours = {k: v for k, v in existing.items() if _replaceable(v) and v["req"].startswith(prefix)}
    graph = Graph()
    written = unchanged = kept = 0
    for suggestion in suggestions:
        iri = str(link_iri(suggestion.id))
        if iri in existing and iri not in ours:
            kept += 1
            continue
        stamp = now
        old = ours.pop(iri, None)
        if old is not None and _same(old, suggestion, scorer):
            unchanged += 1
            stamp = datetime.fromisoformat(old["generated"])
        else:
            written += 1
        add_link(graph, suggestion, scorer, stamp)
    # Left in ``ours``: earlier suggestions no longer chosen. Rewritten links are deleted
    # first too, so an update never leaves two scores on one link.
    _replace_links(store, sorted(set(ours) | _rewritten(graph)), graph)
    return written, unchanged, kept


def _rewritten(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, AIMS.EvidenceLink)}


def _same(old: dict[str, str], new: Suggestion, scorer: RequirementScorer) -> bool:
    return (
        "score" in old
        and round(float(old["score"]), SCORE_DIGITS) == new.score
        and old.get("model") == scorer.embedder.cache_key
        and old.get("rankingModel", "") == scorer.fusion_version
        and "generated" in old
    )


def add_link(
    graph: Graph, suggestion: Suggestion, scorer: RequirementScorer, when: datetime
) -> None:
    """The triples of one suggested evidence link and its supports."""
    link = link_iri(suggestion.id)
    graph.add((link, RDF.type, AIMS.EvidenceLink))
    graph.add((link, DCTERMS.identifier, Literal(suggestion.id)))
    graph.add((link, AIMS.evidenceArtefact, URIRef(suggestion.artefact)))
    graph.add((link, AIMS.requirement, URIRef(suggestion.requirement)))
    graph.add((link, AIMS.status, AIMS.suggested))
    graph.add((link, AIMS.score, Literal(suggestion.score, datatype=XSD.decimal)))
    graph.add((link, AIMS.method, Literal(scorer.config.method)))
    graph.add((link, AIMS.model, Literal(scorer.embedder.cache_key)))
    if scorer.fusion_version:
        graph.add((link, AIMS.rankingModel, Literal(scorer.fusion_version)))
    graph.add((link, PROV.generatedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)))
    graph.add((link, AIMS.linkVersion, Literal(0, datatype=XSD.integer)))
    for support in suggestion.supports:
        node = URIRef(f"{link}/s{support.rank}")
        graph.add((link, AIMS.evidencePassage, URIRef(support.passage)))
        graph.add((link, AIMS.support, node))
        graph.add((node, RDF.type, AIMS.Support))
        graph.add((node, AIMS.passage, URIRef(support.passage)))
        graph.add((node, AIMS.rank, Literal(support.rank, datatype=XSD.integer)))
        graph.add((node, AIMS.score, Literal(support.score, datatype=XSD.decimal)))


def _replace_links(store: GraphStore, links: list[str], graph: Graph) -> None:
    """In one update: delete ``links`` with their supports, insert ``graph``."""
    parts = []
    if links:
        parts.append(load_query("mapping", "delete_links", link=[URIRef(link) for link in links]))
    if len(graph):
        # in the store's batches (a remote engine may refuse one large INSERT DATA)
        parts.extend(store.insert_operations(ORG_GRAPH, graph))
    if parts:
        store.update(" ;\n".join(parts))


def more_suggestions(
    store: GraphStore,
    index: VectorIndex,
    embedder: Embedder,
    artefact: str,
    *,
    count: int = 5,
    standard: str = "iso42001",
    settings: RankingSettings | None = None,
    now: datetime | None = None,
    learning: LearningStore | None = None,
) -> list[Suggestion]:
    """Write the next ``count`` suggestions further down one document's ranking.

    "More" for a reviewer: the requirements ranked just below those the document already
    has a link to (in any state) become new ``suggested`` links; nothing existing changes.
    Returns what was written, best first (empty at the end of the ranking).
    """
    from mapping.retrieval.index import passage_texts
    from ontology.errors import InputError, NotFoundError

    if count < 1:
        raise InputError(f"count must be at least 1, not {count}", hint="ask for 1 or more")
    iri = artefact_iri(artefact)
    texts = passage_texts(store, [iri])
    if not texts:
        raise NotFoundError(
            f"no document {artefact!r} with passages",
            hint="list documents with `aimsgraph documents`",
        )
    index.ensure(texts, embedder)
    fusion = learning.model() if learning is not None else None
    scorer = prepare_scorer(store, index, embedder, standard, settings=settings, fusion=fusion)
    existing = _existing_links(store, iri)
    (doc,) = load_document_passages(store, index, [iri])
    fresh = [s for s in rank_document(scorer, doc) if str(link_iri(s.id)) not in existing]
    graph = Graph()
    for suggestion in fresh[:count]:
        add_link(graph, suggestion, scorer, now or datetime.now(UTC))
    _replace_links(store, [], graph)
    return fresh[:count]
