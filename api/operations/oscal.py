"""OSCAL 1.2 exchange: export a catalog, the crosswalks (mapping-collection), the SoA's
assessment results or the POA&M; import a mapping-collection as candidate crosswalk edges.

The work is done by :mod:`api.exchange.oscal` (docs/oscal.md), whose results
(:class:`~api.exchange.oscal.export.OscalDocument`,
:class:`~api.exchange.oscal.importer.OscalImport`) every face shows as they are; the POA&M
is built from the gap report the shapes package computes, which this module passes in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.operations.state import WorkspaceBase

if TYPE_CHECKING:
    from api.exchange.oscal.export import OscalDocument
    from api.exchange.oscal.importer import OscalImport
    from ontology.store import GraphStore


class OscalOperations(WorkspaceBase):
    """OSCAL 1.2 export and mapping-collection import."""

    def oscal_export(self, model: str, standard: str | None = None) -> OscalDocument:
        """One OSCAL document of ``model``; InputError for an unknown model or standard."""
        from api.exchange.oscal import export_document
        from api.gap_fixes import word_report
        from shapes.report import validate_aims

        def gap_report(store: GraphStore) -> dict[str, Any]:  # with the CLI's wording of the fixes
            return word_report(validate_aims(store)).to_json()

        return export_document(self.store, model, standard=standard, gap_report=gap_report)

    def oscal_import(self, data: bytes) -> OscalImport:
        """Check the whole file, then add its edges as candidate crosswalk edges (OscalImportError
        listing every problem, and nothing written, when it cannot be imported)."""
        from api.exchange.oscal.importer import import_mapping_collection

        with self.lock:
            return import_mapping_collection(
                self.store, data, max_bytes=self.settings.max_upload_bytes
            )
