"""The audit pack: one ZIP a compliance lead hands to an auditor (``ws.audit_pack``).

It holds what an auditor asks for first, each file written by the operation that serves it
elsewhere, so the pack says exactly what the pages, the API and the CLI say:

========================================  ==================================================
``README.txt``                            what each file is, when and from what it was made
``manifest.json``                         every file with its size and SHA-256
``statement-of-applicability.xlsx/.csv``  the SoA with its evidence (``ws.export_soa``)
``gap-report.html`` / ``.json``           the completeness report (``validate``, ``ws.gaps``)
``evidence.csv``                          every confirmed, carried-over or derived evidence link:
                                          requirement, document (id, title, file, SHA-256),
                                          cited passages (page, section), the person who
                                          confirmed it and when (for a carried-over link, the
                                          person whose decision was carried; aimsgraph, which
                                          carried it, in ``carried_over_by``), and the newer
                                          version where the document is superseded
``audit-log.csv``                         every event of the audit log (``ws.audit``)
``oscal/assessment-results.json``         the SoA and evidence as OSCAL (``oscal export``)
``oscal/poam.json``                       the gaps as an OSCAL plan of action and milestones
``documents/<id>-<file name>``            the original of every document cited as evidence
========================================  ==================================================

The ZIP is written to ``NAME.partial`` and renamed when complete, so a failure leaves no
half-written pack. File names inside are made from ids and sanitised names only.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from api.operations.base import Result

if TYPE_CHECKING:
    from api.operations.documents import Document
    from api.operations.evidence import EvidenceLink
    from api.workspace import Workspace

#: Statuses whose links are evidence an auditor sees.
EVIDENCE_STATUSES = ("confirmed", "carriedOver", "derived")
EVIDENCE_COLUMNS = (
    "standard", "notation", "requirement", "status", "document", "document_title", "file_name",
    "document_sha256", "review_date", "pages", "sections", "passages", "confirmed_by",
    "confirmed_at", "link", "derived_from", "carried_over_by", "superseded_by",
)  # fmt: skip
AUDIT_COLUMNS = (
    "time", "kind", "who", "decision", "status", "standard", "notation", "document", "title",
    "link", "comment", "revision_of", "before", "after", "before_comment", "field", "target",
    "created_link", "informed_by", "informed_by_who", "event",
)  # fmt: skip
#: Decisions that make a link evidence (the latest of them names who and when).
_CONFIRMING = ("confirm", "retarget", "carryOver", "linkSystem")


class PackFile(Result):
    name: str = Field(description="Path inside the ZIP.")
    bytes: int
    sha256: str


class AuditPack(Result):
    """Where the audit pack went and what it holds."""

    path: str
    generated_at: str
    files: list[PackFile] = Field(default_factory=list)
    evidence_links: int = Field(description="Rows of evidence.csv.")
    documents: int = Field(description="Original documents included.")
    missing_originals: list[str] = Field(
        default_factory=list, description="Cited documents whose original file is missing."
    )


def _version() -> str:
    try:
        return version("aimsgraph")
    except PackageNotFoundError:  # running from a bare checkout
        return "0.0.0"


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    from ontology.spreadsheet import csv_safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_safe("" if row.get(c) is None else str(row[c])) for c in columns])
    return out.getvalue().encode("utf-8")


def _evidence_rows(
    ws: Workspace, documents: dict[str, Document]
) -> tuple[list[dict[str, Any]], list[EvidenceLink]]:
    links = [link for status in EVIDENCE_STATUSES for link in ws.suggestions(status=status)]
    links.sort(key=lambda link: (link.standard, link.notation, link.document))
    from mapping.evidence.basis import link_basis

    trails = ws.histories([link.id for link in links])
    bases = link_basis(ws.store, [link.link for link in links])
    lasts = {}
    for link in links:
        confirming = [h for h in trails.get(link.id, []) if h.type in _CONFIRMING]
        lasts[link.id] = confirming[-1] if confirming else None
    people = _people_behind(ws, [h.decision for h in lasts.values() if h and h.type == "carryOver"])
    rows = []
    for link in links:
        doc = documents.get(link.document)
        last = lasts[link.id]
        basis = bases.get(link.link) or {}
        carried_by = None
        if last is None and basis.get("decided_by"):  # derived: its source's reviewer
            confirmed_by, confirmed_at = basis["decided_by"], basis.get("decided_at")
        elif last is not None and last.type == "carryOver":  # the person it was carried from
            carried_by = f"{last.reviewer} at {last.time}"
            confirmed_by, confirmed_at = people.get(last.decision, (None, None))
        else:
            confirmed_by, confirmed_at = (last.reviewer, last.time) if last else (None, None)
        source = basis.get("source_notation")
        derived_from = (
            f"{basis.get('source_standard')}:{source} (link {basis.get('source_link')}, "
            f"{basis.get('kind')} over {basis.get('relationship') or 'a mapping'})"
            if source
            else None
        )
        rows.append(
            {
                "standard": link.standard,
                "notation": link.notation,
                "requirement": link.label,
                "status": link.status,
                "document": link.document,
                "document_title": link.document_title,
                "file_name": doc.file_name if doc else None,
                "document_sha256": doc.sha256 if doc else None,
                "review_date": doc.review_date if doc else None,
                "pages": "; ".join(str(p.page) for p in link.passages if p.page is not None),
                "sections": "; ".join(dict.fromkeys(p.section for p in link.passages if p.section)),
                "passages": "\n---\n".join(p.text for p in link.passages),
                "confirmed_by": confirmed_by,
                "confirmed_at": confirmed_at,
                "link": link.id,
                "derived_from": derived_from,
                "carried_over_by": carried_by,
                "superseded_by": doc.superseded_by if doc else None,
            }
        )
    return rows, links


def _people_behind(ws: Workspace, carries: list[str]) -> dict[str, tuple[str | None, str]]:
    """For each carry-over decision id: who made the person's decision it rests on, and when
    (the latest such decision where an undo makes several)."""
    from rdflib import URIRef

    from ontology.namespaces import ORG
    from ontology.query_files import load_query

    if not carries:
        return {}
    iris = [URIRef(f"{ORG}decision/{key}") for key in dict.fromkeys(carries)]
    found: dict[str, tuple[str | None, str]] = {}
    for row in ws.store.select(load_query("api", "carried_decisions", carry=iris)):
        key, time = str(row["carry"]).rsplit("/", 1)[-1], str(row["time"])
        if key not in found or time > found[key][1]:
            found[key] = (str(row["reviewer"]) if "reviewer" in row else None, time)
    return found


def _audit_rows(ws: Workspace) -> list[dict[str, Any]]:
    from api.operations.audit import MAX_PER_PAGE

    events: list[dict[str, Any]] = []
    page = 1
    while True:
        log = ws.audit(None, page, MAX_PER_PAGE)
        events += [e.model_dump() for e in log.events]
        if not log.more:
            return events
        page += 1


def _readme(generated_at: str, counts: dict[str, int]) -> bytes:
    text = f"""Audit pack made by aimsgraph {_version()} at {generated_at} (UTC).

