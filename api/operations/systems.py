"""The register of AI systems: list, add, edit, delete, import and export the inventory, one
system with its obligations, the documents naming a system, and linking a document to it.

:class:`SystemOperations`; the work is done by :mod:`ontology.register.systems`,
:mod:`ontology.register.inventory`, :mod:`ontology.register.obligations` and
:mod:`ontology.register.links_to_systems`, whose results (``AISystem``, ``SystemReport``,
``ImportResult``, ``SystemLinkResult``) are the ones every face shows, with no copy here; these
methods take the workspace's write lock for each change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase
from ontology.register.inventory import ImportResult
from ontology.register.links_to_systems import SystemLinkResult
from ontology.register.obligations import SystemReport
from ontology.register.systems import AISystem

if TYPE_CHECKING:
    from shapes.validation import ValidationReport

#: The media type of each inventory file format.
INVENTORY_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DeletedSystem(Result):
    """A system removed from the register, with the document links to it."""

    id: str
    name: str


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


def inventory_format(file_name: str) -> str:
    """``csv`` or ``xlsx`` from a file's name (RegisterInputError for another)."""
    from ontology.register.inventory import format_of

    return format_of(Path(file_name))


class SystemOperations(WorkspaceBase):
    """The register of AI systems, each with its obligations and documents."""

    def systems(self) -> list[AISystem]:
        """Every system of the register, by name."""
        from ontology.register.systems import list_systems as listed

        return listed(self.store)

    def system_reports(self, today: date | None = None) -> list[SystemReport]:
        """Each system's obligations and controls, evidenced, stale or missing."""
        from ontology.register.obligations import system_reports as reports

        return reports(self.store, today=today)

    def system(self, system_id: str) -> SystemReport:
        """One system with its obligations and controls (NotFoundError naming close ids)."""
        from ontology.register.obligations import system_reports as reports
        from ontology.register.systems import get_system

        get_system(self.store, system_id)
        [report] = reports(self.store, system_ids=[system_id])
        return report

    def create_system(self, fields: Mapping[str, Any]) -> AISystem:
        """Add a system (name, roles and risk class required; every bad field named)."""
        from ontology.register.systems import create_system as create

        with self.lock:
            return create(self.store, fields)

    def edit_system(self, system_id: str, changes: Mapping[str, Any]) -> AISystem:
        """Change the given fields of a system; the id stays."""
        from ontology.register.systems import update_system

        with self.lock:
            return update_system(self.store, system_id, changes)

    def delete_system(self, system_id: str) -> DeletedSystem:
        """Remove a system and the document links to it."""
        from ontology.register.systems import delete_system as delete
        from ontology.register.systems import get_system

        with self.lock:
            system = get_system(self.store, system_id)
            delete(self.store, system_id)
        return DeletedSystem(id=system.id, name=system.name)

    def validate_systems(self) -> ValidationReport:
        """The per-system SHACL check (``shapes/systems.ttl``): A.5.2–A.5.5 evidenced for each
        system in scope; a system lacking one is a violation, not an error."""
        from shapes.systems import validate_systems

        return validate_systems(self.store)

    def import_inventory(self, data: bytes, fmt: str) -> ImportResult:
        """Check every row of a CSV or XLSX inventory, then write them all, or raise and write
        nothing (RegisterInputError listing each bad row and field)."""
        from ontology.register.inventory import import_inventory as load

        with self.lock:
            return load(self.store, data, fmt)

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
    ) -> SystemLinkResult:
        """Confirm (or remove) that a document covers a system, as a review decision."""
        from ontology.register.links_to_systems import decide_system_link

        with self.lock:
            result = decide_system_link(self.store, system_id, document, reviewer, remove=remove)
        return result
