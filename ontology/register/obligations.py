"""Obligations per AI system, and how far each is evidenced for that system.

The EU AI Act articles that apply to a system follow from the organisation's operator role
and the system's risk class, by the rules in ``ontology/register/obligation_rules.csv`` (sourced,
versioned data: each rule names its source and, where it differs from the article's own
``aims:appliesFrom``, its date; see the file's header on dates that have moved). Alongside
them every system in scope needs the ISO/IEC 42001 impact-assessment controls
(:data:`IMPACT_CONTROLS`, A.5.2-A.5.5) evidenced for it.

A requirement is *evidenced* for a system when a current artefact that covers the system
(``aims:coversSystem``) has confirmed, carried-over or derived evidence for it; *stale* when
all such artefacts are past their review date or carry none (as the gap report counts
them); *missing* otherwise.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ontology.query_files import load_query
from ontology.register.systems import RISK_CLASSES, AISystem, list_systems
from ontology.store import GraphStore

IMPACT_CONTROLS = ("A.5.2", "A.5.3", "A.5.4", "A.5.5")
RULES_FILE = "obligation_rules.csv"


@dataclass(frozen=True)
class Rule:
    """One row of the rules file."""

    article: str
    roles: tuple[str, ...]
    risk_classes: tuple[str, ...]
    duty: str
    applies_from: str | None
    conditional: bool
    source: str

    def matches(self, system: AISystem) -> bool:
        risk_ok = "*" in self.risk_classes or system.risk_class in self.risk_classes
        return risk_ok and any(role in self.roles for role in system.roles)


@cache
def rules_version() -> str:
    """The ``rules_version:`` named in the rules file's header."""
    for line in _rules_text().splitlines():
        if line.startswith("# rules_version:"):
            return line.split(":", 1)[1].strip().split(" ")[0]
    return "unknown"


def _rules_text() -> str:
    return (resources.files("ontology.register") / RULES_FILE).read_text(encoding="utf-8")


@cache
def load_rules() -> tuple[Rule, ...]:
    """The obligation rules (checked: every risk class named is a known one)."""
    lines = [line for line in _rules_text().splitlines() if not line.startswith("#")]
    rules = []
    for row in csv.DictReader(lines):
        risks = tuple(row["risk_classes"].split("|"))
        unknown = [r for r in risks if r != "*" and r not in RISK_CLASSES]
        if unknown:  # a broken data file is a bug in the package, not user input
            raise ValueError(f"{RULES_FILE}: unknown risk class {unknown} for {row['article']}")
        rules.append(
            Rule(
                article=row["article"],
                roles=tuple(row["roles"].split("|")),
                risk_classes=risks,
                duty=row["duty"],
                applies_from=row["applies_from"] or None,
                conditional=row["conditional"] == "yes",
                source=row["source"],
            )
        )
    return tuple(rules)


class CitedDocument(BaseModel):
    """A document covering the system with evidence for a requirement."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None = None
    review_date: str | None = None


class RequirementStatus(BaseModel):
    """One obligation (EU AI Act) or impact-assessment control (A.5.2-A.5.5) of a system,
    with its evidence."""

    model_config = ConfigDict(extra="forbid")

    standard: str
    notation: str
    label: str
    status: str = Field(description="evidenced, stale (past its review date) or missing.")
    duty: str | None = None
    applies_from: str | None = None
    applies_now: bool = True
    conditional: bool = Field(default=False, description="Applies only where required.")
    source: str | None = None
    documents: list[CitedDocument] = Field(default_factory=list)


class Counts(BaseModel):
    """How many of a system's requirements are evidenced, stale and missing."""

    model_config = ConfigDict(extra="forbid")

    evidenced: int
    stale: int
    missing: int


