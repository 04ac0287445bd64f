"""The review page's Document filter, bounded by what it shows rather than by the library.

The filter lists at most :data:`DOCUMENT_CHOICES` documents: those with the most items
waiting in the current filter (requirement group and confidence cut), then the most waiting
before the cut, then by title; the document the queue is filtered to is always listed. Any
other document with waiting items is found by words of its title (``doc_q``): a search
among those documents in memory, over the evidence index's rows, never a query built from
the words. Both the page and ``GET /api/review-view`` carry the list and the counts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from ontology.errors import InputError

if TYPE_CHECKING:
    from mapping.evidence.index_snapshot import Snapshot

#: Most documents the Document filter lists (the selected one may come on top).
DOCUMENT_CHOICES = 50
#: Longest document search accepted, in characters.
MAX_DOCUMENT_QUERY = 100


class DocumentChoices(BaseModel):
    """The documents the review page's Document filter offers, and what it leaves out."""

    documents: dict[str, str] = Field(
        default_factory=dict,
        description="The documents listed: id → title, most waiting first (at most "
        "`documents_limit`, plus the selected document); with `documents_query`, those whose "
        "titles match it.",
    )
    document_waiting: dict[str, int] = Field(
        default_factory=dict,
        description="Of the documents listed: how many items wait in the current filter "
        "(requirement group and confidence cut).",
    )
    documents_total: int = Field(
        default=0, description="Documents with waiting items in this standard's queue."
    )
    documents_limit: int = Field(
        default=DOCUMENT_CHOICES, description="Most documents listed (the selected one aside)."
    )
    documents_query: str | None = Field(
        default=None, description="The words searched for in titles (`doc_q`), if any."
    )
    documents_matched: int | None = Field(
        default=None, description="With a search: how many documents match it (all of them)."
    )


@dataclass(frozen=True)
class Ranked:
    """The documents with waiting items, most waiting first: ids, titles and counts."""

    order: tuple[str, ...]
    titles: Mapping[str, str]
    waiting: Mapping[str, int]


def rank_counted(
    titles: Mapping[str, str],
    before: Mapping[str, int],
    after: Mapping[str, int],
    by_title: Sequence[str] | None = None,
) -> Ranked:
    """``titles``: every document with waiting items (id → title), ranked by how many wait
    in the current group after the confidence cut (``after``), then before it (``before``),
    then by title (case-folded) and id; a document missing from either count has none
    there. ``by_title``: the ids already in that last order (the sort then keeps it)."""
    if by_title is None:
        by_title = sorted(titles, key=lambda d: (titles[d].casefold(), d))
    order = sorted(by_title, key=lambda d: (-after.get(d, 0), -before.get(d, 0)))
    return Ranked(tuple(order), titles, after)


def document_query(raw: str | None) -> str | None:
    """The document search as typed, tidied (none when blank); too long, or holding a control
    or other invisible character, is refused with what to do."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    if len(text) > MAX_DOCUMENT_QUERY:
        raise InputError(
            f"the document search is {len(text)} characters long, more than {MAX_DOCUMENT_QUERY}",
            hint="type a few words of the document's title",
        )
    odd = next((c for c in text if unicodedata.category(c).startswith("C")), None)
    if odd is not None:
        raise InputError(
            f"the document search holds an invisible character (U+{ord(odd):04X})",
            hint="type the words of the title only",
        )
    return text


def document_choices(
    ranked: Ranked, selected: str | None, raw_query: str | None, snapshot: Snapshot
) -> DocumentChoices:
    """The filter's list: the head of ``ranked``, or the documents whose title (or id) holds
    every word of the search; ``selected`` is always listed when it has links, titled from
    the evidence index (``snapshot``) when none of them waits."""
    query = document_query(raw_query)
    if query is None:
        listed, matched = list(ranked.order[:DOCUMENT_CHOICES]), None
    else:
        words = query.casefold().split()
        found = [
            d for d in ranked.order if all(w in f"{ranked.titles[d].casefold()} {d}" for w in words)
        ]
        listed, matched = found[:DOCUMENT_CHOICES], len(found)
    titles = {d: ranked.titles[d] for d in listed}
    if selected and selected not in titles:  # the filter applied is shown, if it has links
        title = ranked.titles.get(selected) or _indexed_title(snapshot, selected)
        titles = {selected: title, **titles} if title else titles
    return DocumentChoices(
        documents=titles,
        document_waiting={d: ranked.waiting.get(d, 0) for d in titles},
        documents_total=len(ranked.order),
        documents_limit=DOCUMENT_CHOICES,
        documents_query=query,
        documents_matched=matched,
    )


def _indexed_title(snapshot: Snapshot, document: str) -> str | None:
    """A document's title as its links in the evidence index carry it (its id when they
    carry none); none for a document the index has no link of."""
    rows = snapshot.select(document=document)
    return next((r.title for r in rows if r.title), rows[0].document if rows else None)
