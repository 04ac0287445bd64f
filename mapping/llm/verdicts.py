"""Verdicts as PROV-O activities in the ``…/graph/llm`` named graph: written, read back, and
found again by cache key.

A verdict is an ``aims:Verification`` (a ``prov:Activity``) that ``aims:verifies`` one
evidence link and ``prov:used`` its passages, with the model id the server reported, the
endpoint, the prompt template's version and hash, the temperature, the model's own verdict,
the checked one, the quote with its offsets and the reason. It never changes the link's
status: a person decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, computed_field
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from ontology.errors import InputError
from ontology.namespaces import AIMS, GRAPH, ORG
from ontology.query_files import load_query
from ontology.store import GraphStore, Row

T = TypeVar("T")
LLM_GRAPH = URIRef(GRAPH + "llm")
#: The checked verdicts a check can end in, and what the queue filters by (``none``: links
#: never checked).
VERDICTS = ("supports", "partly", "does_not_support", "unverifiable")
#: The verdicts that doubt a suggestion, most doubtful first: the queue flags them and can
#: list them first. A doubt is a hint for a person, never a decision.
DOUBTING = ("does_not_support", "partly")
#: What a queue can be filtered to: a latest verdict, or ``none`` (never checked).
VERDICT_FILTERS = (*VERDICTS, "none")
#: The queue's orders: ``best`` (the matcher's), ``doubts`` (the model's doubts first).
QUEUE_ORDERS = ("best", "doubts")


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
    with store.declaring(()):  # no evidence link changes: the evidence index is not rebuilt
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


@dataclass(frozen=True)
class LatestVerdict:
    """A link's newest verdict in brief, as the review queue shows and filters it."""

    verdict: str
    quote_verified: bool
    model: str
    ended: str
    activity: str
    reason: str = ""

    @property
    def doubts(self) -> bool:
        """Whether the model doubts the suggestion (a checked ``does_not_support`` or
        ``partly``): shown as a machine-drafted flag, never acted on."""
        return self.verdict in DOUBTING

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"doubts": self.doubts, "machine_drafted": True}


def latest_verdict_briefs(store: GraphStore, links: list[str]) -> dict[str, LatestVerdict]:
    """Link IRI → its newest verdict in brief, for ``links`` only (bound first, 200 at a time)."""
    out: dict[str, LatestVerdict] = {}
    for start in range(0, len(links), 200):
        chunk = [URIRef(link) for link in links[start : start + 200]]
        _keep_latest(out, store.select(load_query("mapping", "verdict_latest", link=chunk)))
    return out


def verdict_labels(store: GraphStore) -> dict[str, str]:
    """Link IRI → the label of its newest verdict, for every link that has one: what the
    queue filters and counts by. Its cost grows with the verdicts, not the links: two bulk
    reads, then the end times of the links checked more than once (memoise it per revision
    of the store)."""
    checks: dict[str, list[str]] = {}
    for activity, link in store.pairs(str(AIMS.verifies)):
        checks.setdefault(link, []).append(activity)
    label_of = dict(store.pairs(str(AIMS.verdict)))
    out = {link: label_of[found[0]] for link, found in checks.items() if found[0] in label_of}
    again = sorted(link for link, found in checks.items() if len(found) > 1)
    for start in range(0, len(again), 200):
        chunk = [URIRef(link) for link in again[start : start + 200]]
        newest: dict[str, str] = {}
        for row in store.select(load_query("mapping", "verdict_labels", link=chunk)):
            newest.setdefault(str(row["link"]), str(row["verdict"]))  # the newest comes first
        out.update(newest)
    return out


def _keep_latest(out: dict[str, LatestVerdict], rows: list[Row]) -> None:
    """Keep each link's first row (the query lists the newest first)."""
    for row in rows:
        link = str(row["link"])
        if link not in out:
            out[link] = LatestVerdict(
                verdict=str(row["verdict"]),
                quote_verified=str(row["verified"]).lower() in {"true", "1"},
                model=str(row["model"]),
                ended=str(row["ended"]),
                activity=str(row["activity"]),
                reason=str(row["reason"]) if "reason" in row else "",
            )


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


def verdict_filter(value: str | None) -> str | None:
    """A queue's verdict filter as asked (None or empty: no filter); unknown: refused."""
    if not value:
        return None
    if value not in VERDICT_FILTERS:
        raise InputError(
            f"unknown verdict {value!r} to filter the queue by",
            hint="use one of " + ", ".join(VERDICT_FILTERS),
        )
    return value


def queue_order(value: str | None) -> str:
    """A queue's order as asked (None or empty: ``best``); unknown: refused."""
    if not value:
        return "best"
    if value not in QUEUE_ORDERS:
        raise InputError(f"unknown queue order {value!r}", hint="use best or doubts")
    return value


def select_by_verdict(
    items: Sequence[T],
    link_of: Callable[[T], str],
    labels: Mapping[str, str],
    verdict: str | None,
    order: str = "best",
) -> list[T]:
    """``items`` whose link's latest verdict is ``verdict`` (``none``: no verdict; None:
    all), in their order, or with the doubted first (``order="doubts"``: does not support,
    then partly, then the rest; stable, so each block keeps its order)."""
    kept = [i for i in items if verdict is None or labels.get(link_of(i), "none") == verdict]
    if order == "doubts":
        rank = {label: n for n, label in enumerate(DOUBTING)}
        kept.sort(key=lambda i: rank.get(labels.get(link_of(i), ""), len(rank)))
    return kept


def count_by_verdict(links: Iterable[str], labels: Mapping[str, str]) -> dict[str, int]:
    """How many of ``links`` have each latest verdict, and how many ``none``."""
    counts = dict.fromkeys(VERDICT_FILTERS, 0)
    for link in links:
        label = labels.get(link, "none")
        counts[label] = counts.get(label, 0) + 1
    return counts
