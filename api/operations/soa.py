"""The Statement of Applicability: its rows (one per Annex A control, with the evidence
cited for each), setting one row, and writing it to a file (:class:`SoaOperations`).

A row is the core's :class:`mapping.evidence.soa.SoaRow` (its evidence
:class:`~mapping.evidence.soa.EvidenceRef`): the CLI's JSON, the route's response model and
the page's context, with no copy here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase
from mapping.evidence.soa import SoaRow, list_soa, set_soa, write_soa

if TYPE_CHECKING:
    from api.schemas import SoaUpdate


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
        day = date.today()
        kept = self.evidence_index.memo(("soa", day), lambda: list_soa(self.store, today=day))
        return [row.model_copy(deep=True) for row in kept]

    def set_soa_row(self, notation: str, update: SoaUpdate, by: str | None = None) -> SoaRow:
        """Mark a control applicable or excluded (an exclusion needs a justification); ``by``,
        who sets it, is kept with the setting in the audit graph."""
        with self.lock:
            return set_soa(
                self.store,
                notation,
                applicable=update.applicable,
                justification=update.justification,
                status=update.implementation_status,
                by=by,
            )

    def export_soa(self, fmt: str, target: Path) -> SoaFile:
        """Write the SoA with its evidence references to ``target`` as CSV, XLSX or JSON."""
        rows = list_soa(self.store)
        write_soa(rows, fmt, target)
        return SoaFile(format=fmt, path=str(target), rows=len(rows))
