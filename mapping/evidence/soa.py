"""The Statement of Applicability: one row per ISO/IEC 42001 Annex A control (38).

A row says whether the control applies (or is excluded), why, how far it is implemented,
and which evidence shows it: each confirmed, carried-over or derived link from a current
document (one with no newer version), with the document's id and title, the cited passage's
page and section, and the decision behind it (id, reviewer, time). A control nobody has set
a row for is applicable and not yet justified. Excluding a control needs a justification.

Rows live in the org graph as ``aims:ApplicabilityStatement`` (``…/org/soa/<notation>``).
:func:`mapping.evidence.soa_export.write_soa` writes the same rows to a CSV, XLSX or JSON file.
"""

from __future__ import annotations

import difflib
import uuid
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from mapping.errors import SoaRowError
from mapping.evidence.review import reviewer_iri
from ontology.errors import NotFoundError
from ontology.namespaces import AIMS, ORG
from ontology.query_files import load_query
from ontology.store import GraphStore, Row

IMPLEMENTATION_STATUSES = {
    "implemented": "implemented",
    "partially-implemented": "partiallyImplemented",
    "planned": "planned",
    "not-implemented": "notImplemented",
}


class EvidenceRef(BaseModel):
    """One piece of evidence for a control, as an auditor would cite it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document_id: str
    title: str | None = None
    link_id: str
    link_status: str
    page: int | None = None
    section: str | None = None
    decision_id: str | None = None
    reviewer: str | None = None
    decided_at: str | None = None
    review_date: str | None = None
    via_mapping: str | None = None
    reviewer_id: str | None = Field(
        default=None,
        description="The reviewer's agent IRI: who decided, as a stable identity (the name "
        "is its label).",
    )
    stale: bool = Field(
        default=False,
        description="The document has no review date or it has passed (as the gap report).",
    )

    def cite(self) -> str:
        """A one-line citation: ``Title (abc123) p.3 §Policy > 2 [confirmed by alice]``."""
        parts = [f"{self.title or self.document_id} ({self.document_id})"]
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.section:
            parts.append(f"§{self.section}")
        who = f" by {self.reviewer}" if self.reviewer else ""
        stale = ", stale: review date passed" if self.stale else ""
        return " ".join(parts) + f" [{self.link_status}{who}{stale}]"


class SoaRow(BaseModel):
    """One Statement of Applicability row (an Annex A control), with its evidence and the
    counts an auditor reads: ``evidence_count`` counts *documents* (the passages they cite
    are ``evidence_passage_count``); a document is stale when all its references are.

    The CLI's JSON, ``GET /api/soa`` and the SoA page all show this model."""

    model_config = ConfigDict(extra="forbid")

    notation: str
    label: str
    applicable: bool = True
    justification: str | None = None
    implementation_status: str | None = None
    modified: str | None = Field(default=None, description="When the row was last set.")
    set: bool = False
    set_by: str | None = Field(
        default=None,
        description="Who last set it, where recorded (since 2026-12; null before, or unknown).",
    )
    evidence: list[EvidenceRef] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def justified(self) -> bool:
        return bool(self.justification)

    @computed_field(description="Documents cited as evidence.")  # type: ignore[prop-decorator]
    @property
    def evidence_count(self) -> int:
        # counted as sets, not through ``documents``: the page and the API count every row's
        # references on each request, and a control's references grow with the library
        return len({ref.document_id for ref in self.evidence})

    @computed_field(description="Passages those documents cite.")  # type: ignore[prop-decorator]
    @property
    def evidence_passage_count(self) -> int:
        return len(self.evidence)

    @computed_field(  # type: ignore[prop-decorator]
        description="Evidence documents without a current review date."
    )
    @property
    def stale_evidence_count(self) -> int:
        return self.evidence_count - self.current_evidence_count  # all its references stale

    @computed_field(  # type: ignore[prop-decorator]
        description="Evidence documents with a current review date."
    )
    @property
    def current_evidence_count(self) -> int:
        return len({ref.document_id for ref in self.evidence if not ref.stale})

    @property
    def documents(self) -> dict[str, list[EvidenceRef]]:
        """The evidence by document (the unit an auditor counts), in first-cited order."""
        by_document: dict[str, list[EvidenceRef]] = {}
        for ref in self.evidence:
            by_document.setdefault(ref.document_id, []).append(ref)
        return by_document


def soa_row_iri(notation: str) -> URIRef:
    return URIRef(f"{ORG}soa/{notation}")


def list_soa(store: GraphStore, *, today: date | None = None) -> list[SoaRow]:
    """Every Annex A control's row, in the standard's order, with its evidence.

    Evidence from a document without a review date, or past it on ``today`` (default: the
    current date), is marked ``stale``, as the gap report counts it.
    """
    return with_evidence(soa_rows(store), soa_evidence(store, today or date.today()))


