"""Read an OSCAL 1.2 ``mapping-collection`` back as candidate crosswalk edges.

Each (source, target) pair of each ``map`` becomes one ``aims:Mapping`` with curation
status ``candidate`` (a curator reviews it; until then evidence crosses it only as a
suggestion), in graph ``…/graph/crosswalk/imported/<from>-<to>`` so ``aimsgraph init`` never
overwrites it. The edge keeps the relationship (``equal-to`` and ``equivalent-to`` both read
as ``aims:equal``), the matching rationale (the map's, else the mapping's, else the
provenance's), the strength (confidence percentage × 10, or high 8 / medium 5 / low 2),
the remarks as ``rdfs:comment``, ``dct:source <urn:uuid:…>`` naming the collection, and
``dct:created`` its last-modified time; the SKOS match is materialised as for the
reference crosswalks.

The whole file is checked before anything is written: JSON, the OSCAL structure, the
allowed values (:mod:`api.exchange.oscal.allowed_values`), that each resource names one of our
standards (a ``standard`` prop, the standard's IRI, or a file name starting with its key,
e.g. ``iso42001-catalog.json``) and each ``id-ref`` a requirement of it. Any problem raises
:class:`~api.exchange.oscal.errors.OscalImportError` listing all of them, and nothing is written. A
pair that already has an edge (either direction, any status) is skipped and reported, as
is a pair the file states twice. The write is one update (one transaction).
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from api.exchange.oscal.allowed_values import FROM_OSCAL, check_mapping_collection
from api.exchange.oscal.common import OSCAL_NS, notation_of, timestamp
from api.exchange.oscal.errors import OscalImportError
from mapping.evidence.propagation import propagate_evidence
from ontology.namespaces import AIMS, BASE, STANDARDS, crosswalk_graph, requirement_iri
from ontology.query_files import load_query
from ontology.requirements import list_requirements, normalise_notation
from ontology.store import GraphStore

#: The largest file the importer reads (bytes).
MAX_BYTES = 20_000_000
_CATEGORY_STRENGTH = {"high": 8, "medium": 5, "low": 2}
_MATCH = {
    "equal": SKOS.exactMatch,
    "subsetOf": SKOS.broadMatch,
    "supersetOf": SKOS.narrowMatch,
    "intersectsWith": SKOS.relatedMatch,
}
_OTHER_ROOTS = (
    "catalog",
    "profile",
    "assessment-results",
    "plan-of-action-and-milestones",
    "system-security-plan",
    "component-definition",
    "assessment-plan",
)


@dataclass(frozen=True)
class Edge:
    """One candidate edge read from the file."""

    source: str  # standard
    source_notation: str
    target: str
    target_notation: str
    relationship: str  # aims local name
    rationale: str
    strength: int
    comment: str | None
    where: str

    @property
    def pair(self) -> str:
        return f"{self.source}-{self.target}"

    @property
    def iri(self) -> str:
        return (
            f"{BASE}crosswalk/imported/{self.pair}/{self.source_notation}--{self.target_notation}"
        )

    def imported(self) -> ImportedEdge:
        """The edge as the import's result shows it."""
        return ImportedEdge(**self._shown())

    def skipped(self, reason: str, existing: str) -> SkippedEdge:
        """The edge as the import's result shows one it left out, and why."""
        return SkippedEdge(**self._shown(), reason=reason, existing=existing)

    def _shown(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "source": EdgeEnd(standard=self.source, notation=self.source_notation),
            "target": EdgeEnd(standard=self.target, notation=self.target_notation),
            "relationship": self.relationship,
            "rationale": self.rationale,
            "strength": self.strength,
            "where": self.where,
        }


class EdgeEnd(BaseModel):
    """One end of a crosswalk edge."""

    model_config = ConfigDict(extra="forbid")

    standard: str
    notation: str


class ImportedEdge(BaseModel):
    """A candidate crosswalk edge read from the file."""

    model_config = ConfigDict(extra="forbid")

    iri: str
    source: EdgeEnd
    target: EdgeEnd
    relationship: str = Field(description="The aims: relationship, e.g. equal.")
    rationale: str
    strength: int
    where: str = Field(description="Where in the file the edge is stated.")


