"""Carry confirmed evidence over to a new version of a document, or flag it for re-review.

When ingest stores a new version of an artefact (``prov:wasRevisionOf`` the old one, named
explicitly by whoever uploads it), each confirmed or carried-over link of the old version is
judged by the text it cites, not by how the documents were cut into passages: each cited
passage's text is looked for in the new version's text (:mod:`mapping.evidence.alignment`:
words compared after NFKC, case folding and dropping punctuation and whitespace, found
whole, with nothing inserted). Where every cited text is still there the evidence holds: the new
artefact gets a ``carriedOver`` link citing the new passages that cover it. Where some of it
changed or vanished, the new artefact gets a ``needsReview`` link citing where what is left
of it now stands (or the most alike passage), for a reviewer to compare and decide. Either
way the new link points to the old one (``aims:derivedFrom``) and the step is recorded in the
audit graph as an event about the new link (``prov:used``), by the aimsgraph software agent,
that ``prov:wasInformedBy`` the decision that confirmed the old link and names that link
(``aims:carriedFrom``).

Links a person has already decided on the new version are left alone; a suggestion on the
new version (suggest may run first) is upgraded. Running it twice changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from mapping.evidence.alignment import DocumentText, lay_out
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
    #: cited passage IRI → its text
    cited: dict[str, str] = field(default_factory=dict)
    #: the new passages that cover the cited text, in order
    passages: list[str] = field(default_factory=list)
    unchanged: bool = False
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
    text = _new_text(store, new_artefact_iri)
    for old in _group(rows).values():
        new_id = link_id_for(new_artefact_iri, old.requirement)
        if old.existing_status not in (None, "suggested"):
            result.skipped.append(new_id)
            continue
        _align(old, text)
        status = "carriedOver" if old.unchanged else "needsReview"
        (result.carried_over if old.unchanged else result.needs_review).append(new_id)
        if old.existing:
            stale.append(old.existing)
        _write(org, audit, old, new_artefact_iri, new_id, status, time)
    _apply(store, stale, org, audit)
    propagate_evidence(store, artefacts=[new_artefact_iri], now=now)
    return result


def _new_text(store: GraphStore, artefact: str) -> DocumentText:
    rows = store.select(load_query("mapping", "revision_passages", artefact=URIRef(artefact)))
    return DocumentText(
        lay_out(
            [
                (str(r["passage"]), str(r["text"]), _int(r.get("start")), _int(r.get("end")))
                for r in rows
            ]
        )
    )


def _align(old: _OldLink, text: DocumentText) -> None:
    """Find each cited passage's text in the new version: unchanged when all of it is."""
    found = [text.align(cited) for cited in old.cited.values()]
    old.unchanged = bool(found) and all(a.found for a in found)
    order = {p.iri: n for n, p in enumerate(text.passages)}
    covering = {iri for a in found for iri in a.passages}
    old.passages = sorted(covering, key=lambda iri: order[iri])


def _int(term: Any) -> int | None:
    return None if term is None else int(str(term))


def _group(rows: list[dict[str, Any]]) -> dict[str, _OldLink]:
    links: dict[str, _OldLink] = {}
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
            links[key].cited[str(row["passage"])] = str(row.get("text", ""))
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
    for passage in old.passages:
        org.add((new, AIMS.evidencePassage, URIRef(passage)))
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
