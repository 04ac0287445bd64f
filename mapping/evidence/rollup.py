"""Group clauses: evidence stays on the specific requirement, and rolls up to its groups.

A *group* is a requirement that some other requirement is narrower than (``skos:broader``):
a top-level clause (``6``), a clause with sub-clauses (``6.1``), an Annex A control objective
(``A.6``, ``A.6.2``). Suggestions are written for the specific requirements only; this module
says which groups are evidenced through their children.

The rule: a group is **evidenced** when *every* child that counts is evidenced, and
**partly** evidenced when at least one is. A child that is itself a group counts as
evidenced when it has evidence of its own or is evidenced through all of its children. Which
children count is the caller's *scope* (the gap report counts the requirements it has in
scope; a document's suggestions count every child); a group none of whose children count is
not rolled up.

:func:`load_hierarchy` reads the hierarchy from the store; :func:`roll_up_groups` and
:meth:`Hierarchy.ancestors` are pure functions of it:

>>> h = Hierarchy.from_edges({"6": ["6.1", "6.2"], "6.1": ["6.1.1", "6.1.2"]})
>>> [(g.notation, g.status, g.rolled_up_from, g.missing)
...  for g in roll_up_groups(h, {"6.1.1", "6.2"})]
[('6', 'partly', ('6.1.1', '6.2'), ('6.1.2',)), ('6.1', 'partly', ('6.1.1',), ('6.1.2',))]
>>> [g.status for g in roll_up_groups(h, {"6.1.1", "6.1.2", "6.2"})]
['evidenced', 'evidenced']
>>> h.ancestors("6.1.2")
['6.1', '6']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from rdflib import URIRef

from ontology.query_files import load_query
from ontology.store import GraphStore

Status = Literal["evidenced", "partly", "none"]


@dataclass(frozen=True)
class Hierarchy:
    """Requirements (IRIs) with their notation, printed order and narrower requirements."""

    children: Mapping[str, tuple[str, ...]]
    notations: Mapping[str, str] = field(default_factory=dict)
    order: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_edges(
        cls,
        children: Mapping[str, Iterable[str]],
        notations: Mapping[str, str] | None = None,
        order: Mapping[str, int] | None = None,
    ) -> Hierarchy:
        """A hierarchy from ``group -> children``; without ``order``, in the given order."""
        names = dict(notations or {})
        ranks = dict(order or {})
        for group, kids in children.items():
            for node in (group, *kids):
                ranks.setdefault(node, len(ranks))
        key = lambda node: (ranks.get(node, len(ranks)), names.get(node, node))  # noqa: E731
        edges = {group: tuple(sorted(kids, key=key)) for group, kids in children.items()}
        return cls(children=edges, notations=names, order=ranks)

    def notation(self, requirement: str) -> str:
        return self.notations.get(requirement, requirement.rsplit("/", 1)[-1])

    def is_group(self, requirement: str) -> bool:
        return bool(self.children.get(requirement))

    def groups(self) -> list[str]:
        """Every group, in printed order."""
        return sorted(self.children, key=self._key)

    def ancestors(self, requirement: str) -> list[str]:
        """The groups above ``requirement``, nearest first."""
        out: list[str] = []
        node = requirement
        while node in self._parents and self._parents[node] not in out:
            node = self._parents[node]
            out.append(node)
        return out

    @cached_property
    def _parents(self) -> dict[str, str]:
        return {kid: group for group, kids in self.children.items() for kid in kids}

    def _key(self, node: str) -> tuple[int, str]:
        return (self.order.get(node, len(self.order)), self.notation(node))


@dataclass(frozen=True)
class GroupRollup:
    """One group and how its children evidence it (notations of specific requirements)."""

    group: str
    notation: str
    status: Status
    #: The requirements under the group whose own evidence counts towards it.
    rolled_up_from: tuple[str, ...]
    #: The specific requirements under the group that count and are not evidenced.
    missing: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "notation": self.notation,
            "status": self.status,
            "rolled_up_from": list(self.rolled_up_from),
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class _Node:
    """A requirement as its parent sees it, and (for a group) what lies below it."""

    evidenced: bool
    counted: bool
    sources: tuple[str, ...]
    missing: tuple[str, ...]
    flags: tuple[bool, ...] = ()
    below: tuple[str, ...] = ()
    below_missing: tuple[str, ...] = ()


def roll_up_groups(
    hierarchy: Hierarchy,
    evidenced: Collection[str],
    scope: Collection[str] | None = None,
    only: Collection[str] | None = None,
) -> list[GroupRollup]:
    """Every group with children that count (those in ``scope``, or all when ``scope`` is
    None), in printed order: evidenced when all of them are, partly when some are. ``only``
    (when given) limits the answer to those groups, and the work to what lies below them."""
    memo: dict[str, _Node] = {}

    def visit(node: str, path: frozenset[str]) -> _Node:
        if node not in memo:
            kids = [
                visit(k, path | {node}) for k in hierarchy.children.get(node, ()) if k not in path
            ]
            memo[node] = _combine(
                hierarchy.notation(node), node in evidenced, kids, scope is None or node in scope
            )
        return memo[node]

    out = []
    for group in hierarchy.groups():
        if only is not None and group not in only:
            continue
        node = visit(group, frozenset())
        if node.flags:
            status: Status = "evidenced" if all(node.flags) else "partly" if node.below else "none"
            out.append(
                GroupRollup(
                    group, hierarchy.notation(group), status, node.below, node.below_missing
                )
            )
    return out


def _combine(name: str, own: bool, kids: list[_Node], in_scope: bool) -> _Node:
    """One requirement from its own evidence and its children's."""
    counted = [k for k in kids if k.counted]
    if not counted:
        return _Node(own, in_scope, (name,) if own else (), () if own else (name,))
    flags = tuple(k.evidenced for k in counted)
    below = _join(k.sources for k in counted)
    below_missing = _join(k.missing for k in counted if not k.evidenced)
    done = own or all(flags)
    return _Node(
        evidenced=done,
        counted=True,
        sources=((name,) if own else ()) + below,
        missing=() if done else below_missing,
        flags=flags,
        below=below,
        below_missing=below_missing,
    )