class SkippedEdge(ImportedEdge):
    """An edge of the file not imported, and why."""

    reason: str = Field(description="already mapped, already imported, stated twice in the file.")
    existing: str | None = Field(default=None, description="The edge that is there already.")


class OscalImport(BaseModel):
    """What a mapping-collection import wrote (all or nothing) and what it skipped: the CLI's
    JSON and the API's answer (docs/oscal.md)."""

    model_config = ConfigDict(extra="forbid")

    collection: str = Field(description="The mapping-collection's UUID.")
    title: str
    imported: list[ImportedEdge] = Field(default_factory=list)
    skipped: list[SkippedEdge] = Field(default_factory=list)

    @computed_field(description="The named graphs the edges went to.")  # type: ignore[prop-decorator]
    @property
    def graphs(self) -> list[str]:
        pairs = {f"{e.source.standard}-{e.target.standard}" for e in self.imported}
        return sorted(str(crosswalk_graph(f"imported/{pair}")) for pair in pairs)

    @computed_field(description="Imported edges are candidates until reviewed.")  # type: ignore[prop-decorator]
    @property
    def status(self) -> str:
        return "candidate"


def import_mapping_collection(
    store: GraphStore, data: bytes, *, max_bytes: int = MAX_BYTES
) -> OscalImport:
    """Check ``data`` (an OSCAL JSON file) fully, then write its edges as candidates."""
    document = _parse(data, max_bytes)
    problems = _structure(document)
    if problems:
        raise OscalImportError(problems)
    problems = check_mapping_collection(document)
    if problems:
        raise OscalImportError(problems)
    collection = document["mapping-collection"]
    edges = _edges(store, collection, problems)
    if problems:
        raise OscalImportError(problems)
    result = OscalImport(
        collection=str(collection["uuid"]), title=str(collection["metadata"]["title"])
    )
    fresh = _fresh(store, edges, result)
    if fresh:
        created = timestamp(str(collection["metadata"]["last-modified"]))
        store.update(_insert(fresh, f"urn:uuid:{result.collection}", created))
        propagate_evidence(store)
    result.imported = [edge.imported() for edge in fresh]
    return result


def _parse(data: bytes, max_bytes: int) -> dict[str, Any]:
    if len(data) > max_bytes:
        raise OscalImportError(
            [f"the file is {len(data):,} bytes; the importer reads at most {max_bytes:,}"],
            hint="split the mapping-collection into smaller files",
        )
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise OscalImportError([f"the file is not UTF-8 text ({error.reason})"]) from error
    except RecursionError as error:
        raise OscalImportError(["the file's JSON is nested too deeply to be OSCAL"]) from error
    except json.JSONDecodeError as error:
        raise OscalImportError(
            [f"the file is not JSON: line {error.lineno} column {error.colno}: {error.msg}"],
            hint="import an OSCAL mapping-collection in JSON (XML and YAML are not read)",
        ) from error
    if not isinstance(document, dict) or "mapping-collection" not in document:
        other = next(
            (k for k in _OTHER_ROOTS if isinstance(document, dict) and k in document), None
        )
        found = f"an OSCAL {other}" if other else "no top-level 'mapping-collection' object"
        raise OscalImportError(
            [f"the file holds {found}, not a mapping-collection"],
            hint='import an OSCAL 1.2 mapping-collection ({"mapping-collection": {...}})',
        )
    return document


def _structure(document: dict[str, Any]) -> list[str]:
    """What OSCAL requires of the parts the importer reads (the schema's rules for them)."""
    problems: list[str] = []
    collection = document["mapping-collection"]
    if not isinstance(collection, dict):
        return ["mapping-collection: must be an object"]
    if not _is_uuid(collection.get("uuid")):
        problems.append("mapping-collection.uuid: missing or not a UUID")
    meta = collection.get("metadata")
    if not isinstance(meta, dict) or not meta.get("title") or not meta.get("last-modified"):
        problems.append("metadata: needs a title and last-modified")
    elif not _is_time(meta["last-modified"]):
        problems.append(f"metadata.last-modified: {meta['last-modified']!r} is not a date-time")
    if not isinstance(collection.get("provenance"), dict):
        problems.append("provenance: missing (OSCAL requires method, matching-rationale, status)")
    mappings = collection.get("mappings")
    mappings = [mappings] if isinstance(mappings, dict) else mappings
    if not isinstance(mappings, list) or not mappings:
        return [*problems, "mappings: missing or empty"]
    for m, mapping in enumerate(mappings):
        problems += _mapping_structure(f"mappings[{m}]", mapping)
    return problems


