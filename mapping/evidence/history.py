"""The record of review decisions, read: a link's trail of decisions (oldest first), many
links' trails in one query, and links whose status drifted from their latest decision.
The decisions themselves are written by :mod:`mapping.evidence.review`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib.term import Node

from mapping.evidence.links import link_id_of, link_iri
from mapping.evidence.review import get_link
from ontology.query_files import load_query
from ontology.store import GraphStore


def _local(term: Any) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value.strip():
            seen.setdefault(value.strip(), None)
    return list(seen)


def decision_history(store: GraphStore, link: str) -> list[dict[str, Any]]:
    """Every decision on a link, oldest first, as plain values (the audit trail).

    Decisions are kept forever: the trail of a link whose document was deleted is still
    read from the audit graph (:class:`NotFoundError` only when there is none at all).
    """
    link_id = link_id_of(link)
    rows = store.select(load_query("mapping", "review_decisions", link=link_iri(link_id)))
    if not rows:
        get_link(store, link_id)  # an unknown link raises; a known, undecided one has no trail
    return _entries(rows)


def decision_histories(store: GraphStore, links: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The trails of many links in one query, by link id (links without decisions left out)."""
    iris: list[Node] = [link_iri(link_id_of(link)) for link in _unique(links)]
    if not iris:
        return {}
    query = load_query("mapping", "review_decisions_of_links", link=iris)
    rows = store.select(query)
    by_link: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_link.setdefault(_local(row["link"]), []).append(dict(row))
    return {link: _entries(trail) for link, trail in by_link.items()}


def _entries(rows: Iterable[Any]) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        if str(row["decision"]) in seen:  # a reviewer node with two labels gives two rows
            continue
        seen.add(str(row["decision"]))
        history.append(
            {
                "decision": _local(row["decision"]),
                "type": _local(row["type"]),
                "reviewer": str(row.get("reviewerName", row.get("reviewer", ""))),
                "time": str(row["time"]),
                "saw_status": _local(row["sawStatus"]) if "sawStatus" in row else None,
                "saw_version": int(row["sawVersion"]),
                "status": _local(row["status"]) if "status" in row else None,
                "comment": str(row["comment"]) if "comment" in row else None,
                "retarget_to": str(row["retargetTo"]) if "retargetTo" in row else None,
                "generated": str(row["generated"]) if "generated" in row else None,
            }
        )
    return history


def status_drift(store: GraphStore) -> list[dict[str, str]]:
    """Links whose status differs from what their latest decision set (should be none)."""
    rows = store.select(load_query("mapping", "review_status_drift"))
    return [
        {"link": str(r["link"]), "status": _local(r["status"]), "decided": _local(r["decided"])}
        for r in rows
    ]
