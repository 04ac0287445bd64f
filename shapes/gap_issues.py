"""The gap report's issues: artefacts without an owner or review date, decisions without a
reviewer or time (the completeness shapes' results on them, in words)."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from ontology.query_files import load_query
from ontology.store import GraphStore
from shapes.report import Issue, ShapeResult


def artefact_names(store: GraphStore, results: list[ShapeResult]) -> dict[str, tuple[str, str]]:
    """Id and title of the artefacts the owner shape names."""
    artefacts = sorted({r.focus for r in results if r.shape == "ArtefactOwnerShape"})
    names: dict[str, tuple[str, str]] = {}
    if artefacts:
        terms: list[Node] = [URIRef(a) for a in artefacts]
        for row in store.select(load_query("shapes", "completeness_titles", artefact=terms)):
            ident = str(row.get("id", str(row["artefact"]).rsplit("/", 1)[-1]))
            names[str(row["artefact"])] = (ident, str(row.get("title", ident)))
    return names


def issues_of(names: dict[str, tuple[str, str]], results: list[ShapeResult]) -> list[Issue]:
    """Artefacts without owner or review date, decisions without reviewer or time."""
    issues: dict[tuple[str, str], Issue] = {}
    for r in results:
        if r.shape == "ArtefactOwnerShape":
            doc, title = names.get(r.focus, (r.focus.rsplit("/", 1)[-1],) * 2)
            owner = bool(r.path and r.path.endswith("owner"))
            what = "owner" if owner else "review date"
            issues[(doc, what)] = Issue(
                kind="artefact",
                id=doc,
                title=title,
                reason=f"no {what}",
                code="no_owner" if owner else "no_review_date",
            )
        elif r.shape == "DecisionAttributionShape":
            reviewer = r.path == str(PROV.wasAssociatedWith)
            what = "reviewer" if reviewer else "time"
            ident = r.focus.rsplit("/", 1)[-1]
            issues[(ident, what)] = Issue(
                kind="decision",
                id=ident,
                title=r.focus,
                reason=f"names no {what}",
                code="no_reviewer" if reviewer else "no_time",
            )
    return list(issues.values())
