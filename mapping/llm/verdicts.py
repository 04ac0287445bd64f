"""Verdicts as PROV-O activities in the ``…/graph/llm`` named graph: written, read back, and
found again by cache key.

A verdict is an ``aims:Verification`` (a ``prov:Activity``) that ``aims:verifies`` one
evidence link and ``prov:used`` its passages, with the model id the server reported, the
endpoint, the prompt template's version and hash, the temperature, the model's own verdict,
the checked one, the quote with its offsets and the reason. It never changes the link's
status: a person decides.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from ontology.namespaces import AIMS, GRAPH, ORG
from ontology.query_files import load_query
from ontology.store import GraphStore, Row

LLM_GRAPH = URIRef(GRAPH + "llm")


class Verdict(BaseModel):
    """One checked verdict on one evidence link: the JSON ``aimsgraph verify --format json``
    prints, the API answers and the pages show."""

    model_config = ConfigDict(extra="forbid")

    link: str = Field(description="The evidence link's IRI.")
    link_id: str
    verdict: str = Field(description="supports, partly, does_not_support or unverifiable.")
    passage: str | None = Field(description="IRI of the passage the quote was taken from.")
    passage_number: int | None
    quote: str
    quote_verified: bool = Field(description="True only when the quote is verbatim there.")
    quote_start: int | None
    quote_end: int | None
    reason: str = Field(description="One line, machine-drafted.")
    model: str = Field(description="The model id the server reported.")
    endpoint: str
    template: str
    template_hash: str
    temperature: float
    model_verdict: str | None = Field(description="What the model said before the check.")
    key: str
    started: str
    ended: str
    cached: bool = False
    activity: str = ""
    #: The passages shown to the model (``prov:used``; not in the JSON).
    used: list[str] = Field(default_factory=list, exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def machine_drafted(self) -> bool:
        """Always true: a verdict never confirms or rejects a link, a person decides."""
        return True


def activity_iri(key: str) -> URIRef:
    return URIRef(f"{ORG}verification/{key[:32]}")


def write_verdict(store: GraphStore, verdict: Verdict) -> None:
    """Add ``verdict`` to the llm graph (one insert: all of it or nothing)."""
    node = activity_iri(verdict.key)
    verdict.activity = str(node)
    g = Graph()
    g.add((node, RDF.type, AIMS.Verification))
    g.add((node, RDF.type, PROV.Activity))
    g.add((node, AIMS.verifies, URIRef(verdict.link)))
    for passage in verdict.used:
        g.add((node, PROV.used, URIRef(passage)))
    plain: dict[URIRef, Any] = {
        AIMS.cacheKey: verdict.key,
        AIMS.verdict: verdict.verdict,
        AIMS.modelVerdict: verdict.model_verdict,
        AIMS.quote: verdict.quote,
        AIMS.quoteVerified: verdict.quote_verified,
        AIMS.quoteStart: verdict.quote_start,
        AIMS.quoteEnd: verdict.quote_end,
        AIMS.passageNumber: verdict.passage_number,
        AIMS.reason: verdict.reason,
        AIMS.llmModel: verdict.model,
        AIMS.endpoint: verdict.endpoint,
        AIMS.promptTemplate: verdict.template,
        AIMS.promptTemplateHash: verdict.template_hash,
        AIMS.temperature: Literal(str(verdict.temperature), datatype=XSD.decimal),
        PROV.startedAtTime: Literal(verdict.started, datatype=XSD.dateTime),
        PROV.endedAtTime: Literal(verdict.ended, datatype=XSD.dateTime),
    }
    for prop, value in plain.items():
        if value is not None:
            g.add((node, prop, value if isinstance(value, Literal) else Literal(value)))
    if verdict.passage:
        g.add((node, AIMS.citedPassage, URIRef(verdict.passage)))
    store.add(LLM_GRAPH, g)


def cached_verdict(store: GraphStore, key: str) -> Verdict | None:
    """The verdict recorded under ``key``, if any."""
    rows = store.select(load_query("mapping", "verdicts", key=Literal(key)))
    return _from_row(rows[0], cached=True) if rows else None


def latest_verdicts(store: GraphStore, links: list[str]) -> dict[str, Verdict]:
    """The newest verdict of each link that has one (for the queue and the link's page)."""
    out: dict[str, Verdict] = {}
    for start in range(0, len(links), 200):
        chunk = [URIRef(link) for link in links[start : start + 200]]
        for row in store.select(load_query("mapping", "verdicts", link=chunk)):
            out.setdefault(str(row["link"]), _from_row(row, cached=True))
    return out


def _from_row(row: Row, *, cached: bool) -> Verdict:
    def text(name: str) -> str | None:
        return str(row[name]) if name in row else None

    def number(name: str) -> int | None:
        return int(str(row[name])) if name in row else None

    link = str(row["link"])
    return Verdict(
        link=link,
        link_id=link.rstrip("/").rsplit("/", 1)[-1],
        verdict=str(row["verdict"]),
        passage=text("passage"),
        passage_number=number("number"),
        quote=text("quote") or "",
        quote_verified=str(row["verified"]).lower() in {"true", "1"},
        quote_start=number("start"),
        quote_end=number("end"),
        reason=text("reason") or "",
        model=str(row["model"]),
        endpoint=str(row["endpoint"]),
        template=str(row["template"]),
        template_hash=str(row["templateHash"]),
        temperature=float(str(row["temperature"])),
        model_verdict=text("modelVerdict"),
        key=str(row["key"]),
        started=str(row["started"]),
        ended=str(row["ended"]),
        cached=cached,
        activity=str(row["activity"]),
    )
