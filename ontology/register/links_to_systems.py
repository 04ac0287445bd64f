"""Which documents cover which AI systems: suggested from passages, confirmed by a reviewer.

A document is *suggested* for a system when its current version's passages name the system
(its name or an alias, case-insensitive). A reviewer *confirms* the link (the artefact gets
``aims:coversSystem``, recorded in the audit graph as a PROV-O decision with the reviewer and
time, like every other review decision) or *removes* it. Evidence links of an artefact cover
the systems the artefact covers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ontology.errors import NotFoundError
from ontology.namespaces import AIMS, ORG
from ontology.query_files import combine_updates, load_query
from ontology.register.systems import get_system, system_iri
from ontology.reviewers import reviewer_iri
from ontology.store import GraphStore


class SystemLinkResult(BaseModel):
    """A reviewer's decision that a document covers a system (or no longer does)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system: str
    document: str
    decision: str = Field(description="confirm or remove.")
    reviewer: str
    time: str


def suggest_documents(store: GraphStore, system_id: str) -> list[dict[str, Any]]:
    """Documents whose passages name the system, most mentions first, with linked ones marked."""
    system = get_system(store, system_id)
    hits: dict[str, dict[str, Any]] = {}
    for name in system.names():
        needle = Literal(name.lower())
        for row in store.select(load_query("ontology.register", "system_mentions", needle=needle)):
            doc = str(row["docId"])
            entry = hits.setdefault(
                doc,
                {"document": doc, "title": _opt(row.get("title")), "mentions": 0, "names": []},
            )
            entry["mentions"] += int(str(row["hits"]))
            entry["names"].append(name)
    linked = set(linked_documents(store, system_id))
    for entry in hits.values():
        entry["linked"] = entry["document"] in linked
    return sorted(hits.values(), key=lambda e: (-e["mentions"], e["document"]))


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def linked_documents(store: GraphStore, system_id: str) -> list[str]:
    """Ids of the artefacts confirmed to cover a system."""
    iri = system_iri(get_system(store, system_id).id)
    rows = store.select(load_query("ontology.register", "system_documents", system=iri))
    return sorted(str(r["docId"]) for r in rows)


def _artefact(store: GraphStore, document: str) -> URIRef:
    rows = store.select(load_query("ontology.register", "artefact_by_id", docId=Literal(document)))
    if not rows:
        raise NotFoundError(
            f"no document {document!r}", hint="list them with `aimsgraph documents`"
        )
    return URIRef(str(rows[0]["artefact"]))


def decide_system_link(
    store: GraphStore,
    system_id: str,
    document: str,
    reviewer: str,
    *,
    remove: bool = False,
    now: datetime | None = None,
) -> SystemLinkResult:
    """Confirm (or remove) that ``document`` covers the system, with a PROV-O decision record."""
    system = get_system(store, system_id)
    artefact = _artefact(store, document)
    time = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    decision = URIRef(f"{ORG}system-link/{system.id}/{document}/{time.replace(':', '')}")
    record = load_query(
        "ontology.register",
        "system_link_decision",
        decision=decision,
        artefact=artefact,
        system=system_iri(system.id),
        kind=AIMS["removeSystemLink" if remove else "confirmSystemLink"],
        reviewer=Literal(str(reviewer)),
        agent=reviewer_iri(reviewer),
        time=Literal(time, datatype=XSD.dateTime),
    )
    change = "system_link_remove" if remove else "system_link_add"
    link = load_query("ontology.register", change, artefact=artefact, system=system_iri(system.id))
    # One request: the link and its decision record land together or not at all.
    store.update(combine_updates(record, link))
    return SystemLinkResult(
        system=system.id,
        document=document,
        decision="remove" if remove else "confirm",
        reviewer=reviewer,
        time=time,
    )
