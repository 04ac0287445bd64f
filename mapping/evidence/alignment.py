"""Find cited text in a new version of a document, however the new version was cut.

Passages are cut by size, so adding a section or a sentence can move every passage
boundary after it: comparing passages (their hashes) says "changed" where nothing cited
changed. Here the new version's passages are laid out as the document's text again (by
their character offsets, or end to end) and compared as words: NFKC, case folded, with
markup, whitespace and punctuation dropped, except that a sentence's end counts. A cited
passage is *still there* when its words occur in that order in the new text. The new
passages covering where it was found are what the carried-over link cites. Passages are spans of the document's text, so however
a new version is re-cut, unchanged cited text is found whole.

Text that is not found whole has changed: a word edited, a sentence inserted into it or
moved. Its sentences that are still there then show where it now stands (the passages a
``needsReview`` link cites), or else the most alike passage does.

>>> new = DocumentText([NewPassage("p0", "Scope. All AI systems.", 0, 22),
...                     NewPassage("p1", "Roles. The owner approves releases.", 23, 58)])
>>> found = new.align("all AI   systems.\\nRoles.")
>>> found.found, found.passages
(True, ['p0', 'p1'])
>>> new.align("The owner rejects releases.").found, new.align("Roles. The owner").found
(False, True)
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

#: a word, or a sentence end (kept, so "within 30 days." is not found in "within 30 days
#: or less.")
_WORD = re.compile(r"\w+|[.!?](?=\s|$)")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


def words(text: str) -> list[str]:
    """The words of ``text`` as compared (NFKC, case folded), each sentence end a "word"."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends and line breaks (lists, headings); empty ones dropped."""
    return [s for s in _SENTENCE_END.split(text) if words(s)]


@dataclass(frozen=True)
class NewPassage:
    """A passage of the new version: its IRI, text and span in the document's text."""

    iri: str
    text: str
    start: int
    end: int


@dataclass
class Alignment:
    """Where one cited text is in the new version."""

    #: every word of it is there, in order, with nothing inserted
    found: bool
    #: the new passages covering where it (or what is left of it) was found, in order
    passages: list[str] = field(default_factory=list)
    sentences: int = 0
    matched: int = 0


class DocumentText:
    """The new version's text as words, each with its character span."""

    def __init__(self, passages: list[NewPassage]) -> None:
        self.passages = sorted(passages, key=lambda p: (p.start, p.end))
        self._spans: list[tuple[int, int]] = []
        found: list[str] = []
        seen_until = -1
        for passage in self.passages:
            for match in _WORD.finditer(passage.text):
                start = passage.start + match.start()
                if start >= seen_until:  # overlapping passages repeat words: count them once
                    self._spans.append((start, passage.start + match.end()))
                    found.append("".join(words(match.group())))
            seen_until = max(seen_until, passage.end)
        self._joined = " " + " ".join(found) + " "
        self._offsets: list[int] = []
        at = 1
        for word in found:
            self._offsets.append(at)
            at += len(word) + 1

    def locate(self, text: str) -> tuple[int, int] | None:
        """The character span of ``text``'s words in the new version, or None."""
        wanted = words(text)
        if not wanted:
            return None
        at = self._joined.find(" " + " ".join(wanted) + " ")
        if at < 0:
            return None
        first = bisect.bisect_left(self._offsets, at + 1)
        last = first + len(wanted) - 1
        return self._spans[first][0], self._spans[last][1]

    def covering(self, start: int, end: int) -> list[str]:
        """The smallest passage holding the span whole, else every passage overlapping it."""
        holding = [p for p in self.passages if p.start <= start and end <= p.end]
        if holding:
            return [min(holding, key=lambda p: p.end - p.start).iri]
        return [p.iri for p in self.passages if p.start < end and start < p.end]

    def align(self, cited: str) -> Alignment:
        """Where ``cited`` is in the new version (see the module docstring)."""
        whole = self.locate(cited)
        if whole is not None or not words(cited):
            return Alignment(True, self.covering(*whole) if whole else [], 1, 1)
        parts = sentences(cited)
        spans = [span for span in (self.locate(s) for s in parts) if span is not None]
        passages: list[str] = []
        for span in spans:
            passages += [p for p in self.covering(*span) if p not in passages]
        if not spans:
            passages = self.nearest(cited)
        order = {p.iri: n for n, p in enumerate(self.passages)}
        passages.sort(key=lambda iri: order[iri])
        return Alignment(False, passages, len(parts), len(spans))

    def nearest(self, cited: str) -> list[str]:
        """The passage whose words are most like ``cited``'s (none below a third alike)."""
        wanted = words(cited)
        best, score = None, 1 / 3
        for passage in self.passages:
            matcher = difflib.SequenceMatcher(None, wanted, words(passage.text), autojunk=False)
            if matcher.quick_ratio() >= score and matcher.ratio() >= score:
                best, score = passage.iri, matcher.ratio()
        return [best] if best else []


def lay_out(rows: list[tuple[str, str, int | None, int | None]]) -> list[NewPassage]:
    """Passages (IRI, text, start, end) in order; without offsets, laid end to end."""
    if all(start is not None and end is not None for _, _, start, end in rows):
        return [NewPassage(iri, text, int(s or 0), int(e or 0)) for iri, text, s, e in rows]
    out, at = [], 0
    for iri, text, _, _ in rows:
        out.append(NewPassage(iri, text, at, at + len(text)))
        at += len(text) + 2
    return out
