"""The audit pack: one ZIP a compliance lead hands to an auditor (``ws.audit_pack``,
``aimsgraph audit-pack``).

It holds what an auditor asks for first, each file written by the operation that serves it
elsewhere, so the pack says exactly what the pages, the API and the CLI say. The reports
(SoA, gap report, OSCAL) come rendered from the workspace; this module writes the evidence
and the audit log from the graph, the originals, the README and the manifest:

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
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field
from rdflib import URIRef

from ingest.originals import safe_name
from mapping.record.audit_log import MAX_PER_PAGE, audit_log
from ontology.namespaces import ORG
from ontology.query_files import load_query
from ontology.spreadsheet import csv_safe

if TYPE_CHECKING:
    from ingest.originals import OriginalStore
    from ontology.store import GraphStore

#: Statuses whose links are evidence an auditor sees.
EVIDENCE_STATUSES = ("confirmed", "carriedOver", "derived")
EVIDENCE_COLUMNS = (
    "standard",
    "notation",
    "requirement",
    "status",
    "document",
    "document_title",
    "file_name",
    "document_sha256",
    "review_date",
    "pages",
    "sections",
    "passages",
    "confirmed_by",
    "confirmed_at",
    "link",
    "derived_from",
    "carried_over_by",
    "superseded_by",
)
AUDIT_COLUMNS = (
    "time",
    "kind",
    "who",
    "decision",
    "status",
    "standard",
    "notation",
    "document",
    "title",
    "link",
    "comment",
    "revision_of",
    "before",
    "after",
    "before_comment",
    "field",
    "target",
    "created_link",
    "informed_by",
    "informed_by_who",
    "event",
)
#: Decisions that make a link evidence (the latest of them names who and when).
_CONFIRMING = ("confirm", "retarget", "carryOver", "linkSystem")


class PackFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Path inside the ZIP.")
    bytes: int
    sha256: str


class AuditPack(BaseModel):
    """Where the audit pack went and what it holds."""

    model_config = ConfigDict(extra="forbid")

    path: str
    generated_at: str
    files: list[PackFile] = Field(default_factory=list)
    evidence_links: int = Field(description="Rows of evidence.csv.")
    documents: int = Field(description="Original documents included.")
    missing_originals: list[str] = Field(
        default_factory=list, description="Cited documents whose original file is missing."
    )


class PackDocument(Protocol):
    """What the pack reads of a document (``ws.documents()``)."""

    @property
    def file_name(self) -> str | None: ...
    @property
    def sha256(self) -> str | None: ...
    @property
    def review_date(self) -> str | None: ...
    @property
    def superseded_by(self) -> str | None: ...


class PackPassage(Protocol):
    @property
    def page(self) -> int | None: ...
    @property
    def section(self) -> str: ...
    @property
    def text(self) -> str: ...


class PackLink(Protocol):
    """What the pack reads of an evidence link (``ws.suggestions(status=…)``)."""

    @property
    def id(self) -> str: ...
    @property
    def link(self) -> str: ...
    @property
    def standard(self) -> str: ...
    @property
    def notation(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def document(self) -> str: ...
    @property
    def document_title(self) -> str | None: ...
    @property
    def passages(self) -> Sequence[PackPassage]: ...


class PackDecision(Protocol):
    """What the pack reads of a decision in a link's trail (``ws.histories``)."""

    @property
    def decision(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def reviewer(self) -> str: ...
    @property
    def time(self) -> str: ...


def _version() -> str:
    try:
        return version("aimsgraph")
    except PackageNotFoundError:  # running from a bare checkout
        return "0.0.0"


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_safe("" if row.get(c) is None else str(row[c])) for c in columns])
    return out.getvalue().encode("utf-8")


def check_target(target: Path) -> None:
    """Refuse a pack whose folder does not exist (before anything is rendered for it)."""
    from ontology.errors import InputError

    if not target.parent.is_dir():
        raise InputError(
            f"cannot write the audit pack: the folder {target.parent} does not exist",
            hint="create it first, or give a file in an existing folder",
        )


def evidence_rows(
    store: GraphStore,
    links: Sequence[PackLink],
    trails: Mapping[str, Sequence[PackDecision]],
    documents: Mapping[str, PackDocument],
) -> list[dict[str, Any]]:
    """The rows of ``evidence.csv``: one per link, by standard, notation and document, each
    with who confirmed it and when (see the module docstring)."""
    from mapping.evidence.basis import link_basis

    links = sorted(links, key=lambda link: (link.standard, link.notation, link.document))
    bases = link_basis(store, [link.link for link in links])
    lasts: dict[str, PackDecision | None] = {}
    for link in links:
        confirming = [h for h in trails.get(link.id, []) if h.type in _CONFIRMING]
        lasts[link.id] = confirming[-1] if confirming else None
    carries = [h.decision for h in lasts.values() if h and h.type == "carryOver"]
    people = _people_behind(store, carries)
    return [
        _evidence_row(link, documents.get(link.document), lasts[link.id], bases, people)
        for link in links
    ]