def soa_rows(store: GraphStore) -> dict[str, SoaRow]:
    """Control IRI → its row without evidence, in the standard's order."""
    by_control: dict[str, SoaRow] = {}
    for r in store.select(load_query("mapping", "soa_rows")):
        if str(r["control"]) in by_control:  # two settings in the row's last second
            continue
        by_control[str(r["control"])] = SoaRow(
            notation=str(r["notation"]),
            label=str(r.get("label", "")),
            applicable=_bool(r.get("applicable"), default=True),
            justification=str(r["justification"]) if "justification" in r else None,
            implementation_status=_status_name(r.get("status")),
            modified=str(r["modified"]) if "modified" in r else None,
            set="row" in r,
            set_by=str(r["setBy"]) if "setBy" in r else None,
        )
    return by_control


def with_evidence(rows: dict[str, SoaRow], evidence: dict[str, list[EvidenceRef]]) -> list[SoaRow]:
    """The rows (copies) in order, each with its control's evidence."""
    return [
        row.model_copy(update={"evidence": list(evidence.get(c, []))}) for c, row in rows.items()
    ]


def soa_evidence(
    store: GraphStore, today: date, controls: list[str] | None = None
) -> dict[str, list[EvidenceRef]]:
    """Control IRI → its evidence references (of ``controls`` only, where given), in the
    order of title, page, link and passage."""
    bound = None if controls is None else [URIRef(c) for c in controls]
    found = _with_decisions(
        store, store.select(load_query("mapping", "soa_evidence", control=bound))
    )
    refs: dict[str, list[EvidenceRef]] = {}
    seen: set[tuple[str, str, str]] = set()
    for r in sorted(found, key=_citation_order):
        key = (str(r["control"]), str(r["link"]), str(r.get("passage", "")))
        if key not in seen:
            seen.add(key)
            refs.setdefault(key[0], []).append(_ref(r, today.isoformat()))
    return refs


def _with_decisions(store: GraphStore, links: list[Row]) -> list[Row]:
    """``links`` (rows of soa_evidence.rq) each with the decision behind it: one row per
    decision soa_decisions.rq finds for the link that was decided (a derived link's source),
    the row alone where there is none."""
    decided = {str(r["link"]): _decided(r) for r in links}
    wanted = sorted({d for d in decided.values() if d is not None}, key=str)
    found: dict[str, list[Row]] = {}
    if wanted:
        query = load_query("mapping", "soa_decisions", decided=wanted)
        for row in store.select(query):
            found.setdefault(str(row.pop("decided")), []).append(row)
    rows: list[Row] = []
    for link in links:
        source = decided[str(link["link"])]
        extra = found.get(str(source), []) if source is not None else []
        base = {k: v for k, v in link.items() if k != "from"}
        rows.extend([{**base, **d} for d in extra] or [base])
    return rows


def _decided(link: Row) -> Node | None:
    """The link whose decision stands behind ``link``: its source if derived, else itself."""
    if str(link["status"]) == str(AIMS.derived):
        return link.get("from")
    return link["link"]


#: The columns after control, title and page that break ties in :func:`_citation_order`.
_TIES = (
    "linkId",
    "passage",
    "section",
    "status",
    "docId",
    "reviewDate",
    "decision",
    "agent",
    "reviewer",
    "time",
    "mapping",
)


def _citation_order(r: Row) -> tuple[Any, ...]:
    """The query's order (control, title, page; unbound first), then every other column, so
    that the one row kept per link and passage never depends on how the engine ran it."""
    title, page = r.get("title"), r.get("page")
    return (
        str(r["control"]),
        (title is not None, str(title or "")),
        (page is not None, int(page) if page is not None else 0),  # type: ignore[call-overload]
        tuple((c in r, str(r.get(c, ""))) for c in _TIES),
    )


def _ref(r: Row, today: str) -> EvidenceRef:
    return EvidenceRef(
        document_id=str(r["docId"]),
        title=str(r["title"]) if "title" in r else None,
        link_id=str(r["linkId"]),
        link_status=str(r["status"]).rsplit("#", 1)[-1],
        page=int(r["page"]) if "page" in r else None,  # type: ignore[call-overload]
        section=str(r["section"]) if "section" in r else None,
        decision_id=str(r["decision"]).rsplit("/", 1)[-1] if "decision" in r else None,
        reviewer=str(r["reviewer"]) if "reviewer" in r else None,
        reviewer_id=str(r["agent"]) if "agent" in r else None,
        decided_at=str(r["time"]) if "time" in r else None,
        review_date=str(r["reviewDate"]) if "reviewDate" in r else None,
        via_mapping=str(r["mapping"]) if "mapping" in r else None,
        stale="reviewDate" not in r or str(r["reviewDate"]) < today,
    )


