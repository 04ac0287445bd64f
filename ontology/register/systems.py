"""The register of AI systems: what each system is for, who it affects, and the organisation's role.

An AI system (``aims:AISystem``, the same class as ``airo:AISystem``) lives in the org graph
at ``…/org/system/<id>`` with its name, aliases, intended purpose, domain, affected persons,
lifecycle stage, owner, operator roles (provider, deployer, importer, distributor: the EU AI
Act's) and risk class (prohibited, high-risk Annex I / Annex III, limited, minimal, GPAI,
GPAI with systemic risk). ``in_scope`` says whether the system is within the AIMS scope
(ISO/IEC 42001 clause 4.3); the scope is the set of systems in scope.

:func:`parse_system` checks one record and names every bad field; :func:`save_systems` writes
any number of systems in one graph update, so a batch is written whole or not at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from ontology.errors import ConflictError, NotFoundError, RegisterInputError
from ontology.namespaces import AIMS, ORG, ORG_GRAPH
from ontology.query_files import combine_updates, load_query
from ontology.store import GraphStore

ROLES = ("provider", "deployer", "importer", "distributor")
RISK_CLASSES = {
    "prohibited": "prohibited",
    "high-risk-annex-i": "highRiskAnnexI",
    "high-risk-annex-iii": "highRiskAnnexIII",
    "limited": "limitedRisk",
    "minimal": "minimalRisk",
    "gpai": "gpai",
    "gpai-systemic": "gpaiSystemicRisk",
}
HIGH_RISK = ("high-risk-annex-i", "high-risk-annex-iii")
STAGES = ("design", "development", "validation", "deployment", "operation", "retired")
FIELDS = (
    "id",
    "name",
    "aliases",
    "purpose",
    "domain",
    "affected_persons",
    "lifecycle_stage",
    "owner",
    "roles",
    "risk_class",
    "in_scope",
)
LIST_FIELDS = ("aliases", "affected_persons", "roles")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_TRUE = {"true", "yes", "y", "1", "in", "in-scope"}
_FALSE = {"false", "no", "n", "0", "out", "out-of-scope"}
_SYSTEM_PREFIX = str(ORG) + "system/"


class AISystem(BaseModel):
    """One entry of the register: the CLI's JSON of ``systems``, the API's and the page's."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Lower-case letters, digits and '-'; made from the name.")
    name: str
    risk_class: str = Field(description="EU AI Act risk class, e.g. high-risk-annex-iii.")
    roles: list[str] = Field(description="Operator roles: provider, deployer, importer …")
    purpose: str | None = None
    domain: str | None = None
    owner: str | None = None
    lifecycle_stage: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Other names documents use.")
    affected_persons: list[str] = Field(default_factory=list)
    in_scope: bool = Field(default=True, description="Within the AIMS scope (clause 4.3).")
    modified: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def high_risk(self) -> bool:
        return self.risk_class in HIGH_RISK

    @computed_field(description="The system's IRI in the org graph.")  # type: ignore[prop-decorator]
    @property
    def iri(self) -> str:
        return str(system_iri(self.id))

    def names(self) -> list[str]:
        """The name and aliases, as documents would write them."""
        return [self.name, *self.aliases]

    def to_graph(self, graph: Graph) -> None:
        s = system_iri(self.id)
        graph.add((s, RDF.type, AIMS.AISystem))
        graph.add((s, DCTERMS.identifier, Literal(self.id)))
        graph.add((s, DCTERMS.title, Literal(self.name)))
        graph.add((s, AIMS.riskClass, AIMS[RISK_CLASSES[self.risk_class]]))
        graph.add((s, AIMS.inScope, Literal(self.in_scope)))
        for role in self.roles:
            graph.add((s, AIMS.operatorRole, AIMS[role]))
        texts = {
            AIMS.intendedPurpose: self.purpose,
            AIMS.applicationDomain: self.domain,
            AIMS.systemOwner: self.owner,
        }
        for prop, text in texts.items():
            if text:
                graph.add((s, prop, Literal(text)))
        if self.lifecycle_stage:
            graph.add((s, AIMS.lifecycleStage, AIMS[self.lifecycle_stage]))
        for alias in self.aliases:
            graph.add((s, AIMS.alias, Literal(alias)))
        for group in self.affected_persons:
            graph.add((s, AIMS.affectedPersons, Literal(group)))
        stamp = self.modified or datetime.now(UTC).isoformat(timespec="seconds")
        graph.add((s, DCTERMS.modified, Literal(stamp, datatype=XSD.dateTime)))