def _evidence_row(
    link: PackLink,
    doc: PackDocument | None,
    last: PackDecision | None,
    bases: Mapping[str, Mapping[str, Any]],
    people: Mapping[str, tuple[str | None, str]],
) -> dict[str, Any]:
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
    return {
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


def _people_behind(store: GraphStore, carries: list[str]) -> dict[str, tuple[str | None, str]]:
    """For each carry-over decision id: who made the person's decision it rests on, and when
    (the latest such decision where an undo makes several)."""
    if not carries:
        return {}
    iris = [URIRef(f"{ORG}decision/{key}") for key in dict.fromkeys(carries)]
    found: dict[str, tuple[str | None, str]] = {}
    for row in store.select(load_query("mapping", "carried_decisions", carry=iris)):
        key, time = str(row["carry"]).rsplit("/", 1)[-1], str(row["time"])
        if key not in found or time > found[key][1]:
            found[key] = (str(row["reviewer"]) if "reviewer" in row else None, time)
    return found


def audit_rows(store: GraphStore) -> list[dict[str, Any]]:
    """Every event of the audit log, newest first (the rows of ``audit-log.csv``)."""
    from mapping.record.audit_order import read_order

    events: list[dict[str, Any]] = []
    order = read_order(store)  # every event ordered once, not once per page
    page = 1
    while True:
        log = audit_log(store, None, page, MAX_PER_PAGE, order)
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


def _cited_originals(
    links: Sequence[PackLink], documents: Mapping[str, PackDocument], originals: OriginalStore
) -> tuple[dict[str, Path], list[str]]:
    """The original of each cited document, by its name in the pack; the cited ids without
    one."""
    missing: list[str] = []
    found: dict[str, Path] = {}
    for doc_id in sorted({link.document for link in links}):
        doc = documents.get(doc_id)
        if doc is None or not doc.sha256 or not originals.has(doc.sha256):
            missing.append(doc_id)
            continue
        name = f"documents/{doc_id}-{safe_name(doc.file_name, fallback='original')}"
        found[name] = originals.path(doc.sha256)
    return found, missing


def write_audit_pack(
    target: Path,
    store: GraphStore,
    originals: OriginalStore,
    *,
    generated_at: str,
    reports: Mapping[str, bytes],
    exchange: Mapping[str, bytes],
    documents: Mapping[str, PackDocument],
    links: Sequence[PackLink],
    trails: Mapping[str, Sequence[PackDecision]],
) -> AuditPack:
    """Write the audit pack to ``target`` (a ``.zip``): ``reports`` (SoA, gap report) first,
    then the evidence of ``links`` and the audit log read from ``store``, then ``exchange``
    (the OSCAL files), the README, the originals of the cited documents and the manifest."""
    entries = dict(reports)
    evidence = evidence_rows(store, links, trails, documents)
    entries["evidence.csv"] = _csv(evidence, EVIDENCE_COLUMNS)
    events = audit_rows(store)
    entries["audit-log.csv"] = _csv(events, AUDIT_COLUMNS)
    entries.update(exchange)
    cited, missing = _cited_originals(links, documents, originals)
    counts = {"evidence": len(evidence), "events": len(events), "documents": len(cited)}
    entries["README.txt"] = _readme(generated_at, counts)
    files = [_pack_file(name, data) for name, data in entries.items()]
    files += [_pack_file(name, path.read_bytes()) for name, path in cited.items()]
    manifest = {
        "generated_at": generated_at,
        "aimsgraph": _version(),
        "files": [f.model_dump() for f in files],
        "missing_originals": missing,
    }
    _write_zip(target, entries, cited, manifest)
    return AuditPack(
        path=str(target),
        generated_at=generated_at,
        files=files,
        evidence_links=len(evidence),
        documents=len(cited),
        missing_originals=missing,
    )


def _pack_file(name: str, data: bytes) -> PackFile:
    return PackFile(name=name, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())


def _write_zip(
    target: Path, entries: Mapping[str, bytes], cited: Mapping[str, Path], manifest: object
) -> None:
    """Write to ``NAME.partial`` and rename when complete: a failure leaves no half pack."""
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as pack:
            for name, data in entries.items():
                pack.writestr(name, data)
            for name, path in cited.items():
                pack.write(path, name)
            pack.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