def _mapping_structure(where: str, mapping: Any) -> list[str]:
    if not isinstance(mapping, dict):
        return [f"{where}: must be an object"]
    problems = []
    for side in ("source-resource", "target-resource"):
        resource = mapping.get(side)
        if not isinstance(resource, dict) or not isinstance(resource.get("href"), str):
            problems.append(f"{where}.{side}: needs an href")
    maps = mapping.get("maps")
    if not isinstance(maps, list) or not maps:
        return [*problems, f"{where}.maps: missing or empty"]
    for i, entry in enumerate(maps):
        here = f"{where}.maps[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{here}: must be an object")
            continue
        if not _is_uuid(entry.get("uuid")):
            problems.append(f"{here}.uuid: missing or not a UUID")
        if not isinstance(entry.get("relationship"), str):
            problems.append(f"{here}.relationship: missing")
        for side in ("sources", "targets"):
            items = entry.get(side)
            if (
                not isinstance(items, list)
                or not items
                or not all(isinstance(x, dict) and isinstance(x.get("id-ref"), str) for x in items)
            ):
                problems.append(f"{here}.{side}: needs at least one item with an id-ref")
    return problems


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and uuid.UUID(value).version in (4, 5)
    except ValueError:
        return False


def _is_time(value: Any) -> bool:
    try:
        return isinstance(value, str) and bool(timestamp(value))
    except ValueError:
        return False


def _edges(store: GraphStore, collection: dict[str, Any], problems: list[str]) -> list[Edge]:
    known = {s: _notations(store, s) for s in STANDARDS}
    rationale = str(collection["provenance"].get("matching-rationale", "semantic"))
    mappings = collection["mappings"]
    edges: list[Edge] = []
    for m, mapping in enumerate([mappings] if isinstance(mappings, dict) else mappings):
        where = f"mappings[{m}]"
        source = _standard(mapping["source-resource"], f"{where}.source-resource", problems)
        target = _standard(mapping["target-resource"], f"{where}.target-resource", problems)
        if source and source == target:
            problems.append(
                f"{where}: source and target are both {source}; a crosswalk joins two standards"
            )
        if not source or not target or source == target:
            continue
        default = str(mapping.get("matching-rationale", rationale))
        for i, entry in enumerate(mapping["maps"]):
            here = f"{where}.maps[{i}]"
            edges += _map_edges(entry, here, (source, target), known, default, problems)
    return edges


def _map_edges(
    entry: dict[str, Any],
    where: str,
    pair: tuple[str, str],
    known: dict[str, set[str]],
    rationale: str,
    problems: list[str],
) -> list[Edge]:
    if entry.get("ns", OSCAL_NS) != OSCAL_NS:
        problems.append(
            f"{where}.relationship: namespace {entry['ns']!r} is not OSCAL's; aimsgraph reads OSCAL's relationships only"
        )
        return []
    sources = _resolve(entry["sources"], pair[0], known[pair[0]], f"{where}.sources", problems)
    targets = _resolve(entry["targets"], pair[1], known[pair[1]], f"{where}.targets", problems)
    relationship = FROM_OSCAL[entry["relationship"]]
    strength = _strength(entry.get("confidence-score"))
    comment = entry.get("remarks") if isinstance(entry.get("remarks"), str) else None
    own = str(entry.get("matching-rationale", rationale))
    return [
        Edge(pair[0], s, pair[1], t, relationship, own, strength, comment, where)
        for s in sources
        for t in targets
    ]


def _notations(store: GraphStore, standard: str) -> set[str]:
    return {r["notation"] for r in list_requirements(store, standard, with_evidence=False)}


