"""The register of AI systems: list, add, edit, delete, import and export the inventory, one
system with its obligations, the documents naming a system, and linking a document to it.

:class:`SystemOperations`; the work is done by :mod:`ontology.register.systems`,
:mod:`ontology.register.inventory`, :mod:`ontology.register.obligations` and
:mod:`ontology.register.links_to_systems`; these methods give every face the same typed result
and take the workspace's write lock for each change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase

if TYPE_CHECKING:
    from ontology.register.obligations import SystemReport as CoreReport

#: The media type of each inventory file format.
INVENTORY_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class System(Result):
    """One AI system of the register (``aimsgraph systems list``, ``GET /api/systems``)."""

    id: str = Field(description="Lower-case letters, digits and '-'; made from the name.")
    name: str
    risk_class: str = Field(description="EU AI Act risk class, e.g. high-risk-annex-iii.")
    roles: list[str] = Field(description="Operator roles: provider, deployer, importer …")
    purpose: str | None = None
    domain: str | None = None
    owner: str | None = None
    lifecycle_stage: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Other names documents use.")
    affected_persons: list[str] = Field(default_factory=list)
    in_scope: bool = Field(default=True, description="Within the AIMS scope (clause 4.3).")
    modified: str | None = None
    high_risk: bool = False
    iri: str


class CitedDocument(Result):
    """A document covering the system with evidence for a requirement."""

    id: str
    title: str | None = None
    review_date: str | None = None


class RequirementState(Result):
    """One obligation (EU AI Act) or impact-assessment control (A.5.2-A.5.5) of a system."""

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


class Counts(Result):
    """How many of a system's requirements are evidenced, stale and missing."""

    evidenced: int
    stale: int
    missing: int


class SystemReport(Result):
    """A system with its obligations and controls (``systems show``, ``GET /api/systems/{id}``)."""

    system: System
    complete: bool = Field(description="Every obligation and control evidenced.")
    counts: Counts
    rules_version: str
    obligations: list[RequirementState]
    controls: list[RequirementState]


class DeletedSystem(Result):
    """A system removed from the register, with the document links to it."""

    id: str
    name: str


class InventoryImport(Result):
    """What an inventory import wrote (all rows, or none)."""

    created: list[str] = Field(description="Ids of the systems added.")
    updated: list[str] = Field(description="Ids of the systems replaced.")
    count: int


class InventoryExport(Result):
    """The register as a file, in the columns import reads."""

    format: str = Field(description="csv or xlsx.")
    file_name: str
    media_type: str
    systems: int = Field(description="How many systems (rows) the file holds.")
    content: bytes = Field(exclude=True, repr=False)


class SystemDocument(Result):
    """A document whose passages name the system or one of its aliases."""

    document: str
    title: str | None = None
    mentions: int
    names: list[str] = Field(description="The names it uses.")
    linked: bool = Field(description="Confirmed to cover the system.")


class SystemLinkDecision(Result):
    """A reviewer's decision that a document covers a system (or no longer does)."""

    system: str
    document: str
    decision: str = Field(description="confirm or remove.")
    reviewer: str
    time: str


def _report(report: CoreReport) -> SystemReport:
    return SystemReport.model_validate(report.to_dict())


def inventory_format(file_name: str) -> str:
    """``csv`` or ``xlsx`` from a file's name (RegisterInputError for another)."""
    from ontology.register.inventory import format_of

    return format_of(Path(file_name))


class SystemOperations(WorkspaceBase):
    """The register of AI systems, each with its obligations and documents."""

    def systems(self) -> list[System]:
        """Every system of the register, by name."""
        from ontology.register.systems import list_systems as listed

        return [System.model_validate(s.to_dict()) for s in listed(self.store)]

    def system_reports(self, today: date | None = None) -> list[SystemReport]:
        """Each system's obligations and controls, evidenced, stale or missing."""
        from ontology.register.obligations import system_reports as reports

        return [_report(r) for r in reports(self.store, today=today)]

    def system(self, system_id: str) -> SystemReport:
        """One system with its obligations and controls (NotFoundError naming close ids)."""
        from ontology.register.obligations import system_reports as reports
        from ontology.register.systems import get_system

        get_system(self.store, system_id)
        [report] = reports(self.store, system_ids=[system_id])
        return _report(report)

    def create_system(self, fields: Mapping[str, Any]) -> System:
        """Add a system (name, roles and risk class required; every bad field named)."""
        from ontology.register.systems import create_system as create

        with self.lock:
            return System.model_validate(create(self.store, fields).to_dict())

    def edit_system(self, system_id: str, changes: Mapping[str, Any]) -> System:
        """Change the given fields of a system; the id stays."""
        from ontology.register.systems import update_system

        with self.lock:
            return System.model_validate(update_system(self.store, system_id, changes).to_dict())

    def delete_system(self, system_id: str) -> DeletedSystem:
        """Remove a system and the document links to it."""
        from ontology.register.systems import delete_system as delete
        from ontology.register.systems import get_system

        with self.lock:
            system = get_system(self.store, system_id)
            delete(self.store, system_id)
        return DeletedSystem(id=system.id, name=system.name)

    def import_inventory(self, data: bytes, fmt: str) -> InventoryImport:
        """Check every row of a CSV or XLSX inventory, then write them all, or raise and write
        nothing (RegisterInputError listing each bad row and field)."""
        from ontology.register.inventory import import_inventory as load

        with self.lock:
            return InventoryImport.model_validate(load(self.store, data, fmt).to_dict())

    def export_inventory(self, fmt: str) -> InventoryExport:
        """The register as CSV or XLSX bytes."""
        from ontology.register.inventory import export_inventory as export
        from ontology.register.systems import list_systems as listed

        content = export(self.store, fmt)
        return InventoryExport(
            format=fmt,
            file_name=f"ai-systems.{fmt}",
            media_type=INVENTORY_MEDIA[fmt],
            systems=len(listed(self.store)),
            content=content,
        )

    def system_documents(self, system_id: str) -> list[SystemDocument]:
        """Documents naming the system or an alias, most mentions first, linked ones marked."""
        from ontology.register.links_to_systems import suggest_documents

        return [SystemDocument.model_validate(d) for d in suggest_documents(self.store, system_id)]

    def link_system_document(
        self, system_id: str, document: str, reviewer: str, *, remove: bool = False
    ) -> SystemLinkDecision:
        """Confirm (or remove) that a document covers a system, as a review decision."""
        from ontology.register.links_to_systems import decide_system_link

        with self.lock:
            result = decide_system_link(self.store, system_id, document, reviewer, remove=remove)
        return SystemLinkDecision.model_validate(result.to_dict())