statement-of-applicability.xlsx / .csv  one row per ISO/IEC 42001 Annex A control: applicable
                                        or excluded, justification, implementation status and
                                        the confirmed evidence behind it
gap-report.html / .json                 coverage per standard and every gap with what would
                                        close it, as of the date above
evidence.csv                            {counts["evidence"]} confirmed, carried-over or derived evidence links:
                                        requirement, document (id, title, file, SHA-256), the
                                        cited passages with page and section, the person who
                                        confirmed it and when (carried_over_by: when aimsgraph
                                        carried it to a new version), superseded_by: the newer
                                        version of a superseded document
audit-log.csv                           {counts["events"]} events: review decisions, uploads, revisions,
                                        deletions and Statement of Applicability settings
oscal/assessment-results.json           the SoA and its evidence as OSCAL 1.2 assessment results
oscal/poam.json                         the gaps as an OSCAL 1.2 plan of action and milestones
documents/                              the original file of each of the {counts["documents"]} documents
                                        cited as evidence (named <document id>-<file name>)
manifest.json                           every file above with its size and SHA-256

A document's id is the first 12 hex digits of the SHA-256 of its original file, so
`sha256sum documents/*` ties every file here to the evidence that cites it.
"""
    return text.encode("utf-8")


def audit_pack(ws: Workspace, target: Path) -> AuditPack:
    """Write the audit pack to ``target`` (a ``.zip``); see the module docstring."""
    from api.uploads import safe_name
    from ontology.errors import InputError

    if not target.parent.is_dir():
        raise InputError(
            f"cannot write the audit pack: the folder {target.parent} does not exist",
            hint="create it first, or give a file in an existing folder",
        )
    generated_at = datetime.now(UTC).isoformat(timespec="seconds")
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
    documents = {doc.id: doc for doc in ws.documents()}
    evidence, links = _evidence_rows(ws, documents)
    entries["evidence.csv"] = _csv(evidence, EVIDENCE_COLUMNS)
    events = _audit_rows(ws)
    entries["audit-log.csv"] = _csv(events, AUDIT_COLUMNS)
    for model, name in (("assessment-results", "assessment-results"), ("poam", "poam")):
        entries[f"oscal/{name}.json"] = ws.oscal_export(model).to_json().encode("utf-8")
    cited = sorted({link.document for link in links})
    missing: list[str] = []
    originals: dict[str, Path] = {}
    for doc_id in cited:
        doc = documents.get(doc_id)
        if doc is None or not doc.sha256 or not ws.originals.has(doc.sha256):
            missing.append(doc_id)
            continue
        name = f"documents/{doc_id}-{safe_name(doc.file_name, fallback='original')}"
        originals[name] = ws.originals.path(doc.sha256)
    counts = {"evidence": len(evidence), "events": len(events), "documents": len(originals)}
    entries["README.txt"] = _readme(generated_at, counts)

    files = [
        PackFile(name=n, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
        for n, data in entries.items()
    ]
    for name, path in originals.items():
        data = path.read_bytes()
        files.append(PackFile(name=name, bytes=len(data), sha256=hashlib.sha256(data).hexdigest()))
    manifest = {
        "generated_at": generated_at,
        "aimsgraph": _version(),
        "files": [f.model_dump() for f in files],
        "missing_originals": missing,
    }
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as pack:
            for name, data in entries.items():
                pack.writestr(name, data)
            for name, path in originals.items():
                pack.write(path, name)
            pack.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return AuditPack(
        path=str(target),
        generated_at=generated_at,
        files=files,
        evidence_links=len(evidence),
        documents=len(originals),
        missing_originals=missing,
    )