def _join(parts: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for part in parts for item in part))


def load_hierarchy(store: GraphStore, standards: Collection[str] | None = None) -> Hierarchy:
    """The requirement hierarchy of ``standards`` (notations, e.g. ``iso42001``; all when None)."""
    query = load_query(
        "mapping", "requirement_hierarchy", standard=sorted(standards) if standards else None
    )
    children: dict[str, list[str]] = defaultdict(list)
    notations: dict[str, str] = {}
    order: dict[str, int] = {}
    for row in store.select(query):
        iri = str(row["requirement"])
        notations[iri] = str(row["notation"])
        if "order" in row:
            order[iri] = int(str(row["order"]))
        if "broader" in row:
            children[str(row["broader"])].append(iri)
    return Hierarchy.from_edges(children, notations, order)


def document_evidence(store: GraphStore, artefacts: Collection[str]) -> dict[str, set[str]]:
    """Artefact IRI → the requirements it has a link to that is not rejected."""
    out: dict[str, set[str]] = defaultdict(set)
    ordered = sorted(artefacts)
    for start in range(0, len(ordered), 200):
        chunk = [URIRef(iri) for iri in ordered[start : start + 200]]
        query = load_query("mapping", "document_requirements", artefact=chunk)
        for row in store.select(query):
            out[str(row["artefact"])].add(str(row["requirement"]))
    return out


def groups_of_links(store: GraphStore, links: Sequence[tuple[str, str]]) -> list[list[GroupRollup]]:
    """For each (artefact, requirement) link: the requirement itself when it is a group, then
    the groups above it (nearest first), each rolled up over all the artefact's links that
    are not rejected; groups none of whose children the artefact evidences are left out."""
    if not links:
        return []
    hierarchy = load_hierarchy(store)
    evidence = document_evidence(store, {artefact for artefact, _ in links})
    chains = {link: [link[1], *hierarchy.ancestors(link[1])] for link in set(links)}
    wanted: dict[str, set[str]] = defaultdict(set)
    for (artefact, _), chain in chains.items():
        wanted[artefact].update(chain)
    by_artefact = {
        artefact: {
            g.group: g
            for g in roll_up_groups(hierarchy, found, only=wanted[artefact])
            if g.status != "none"
        }
        for artefact, found in evidence.items()
    }
    out = []
    for link in links:
        rolled = by_artefact.get(link[0], {})
        out.append([rolled[g] for g in chains[link] if g in rolled])
    return out
