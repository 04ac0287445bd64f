"""The Statement of Applicability and its evidence as OSCAL ``assessment-results``.

One ``result`` for the AIMS, whose ``reviewed-controls`` include the applicable Annex A
controls and exclude the excluded ones. In it:

* one **finding** per Annex A control (the SoA row): target ``objective-id`` = the control
  id of the catalog, ``status`` satisfied when an applicable control has current evidence
  (not-satisfied otherwise; none for an excluded control), ``implementation-status`` from
  the row, props for applicability and justification, ``related-observations``;
* one **observation** per evidence link the SoA counts (confirmed, carried over, derived):
  method EXAMINE, ``collected`` = the reviewer's decision time, ``expires`` = the document's
  review date, ``origins`` = the reviewer (a party in metadata), ``subjects`` = the
  document; ``relevant-evidence`` one per cited passage (page, section, offsets, text
  hash as props; the passage text as remarks) pointing at the document;
* one back-matter **resource** per document with its id, type, version and owner, and an
  ``rlink`` to the original file name carrying the SHA-256 of the original bytes.

``import-ap`` points at a back-matter resource saying there is no separate assessment plan
(the SoA says what is assessed). Timestamps are the data's own (decisions, SoA edits,
ingests); an empty graph dates to :data:`~api.exchange.oscal.common.NO_DATE`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from api.exchange.oscal.common import (
    control_id,
    earliest,
    finish,
    latest,
    metadata,
    one_line,
    props,
    timestamp,
    uuid_for,
)
from mapping.errors import ReferenceMissingError
from mapping.evidence.review import reviewer_iri
from mapping.evidence.soa import EvidenceRef, SoaRow, list_soa, soa_row_iri
from ontology.namespaces import BASE, ORG
from ontology.query_files import load_query
from ontology.store import GraphStore, Row

_IMPLEMENTATION = {
    "implemented": "implemented",
    "partially-implemented": "partial",
    "planned": "planned",
}
_PLAN = f"{BASE}oscal/assessment-plan"


def export_assessment_results(store: GraphStore) -> dict[str, Any]:
    """The SoA, its findings and the evidence behind them as one assessment-results document."""
    rows = list_soa(store)
    if not rows:
        raise ReferenceMissingError(
            "the graph holds no ISO/IEC 42001 Annex A controls to assess",
            hint="run `aimsgraph init` first",
        )
    documents, passages = _details(store)
    links = _links(rows)
    observations = [
        _observation(ref, documents.get(ref.document_id, {}), passages.get(ref.link_id, []))
        for ref in links.values()
    ]
    times = [o["collected"] for o in observations] + [r.modified for r in rows if r.modified]
    ingested = [d.get("ingestedAt") for d in documents.values()]
    modified = latest([*times, *ingested])
    result = _result(rows, links, observations, earliest(times, modified), modified)
    body: dict[str, Any] = {
        "metadata": metadata(
            "Statement of Applicability: assessment results",
            modified,
            modified[:10],
            parties=_parties(links.values()),
        ),
        "import-ap": {
            "href": f"#{uuid_for(_PLAN)}",
            "remarks": "No separate assessment plan: the Statement of Applicability says what is assessed.",
        },
        "results": [result],
        "back-matter": {"resources": [_plan(), *(_resource(d) for d in documents.values())]},
    }
    return finish("assessment-results", body)


def _result(
    rows: list[SoaRow],
    links: dict[str, EvidenceRef],
    observations: list[dict[str, Any]],
    start: str,
    end: str,
) -> dict[str, Any]:
    """The one result: reviewed controls, a finding per row, an observation per link."""
    result: dict[str, Any] = {
        "uuid": uuid_for(f"{BASE}oscal/assessment-results/aims"),
        "title": "Statement of Applicability and evidence (ISO/IEC 42001 Annex A)",
        "description": (
            "Each Annex A control's applicability, implementation status and the evidence a "
            "reviewer confirmed for it, as recorded in aimsgraph."
        ),
        "start": start,
        "end": end,
        "reviewed-controls": _reviewed(rows),
        "findings": [_finding(row, links) for row in rows],
    }
    if observations:
        result["observations"] = observations
    return result


def _links(rows: list[SoaRow]) -> dict[str, EvidenceRef]:
    """The first reference of every evidence link (list_soa gives one per cited passage)."""
    links: dict[str, EvidenceRef] = {}
    for row in rows:
        for ref in row.evidence:
            links.setdefault(ref.link_id, ref)
    return links


def _details(store: GraphStore) -> tuple[dict[str, dict[str, str]], dict[str, list[Row]]]:
    """Documents by id, and the distinct cited passages of each link, in reading order."""
    documents: dict[str, dict[str, str]] = {}
    passages: dict[str, list[Row]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for row in store.select(load_query("api", "oscal_evidence")):
        doc = str(row["docId"])
        documents.setdefault(doc, {k: str(v) for k, v in row.items() if k in _DOC_KEYS})
        if "passage" in row and (str(row["linkId"]), str(row["passage"])) not in seen:
            seen.add((str(row["linkId"]), str(row["passage"])))
            passages[str(row["linkId"])].append(row)
    return documents, passages


_DOC_KEYS = frozenset(
    {
        "artefact",
        "docId",
        "title",
        "sha256",
        "format",
        "fileName",
        "type",
        "version",
        "owner",
        "ingestedAt",
        "reviewDate",
    }
)


def _reviewed(rows: list[SoaRow]) -> dict[str, Any]:
    included = [{"control-id": control_id(r.notation)} for r in rows if r.applicable]
    excluded = [{"control-id": control_id(r.notation)} for r in rows if not r.applicable]
    selection: dict[str, Any] = {"include-controls": included} if included else {"include-all": {}}
    if excluded:
        selection["exclude-controls"] = excluded
    return {
        "description": "The ISO/IEC 42001 Annex A controls the Statement of Applicability covers.",
        "control-selections": [selection],
    }


def _finding(row: SoaRow, links: dict[str, EvidenceRef]) -> dict[str, Any]:
    evidence = sorted({ref.link_id for ref in row.evidence})
    target: dict[str, Any] = {"type": "objective-id", "target-id": control_id(row.notation)}
    if row.applicable:
        target["status"] = {"state": "satisfied" if evidence else "not-satisfied"}
        state = _IMPLEMENTATION.get(row.implementation_status or "")
        if state:
            target["implementation-status"] = {"state": state}
    else:
        target["implementation-status"] = {"state": "not-applicable"}
    described = (
        f"Excluded: {row.justification}"
        if not row.applicable
        else f"Applicable; {len(evidence)} piece(s) of current evidence."
        + (f" Justification: {row.justification}" if row.justification else "")
    )
    finding: dict[str, Any] = {
        "uuid": uuid_for(str(soa_row_iri(row.notation))),
        "title": one_line(f"{row.notation} {row.label}", 500),
        "description": described,
        "props": props(
            ("applicable", "yes" if row.applicable else "no"),
            ("implementation-status", row.implementation_status),
            ("justification", row.justification),
            ("evidence-count", len(evidence)),
        ),
        "target": target,
    }
    if evidence:
        finding["related-observations"] = [
            {"observation-uuid": uuid_for(_link_iri(link))} for link in evidence if link in links
        ]
    return finding


def _link_iri(link_id: str) -> str:
    return f"{ORG}link/{link_id}"


def _observation(ref: EvidenceRef, document: dict[str, str], cited: list[Row]) -> dict[str, Any]:
    resource = uuid_for(document.get("artefact", f"{ORG}artefact/{ref.document_id}"))
    observation: dict[str, Any] = {
        "uuid": uuid_for(_link_iri(ref.link_id)),
        "title": one_line(f"Evidence: {ref.title or ref.document_id}", 500),
        "description": ref.cite(),
        "props": props(
            ("link-id", ref.link_id),
            ("link-status", ref.link_status),
            ("decision-id", ref.decision_id),
            ("via-mapping", ref.via_mapping),
        ),
        "methods": ["EXAMINE"],
        "types": ["control-objective"],
    }
    if ref.reviewer:
        observation["origins"] = [
            {"actors": [{"type": "party", "actor-uuid": uuid_for(_agent(ref))}]}
        ]
    observation["subjects"] = [
        {
            "subject-uuid": resource,
            "type": "resource",
            "title": one_line(ref.title or ref.document_id),
        }
    ]
    observation["relevant-evidence"] = [_evidence(resource, ref, row) for row in cited] or [
        {"href": f"#{resource}", "description": ref.cite()}
    ]
    observation["collected"] = timestamp(ref.decided_at or document.get("ingestedAt") or "1970")
    if ref.review_date:
        observation["expires"] = timestamp(ref.review_date)
    return observation


def _evidence(resource: str, ref: EvidenceRef, row: Row) -> dict[str, Any]:
    page = str(row["page"]) if "page" in row else None
    section = str(row["section"]) if "section" in row else None
    where = " ".join(
        part for part in (f"p.{page}" if page else "", f"§{section}" if section else "") if part
    )
    item: dict[str, Any] = {
        "href": f"#{resource}",
        "description": one_line(f"{ref.title or ref.document_id} ({ref.document_id}) {where}", 500),
        "props": props(
            ("page", page),
            ("page-end", str(row["pageEnd"]) if "pageEnd" in row else None),
            ("section", section),
            ("start-offset", str(row["start"]) if "start" in row else None),
            ("end-offset", str(row["end"]) if "end" in row else None),
            ("text-sha256", str(row["textHash"]) if "textHash" in row else None),
        ),
        "links": [{"href": str(row["passage"]), "rel": "reference", "text": "passage IRI"}],
    }
    if "text" in row:
        item["remarks"] = str(row["text"])
    return item


def _agent(ref: EvidenceRef) -> str:
    """The reviewer's agent IRI: one party per person, whatever their names look like."""
    return ref.reviewer_id or str(reviewer_iri(ref.reviewer or ""))


