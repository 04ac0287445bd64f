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
from mapping.evidence.soa import (
    EvidenceRef,
    SoaRow,
    list_soa,
    set_soa,
    soa_evidence,
    soa_rows,
    with_evidence,
)
from mapping.evidence.soa_export import write_soa

if TYPE_CHECKING:
    from api.schemas import SoaUpdate
    from mapping.evidence.index_snapshot import Changed


class SoaFile(Result):
    """The Statement of Applicability written to a file."""

    format: str = Field(description="csv, xlsx or json.")
    path: str
    rows: int


class SoaOperations(WorkspaceBase):
    """The Statement of Applicability."""

    def soa(self) -> list[SoaRow]:
        """One row per Annex A control, kept in memory and brought up to date write by write:
        after a decision only the controls its links point to read their evidence again; any
        other write (and a new day: whether evidence is current depends on the date) reads
        all.

        Each row is a shallow copy of the kept one: its fields are the caller's to set, but
        its evidence list and references are shared: read them, never change them."""
        kept = _kept_soa(self, date.today())
        return [row.model_copy() for row in kept]

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


_SoaState = tuple[dict[str, SoaRow], dict[str, list[EvidenceRef]], list[SoaRow]]


def _kept_soa(ws: WorkspaceBase, day: date) -> list[SoaRow]:
    """The SoA rows with their evidence, kept by the evidence index across decisions."""

    def made(rows: dict[str, SoaRow], evidence: dict[str, list[EvidenceRef]]) -> _SoaState:
        return rows, evidence, with_evidence(rows, evidence)

    def full() -> _SoaState:
        return made(soa_rows(ws.store), soa_evidence(ws.store, day))

    def update(state: _SoaState, changed: Changed) -> _SoaState:
        rows, evidence, _ = state
        touched = sorted(c for c in changed.requirements if c in rows)
        fresh = {c: refs for c, refs in evidence.items() if c not in touched}
        for control in touched:  # one at a time: faster than all bound at once, on Oxigraph
            fresh.update(soa_evidence(ws.store, day, [control]))
        return made(rows, fresh)

    return ws.evidence_index.evolve(("soa", day), full, update)[2]
