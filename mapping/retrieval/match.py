"""Free text → ranked requirements (``aimsgraph match``), and requirement → best passages.

Both use the same scorer as the suggestions, so a score means the same everywhere: the
calibrated 0–1 confidence of a background-normalised, fused dense + BM25 score.

:class:`Matcher` holds one prepared scorer, so a JSON-lines batch loads the model and the
descriptors once and then answers line after line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

import numpy as np
from rdflib import URIRef

from mapping.errors import BatchInputError
from mapping.retrieval.descriptors import find_descriptor
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.index import VectorIndex, passage_texts
from mapping.retrieval.ranking import calibrate, top_rows
from mapping.retrieval.scoring import RequirementScorer, prepare_scorer
from ontology.query_files import load_query
from ontology.store import GraphStore

#: Up to this many passages, evidence search scores every passage exactly; above it,
#: candidates come from the FAISS index first.
EXACT_SEARCH_LIMIT = 20_000
CANDIDATES = 1_000


class Matcher:
    """Ranks requirements of one standard for texts; build once, call many times."""

    def __init__(self, scorer: RequirementScorer) -> None:
        self.scorer = scorer

    @classmethod
    def open(
        cls, store: GraphStore, index: VectorIndex, embedder: Embedder, standard: str = "iso42001"
    ) -> Matcher:
        return cls(prepare_scorer(store, index, embedder, standard))

    def match(self, texts: Sequence[str], top_k: int = 10) -> list[list[dict[str, Any]]]:
        """For each text, its ``top_k`` requirements as {notation, standard, label, score}."""
        s = self.scorer.settings
        vectors = self.scorer.embedder.encode(list(texts))
        z = self.scorer.score(list(texts), vectors)
        confidence = calibrate(z, s.calibration_midpoint, s.calibration_slope)
        out = []
        if not s.suggest_groups:
            groups = [d.is_group for d in self.scorer.descriptors]
            z = z.copy()
            z[:, groups] = -np.inf  # rank the narrower requirements, as suggestions do
        for row in range(len(texts)):
            best = top_rows(z[row], top_k)
            out.append([self._entry(col, float(confidence[row, col])) for col in best])
        return out

    def _entry(self, col: int, score: float) -> dict[str, Any]:
        d = self.scorer.descriptors[col]
        return {
            "notation": d.notation,
            "standard": d.standard,
            "label": d.label,
            "score": round(score, 4),
        }


def match_text(
    store: GraphStore,
    index: VectorIndex,
    embedder: Embedder,
    text: str,
    *,
    standard: str = "iso42001",
    top_k: int = 10,
) -> dict[str, Any]:
    """``{"matches": [{"notation", "standard", "label", "score"}…]}`` for one text."""
    return {"matches": Matcher.open(store, index, embedder, standard).match([text], top_k)[0]}


def read_batch(lines: TextIO) -> Iterator[tuple[str, str]]:
    """(id, text) per JSON line; blank lines are skipped; a bad line raises naming it."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise BatchInputError(number, f"not valid JSON ({error.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise BatchInputError(number, 'expected an object with a string "text"')
        yield str(item.get("id", number)), item["text"]


def rank_passages(
    scorer: RequirementScorer,
    index: VectorIndex,
    texts: dict[str, str],
    notation: str,
    limit: int,
) -> list[tuple[str, float]]:
    """The ``limit`` best passages of ``texts`` (IRI → text) for ``notation``: (IRI, z)."""
    col = scorer.descriptors.index(find_descriptor(scorer.descriptors, notation))
    iris = [iri for iri in texts if iri in index]
    vector = scorer.descriptor_vector(col)
    if len(iris) > EXACT_SEARCH_LIMIT and vector is not None:
        allowed = set(iris)
        hits = index.search(vector[None, :], CANDIDATES * 4)[0]
        iris = [iri for iri, _ in hits if iri in allowed][:CANDIDATES]
    if not iris:
        return []
    z = scorer.score([texts[i] for i in iris], index.vectors(iris))[:, col]
    return [(iris[row], float(z[row])) for row in top_rows(z, limit)]


def search_passages(
    store: GraphStore,
    index: VectorIndex,
    embedder: Embedder,
    notation: str,
    *,
    standard: str = "iso42001",
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Evidence search: the best passages across all documents for one requirement."""
    scorer = prepare_scorer(store, index, embedder, standard)
    ranked = rank_passages(scorer, index, passage_texts(store), notation, limit)
    s = scorer.settings
    cites = passage_citations(store, [iri for iri, _ in ranked])
    out = []
    for rank, (iri, z) in enumerate(ranked, start=1):
        score = float(calibrate(z, s.calibration_midpoint, s.calibration_slope))
        out.append(
            {
                "rank": rank,
                "notation": notation,
                "standard": standard,
                "score": round(score, 4),
                **cites.get(iri, {"passage": iri}),
            }
        )
    return out


def passage_citations(store: GraphStore, iris: list[str]) -> dict[str, dict[str, Any]]:
    """IRI → {passage, document, document_title, text, page, section} for citation."""
    if not iris:
        return {}
    rows = store.select(
        load_query("mapping", "passage_citations", passage=[URIRef(i) for i in iris])
    )
    return {
        str(r["passage"]): {
            "passage": str(r["passage"]),
            "document": str(r["docId"]),
            "document_title": str(r.get("title", "")),
            "text": str(r["text"]),
            "page": int(str(r["page"])) if "page" in r else None,
            "row": int(str(r["rowStart"])) if "rowStart" in r else None,
            "row_end": int(str(r["rowEnd"])) if "rowEnd" in r else None,
            "section": str(r.get("section", "")),
        }
        for r in rows
    }
