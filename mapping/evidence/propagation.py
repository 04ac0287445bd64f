"""Confirmed evidence flows along the crosswalks (ISO/IEC 42001 ⇄ ISO/IEC 27001, EU AI Act).

A confirmed (or carried-over) link from an artefact to a requirement, and a crosswalk edge
from that requirement to one of another standard, make a new link from the same artefact:

* ``derived`` where the walked side contains the other (``equal``, ``supersetOf``) and the
  edge is curated: evidence of the larger requirement is evidence of the smaller;
* ``suggested`` over ``subsetOf`` and ``intersectsWith`` (or any candidate edge): it may be
  evidence, a reviewer decides.

Edges are stored from 42001 to the other standard; walking from the other side reverses the
relationship (``subsetOf`` ⇄ ``supersetOf``). Each new link carries ``aims:derivedFrom`` (the
source link) and ``aims:derivedVia`` (the mapping), so the path is plain SPARQL
(``queries/propagation_paths.rq``). Derived links are never sources themselves (no chains).

:func:`propagate_evidence` is idempotent and cheap enough to run after every decision:
one update request drops derived/suggested links whose derivation no longer holds (the
source was rejected, the edge changed) and adds the missing ones. Links a person decided are
never touched, and an artefact that already has a decided link to a requirement gets no
crosswalk link to it. Remote stores run the portable form of that update
(``queries/propagation_update.rq``: Virtuoso 7.2 lost links to the faster form's ``IF``), the
embedded store the faster one (``propagation_update_embedded.rq``); both make the same links.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ontology.query_files import load_query
from ontology.store import EmbeddedStore, GraphStore


class DerivationPath(BaseModel):
    """One crosswalk-made link and the path it follows (a requirement's ``derived`` list in
    every face)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    link_id: str
    status: str
    artefact: str
    title: str | None
    requirement: str
    notation: str | None
    source_link: str
    source_requirement: str
    source_notation: str | None
    mapping: str
    relationship: str


def propagate_evidence(
    store: GraphStore,
    *,
    artefacts: Iterable[str] | None = None,
    now: datetime | None = None,
) -> None:
    """Bring the crosswalk-made links in line with the confirmed evidence (one update).

    With ``artefacts`` (IRIs) only those artefacts' links are redone: a decision, a
    retarget or a carry-over changes the derivations of its own artefact only.
    """
    stamp = Literal((now or datetime.now(UTC)).isoformat(timespec="seconds"), datatype=XSD.dateTime)
    scope: list[URIRef] | None = None
    if artefacts is not None:
        scope = [URIRef(a) for a in sorted(set(artefacts))]
        if not scope:
            return
    embedded = isinstance(store, EmbeddedStore)
    store.update(_propagation_update(stamp, scope, embedded=embedded))


def _propagation_update(stamp: Literal, scope: list[URIRef] | None, *, embedded: bool) -> str:
    """The propagation update: the embedded store's faster form, or the portable one every
    remote engine runs alike (``queries/propagation_update.rq`` says what differs and why)."""
    name = "propagation_update_embedded" if embedded else "propagation_update"
    return load_query("mapping", name, now=stamp, artefact=scope)


def derivation_paths(
    store: GraphStore,
    requirement: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    links: Iterable[str] | None = None,
) -> list[DerivationPath]:
    """Every crosswalk-made link (or those onto ``requirement``, an IRI) with its source
    link, mapping and relationship; ``limit`` of them from ``offset``. ``links`` (IRIs), when
    given, are the only links looked at: a caller that knows which links came by a crosswalk
    (the evidence index does) names them, so the cost follows them, not every link of the
    requirement; the answer is the same as long as they include every such link.

    Give ``links`` with a ``requirement`` (as aimsgraph's only caller, the requirement page,
    does): with several links and no requirement, Virtuoso 7.2 answers the rows with the
    requirement unbound (``?to`` left ``UNDEF`` while ``?link`` has several values)."""
    to = URIRef(requirement) if requirement else None
    chosen = _chosen(links)
    if chosen == []:
        return []
    query = load_query(
        "mapping", "propagation_paths", to=to, link=chosen, limit=limit, offset=offset or None
    )
    paths: list[DerivationPath] = []
    for row in store.select(query):
        paths.append(
            DerivationPath(
                link_id=str(row["id"]),
                status=_local(row["status"]),
                artefact=str(row["artefact"]),
                title=str(row["title"]) if "title" in row else None,
                requirement=str(row["to"]),
                notation=str(row["toNotation"]) if "toNotation" in row else None,
                source_link=str(row["source"]),
                source_requirement=str(row["from"]),
                source_notation=str(row["fromNotation"]) if "fromNotation" in row else None,
                mapping=str(row["mapping"]),
                relationship=_local(row["relationship"]),
            )
        )
    return paths


def count_derivation_paths(
    store: GraphStore, requirement: str | None = None, *, links: Iterable[str] | None = None
) -> int:
    """How many crosswalk-made links there are (onto ``requirement``, an IRI, when given);
    ``links`` as for :func:`derivation_paths`."""
    to = URIRef(requirement) if requirement else None
    chosen = _chosen(links)
    if chosen == []:
        return 0
    rows = store.select(load_query("mapping", "propagation_path_count", to=to, link=chosen))
    return int(str(rows[0]["paths"])) if rows else 0


def _chosen(links: Iterable[str] | None) -> list[URIRef] | None:
    """The ``?link`` binding: None (any link), or each named link once (a link named twice
    would be counted twice)."""
    return None if links is None else [URIRef(link) for link in sorted(set(links))]


def _local(term: Any) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
