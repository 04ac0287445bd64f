"""Scores of passages against every requirement of a standard, normalised and fused.

:class:`RequirementScorer` holds what is computed once per run: the descriptors' vectors,
the BM25 index over the descriptors, reviewer feedback as vectors, and the background
statistics. ``score(texts, vectors)`` then gives a passages × requirements matrix of fused
z-scores (see :mod:`mapping.retrieval.ranking` for why each step is there).

The same class, configured differently, gives the benchmark's baselines: lexical only, and
dense on titles only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from mapping.errors import ReferenceMissingError
from mapping.retrieval.descriptors import Descriptor
from mapping.retrieval.embedder import Embedder, Vectors
from mapping.retrieval.feedback import Feedback
from mapping.retrieval.fusion import (
    FEATURES,
    DocumentSignals,
    FusionModel,
    shipped_model,
    shipped_version,
)
from mapping.retrieval.lexical import LexicalIndex
from mapping.retrieval.ranking import (
    Background,
    RankingSettings,
    exemplar_similarity,
    fuse,
    rejection_penalty,
)
from mapping.retrieval.statements import StatementMatrix
from ontology.store import GraphStore

if TYPE_CHECKING:
    from mapping.retrieval.index import VectorIndex


@dataclass(frozen=True)
class ScorerConfig:
    """Which channels and descriptor text a scorer uses (the full method by default).

    The product ranks with :data:`FULL` only: the suggestion writers
    (:mod:`mapping.evidence.suggest`) and the matcher take no configuration, so every link
    records ``FULL.method``. The other settings are the quality benchmark's baselines and
    ablations (``benchmarks/quality``). They stay switches of this one scorer, not a
    benchmark subclass, because each steers its inner arithmetic (descriptor texts, which
    channels exist, the statement maximum, normalisation, fusion): a subclass would have to
    copy five of its methods, a second implementation of the ranking to drift apart.
    """

    dense: bool = True
    lexical: bool = True
    titles_only: bool = False
    normalise: bool = True
    #: Dense score = the better of the whole descriptor and its title + typical evidence
    #: alone (see :mod:`mapping.retrieval.descriptors`); False compares with the whole one only.
    evidence_view: bool = True
    #: Rank with the learned fusion model (:mod:`mapping.retrieval.fusion`, shipped weights) instead
    #: of the rolled-up fused z-score and its calibration curve.
    fusion: bool = True
    #: Dense score = the best of those views and the evidence-statement score
    #: (:meth:`RequirementScorer.statement_scores`); False leaves the statements out of the
    #: dense score (the statement signal itself is still computed, for fusion).
    statements: bool = True

    @property
    def method(self) -> str:
        """The name recorded on evidence links (``aims:method``)."""
        channels = [c for c, on in (("dense", self.dense), ("bm25", self.lexical)) if on]
        name = "+".join(channels)
        if self.titles_only:
            name += "/titles"
        elif self.dense and not self.evidence_view:
            name += "/one-view"
        if self.dense and not self.titles_only and not self.statements:
            name += "/no-statements"
        if not self.normalise:
            return name + "/raw"
        return name + "/fused" if self.fusion else name


FULL = ScorerConfig()
#: The hand-set method before learned fusion (the benchmark's baseline).
HAND_SET = ScorerConfig(fusion=False)
LEXICAL_ONLY = ScorerConfig(dense=False, fusion=False)
TITLES_ONLY = ScorerConfig(lexical=False, titles_only=True, fusion=False)


@cache
def generic_background() -> tuple[str, ...]:
    """Ordinary passages of an organisation's document library (bundled, own words).

    They keep the background meaningful when only a few passages have been ingested.
    """
    path = resources.files("mapping.retrieval") / "background_passages.json"
    return tuple(json.loads(path.read_text(encoding="utf-8")))


class RequirementScorer:
    """Fused, background-normalised scores of passages for the requirements of a standard."""

    def __init__(
        self,
        descriptors: Sequence[Descriptor],
        embedder: Embedder,
        settings: RankingSettings | None = None,
        config: ScorerConfig = FULL,
    ) -> None:
        self.descriptors = list(descriptors)
        self.embedder = embedder
        self.settings = settings or RankingSettings()
        self.config = config
        texts = [d.label if config.titles_only else d.text for d in self.descriptors]
        self._vectors = embedder.encode_reference(texts) if config.dense else None
        self._evidence_vectors = self._encode_evidence_view()
        self._statements = (
            StatementMatrix([d.statements for d in self.descriptors], embedder)
            if config.dense and not config.titles_only
            else None
        )
        self._lexical = LexicalIndex(texts) if config.lexical else None
        empty = np.zeros((0, embedder.dimension), dtype=np.float32)
        self._exemplars: list[Vectors] = [empty] * len(self.descriptors)
        self._counters: list[Vectors] = [empty] * len(self.descriptors)
        self.rejected_pairs: set[tuple[str, str]] = set()
        self._background: tuple[Background | None, Background | None] = (None, None)
        self._view_background: tuple[Background | None, Background | None] = (None, None)
        self._statement_background: Background | None = None
        self.fusion: FusionModel | None = None
        #: Version of :attr:`fusion` recorded on suggestions (``aims:rankingModel``).
        self.fusion_version = ""
        self._annex = np.array([d.notation.startswith("A.") for d in self.descriptors], float)

    def _encode_evidence_view(self) -> Vectors | None:
        """Vectors of each descriptor's evidence view (its whole text when it has none)."""
        c = self.config
        if not (c.dense and c.evidence_view) or c.titles_only:
            return None
        views = [d.evidence_text or d.text for d in self.descriptors]
        return self.embedder.encode_reference(views)

    @property
    def iris(self) -> list[str]:
        return [d.iri for d in self.descriptors]

    def descriptor_vector(self, col: int) -> Vectors | None:
        """The embedded descriptor of requirement ``col`` (None without a dense channel)."""
        return None if self._vectors is None else self._vectors[col]

    def apply_feedback(
        self, feedback: Feedback, vectors_of: Callable[[list[str]], Vectors]
    ) -> None:
        """Use reviewer decisions; ``vectors_of`` gives the vectors of passage IRIs."""
        for col, descriptor in enumerate(self.descriptors):
            positive = sorted(feedback.exemplars.get(descriptor.iri, ()))
            negative = sorted(feedback.counter_examples.get(descriptor.iri, ()))
            if positive:
                self._exemplars[col] = vectors_of(positive)
            if negative:
                self._counters[col] = vectors_of(negative)
        self.rejected_pairs = set(feedback.rejected_pairs)

    def _dense_views(self, vectors: Vectors) -> tuple[Vectors, Vectors | None]:
        """Cosines to the whole descriptor and to its evidence view (None without one),
        each with reviewer feedback applied (feedback commutes with the max of the two)."""
        assert self._vectors is not None
        views = [vectors @ self._vectors.T]
        if self._evidence_vectors is not None:
            views.append(vectors @ self._evidence_vectors.T)
        s = self.settings
        for col in range(len(self.descriptors)):
            for scores in views:
                if len(self._exemplars[col]):
                    near = exemplar_similarity(vectors, self._exemplars[col])
                    scores[:, col] = (1 - s.exemplar_weight) * scores[
                        :, col
                    ] + s.exemplar_weight * near
                if len(self._counters[col]):
                    near = exemplar_similarity(vectors, self._counters[col])
                    scores[:, col] -= rejection_penalty(near, s.rejection_floor, s.rejection_weight)
        whole = views[0].astype(np.float32)
        return whole, (views[1].astype(np.float32) if len(views) > 1 else None)

    def _views(self, vectors: Vectors) -> Vectors:
        """The better cosine of the whole descriptor and its evidence view (no feedback)."""
        assert self._vectors is not None
        scores = vectors @ self._vectors.T
        if self._evidence_vectors is not None:
            scores = np.maximum(scores, vectors @ self._evidence_vectors.T)
        return scores.astype(np.float32)

    def statement_scores(self, vectors: Vectors, *, normalised: bool = False) -> Vectors:
        """Passages × requirements soft maximum of cosines to each requirement's statements.

        A fusion feature: no feedback; raw cosine scale, or with ``normalised`` z-scores
        against the background that :meth:`fit_background` fitted (like the channels). A
        requirement without statements, or a scorer without them (lexical only, titles
        only), gets its descriptor cosine (:meth:`_views`) instead; no dense channel, zeros.
        """
        if self._vectors is None:
            return np.zeros((len(vectors), len(self.descriptors)), dtype=np.float32)
        views = self._views(vectors)
        raw = views if self._statements is None else self._statements.scores(vectors, views)
        if not normalised:
            return raw
        if self._statement_background is None:
            raise RuntimeError("fit_background must run before normalised statement scores")
        return self._statement_background.normalise(raw)

    def _with_statements(self, vectors: Vectors, best: Vectors) -> Vectors:
        """``best`` raised to the statement score where that is higher (config.statements)."""
        if self._statements is None or not self.config.statements:
            return best
        return np.maximum(best, self._statements.scores(vectors, self._views(vectors)))

    def _dense(self, vectors: Vectors) -> Vectors:
        whole, evidence = self._dense_views(vectors)
        best = whole if evidence is None else np.maximum(whole, evidence)
        return self._with_statements(vectors, best)

    def raw(self, texts: Sequence[str], vectors: Vectors) -> tuple[Vectors | None, Vectors | None]:
        """Unnormalised (dense, lexical) matrices; ``None`` for a channel not in use."""
        dense = self._dense(vectors) if self._vectors is not None else None
        lexical = self._lexical.scores(texts) if self._lexical is not None else None
        return dense, lexical

    def fit_background(self, texts: Sequence[str], vectors: Vectors | None = None) -> None:
        """Learn each requirement's score statistics over ``texts`` plus the generic set."""
        generic = list(generic_background())
        all_texts = list(texts) + generic
        generic_vectors = self.embedder.encode_reference(generic)
        if vectors is None:
            vectors = self.embedder.encode(list(texts))
        all_vectors = np.vstack([vectors, generic_vectors]) if len(vectors) else generic_vectors
        floor, strength = self.settings.min_std, self.settings.requirement_normalisation

        def fitted(scores: Vectors | None) -> Background | None:
            return None if scores is None else Background.from_scores(scores, floor).blend(strength)

        whole, evidence = (
            self._dense_views(all_vectors) if self._vectors is not None else (None, None)
        )
        dense = whole if evidence is None or whole is None else np.maximum(whole, evidence)
        if dense is not None:
            statements = self.statement_scores(all_vectors)
            self._statement_background = fitted(statements)
            if self._statements is not None and self.config.statements:
                dense = np.maximum(dense, statements)
        lexical = self._lexical.scores(all_texts) if self._lexical is not None else None
        self._background = (fitted(dense), fitted(lexical))
        self._view_background = (fitted(whole), fitted(evidence))

    def channels(self, texts: Sequence[str], vectors: Vectors) -> dict[str, Vectors]:
        """Each channel's z-scores (passages × requirements), for learned fusion.

        Keys: ``fused`` (what :meth:`score` returns), and where the channel is in use
        ``dense`` (the better of the two views), ``whole``, ``evidence`` and ``bm25``.
        """
        if not self.config.normalise:
            return {"fused": self.score(texts, vectors)}
        out: dict[str, Vectors] = {}
        dense_bg, lexical_bg = self._background
        if self._vectors is not None and dense_bg is not None:
            whole, evidence = self._dense_views(vectors)
            whole_bg, evidence_bg = self._view_background
            assert whole_bg is not None
            out["whole"] = whole_bg.normalise(whole)
            best = whole if evidence is None else np.maximum(whole, evidence)
            out["dense"] = dense_bg.normalise(self._with_statements(vectors, best))
            out["statements"] = self.statement_scores(vectors, normalised=True)
            if evidence is not None and evidence_bg is not None:
                out["evidence"] = evidence_bg.normalise(evidence)
        if self._lexical is not None and lexical_bg is not None:
            out["bm25"] = lexical_bg.normalise(self._lexical.scores(texts))
        if "dense" in out and "bm25" in out:
            out["fused"] = fuse(out["dense"], out["bm25"], self.settings.dense_weight)
        elif out:
            out["fused"] = out["dense"] if "dense" in out else out["bm25"]
        else:
            raise RuntimeError("fit_background must run before channels")
        return out

    def signals(
        self, texts: Sequence[str], vectors: Vectors, sections: Sequence[str]
    ) -> DocumentSignals:
        """Everything the fusion features of one document are computed from."""
        unique = sorted(set(sections))
        by_section = dict(zip(unique, self.heading_scores(unique), strict=True))
        empty = np.zeros(len(self.descriptors), dtype=np.float32)
        headings = np.array([by_section[s] for s in sections]) if sections else empty[None, :]
        channels = self.channels(texts, vectors)
        extra = {}
        if self.fusion is not None and "prior" in self.fusion.features:
            standard = str(self.fusion.meta.get("standard", "iso42001"))
            notations = [d.notation if d.standard == standard else "" for d in self.descriptors]
            extra["prior"] = self.fusion.prior_vector(notations)
        if self.fusion is not None and "neighbours" in self.fusion.features:
            extra["neighbours"] = self._neighbours(DocumentSignals(channels, headings, self._annex))
        return DocumentSignals(channels, headings, self._annex, extra)

    def _neighbours(self, signals: DocumentSignals) -> Vectors:
        """The ``neighbours`` feature of a document (the prior's default where it has none:
        group requirements, or another standard than the labelled one)."""
        assert self.fusion is not None and self.fusion.neighbours is not None
        standard = str(self.fusion.meta.get("standard", "iso42001"))
        within = FEATURES["within_document_z"](signals)
        own = {
            d.notation: float(within[i])
            for i, d in enumerate(self.descriptors)
            if d.standard == standard and not d.is_group
        }
        table = self.fusion.neighbours.vector(own) if own else {}
        default = self.fusion.prior_default
        return np.array(
            [
                table.get(d.notation, default) if d.notation in own else default
                for d in self.descriptors
            ],
            dtype=np.float32,
        )

    def heading_scores(self, headings: Sequence[str]) -> Vectors:
        """BM25 z-scores of section headings alone (zeros without a lexical channel)."""
        _, lexical_bg = self._background
        if self._lexical is None or lexical_bg is None:
            return np.zeros((len(headings), len(self.descriptors)), dtype=np.float32)
        return lexical_bg.normalise(self._lexical.scores(headings))

    def score(self, texts: Sequence[str], vectors: Vectors) -> Vectors:
        """Fused z-scores, passages × requirements (raw scores when not normalising)."""
        dense, lexical = self.raw(texts, vectors)
        if not self.config.normalise:
            chosen = dense if dense is not None else lexical
            assert chosen is not None
            return chosen
        dense_bg, lexical_bg = self._background
        if (dense is not None and dense_bg is None) or (lexical is not None and lexical_bg is None):
            raise RuntimeError("fit_background must run before score")
        if dense is not None and lexical is not None:
            assert dense_bg is not None and lexical_bg is not None
            weight = self.settings.dense_weight
            return fuse(dense_bg.normalise(dense), lexical_bg.normalise(lexical), weight)
        if dense is not None:
            assert dense_bg is not None
            return dense_bg.normalise(dense)
        assert lexical is not None and lexical_bg is not None
        return lexical_bg.normalise(lexical)


