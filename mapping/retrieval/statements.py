"""Evidence statements: several own-words sentences per requirement, scored one by one.

A descriptor is one text, so its vector averages everything a requirement can be evidenced
by. Evidence statements (``mapping/retrieval/statement_data/<standard>.yaml``, written for this
project) say it the way an organisation's documents do — a policy line ("The organisation
shall…", "We will…"), a procedure step, a line of a record (minutes, audit report, risk
register, incident log, training record, supplier assessment, model card, change log). Each
statement is embedded on its own; a passage's *statement score* for a requirement pools its
cosines to that requirement's statements with a soft maximum (:func:`pool_statements`), so
a passage that reads like any one kind of evidence scores as high as that kind.

The data is shipped with the mapping package rather than in the reference graph: it is an
input of the matcher (like ``background_passages.json``), revised with the matcher and
measured by its benchmark, and a new version needs no ``init`` of existing data
directories. Statements are keyed by notation; those of a notation the graph lacks are
ignored, and a requirement without statements has none (its statement score falls back to
its descriptor cosine, see :meth:`StatementMatrix.scores`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

import numpy as np
import yaml

from mapping.errors import StatementDataError
from mapping.retrieval.embedder import Embedder, Vectors

#: Temperature of the soft maximum over a requirement's statements, in cosine units. At
#: 0.05 a statement 0.1 below the best adds about e^-2 of its weight: close to the best one,
#: but a passage near two statements gains a little over a passage near one.
STATEMENT_TEMPERATURE = 0.05


@cache
def load_statements(standard: str) -> Mapping[str, tuple[str, ...]]:
    """Statements by notation for ``standard``; empty when the standard has no file."""
    path = resources.files("mapping.retrieval") / "statement_data" / f"{standard}.yaml"
    if not path.is_file():
        return {}
    return parse_statements(path.read_text(encoding="utf-8"), standard, path.name)


def parse_statements(text: str, standard: str, source: str) -> dict[str, tuple[str, ...]]:
    r"""Statements by notation from the YAML ``text`` of ``standard`` (``source`` names it).

    >>> parse_statements("standard: x\nstatements:\n  A.1: [' We  log it. ']", "x", "x.yaml")
    {'A.1': ('We log it.',)}
    """
    hint = "fix mapping/retrieval/statement_data (see the header of its files)"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise StatementDataError(f"{source}: not valid YAML ({error})", hint=hint) from error
    if not isinstance(data, dict) or data.get("standard") != standard:
        raise StatementDataError(
            f"{source}: expected a mapping with 'standard: {standard}'", hint=hint
        )
    raw = data.get("statements") or {}
    if not isinstance(raw, dict):
        raise StatementDataError(f"{source}: 'statements' must map notations to lists", hint=hint)
    statements: dict[str, tuple[str, ...]] = {}
    for notation, items in raw.items():
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise StatementDataError(
                f"{source}: statements of {notation!r} must be a list of non-empty strings"
                " (quote a statement that contains ': ')",
                hint=hint,
            )
        statements[str(notation)] = tuple(" ".join(i.split()) for i in items)
    return statements


def pool_statements(cosines: Vectors, temperature: float = STATEMENT_TEMPERATURE) -> Vectors:
    """Soft maximum over the last axis: ``t · log(mean(exp(c / t)))``; the max at t = 0.

    Between the mean (large t) and the maximum (t → 0); a mean, not a sum, inside the log
    so that a requirement with more statements is not favoured for having more.

    >>> c = np.array([[0.5, 0.3], [0.4, 0.4]], dtype=np.float32)
    >>> [round(float(v), 3) for v in pool_statements(c, 0.0)]
    [0.5, 0.4]
    >>> [round(float(v), 3) for v in pool_statements(c, 0.05)]
    [0.466, 0.4]
    """
    top: Vectors = cosines.max(axis=-1, keepdims=True)
    if temperature > 0:
        spread = np.mean(np.exp((cosines - top) / temperature), axis=-1, keepdims=True)
        top = top + temperature * np.log(spread)
    pooled: Vectors = top[..., 0].astype(np.float32)
    return pooled


class StatementMatrix:
    """The embedded statements of a list of requirements (one row of vectors each)."""

    def __init__(
        self,
        statements: Sequence[Sequence[str]],
        embedder: Embedder,
        temperature: float = STATEMENT_TEMPERATURE,
    ) -> None:
        self.temperature = temperature
        self.owners = np.array([col for col, s in enumerate(statements) for _ in s], dtype=np.int64)
        texts = [text for s in statements for text in s]
        self.vectors = (
            embedder.encode_reference(texts)
            if texts
            else np.zeros((0, embedder.dimension), np.float32)
        )
        self.columns = len(statements)
        self._spans = [np.flatnonzero(self.owners == col) for col in range(self.columns)]

    @property
    def has_statements(self) -> np.ndarray:
        """A boolean per requirement: whether it has any statement."""
        return np.array([len(span) > 0 for span in self._spans], dtype=bool)

    def scores(self, vectors: Vectors, fallback: Vectors) -> Vectors:
        """Passages × requirements pooled statement cosines.

        ``fallback`` (same shape) gives the column of a requirement without statements,
        normally its descriptor cosine, so every column is a cosine-like score.
        """
        out = np.array(fallback, dtype=np.float32, copy=True)
        if not len(self.vectors) or not len(vectors):
            return out
        cosines = vectors @ self.vectors.T
        for col, span in enumerate(self._spans):
            if len(span):
                out[:, col] = pool_statements(cosines[:, span], self.temperature)
        return out
