"""OSCAL 1.2 exchange: export a catalog, the crosswalks (mapping-collection), the SoA's
assessment results or the POA&M; import a mapping-collection as candidate crosswalk edges.

The work is done by :mod:`api.exchange.oscal` (docs/oscal.md); the POA&M is built from the gap
report the shapes package computes, which this module passes in.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase

if TYPE_CHECKING:
    from ontology.store import GraphStore


class OscalExport(Result):
    """One exported OSCAL document (``aimsgraph oscal export``, ``GET /api/oscal/{model}``)."""

    model: str = Field(description="catalog, mapping-collection, assessment-results or poam.")
    standard: str | None = Field(default=None, description="The standard it covers, if one.")
    file_name: str = Field(description="e.g. aimsgraph-catalog-iso42001.json")
    document: dict[str, Any] = Field(description="The OSCAL JSON document.")

    def to_json(self) -> str:
        """The document as JSON text: the same graph gives the same bytes."""
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


class EdgeEnd(Result):
    """One end of a crosswalk edge."""

    standard: str
    notation: str


class ImportedEdge(Result):
    """A candidate crosswalk edge read from the file."""

    iri: str
    source: EdgeEnd
    target: EdgeEnd
    relationship: str = Field(description="The aims: relationship, e.g. equivalentTo.")
    rationale: str
    strength: int
    where: str = Field(description="Where in the file the edge is stated.")


class SkippedEdge(ImportedEdge):
    """An edge of the file not imported, and why."""

    reason: str = Field(description="already mapped, already imported, stated twice in the file.")
    existing: str | None = Field(default=None, description="The edge that is there already.")


class OscalImport(Result):
    """What a mapping-collection import wrote (all or nothing) and what it skipped."""

    collection: str = Field(description="The mapping-collection's UUID.")
    title: str
    imported: list[ImportedEdge]
    skipped: list[SkippedEdge]
    graphs: list[str] = Field(description="The named graphs the edges went to.")
    status: str = Field(description="Imported edges are candidates until reviewed.")


class OscalOperations(WorkspaceBase):
    """OSCAL 1.2 export and mapping-collection import."""

    def oscal_export(self, model: str, standard: str | None = None) -> OscalExport:
        """One OSCAL document of ``model``; InputError for an unknown model or standard."""
        from api.exchange.oscal import export_document
        from api.gap_fixes import word_report
        from shapes.report import validate_aims

        def gap_report(store: GraphStore) -> dict[str, Any]:  # with the CLI's wording of the fixes
            return word_report(validate_aims(store)).to_json()

        document = export_document(self.store, model, standard=standard, gap_report=gap_report)
        return OscalExport(
            model=document.model,
            standard=document.standard,
            file_name=document.file_name,
            document=document.document,
        )

    def oscal_import(self, data: bytes) -> OscalImport:
        """Check the whole file, then add its edges as candidate crosswalk edges (OscalImportError
        listing every problem, and nothing written, when it cannot be imported)."""
        from api.exchange.oscal.importer import import_mapping_collection

        with self.lock:
            result = import_mapping_collection(
                self.store, data, max_bytes=self.settings.max_upload_bytes
            )
        return OscalImport.model_validate(result.to_dict())
