"""The workspace: a data directory opened for work, and every operation on it.

Faces (CLI, HTTP, UI) receive a workspace and call its operations, one method per user
action, each returning a typed result; they hold no domain logic. The workspace *is* the
operations: each is a method of one mixin of :mod:`api.operations`, one module per topic,
all built on :class:`api.operations.state.WorkspaceBase` (the store, vectors, model, files,
write lock). Operations that write take :attr:`~WorkspaceBase.lock` themselves.

TABLE
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.operations.assessment import AssessmentOperations
from api.operations.backup import BackupOperations
from api.operations.graph import GraphOperations
from api.operations.match import MatchOperations
from api.operations.revisions import RevisionOperations
from api.operations.soa import SoaOperations
from api.operations.verification import VerificationOperations
from api.operations.views import ViewOperations

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date

    from api.operations.audit import AuditLog
    from api.operations.oscal import OscalExport, OscalImport
    from api.operations.pack import AuditPack
    from api.operations.search import SearchResult
    from api.operations.systems import (
        DeletedSystem,
        InventoryExport,
        InventoryImport,
        System,
        SystemDocument,
        SystemLinkDecision,
        SystemReport,
    )


class Workspace(
    ViewOperations,
    AssessmentOperations,
    RevisionOperations,
    SoaOperations,
    MatchOperations,
    GraphOperations,
    BackupOperations,
    VerificationOperations,
):
    """A data directory opened for work: ``Workspace.open(settings)``, then its operations."""

    def audit_pack(self, target: Path) -> AuditPack:
        """Write the audit pack (SoA, gap report, evidence, audit log, OSCAL, originals) to
        ``target``, a ZIP."""
        from api.operations.pack import audit_pack

        return audit_pack(self, target)

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
        """Documents, passages and requirements whose text contains ``query``."""
        from api.operations.search import search

        return search(self, query, limit, offset)

    def audit(self, kind: str | None = None, page: int = 1, per_page: int = 50) -> AuditLog:
        """The audit log (decisions, uploads, deletions, SoA rows), newest first, paged."""
        from api.operations.audit import audit_log

        return audit_log(self, kind, page, per_page)

    def oscal_export(self, model: str, standard: str | None = None) -> OscalExport:
        """One OSCAL document (catalog, mapping-collection, assessment-results, poam)."""
        from api.operations.oscal import export_oscal

        return export_oscal(self, model, standard)

    def oscal_import(self, data: bytes) -> OscalImport:
        """Import an OSCAL mapping-collection as candidate crosswalk edges (all or nothing)."""
        from api.operations.oscal import import_oscal

        return import_oscal(self, data)

    # -- the register of AI systems (api.operations.systems) --

    def systems(self) -> list[System]:
        """Every AI system of the register, by name."""
        from api.operations.systems import list_systems

        return list_systems(self)

    def system_reports(self, today: date | None = None) -> list[SystemReport]:
        """Each system with its obligations and controls, evidenced, stale or missing."""
        from api.operations.systems import system_reports

        return system_reports(self, today)

    def system(self, system_id: str) -> SystemReport:
        """One system with its obligations and impact-assessment controls."""
        from api.operations.systems import system_report

        return system_report(self, system_id)

    def create_system(self, fields: Mapping[str, Any]) -> System:
        """Add an AI system (name, roles, risk class required)."""
        from api.operations.systems import create_system

        return create_system(self, fields)

    def edit_system(self, system_id: str, changes: Mapping[str, Any]) -> System:
        """Change the given fields of an AI system."""
        from api.operations.systems import edit_system

        return edit_system(self, system_id, changes)

    def delete_system(self, system_id: str) -> DeletedSystem:
        """Remove an AI system and the document links to it."""
        from api.operations.systems import delete_system

        return delete_system(self, system_id)

    def import_inventory(self, data: bytes, fmt: str) -> InventoryImport:
        """Import a CSV or XLSX inventory: every row, or none."""
        from api.operations.systems import import_inventory

        return import_inventory(self, data, fmt)

    def export_inventory(self, fmt: str) -> InventoryExport:
        """The register as a CSV or XLSX file."""
        from api.operations.systems import export_inventory

        return export_inventory(self, fmt)

    def system_documents(self, system_id: str) -> list[SystemDocument]:
        """Documents naming a system or an alias, with those linked to it marked."""
        from api.operations.systems import system_documents

        return system_documents(self, system_id)

    def link_system_document(
        self, system_id: str, document: str, reviewer: str, *, remove: bool = False
    ) -> SystemLinkDecision:
        """Confirm (or remove) that a document covers a system, as a review decision."""
        from api.operations.systems import link_document

        return link_document(self, system_id, document, reviewer, remove=remove)