def system_iri(system_id: str) -> URIRef:
    return URIRef(_SYSTEM_PREFIX + system_id)


def slug(name: str) -> str:
    """An id from a name: ``"CV Screener v2"`` → ``cv-screener-v2``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64]


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [str(v).strip() for v in items if str(v).strip()]


def _text(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _choice(value: Any, allowed: Iterable[str], name: str, problems: list[str]) -> str | None:
    text = (_text(value) or "").lower().replace("_", "-").replace(" ", "-")
    allowed = tuple(allowed)
    if text and text not in allowed:
        problems.append(f"{name}|unknown value {value!r}; use one of {', '.join(allowed)}")
        return None
    return text or None


def _flag(value: Any, problems: list[str]) -> bool:
    if value is None or isinstance(value, bool):
        return True if value is None else value
    text = str(value).strip().lower()
    if text in _TRUE or not text:
        return True
    if text in _FALSE:
        return False
    problems.append(f"in_scope|{value!r} is not yes or no")
    return True


def parse_system(data: Mapping[str, Any], *, row: int | None = None) -> AISystem:
    """An :class:`AISystem` from a form, JSON body or spreadsheet row; every bad field named.

    Lists (aliases, affected persons, roles) may be lists or ``;``-separated text. Unknown
    keys are refused so a misspelt column is not silently dropped.
    """
    problems: list[str] = []
    unknown = sorted(k for k in data if k not in FIELDS and k != "modified")
    for key in unknown:
        problems.append(f"{key}|unknown field; the fields are {', '.join(FIELDS)}")
    name = _text(data.get("name"))
    if not name:
        problems.append("name|required: the system's name")
    system_id = (_text(data.get("id")) or slug(name or "")).lower()
    if name and not _ID.fullmatch(system_id):
        problems.append(f"id|{system_id!r} is not a valid id; use lower-case letters, digits, '-'")
    risk = _choice(data.get("risk_class"), RISK_CLASSES, "risk_class", problems)
    if not risk and not any(p.startswith("risk_class|") for p in problems):
        problems.append(f"risk_class|required; one of {', '.join(RISK_CLASSES)}")
    roles = [_choice(r, ROLES, "roles", problems) for r in _split(data.get("roles"))]
    if not _split(data.get("roles")):
        problems.append(f"roles|required: at least one of {', '.join(ROLES)}")
    stage = _choice(data.get("lifecycle_stage"), STAGES, "lifecycle_stage", problems)
    in_scope = _flag(data.get("in_scope"), problems)
    if problems:
        raise RegisterInputError(
            [{"row": row, "field": p.split("|")[0], "message": p.split("|")[1]} for p in problems]
        )
    return AISystem(
        id=system_id,
        name=str(name),
        risk_class=str(risk),
        roles=sorted({r for r in roles if r}, key=ROLES.index),
        purpose=_text(data.get("purpose")),
        domain=_text(data.get("domain")),
        owner=_text(data.get("owner")),
        lifecycle_stage=stage,
        aliases=_split(data.get("aliases")),
        affected_persons=_split(data.get("affected_persons")),
        in_scope=in_scope,
    )


def save_systems(store: GraphStore, systems: list[AISystem]) -> None:
    """Write ``systems`` (replacing what each had) in ONE graph update: all or nothing.

    Each system without a ``modified`` time gets this write's, so what a caller returns is
    what a later read gives.
    """
    if not systems:
        return
    graph = Graph()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for system in systems:
        system.modified = system.modified or stamp
        system.to_graph(graph)
    clear = load_query(
        "ontology.register", "clear_systems", system=[system_iri(system.id) for system in systems]
    )
    store.update(combine_updates(clear, *store.insert_operations(ORG_GRAPH, graph)))


def list_systems(store: GraphStore) -> list[AISystem]:
    """Every system of the register, by name."""
    triples: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in store.select(load_query("ontology.register", "systems")):
        triples[str(row["system"])][str(row["p"])].append(row["o"])
    systems = [_from_triples(props) for props in triples.values()]
    return sorted(systems, key=lambda s: (s.name.lower(), s.id))


def _from_triples(props: Mapping[str, list[Any]]) -> AISystem:
    def one(prop: URIRef) -> str | None:
        values = props.get(str(prop)) or []
        return str(values[0]) if values else None

    def many(prop: URIRef) -> list[str]:
        return sorted(str(v) for v in props.get(str(prop)) or [])

    def local(value: str | None) -> str | None:
        return value.removeprefix(str(AIMS)) if value else None

    risk_names = {v: k for k, v in RISK_CLASSES.items()}
    roles = [r for r in (local(v) for v in many(AIMS.operatorRole)) if r]
    return AISystem(
        id=str(one(DCTERMS.identifier)),
        name=str(one(DCTERMS.title)),
        risk_class=risk_names.get(local(one(AIMS.riskClass)) or "", "minimal"),
        roles=sorted(roles, key=lambda r: ROLES.index(r) if r in ROLES else 99),
        purpose=one(AIMS.intendedPurpose),
        domain=one(AIMS.applicationDomain),
        owner=one(AIMS.systemOwner),
        lifecycle_stage=local(one(AIMS.lifecycleStage)),
        aliases=many(AIMS.alias),
        affected_persons=many(AIMS.affectedPersons),
        in_scope=(one(AIMS.inScope) or "true").lower() in ("true", "1"),
        modified=one(DCTERMS.modified),
    )


def get_system(store: GraphStore, system_id: str) -> AISystem:
    """One system by id (NotFoundError naming the close ids)."""
    systems = {s.id: s for s in list_systems(store)}
    if system_id in systems:
        return systems[system_id]
    import difflib

    close = difflib.get_close_matches(system_id, list(systems), n=3)
    raise NotFoundError(
        f"no AI system {system_id!r} in the register",
        hint=None if close else "list them with `aimsgraph systems list`",
        suggestions=close,
    )


def create_system(store: GraphStore, data: Mapping[str, Any]) -> AISystem:
    """Add a new system; ConflictError when its id is taken."""
    system = parse_system(data)
    if any(s.id == system.id for s in list_systems(store)):
        raise ConflictError(
            f"an AI system with id {system.id!r} exists",
            hint="edit it with `aimsgraph systems edit`, or give another --id",
        )
    save_systems(store, [system])
    return system


def update_system(store: GraphStore, system_id: str, changes: Mapping[str, Any]) -> AISystem:
    """Change some fields of a system (the id stays); every field checked as on create."""
    current = get_system(store, system_id).model_dump()
    merged = {k: current[k] for k in FIELDS} | {k: v for k, v in changes.items() if v is not None}
    merged["id"] = system_id
    system = parse_system(merged)
    save_systems(store, [system])
    return system.model_copy()


def delete_system(store: GraphStore, system_id: str) -> None:
    """Remove a system and the links of artefacts to it."""
    store.update(
        load_query(
            "ontology.register", "delete_system", system=system_iri(get_system(store, system_id).id)
        )
    )


def aims_scope(store: GraphStore) -> list[AISystem]:
    """The scope of the AIMS (clause 4.3): the systems in scope."""
    return [s for s in list_systems(store) if s.in_scope]
