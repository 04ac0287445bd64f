"""Edit an ingested document's metadata: title, type, owner, version and dates.

The review date decides whether a document's confirmed evidence counts (the gap report
counts evidence whose review date is today or later), so a reviewer must be able to set it
after ingest. :func:`check_metadata` validates values the same way for an upload's fields
and for an edit; :func:`edit_metadata` writes the changes in one update, together with one
``aims:MetadataChange`` per field whose value changed (before, after, who, when) in the
audit graph: a review date moves coverage, so an auditor must see who moved it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ingest.artefacts import artefact_iri
from ingest.documents import get_document
from ingest.metadata import ARTEFACT_TYPES, check_date
from ontology.errors import InputError
from ontology.namespaces import AIMS, AUDIT_GRAPH, ORG
from ontology.query_files import combine_updates, load_query
from ontology.store import GraphStore

#: The fields a person may set, and the property each is stored under.
EDITABLE: dict[str, URIRef] = {
    "title": DCTERMS.title,
    "type": AIMS.artefactType,
    "owner": AIMS.owner,
    "version": AIMS.versionLabel,
    "effective_date": AIMS.effectiveDate,
    "review_date": AIMS.reviewDate,
}
_LENGTHS = {"title": 300, "owner": 200, "version": 64}


def check_metadata(fields: Mapping[str, str | None]) -> dict[str, Literal | URIRef | None]:
    """The RDF value of each field (None: clear it); :class:`InputError` on the first bad one."""
    values: dict[str, Literal | URIRef | None] = {}
    for name, raw in fields.items():
        if name not in EDITABLE:
            raise InputError(
                f"{name!r} is not a document field one can set",
                hint="set " + ", ".join(EDITABLE),
            )
        value = " ".join((raw or "").split())
        values[name] = _value(name, value) if value else None
    if "title" in values and values["title"] is None:
        raise InputError("a document needs a title", hint="give it a short title")
    return values


def _value(name: str, value: str) -> Literal | URIRef:
    if name.endswith("_date"):
        label = "the " + name.replace("_", " ")
        return Literal(check_date(value, label).isoformat(), datatype=XSD.date)
    if name == "type":
        if value.lower() not in ARTEFACT_TYPES:
            raise InputError(
                f"unknown document type {value!r}", hint="use " + ", ".join(ARTEFACT_TYPES)
            )
        return AIMS[value.lower()]
    if len(value) > _LENGTHS[name]:
        raise InputError(
            f"the {name} is longer than {_LENGTHS[name]} characters", hint="shorten it"
        )
    return Literal(value)


def edit_metadata(
    store: GraphStore,
    artefact_id: str,
    fields: Mapping[str, str | None],
    *,
    agent: URIRef | None = None,
    agent_name: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Set the given fields of a document (an empty value clears it), all in one update, and
    record each change (``agent``, its ``agent_name``: who made it, where known); returns
    the names of the fields whose value changed.

    Raises :class:`ingest.errors.DocumentNotFoundError` for an unknown id and
    :class:`InputError` for a bad value; either way nothing is written.
    """
    values = check_metadata(fields)
    document = get_document(store, artefact_id)
    iri = artefact_iri(str(document["id"]))
    if not values:
        return []
    parts = [
        load_query(
            "ingest",
            "set_artefact_property",
            artefact=iri,
            property=EDITABLE[name],
            value=value or Literal(""),
        )
        for name, value in values.items()
    ]
    stamp = (now or datetime.now(UTC)).isoformat(timespec="microseconds")
    time = Literal(stamp, datatype=XSD.dateTime)
    audit = Graph()
    changed = []
    for name, value in values.items():
        before, after = document.get(name) or None, _shown(value)
        if before != after:
            changed.append(name)
            _change(audit, iri, name, (before, after), time, (agent, agent_name))
    if len(audit):
        parts.extend(store.insert_operations(AUDIT_GRAPH, audit))
    store.update(combine_updates(*parts))
    return changed


def _shown(value: Literal | URIRef | None) -> str | None:
    """A field's value as :func:`ingest.documents.get_document` reads it back."""
    if value is None:
        return None
    return str(value).rsplit("#", 1)[-1] if isinstance(value, URIRef) else str(value)


def _change(
    audit: Graph,
    artefact: URIRef,
    name: str,
    values: tuple[str | None, str | None],
    time: Literal,
    who: tuple[URIRef | None, str | None],
) -> None:
    """One ``aims:MetadataChange``: the field of ``artefact`` went from one value to the other."""
    event = URIRef(f"{ORG}metadata-change/{uuid.uuid4()}")
    for p, o in (
        (RDF.type, AIMS.MetadataChange),
        (RDF.type, PROV.Activity),
        (PROV.used, artefact),
        (AIMS.changedField, Literal(name)),
        (PROV.endedAtTime, time),
    ):
        audit.add((event, p, o))
    before, after = values
    if before is not None:
        audit.add((event, AIMS.valueBefore, Literal(before)))
    if after is not None:
        audit.add((event, AIMS.valueAfter, Literal(after)))
    agent, name_of_agent = who
    if agent is not None:
        audit.add((event, PROV.wasAssociatedWith, agent))
        audit.add((agent, RDF.type, PROV.Agent))
        if name_of_agent:
            audit.add((agent, RDFS.label, Literal(name_of_agent)))
