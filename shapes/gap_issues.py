"""The gap report's issues: artefacts without an owner or review date, decisions without a
reviewer or time (the completeness shapes' results on them, in words)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from ontology.query_files import load_query
from ontology.store import GraphStore
from shapes.report import Issue, ShapeResult

#: The shapes whose results are issues (the others are gaps).
ISSUE_SHAPES = frozenset({"ArtefactOwnerShape", "DecisionAttributionShape"})


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


@dataclass(frozen=True)
class KeptIssues:
    """A report's issues with what they were made from: the artefacts' names and the issue
    shapes' results. A decision seldom changes either (its own attribution is all it adds),
    so the report brought up to date after it takes these issues over, already worded."""

    names: dict[str, tuple[str, str]]
    results: tuple[ShapeResult, ...]
    issues: list[Issue]


def kept_issues(
    names: dict[str, tuple[str, str]], results: list[ShapeResult], kept: KeptIssues | None
) -> KeptIssues:
    """The issues of ``names`` and ``results``: ``kept`` when made from the same, else made
    again (:func:`issues_of`). Read the issues, never change them: reports share them."""
    mine = tuple(r for r in results if r.shape in ISSUE_SHAPES)
    if kept is not None and kept.names is names and kept.results == mine:
        return kept
    return KeptIssues(names, mine, issues_of(names, list(mine)))