def _standard(resource: dict[str, Any], where: str, problems: list[str]) -> str | None:
    """Which of our standards a mapped resource is (see the module docstring)."""
    found = resource.get("props")
    for item in found if isinstance(found, list) else []:
        if (
            isinstance(item, dict)
            and item.get("name") == "standard"
            and item.get("value") in STANDARDS
        ):
            return str(item["value"])
    href = str(resource.get("href", ""))
    name = re.split(r"[/#]", href.rstrip("/"))[-1].lower()
    for standard in STANDARDS:
        if name == standard or name.startswith(f"{standard}-") or name.startswith(f"{standard}."):
            return standard
    problems.append(
        f"{where}: {href!r} names none of aimsgraph's standards ({', '.join(STANDARDS)}); "
        'add a prop {"name": "standard", "value": "iso42001"} or use the standard\'s IRI'
    )
    return None


def _resolve(
    items: list[dict[str, Any]], standard: str, known: set[str], where: str, problems: list[str]
) -> list[str]:
    found = []
    for j, item in enumerate(items):
        if item.get("type") == "statement":
            problems.append(f"{where}[{j}]: statement-level mappings are not read; map controls")
            continue
        notation = normalise_notation(notation_of(str(item["id-ref"])), standard)
        if notation in known:
            found.append(notation)
        else:
            problems.append(
                f"{where}[{j}].id-ref: {item['id-ref']!r} is no requirement of {standard}"
            )
    return found


def _strength(score: Any) -> int:
    if isinstance(score, dict):
        percentage = score.get("percentage")
        if isinstance(percentage, int | float) and math.isfinite(percentage):
            return max(0, min(10, round(float(percentage) * 10)))
        return _CATEGORY_STRENGTH.get(str(score.get("category", "")).lower(), 5)
    return 5


def _fresh(store: GraphStore, edges: list[Edge], result: OscalImport) -> list[Edge]:
    """The edges whose pair has no edge yet; the others go to ``result.skipped``."""
    rows = store.select(load_query("api", "mapping_ends"))
    existing = {}
    for row in rows:
        existing[(str(row["s"]), str(row["t"]))] = str(row["m"])
        existing[(str(row["t"]), str(row["s"]))] = str(row["m"])
    fresh: list[Edge] = []
    in_file: set[tuple[str, str]] = set()
    for edge in edges:
        ends = (
            str(requirement_iri(edge.source, edge.source_notation)),
            str(requirement_iri(edge.target, edge.target_notation)),
        )
        if ends in in_file:
            reason, other = "stated twice in the file", edge.iri
        elif ends in existing:
            other = existing[ends]
            reason = "already imported" if other == edge.iri else "already mapped"
        else:
            in_file.update((ends, ends[::-1]))
            fresh.append(edge)
            continue
        result.skipped.append(edge.skipped(reason, other))
    return fresh


def _insert(edges: list[Edge], source: str, created: str) -> str:
    """One INSERT DATA for every edge, each in its pair's imported graph."""
    graphs: dict[str, Graph] = {}
    for edge in edges:
        graph = graphs.setdefault(str(crosswalk_graph(f"imported/{edge.pair}")), Graph())
        node = URIRef(edge.iri)
        start = requirement_iri(edge.source, edge.source_notation)
        end = requirement_iri(edge.target, edge.target_notation)
        graph.add((node, RDF.type, AIMS.Mapping))
        graph.add((node, AIMS.mappingSource, start))
        graph.add((node, AIMS.mappingTarget, end))
        graph.add((node, AIMS.relationship, AIMS[edge.relationship]))
        graph.add((node, AIMS.rationale, AIMS[edge.rationale]))
        graph.add((node, AIMS.strength, Literal(edge.strength, datatype=XSD.integer)))
        graph.add((node, AIMS.curationStatus, AIMS.candidate))
        graph.add((node, DCTERMS.source, URIRef(source)))
        graph.add((node, DCTERMS.created, Literal(created, datatype=XSD.dateTime)))
        if edge.comment:
            graph.add((node, RDFS.comment, Literal(edge.comment, lang="en")))
        if edge.relationship in _MATCH:
            graph.add((start, _MATCH[edge.relationship], end))
    blocks = [
        f"GRAPH <{iri}> {{\n{graph.serialize(format='nt')}}}" for iri, graph in graphs.items()
    ]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
