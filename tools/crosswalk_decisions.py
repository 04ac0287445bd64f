"""The curation vocabulary shared by the crosswalk decision tables.

A :class:`Decision` types one candidate pair (NIST IR 8477 relationship, rationale, strength,
curation status, reason) or drops it. The small constructors keep the tables readable:
``ix`` (intersects with), ``eq`` (equal), ``nr`` (examined, not related), ``cand`` (weak
co-citation kept as an unconfirmed candidate), ``drop`` (not a requirement of the target
standard; no edge at all) and ``same`` (a second source citing a pair another source already
gave; it only adds its ``dct:source``).
"""

from __future__ import annotations

from dataclasses import dataclass

PRACTITIONER = (
    "https://github.com/Ankit-Uniyal/iso-42001-ai-governance-toolkit/blob/"
    "803b62da4c66f6b6ab601c87cb298597a497eebd/11-CONTROLS-MAPPING.md"
)
FINOS = (
    "https://github.com/finos/ai-governance-framework/tree/78e0aedddfd1775419ce4e859e9367b3f488c4ae"
)
TEAM = "https://w3id.org/aimsgraph/curation/aimsgraph-team"

RELATIONSHIPS = ("equal", "subsetOf", "supersetOf", "intersectsWith", "notRelated")
RATIONALES = ("syntactic", "semantic", "functional")


@dataclass(frozen=True)
class Decision:
    """What the curators decided about one ordered pair (source 42001 -> target)."""

    relationship: str  # one of RELATIONSHIPS, or "drop" / "same"
    rationale: str
    strength: int
    comment: str
    status: str = "curated"  # "curated" or "candidate"

    def __post_init__(self) -> None:
        if self.relationship not in (*RELATIONSHIPS, "drop", "same"):
            raise ValueError(f"unknown relationship {self.relationship!r}")
        if self.relationship in RELATIONSHIPS and self.rationale not in RATIONALES:
            raise ValueError(f"unknown rationale {self.rationale!r}")
        if not 0 <= self.strength <= 10:
            raise ValueError(f"strength {self.strength} outside 0-10")


def ix(strength: int, rationale: str, comment: str) -> Decision:
    """Intersects with: the two share some obligations, each asks something the other does not."""
    return Decision("intersectsWith", rationale, strength, comment)


def eq(strength: int, rationale: str, comment: str) -> Decision:
    """Equal: one artefact typically evidences both."""
    return Decision("equal", rationale, strength, comment)


def nr(comment: str) -> Decision:
    """Examined and found not related; kept so the decision is not made again."""
    return Decision("notRelated", "semantic", 0, comment)


def cand(comment: str, strength: int = 2) -> Decision:
    """A weak co-citation the curators could not confirm: kept with candidate status."""
    return Decision("intersectsWith", "functional", strength, comment, status="candidate")


def drop(comment: str) -> Decision:
    """The reference is not a requirement of the target standard: no edge is written."""
    return Decision("drop", "", 0, comment)


def same(comment: str = "Corroborates the practitioner edge for the same pair.") -> Decision:
    """A second source for a pair already decided: adds its dct:source to that edge."""
    return Decision("same", "", 0, comment)
