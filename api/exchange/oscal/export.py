"""One entry point for every OSCAL export: pick the model, get a document back.

:func:`export_document` is what the CLI (``aimsgraph oscal export``) and the API
(``GET /api/oscal/{model}``) call. The POA&M is built from the gap report, which the shapes
package computes: the caller passes ``gap_report`` (a function of the store returning
:meth:`shapes.report.GapReport.to_json`), so this package does not import ``shapes``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from api.exchange.oscal.catalog import export_catalog
from api.exchange.oscal.crosswalks import export_mapping_collection
from api.exchange.oscal.poam import export_poam
from api.exchange.oscal.results import export_assessment_results
from ontology.errors import InputError
from ontology.store import GraphStore

MODELS = ("catalog", "mapping-collection", "assessment-results", "poam")
#: The OSCAL root key each model's document has.
ROOT_KEYS = {
    "catalog": "catalog",
    "mapping-collection": "mapping-collection",
    "assessment-results": "assessment-results",
    "poam": "plan-of-action-and-milestones",
}

GapReportFn = Callable[[GraphStore], Mapping[str, Any]]


class OscalDocument(BaseModel):
    """One exported OSCAL document (``aimsgraph oscal export``, ``GET /api/oscal/{model}``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(description="catalog, mapping-collection, assessment-results or poam.")
    standard: str | None = Field(default=None, description="The standard it covers, if one.")
    document: dict[str, Any] = Field(description="The OSCAL JSON document.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def file_name(self) -> str:
        """A file name that says what it holds: ``aimsgraph-catalog-iso42001.json``."""
        suffix = f"-{self.standard}" if self.standard else ""
        return f"aimsgraph-{self.model}{suffix}.json"

    def to_json(self) -> str:
        """The document as JSON text (two-space indent, UTF-8, newline at the end)."""
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


def export_document(
    store: GraphStore,
    model: str,
    *,
    standard: str | None = None,
    gap_report: GapReportFn | None = None,
) -> OscalDocument:
    """Export ``model`` (one of :data:`MODELS`).

    ``standard``: the catalog's standard (default iso42001); for the mapping-collection and
    the POA&M a filter (default: all); the assessment results cover the ISO/IEC 42001 SoA
    only. Raises :class:`InputError` for an unknown model or a standard a model cannot take.
    """
    if model not in MODELS:
        raise InputError(f"unknown OSCAL model {model!r}", hint="use one of " + ", ".join(MODELS))
    if model == "catalog":
        chosen = standard or "iso42001"
        return OscalDocument(model=model, standard=chosen, document=export_catalog(store, chosen))
    if model == "mapping-collection":
        return OscalDocument(
            model=model, standard=standard, document=export_mapping_collection(store, standard)
        )
    if model == "assessment-results":
        if standard not in (None, "iso42001"):
            raise InputError(
                f"the assessment results cover the ISO/IEC 42001 Statement of Applicability, not {standard}",
                hint="drop --standard; the POA&M (--model poam) covers every standard's gaps",
            )
        return OscalDocument(model=model, standard=None, document=export_assessment_results(store))
    if gap_report is None:
        raise InputError("the POA&M needs the gap report", hint="pass gap_report")
    return OscalDocument(
        model=model, standard=standard, document=export_poam(gap_report(store), standard)
    )
