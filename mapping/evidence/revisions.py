"""Carry confirmed evidence over to a new version of a document, or flag it for re-review.

When ingest stores a new version of an artefact (``prov:wasRevisionOf`` the old one), each
confirmed or carried-over link of the old version is looked at passage by passage. Where
every cited passage is unchanged in the new version (a new passage ``prov:wasDerivedFrom``
it, or one with the same ``aims:textHash``) the evidence still holds: the new artefact gets
a ``carriedOver`` link citing the new passages. Where a cited passage changed or vanished,
the new artefact gets a ``needsReview`` link citing what is left, for a reviewer to confirm
or reject. Either way the new link points to the old one (``aims:derivedFrom``) and the step
is recorded in the audit graph as an event about the new link (``prov:used``), by the
aimsgraph software agent, that ``prov:wasInformedBy`` the decision that confirmed the old
link and names that link (``aims:carriedFrom``).

Links a person has already decided on the new version are left alone; a suggestion on the
new version (suggest may run first) is upgraded. Running it twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from mapping.evidence.propagation import propagate_evidence
from mapping.evidence.review import link_id_for, link_iri
from ontology.namespaces import AIMS, AUDIT_GRAPH, ORG, ORG_GRAPH
from ontology.query_files import combine_updates, load_query
from ontology.store import GraphStore

#: The software agent that carry-over activities are associated with.
SYSTEM_AGENT = URIRef(f"{ORG}reviewer/aimsgraph")


@dataclass
class CarryOverResult:
    """What happened to the old version's confirmed links."""

    artefact: str
    previous: str | None = None
    carried_over: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _OldLink:
    link: str
    requirement: str
    status: str
    decision: str | None
    passages: dict[str, str | None] = field(default_factory=dict)
    existing: str | None = None
    existing_status: str | None = None
    existing_version: int = 0


def carry_over_revision(
    store: GraphStore, new_artefact_iri: str, *, now: datetime | None = None
) -> CarryOverResult:
    """Carry over or flag the old version's confirmed links onto ``new_artefact_iri``."""
    rows = store.select(
        load_query("mapping", "review_revision_links", new=URIRef(new_artefact_iri))
    )
    result = CarryOverResult(artefact=new_artefact_iri)
    if not rows:
        return result
    result.previous = str(rows[0]["old"])
    org, audit = Graph(), Graph()
    stale: list[str] = []
    time = Literal((now or datetime.now(UTC)).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    for old in _group(rows).values():
        new_id = link_id_for(new_artefact_iri, old.requirement)
        if old.existing_status not in (None, "suggested"):
            result.skipped.append(new_id)
            continue
        unchanged = bool(old.passages) and all(old.passages.values())
        status = "carriedOver" if unchanged else "needsReview"
        (result.carried_over if unchanged else result.needs_review).append(new_id)
        if old.existing:
            stale.append(old.existing)
        _write(org, audit, old, new_artefact_iri, new_id, status, time)
    _apply(store, stale, org, audit)
    propagate_evidence(store, artefacts=[new_artefact_iri], now=now)
    return result


def _group(rows: list[dict[str, Any]]) -> dict[str, _OldLink]:
    links: dict[str, _OldLink] = {}
    counterparts: dict[str, dict[str, str | None]] = defaultdict(dict)
    for row in rows:
        key = str(row["link"])
        if key not in links:
            links[key] = _OldLink(
                link=key,
                requirement=str(row["requirement"]),
                status=str(row["status"]).rsplit("#", 1)[-1],
                decision=str(row["decision"]) if "decision" in row else None,
                existing=str(row["existing"]) if "existing" in row else None,
                existing_status=_local(row.get("existingStatus")),
                existing_version=int(row.get("existingVersion", 0)),
            )
        if "passage" in row:
            seen = counterparts[key].get(str(row["passage"]))
            found = str(row["counterpart"]) if "counterpart" in row else None
            counterparts[key][str(row["passage"])] = seen or found
    for key, link in links.items():
        link.passages = counterparts[key]
    return links


def _write(
    org: Graph, audit: Graph, old: _OldLink, artefact: str, new_id: str, status: str, time: Literal
) -> None:
    new = link_iri(new_id)
    activity = URIRef(f"{ORG}decision/{uuid.uuid4()}")
    version = old.existing_version + 1 if old.existing else 1
    for p, o in (
        (RDF.type, AIMS.EvidenceLink),
        (DCTERMS.identifier, Literal(new_id)),
        (AIMS.evidenceArtefact, URIRef(artefact)),
        (AIMS.requirement, URIRef(old.requirement)),
        (AIMS.status, AIMS[status]),
        (AIMS.linkVersion, Literal(version)),
        (AIMS.latestDecision, activity),
        (AIMS.derivedFrom, URIRef(old.link)),
        (PROV.generatedAtTime, time),
    ):
        org.add((new, p, o))
    if not old.existing:
        org.add((new, AIMS.method, Literal("carry-over")))
    for counterpart in old.passages.values():
        if counterpart:
            org.add((new, AIMS.evidencePassage, URIRef(counterpart)))
    _activity(audit, activity, old, new, status, time)


def _activity(
    audit: Graph, activity: URIRef, old: _OldLink, new: URIRef, status: str, time: Literal
) -> None:
    """The carry-over as an event about the *new* link (``prov:used`` and ``prov:generated``
    name it, so its trail and the audit log show it there and the old link's trail ends with
    the person's decision), by the aimsgraph software agent, ``prov:wasInformedBy`` the
    person's decision on the old link, which ``aims:carriedFrom`` names."""
    for p, o in (
        (RDF.type, AIMS.ReviewDecision),
        (RDF.type, PROV.Activity),
        (AIMS.decisionType, AIMS.carryOver),
        (PROV.used, new),
        (PROV.generated, new),
        (AIMS.carriedFrom, URIRef(old.link)),
        (PROV.wasAssociatedWith, SYSTEM_AGENT),
        (PROV.endedAtTime, time),
        (AIMS.sawStatus, AIMS[old.existing_status or old.status]),
        (AIMS.sawVersion, Literal(old.existing_version if old.existing else 0)),
        (AIMS.resultingStatus, AIMS[status]),
    ):
        audit.add((activity, p, o))
    if old.decision:
        audit.add((activity, PROV.wasInformedBy, URIRef(old.decision)))
    audit.add((SYSTEM_AGENT, RDF.type, PROV.SoftwareAgent))
    audit.add((SYSTEM_AGENT, RDF.type, AIMS.Reviewer))
    audit.add((SYSTEM_AGENT, RDFS.label, Literal("aimsgraph")))


def _apply(store: GraphStore, stale: list[str], org: Graph, audit: Graph) -> None:
    """One update: clear the status of upgraded suggestions, insert links and activities."""
    # every single-valued property the carry-over writes again (a second generatedAtTime
    # made the link list twice in the suggestions listing)
    parts = []
    if stale:
        clear = load_query("mapping", "clear_link_state", link=[URIRef(iri) for iri in stale])
        parts.append(clear)
    # in the store's batches (a remote engine may refuse one large INSERT DATA)
    parts.extend(store.insert_operations(ORG_GRAPH, org))
    parts.extend(store.insert_operations(AUDIT_GRAPH, audit))
    if parts:
        store.update(combine_updates(*parts))


def _local(term: Any) -> str | None:
    return None if term is None else str(term).rsplit("#", 1)[-1]
