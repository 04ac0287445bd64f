"""The audit pack, for the workspace: renders the reports its operations serve elsewhere
(SoA, gap report, OSCAL) and hands them, with the evidence links and documents, to
``mapping.record.pack``, which writes the ZIP (see its docstring for what the pack holds)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from api.operations.assessment import AssessmentOperations
from api.operations.evidence import EvidenceOperations
from api.operations.oscal import OscalOperations
from api.operations.reviews import ReviewOperations
from api.operations.soa import SoaOperations
from mapping.record.pack import AuditPack

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["AuditPack", "PackOperations"]


def _reports(ws: PackOperations, target: Path) -> dict[str, bytes]:
    """The Statement of Applicability and the gap report, as the pack's files."""
    entries: dict[str, bytes] = {}
    scratch = target.with_name(target.name + ".soa.xlsx")
    try:
        ws.export_soa("xlsx", scratch)
        entries["statement-of-applicability.xlsx"] = scratch.read_bytes()
        ws.export_soa("csv", scratch)
        entries["statement-of-applicability.csv"] = scratch.read_bytes()
    finally:
        scratch.unlink(missing_ok=True)
    report = ws.gaps()  # one report, worded for people: HTML and JSON say the same
    entries["gap-report.html"] = report.render("html").encode("utf-8")
    gaps = report.model_dump(mode="json")
    entries["gap-report.json"] = json.dumps(gaps, indent=2, ensure_ascii=False).encode("utf-8")
    return entries


class PackOperations(
    AssessmentOperations, ReviewOperations, SoaOperations, EvidenceOperations, OscalOperations
):
    """The audit pack: what the other operations serve, in one ZIP for an auditor."""

    def audit_pack(self, target: Path) -> AuditPack:
        """Write the audit pack to ``target`` (a ``.zip``)."""
        from mapping.record import pack

        pack.check_target(target)
        generated_at = datetime.now(UTC).isoformat(timespec="seconds")
        reports = _reports(self, target)
        links = [
            link for status in pack.EVIDENCE_STATUSES for link in self.suggestions(status=status)
        ]
        oscal = {
            f"oscal/{model}.json": self.oscal_export(model).to_json().encode("utf-8")
            for model in ("assessment-results", "poam")
        }
        return pack.write_audit_pack(
            target,
            self.store,
            self.originals,
            generated_at=generated_at,
            reports=reports,
            exchange=oscal,
            documents={doc.id: doc for doc in self.documents()},
            links=links,
            trails=self.histories([link.id for link in links]),
        )