def _parties(refs: Any) -> list[dict[str, Any]]:
    agents = {_agent(ref): ref.reviewer for ref in refs if ref.reviewer}
    return [
        {"uuid": uuid_for(agent), "type": "person", "name": one_line(name)}
        for agent, name in sorted(agents.items(), key=lambda item: (item[1], item[0]))
    ]


def _plan() -> dict[str, Any]:
    return {
        "uuid": uuid_for(_PLAN),
        "title": "Assessment scope: the Statement of Applicability",
        "description": (
            "aimsgraph keeps no separate assessment plan: the applicable ISO/IEC 42001 Annex A "
            "controls of the Statement of Applicability are what is assessed."
        ),
    }


def _resource(document: dict[str, str]) -> dict[str, Any]:
    """A document: id, type, version and owner; its original file with SHA-256."""
    doc_id = document["docId"]
    resource: dict[str, Any] = {
        "uuid": uuid_for(document.get("artefact", f"{ORG}artefact/{doc_id}")),
        "title": one_line(document.get("title") or doc_id, 500),
        "props": props(
            ("document-id", doc_id),
            ("artefact-type", document.get("type")),
            ("version", document.get("version")),
            ("owner", document.get("owner")),
            ("review-date", document.get("reviewDate")),
        ),
        "document-ids": [{"scheme": f"{ORG}artefact", "identifier": doc_id}],
    }
    rlink: dict[str, Any] = {"href": document.get("fileName") or document.get("artefact", doc_id)}
    if document.get("format"):
        rlink["media-type"] = document["format"]
    if document.get("sha256"):
        rlink["hashes"] = [{"algorithm": "SHA-256", "value": document["sha256"]}]
    resource["rlinks"] = [rlink]
    return resource
