"""Rows kept in a fixed order with their sort keys, carried from one revision of the store to
the next by moving only the rows a decision changed (:func:`bisect.bisect_right` on the kept
keys) instead of sorting every row again: what the review queue
(:mod:`api.operations.queue_state`) and the suggestions listing
(:mod:`mapping.evidence.listing`) keep across decisions.

A :class:`Sorted` is never changed once made (:meth:`Sorted.changed` copies), so readers in
other threads share it safely. Keys must not tie (end them with something unique, such as
the link's IRI): then moving rows gives exactly the order a full sort would.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Generic, Self, TypeVar

#: A row's place (compared as a tuple).
Key = tuple[Any, ...]
R = TypeVar("R")


@dataclass(frozen=True)
class Sorted(Generic[R]):
    """Rows in key order, with their keys (never changed once made)."""

    keys: list[Key]
    rows: list[R]

    @classmethod
    def of(cls, pairs: Iterable[tuple[Key, R]]) -> Self:
        ordered = sorted(pairs, key=itemgetter(0))
        return cls([k for k, _ in ordered], [row for _, row in ordered])

    def changed(self, gone: Iterable[Key], added: Iterable[tuple[Key, R]]) -> Self:
        """A copy without the rows keyed ``gone``, with ``added`` in their places."""
        keys, rows = list(self.keys), list(self.rows)
        for key in gone:
            at = bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                del keys[at], rows[at]
        for key, row in added:
            at = bisect_right(keys, key)
            keys.insert(at, key)
            rows.insert(at, row)
        return type(self)(keys, rows)
