"""Crosswalk assistance: rank candidate counterparts of a requirement in another standard.

The same descriptors and channels as evidence suggestion, applied descriptor to descriptor:
the source requirement's descriptor is compared with every descriptor of the target
standard, densely (cosine) and lexically (BM25). Candidates already linked by a crosswalk
edge are marked, with the edge's relationship, so curators see what is new.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rdflib import URIRef

from mapping.errors import UnknownRequirementError
from mapping.retrieval.descriptors import (
    Descriptor,
    check_standard,
    find_descriptor,
    load_descriptors,
)
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.lexical import LexicalIndex
from mapping.retrieval.ranking import top_rows
from ontology.namespaces import STANDARDS
from ontology.query_files import load_query
from ontology.store import GraphStore

#: Weight of the descriptor cosine in the score; BM25 relative to the best candidate gets
#: the rest.
DENSE_WEIGHT = 0.6


def _source(
    store: GraphStore, notation: str, to_standard: str, from_standard: str | None
) -> Descriptor:
    """The source requirement: in ``from_standard``, or the first other standard holding it."""
    candidates = [from_standard] if from_standard else [s for s in STANDARDS if s != to_standard]
    error: UnknownRequirementError | None = None
    for standard in candidates:
        try:
            return find_descriptor(load_descriptors(store, check_standard(standard)), notation)
        except UnknownRequirementError as missing:
            error = error or missing
    assert error is not None
    raise error


def _crosswalked(store: GraphStore, requirement: str) -> dict[str, str]:
    """Other end IRI → relationship name, for edges touching ``requirement``."""
    rows = store.select(load_query("mapping", "crosswalk_edges", req=URIRef(requirement)))
    return {str(r["other"]): str(r.get("relationship", "")).rsplit("#", 1)[-1] for r in rows}


def suggest_counterparts(
    store: GraphStore,
    embedder: Embedder,
    notation: str,
    to_standard: str,
    top_k: int = 5,
    *,
    from_standard: str | None = None,
) -> list[dict[str, Any]]:
    """Up to ``top_k`` requirements of ``to_standard`` closest in meaning to ``notation``.

    Each: ``{"notation", "standard", "label", "score", "crosswalked", "relationship"}``,
    best first; ``score`` is 0–1 (0.6 × descriptor cosine + 0.4 × BM25 relative to the best
    candidate); ``crosswalked`` says whether an edge already links the two.
    """
    check_standard(to_standard)
    source = _source(store, notation, to_standard, from_standard)
    targets = [d for d in load_descriptors(store, to_standard) if d.iri != source.iri]
    if not targets:
        return []
    # packaged reference texts all: one list, its matrix kept in the per-user reference cache
    vectors = embedder.encode_reference([source.text] + [d.text for d in targets])
    cosine = vectors[1:] @ vectors[0]
    lexical = LexicalIndex([d.text for d in targets]).scores([source.text])[0]
    peak = float(lexical.max()) or 1.0
    score = DENSE_WEIGHT * np.clip(cosine, 0, 1) + (1 - DENSE_WEIGHT) * lexical / peak
    edges = _crosswalked(store, source.iri)
    return [_entry(source, targets[r], float(score[r]), edges) for r in top_rows(score, top_k)]


def _entry(
    source: Descriptor, target: Descriptor, score: float, edges: dict[str, str]
) -> dict[str, Any]:
    """One candidate counterpart as the CLI and API print it."""
    return {
        "notation": target.notation,
        "standard": target.standard,
        "label": target.label,
        "score": round(score, 4),
        "crosswalked": target.iri in edges,
        "relationship": edges.get(target.iri),
        "source": source.notation,
        "source_standard": source.standard,
    }
