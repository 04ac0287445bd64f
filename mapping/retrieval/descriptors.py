"""Requirement descriptors: the text a passage is compared with, built from the graph.

A descriptor joins a requirement's title, its own-words definition, its typical evidence
(written in the vocabulary real policies use) and the titles of the requirements it is
crosswalked to. Nothing here is hard-coded: change the reference data and the descriptors
follow. The title alone is kept too, for the "titles only" baseline of the benchmark, and
so is the title with the typical evidence alone (``evidence_text``): a second, shorter view
for dense matching, because one vector of the whole descriptor averages the definition and
the evidence together, so a passage that is plainly one kind of evidence scores lower
against it than against the evidence described on its own. Each descriptor also carries
its evidence statements (:mod:`mapping.retrieval.statements`), several sentences phrased the way
policies, procedures and records say it, for multi-vector matching.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mapping.errors import UnknownRequirementError, UnknownStandardError
from mapping.retrieval.statements import load_statements
from ontology.namespaces import STANDARDS
from ontology.query_files import load_query
from ontology.store import GraphStore, Row


@dataclass(frozen=True)
class Descriptor:
    """One requirement as the matcher sees it."""

    iri: str
    standard: str
    notation: str
    label: str
    kind: str
    order: int
    text: str
    #: True for a requirement that groups narrower ones (a top-level clause, an objective).
    is_group: bool = False
    #: The title and typical evidence alone ("" when the requirement lists no evidence).
    evidence_text: str = ""
    #: Own-words evidence statements (mapping/retrieval/statement_data), each embedded on its own.
    statements: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.label


def check_standard(standard: str) -> str:
    if standard not in STANDARDS:
        raise UnknownStandardError(
            f"unknown standard {standard!r}", hint="use one of " + ", ".join(STANDARDS)
        )
    return standard


def _compose(label: str, definitions: list[str], evidence: list[str], related: list[str]) -> str:
    parts = [label.rstrip(".") + "."]
    parts += [d.strip() for d in definitions]
    if evidence:
        parts.append("Typical evidence: " + " ".join(e.strip() for e in evidence))
    if related:
        parts.append("Related: " + "; ".join(related) + ".")
    return " ".join(parts)


def _evidence_view(label: str, evidence: list[str]) -> str:
    """The title followed by the typical evidence; empty without evidence.

    No "Typical evidence:" heading: words that every view shares only pull the views
    towards each other (measured: it cost 1.4 points of capped recall, see docs/changelog.md).

    >>> _evidence_view("AI policy", ["Signed policy.", "Principles."])
    'AI policy. Signed policy. Principles.'
    >>> _evidence_view("AI policy", [])
    ''
    """
    if not evidence:
        return ""
    return label.rstrip(".") + ". " + " ".join(e.strip() for e in evidence)


def _group(rows: list[Row], key: str, value: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if value in row and str(row[value]) not in grouped[str(row[key])]:
            grouped[str(row[key])].append(str(row[value]))
    return grouped


def load_descriptors(store: GraphStore, standard: str = "iso42001") -> list[Descriptor]:
    """The descriptors of every requirement of ``standard``, in the standard's order."""
    check_standard(standard)
    rows = store.select(load_query("mapping", "requirement_descriptors", standard=standard))
    related_rows = store.select(load_query("mapping", "crosswalked_labels", standard=standard))
    definitions = _group(rows, "req", "definition")
    evidence = _group(rows, "req", "evidence")
    related = _group(related_rows, "req", "otherLabel")
    groups = {
        str(r["req"])
        for r in store.select(load_query("mapping", "group_requirements", standard=standard))
    }
    statements = load_statements(standard)
    seen: dict[str, Descriptor] = {}
    for row in rows:
        iri = str(row["req"])
        if iri in seen:
            continue
        label = str(row["label"])
        seen[iri] = Descriptor(
            iri=iri,
            standard=standard,
            notation=str(row["notation"]),
            label=label,
            kind=str(row.get("kind", "")),
            order=int(str(row["order"])) if "order" in row else 0,
            text=_compose(label, definitions[iri], evidence[iri], sorted(related[iri])),
            is_group=iri in groups,
            evidence_text=_evidence_view(label, evidence[iri]),
            statements=statements.get(str(row["notation"]), ()),
        )
    return sorted(seen.values(), key=lambda d: (d.order, _notation_key(d.notation)))


def _notation_key(notation: str) -> list[tuple[int, str]]:
    """Sort key that puts A.2 before A.10 and 6.1.2 before 6.1.10."""
    return [(int(p), "") if p.isdigit() else (0, p) for p in notation.replace("-", ".").split(".")]


def find_descriptor(descriptors: list[Descriptor], notation: str) -> Descriptor:
    """The descriptor with ``notation``; a helpful error naming near misses otherwise."""
    for descriptor in descriptors:
        if descriptor.notation == notation:
            return descriptor
    near = [d.notation for d in descriptors if d.notation.startswith(notation.split(".")[0])]
    standard = descriptors[0].standard if descriptors else "the standard"
    raise UnknownRequirementError(
        f"no requirement {notation!r} in {standard}",
        hint=("near: " + ", ".join(near[:8])) if near else "list them with `aimsgraph controls`",
    )
