"""Reviewer feedback: decisions in the graph change later rankings.

- A passage cited by a *confirmed* link becomes an exemplar of the link's requirement: the
  dense score of any passage for that requirement blends in its cosine to the closest
  exemplar, so text like confirmed evidence ranks higher everywhere.
- A passage cited by a *rejected* link counts against that requirement: passages that are
  near-copies of it are penalised for that requirement.
- The (artefact, requirement) pair of a rejected link is demoted for that artefact.

Decisions are read from the evidence links' status (the audit graph keeps the history; the
link carries the current state), so feedback needs no storage of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mapping.retrieval.descriptors import check_standard
from ontology.namespaces import AIMS
from ontology.query_files import load_query
from ontology.store import GraphStore

_POSITIVE = {str(AIMS.confirmed), str(AIMS.carriedOver)}


@dataclass
class Feedback:
    """Passage exemplars and counter-examples per requirement IRI, and rejected pairs."""

    exemplars: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    counter_examples: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    rejected_pairs: set[tuple[str, str]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.exemplars or self.counter_examples or self.rejected_pairs)

    def passages(self) -> set[str]:
        """Every passage IRI the feedback refers to."""
        found: set[str] = set()
        for group in (self.exemplars, self.counter_examples):
            for iris in group.values():
                found |= iris
        return found


def load_feedback(store: GraphStore, standard: str = "iso42001") -> Feedback:
    """The decisions recorded in the graph for requirements of ``standard``."""
    check_standard(standard)
    query = load_query("mapping", "decided_links", standard=standard)
    feedback = Feedback()
    for row in store.select(query):
        req = str(row["req"])
        positive = str(row["status"]) in _POSITIVE
        if not positive:
            feedback.rejected_pairs.add((str(row["artefact"]), req))
        if "passage" in row:
            target = feedback.exemplars if positive else feedback.counter_examples
            target[req].add(str(row["passage"]))
    return feedback