#: Most passages of the organisation's own library used as background.
BACKGROUND_SAMPLE = 2000


def background_sample(texts: dict[str, str], size: int = BACKGROUND_SAMPLE) -> list[str]:
    """A deterministic sample of passage IRIs (by hashed IRI, so it is stable and unbiased)."""
    from mapping.retrieval.index import iri_id

    return sorted(texts, key=iri_id)[:size]


def prepare_scorer(
    store: GraphStore,
    index: VectorIndex,
    embedder: Embedder,
    standard: str = "iso42001",
    *,
    settings: RankingSettings | None = None,
    config: ScorerConfig = FULL,
    use_feedback: bool = True,
    fusion: tuple[FusionModel, str] | None = None,
) -> RequirementScorer:
    """A scorer for ``standard`` with feedback applied and its background fitted.

    The background is a sample of the organisation's indexed passages (plus the bundled
    generic ones). ``fusion`` is the (model, version) to rank with instead of the shipped
    model (a model learned from decisions). The index is reconciled with the graph first (missing passages embedded,
    orphans dropped), so it always holds the passages to be scored.
    """
    from mapping.retrieval.descriptors import load_descriptors
    from mapping.retrieval.feedback import load_feedback
    from mapping.retrieval.index import passage_texts

    index.reconcile(store, embedder)
    descriptors = load_descriptors(store, standard)
    if not descriptors:
        raise ReferenceMissingError(
            f"the graph holds no requirements of {standard}",
            hint="run `aimsgraph init` to load the reference data",
        )
    scorer = RequirementScorer(descriptors, embedder, settings, config)
    if config.fusion and config.normalise:
        scorer.fusion, scorer.fusion_version = fusion or (shipped_model(), shipped_version())
    if use_feedback:
        feedback = load_feedback(store, standard)
        if feedback:
            scorer.apply_feedback(feedback, lambda iris: present_vectors(index, iris))
    texts = {iri: t for iri, t in passage_texts(store).items() if iri in index}
    sample = background_sample(texts)
    scorer.fit_background([texts[i] for i in sample], index.vectors(sample))
    return scorer


def present_vectors(index: VectorIndex, iris: list[str]) -> Vectors:
    """Vectors of those ``iris`` that are in the index (others are skipped)."""
    return index.vectors([i for i in iris if i in index])