class SystemReport(BaseModel):
    """A system's obligations and impact-assessment controls, each evidenced, stale or
    missing (``systems show``, ``GET /api/systems/{id}``, the system's page)."""

    model_config = ConfigDict(extra="forbid")

    system: AISystem
    complete: bool = Field(description="Every obligation and control evidenced.")
    counts: Counts
    rules_version: str
    obligations: list[RequirementStatus]
    controls: list[RequirementStatus]

    @classmethod
    def of(
        cls,
        system: AISystem,
        obligations: list[RequirementStatus],
        controls: list[RequirementStatus],
        rules_version: str,
    ) -> SystemReport:
        """The report, with ``complete`` and ``counts`` worked out from the requirements."""
        items = [*obligations, *controls]
        tally = {"evidenced": 0, "stale": 0, "missing": 0}
        for item in items:
            tally[item.status] += 1
        return cls(
            system=system,
            complete=all(r.status == "evidenced" for r in items),
            counts=Counts(**tally),
            rules_version=rules_version,
            obligations=obligations,
            controls=controls,
        )

    def summary(self) -> dict[str, Any]:
        """One line per system: for the dashboard and the gap report's ``systems``."""
        system = self.system
        return {
            "id": system.id,
            "name": system.name,
            "risk_class": system.risk_class,
            "roles": system.roles,
            "in_scope": system.in_scope,
            "complete": self.complete,
            **self.counts.model_dump(),
            "gaps": [
                {
                    "standard": r.standard,
                    "notation": r.notation,
                    "label": r.label,
                    "status": r.status,
                }
                for r in [*self.obligations, *self.controls]
                if r.status != "evidenced"
            ],
        }


Labels = dict[tuple[str, str], tuple[str, str | None]]


def _labels(store: GraphStore) -> tuple[Labels, dict[str, tuple[str, str]]]:
    """(standard, notation) → (title, applies-from), and requirement IRI → (standard, notation)."""
    labels: Labels = {}
    keys: dict[str, tuple[str, str]] = {}
    for r in store.select(load_query("ontology.register", "system_requirement_labels")):
        key = (str(r["standard"]), str(r["notation"]))
        applies = r.get("appliesFrom")
        labels[key] = (str(r["label"]), str(applies) if applies is not None else None)
        keys[str(r["requirement"])] = key
    return labels, keys


def _evidence(
    store: GraphStore, keys: dict[str, tuple[str, str]]
) -> dict[str, dict[tuple[str, str], list[dict[str, Any]]]]:
    """system IRI → (standard, notation) → covering documents with evidence for it."""
    found: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in store.select(load_query("ontology.register", "system_evidence")):
        key = keys.get(str(row.get("requirement")))
        if key is None:
            continue
        review = row.get("reviewDate")
        doc = {
            "id": str(row["docId"]),
            "title": str(row["title"]) if row.get("title") is not None else None,
            "review_date": str(review) if review is not None else None,
        }
        if doc not in found[str(row["system"])][key]:
            found[str(row["system"])][key].append(doc)
    return found


def _cited(documents: list[dict[str, Any]]) -> list[CitedDocument]:
    return [CitedDocument.model_validate(d) for d in documents]


def _status(documents: list[dict[str, Any]], today: date) -> str:
    if not documents:
        return "missing"
    # As the gap report: a document without a review date, or past it, is not current.
    current = [
        d for d in documents if d["review_date"] and d["review_date"][:10] >= today.isoformat()
    ]
    return "evidenced" if current else "stale"


def system_reports(
    store: GraphStore, *, today: date | None = None, system_ids: list[str] | None = None
) -> list[SystemReport]:
    """One report per system of the register (or per id given), in three queries in all."""
    today = today or date.today()
    labels, keys = _labels(store)
    evidence = _evidence(store, keys)
    reports = []
    for system in list_systems(store):
        if system_ids is not None and system.id not in system_ids:
            continue
        found = evidence.get(system.iri, {})
        obligations = [
            _obligation(rule, labels, found.get(("euaiact", rule.article), []), today)
            for rule in load_rules()
            if rule.matches(system)
        ]
        controls = [
            RequirementStatus(
                standard="iso42001",
                notation=notation,
                label=labels.get(("iso42001", notation), (notation, None))[0],
                status=_status(found.get(("iso42001", notation), []), today),
                documents=_cited(found.get(("iso42001", notation), [])),
            )
            for notation in (IMPACT_CONTROLS if system.in_scope else ())
        ]
        reports.append(SystemReport.of(system, obligations, controls, rules_version()))
    return reports


def _obligation(
    rule: Rule,
    labels: Labels,
    documents: list[dict[str, Any]],
    today: date,
) -> RequirementStatus:
    label, article_date = labels.get(("euaiact", rule.article), (rule.article, None))
    applies_from = rule.applies_from or article_date
    return RequirementStatus(
        standard="euaiact",
        notation=rule.article,
        label=label,
        status=_status(documents, today),
        duty=rule.duty,
        applies_from=applies_from,
        applies_now=applies_from is None or applies_from[:10] <= today.isoformat(),
        conditional=rule.conditional,
        source=rule.source,
        documents=_cited(documents),
    )
