"""What changed in the text a carried-over link cites: the old version's cited text beside
the new version's, with the words deleted and inserted marked.

A reviewer re-deciding a ``needsReview`` link (or checking a ``carriedOver`` one) reads both
sides; the comparison is word by word (:mod:`difflib`), so a re-wrapped line is no change.

>>> [(s.op, s.text) for s in compare("Report within 30 days.", "Report within 10 days.")[1]]
[('equal', 'Report within'), ('insert', '10'), ('equal', 'days.')]
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from ontology.query_files import load_query
from ontology.store import GraphStore


@dataclass(frozen=True)
class Segment:
    """A run of words: ``equal`` on both sides, ``delete`` (old only) or ``insert`` (new only)."""

    op: str
    text: str


@dataclass
class CitedChanges:
    """The old and the new cited text of one carried-over link, marked up."""

    source_link: str
    before: list[Segment] = field(default_factory=list)
    after: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in [*self.before, *self.after])

    def to_json(self) -> dict[str, Any]:
        return {
            "source_link": self.source_link,
            "changed": self.changed,
            "before": [s.__dict__ for s in self.before],
            "after": [s.__dict__ for s in self.after],
        }


def compare(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The two texts as segments, word by word: (old side, new side)."""
    a, b = old.split(), new.split()
    before: list[Segment] = []
    after: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            before.append(Segment("equal", " ".join(a[i1:i2])))
            after.append(Segment("equal", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            before.append(Segment("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            after.append(Segment("insert", " ".join(b[j1:j2])))
    return before, after


def _joined(pieces: list[tuple[int, str]]) -> str:
    """Passages' texts in order, each overlap with the one before (by offsets) left out once."""
    out: list[str] = []
    until = -1
    for start, text in sorted(pieces):
        end = start + len(text) if start >= 0 else -1
        if 0 <= start < until:
            text = text[until - start :]
        out.append(text)
        until = max(until, end)
    return "\n".join(out)


def cited_changes(store: GraphStore, links: list[str]) -> dict[str, CitedChanges]:
    """Link IRI → its cited text before and after (only links carried over to a revision)."""
    if not links:
        return {}
    query = load_query("mapping", "link_revision_texts", link=[URIRef(link) for link in links])
    pieces: dict[str, dict[str, dict[str, tuple[int, str]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    sources: dict[str, str] = {}
    for row in store.select(query):
        link = str(row["link"])
        sources[link] = str(row["source"])
        start = int(str(row["start"])) if "start" in row else -1
        pieces[link][str(row["side"])][str(row["passage"])] = (start, str(row["text"]))
    out: dict[str, CitedChanges] = {}
    for link, sides in pieces.items():
        old, new = (_joined(list(sides[side].values())) for side in ("before", "after"))
        before, after = compare(old, new)
        out[link] = CitedChanges(sources[link].rsplit("/", 1)[-1], before, after)
    return out
