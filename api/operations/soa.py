"""The Statement of Applicability: its rows (one per Annex A control, with the evidence
cited for each), setting one row, and writing it to a file (:class:`SoaOperations`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase

if TYPE_CHECKING:
    from api.schemas import SoaUpdate


class EvidenceCitation(Result):
    """One piece of evidence for a control, as an auditor would cite it."""

    document_id: str
    title: str | None = None
    link_id: str
    link_status: str
    page: int | None = None
    section: str | None = None
    decision_id: str | None = None
    reviewer: str | None = None
    decided_at: str | None = None
    review_date: str | None = None
    via_mapping: str | None = None


class SoaRow(Result):
    """One Statement of Applicability row (an Annex A control)."""

    notation: str
    label: str
    applicable: bool = True
    justification: str | None = None
    implementation_status: str | None = None
    modified: str | None = Field(default=None, description="When the row was last set.")
    set: bool = False
    set_by: str | None = Field(default=None, description="Who last set it, where recorded.")
    evidence: list[EvidenceCitation] = Field(default_factory=list)
    justified: bool = False
    evidence_count: int = Field(default=0, description="Documents cited as evidence.")
    evidence_passage_count: int = Field(default=0, description="Passages those documents cite.")
    stale_evidence_count: int = Field(
        default=0, description="Evidence documents without a current review date."
    )
    current_evidence_count: int = Field(
        default=0, description="Evidence documents with a current review date."
    )


class SoaFile(Result):
    """The Statement of Applicability written to a file."""

    format: str = Field(description="csv, xlsx or json.")
    path: str
    rows: int


class SoaOperations(WorkspaceBase):
    """The Statement of Applicability."""

    def soa(self) -> list[SoaRow]:
        """One row per Annex A control (kept in memory until the store's next write, and the
        next day: whether evidence is current depends on the date)."""
        from datetime import date

        from mapping.evidence.soa import list_soa

        day = date.today()

        def rows() -> list[SoaRow]:
            return [SoaRow.model_validate(r.to_dict()) for r in list_soa(self.store, today=day)]

        kept = self.evidence_index.memo(("soa", day), rows)
        return [row.model_copy(deep=True) for row in kept]

    def set_soa_row(self, notation: str, update: SoaUpdate, by: str | None = None) -> SoaRow:
        """Mark a control applicable or excluded (an exclusion needs a justification); ``by``,
        who sets it, is kept with the setting in the audit graph."""
        from mapping.evidence.soa import set_soa

        with self.lock:
            row = set_soa(
                self.store,
                notation,
                applicable=update.applicable,
                justification=update.justification,
                status=update.implementation_status,
                by=by,
            )
        return SoaRow.model_validate(row.to_dict())

    def export_soa(self, fmt: str, target: Path) -> SoaFile:
        """Write the SoA with its evidence references to ``target`` as CSV, XLSX or JSON."""
        from mapping.evidence.soa import list_soa, write_soa

        rows = list_soa(self.store)
        write_soa(rows, fmt, target)
        return SoaFile(format=fmt, path=str(target), rows=len(rows))