def set_soa(
    store: GraphStore,
    notation: str,
    *,
    applicable: bool,
    justification: str | None = None,
    status: str | None = None,
    now: datetime | None = None,
    by: str | None = None,
) -> SoaRow:
    """Set one control's row; return it as it now stands. The setting is also kept as an
    immutable ``aims:ApplicabilityChange`` in the audit graph, with ``by`` (who set it) where
    given, so the audit log shows every setting of a row, not only the latest.

    The change also records the row's state before it (``aims:previousApplicable``,
    ``aims:previousJustification``, ``aims:previousImplementationStatus``).

    Raises :class:`NotFoundError` (with the closest notations) for anything but an Annex A
    control of ISO/IEC 42001, and :class:`~mapping.errors.SoaRowError` (an
    :class:`InputError` naming the field) for an exclusion without a justification, an
    unknown implementation status, a status on an excluded control, or *implemented* with
    neither current evidence nor a justification.
    """
    key = notation.strip()
    text = (justification or "").strip()
    current = _check_row(store, key, applicable, text, status)
    # microseconds: two settings of a row within one second keep their order (audit log) and
    # the row's latest setting stays the one change with its time (``set_by``)
    time = (now or datetime.now(UTC)).isoformat(timespec="microseconds")
    store.update(
        load_query(
            "mapping",
            "soa_set",
            row=soa_row_iri(key),
            control=URIRef(_control_iri(key)),
            applicable=Literal(applicable),
            justification=Literal(text) if text else None,
            status=AIMS[IMPLEMENTATION_STATUSES[status]] if status else None,
            time=Literal(time, datatype=XSD.dateTime),
            change=URIRef(f"{ORG}soa-change/{uuid.uuid4()}"),
            agent=reviewer_iri(by) if by and by.strip() else None,
            agentName=Literal(str(by).strip()) if by and str(by).strip() else None,
            **_previous(current),
        )
    )
    return next(row for row in list_soa(store) if row.notation == key)


def _check_row(
    store: GraphStore, key: str, applicable: bool, text: str, status: str | None
) -> SoaRow:
    """The row as it stands (with its evidence) where the new setting may be made on it."""
    rows = {row.notation: row for row in list_soa(store)}
    if key not in rows:
        close = difflib.get_close_matches(key, list(rows), n=3, cutoff=0.6)
        raise NotFoundError(
            f"{key!r} is not an ISO/IEC 42001 Annex A control",
            suggestions=close,
            hint=None if close else "use a notation such as A.6.2.4; `aimsgraph soa` lists them",
        )
    if not applicable and not text:
        raise SoaRowError(
            f"excluding {key} needs a justification",
            field="justification",
            hint="say why the control does not apply: --justification '...'",
        )
    if status is not None and status not in IMPLEMENTATION_STATUSES:
        raise SoaRowError(
            f"unknown implementation status {status!r}",
            field="implementation_status",
            hint="use " + ", ".join(IMPLEMENTATION_STATUSES),
        )
    if status is not None and not applicable:
        raise SoaRowError(
            f"{key} is excluded: it has no implementation status",
            field="implementation_status",
            hint="drop --status",
        )
    current = rows[key]
    if status == "implemented" and not text and not any(not r.stale for r in current.evidence):
        raise SoaRowError(
            f"{key} cannot be marked implemented: it has no current evidence and no justification",
            field="implementation_status",
            hint="confirm evidence from a document with a current review date, or say in the "
            "justification what shows the control is in place",
        )
    return current


def _previous(row: SoaRow) -> dict[str, Any]:
    """The row's state before a setting, as the change records it (a row never set applies)."""
    status = row.implementation_status
    return {
        "previousApplicable": Literal(row.applicable),
        "previousJustification": Literal(row.justification) if row.justification else None,
        "previousStatus": AIMS[IMPLEMENTATION_STATUSES[status]]
        if status in IMPLEMENTATION_STATUSES
        else None,
    }


def _control_iri(notation: str) -> str:
    return f"https://w3id.org/aimsgraph/std/iso42001/{notation}"


def _bool(term: Any, *, default: bool) -> bool:
    if term is None:
        return default
    return str(term).lower() in {"true", "1"}


def _status_name(term: Any) -> str | None:
    if term is None:
        return None
    local = str(term).rsplit("#", 1)[-1]
    return next((k for k, v in IMPLEMENTATION_STATUSES.items() if v == local), local)
