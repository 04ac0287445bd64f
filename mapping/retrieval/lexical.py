"""Lexical retrieval: BM25 (bm25s) over requirement descriptors, queried with passage text.

The descriptors are the BM25 corpus, so term weights (IDF) come from the stable reference
data, not from whatever documents happen to be ingested. A passage is the query; its score
for a requirement is BM25 of the passage's words against that requirement's descriptor.
Words pass through a small suffix-stripping stemmer so "risks", "assessing" and
"assessment" meet their stems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import bm25s
import numpy as np

from mapping.retrieval.embedder import Vectors

_WORD = re.compile(r"[a-z][a-z0-9]+")
_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just may me might more most must my myself no nor
    not now of off on once only or other our ours ourselves out over own same shall she
    should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very via was we were what when where which
    while who whom why will with within without would you your yours yourself yourselves
    etc eg ie use used using
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_SUFFIXES = (
    ("izational", "ize"),
    ("isational", "ize"),
    ("ational", "ate"),
    ("ization", "ize"),
    ("isation", "ize"),
    ("ise", "ize"),
    ("fulness", "ful"),
    ("iveness", "ive"),
    ("ements", "e"),
    ("ement", "e"),
    ("ments", ""),
    ("ment", ""),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ities", "ity"),
    ("ies", "y"),
    ("ing", ""),
    ("ed", ""),
    ("es", "e"),
    ("s", ""),
)


def stem(word: str) -> str:
    """A light English stem: enough to join plural, -ing, -ed and -ation forms.

    >>> [stem(w) for w in ("risks", "assessment", "assessing", "policies", "validation")]
    ['risk', 'assess', 'assess', 'policy', 'validate']
    """
    if len(word) <= 4 or word.endswith("ss"):
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed words of ``text``."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


class LexicalIndex:
    """BM25 over a fixed list of documents (requirement descriptors)."""

    def __init__(self, documents: Sequence[str]) -> None:
        self.size = len(documents)
        self._retriever = bm25s.BM25()
        self._retriever.index([tokens(d) or ["_empty_"] for d in documents], show_progress=False)
        self._vocabulary = set(self._retriever.vocab_dict)

    def scores(self, queries: Sequence[str]) -> Vectors:
        """BM25 score of every query against every document: shape (queries, documents)."""
        out = np.zeros((len(queries), self.size), dtype=np.float32)
        for row, query in enumerate(queries):
            words = [w for w in tokens(query) if w in self._vocabulary]
            if words:
                out[row] = self._retriever.get_scores(words)
        return out
