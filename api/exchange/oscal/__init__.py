"""OSCAL 1.2 exchange: the graph's standards, crosswalks, SoA and gaps as OSCAL JSON, and back.

What maps to what (docs/oscal.md has the full table):

* a standard (``skos:ConceptScheme``) → a ``catalog``: every requirement a control with our
  own-words description, never ISO text (:mod:`api.exchange.oscal.catalog`);
* the crosswalk edges (``aims:Mapping``) → a ``mapping-collection``, one ``mapping`` per pair
  of standards, relationships per NIST IR 8477 / OSCAL 1.2 (:mod:`api.exchange.oscal.crosswalks`);
* the Statement of Applicability and its current evidence → ``assessment-results``:
  one finding per Annex A control, one observation per evidence link citing the document,
  page, section and passage, the document in back-matter with the SHA-256 of its original
  (:mod:`api.exchange.oscal.results`);
* the gap report → a ``plan-of-action-and-milestones``: one risk and one POA&M item per gap
  (:mod:`api.exchange.oscal.poam`);
* a ``mapping-collection`` file → candidate crosswalk edges (:mod:`api.exchange.oscal.importer`).

UUIDs are uuid5 of our IRIs and timestamps come from the data, so exporting the same graph
twice gives the same bytes. The exporters build plain JSON-ready dictionaries; they do not
need compliance-trestle (the tests validate every export with its pydantic models).
"""

from __future__ import annotations

from api.exchange.oscal.export import MODELS, OscalDocument, export_document

__all__ = ["MODELS", "OscalDocument", "export_document"]
