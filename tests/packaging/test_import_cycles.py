"""No two packages import each other: imports flow one way (docs/dev/contracts.md: ``api →
shapes → mapping → ingest → ontology``), so each package can be read, tested and replaced
on its own.

Every module's imports (module-level and inside functions alike; ``TYPE_CHECKING`` ones
too, since they name the same dependency) are read with :mod:`ast` and folded onto a graph
of packages: the top-level packages, and the sub-packages within each of them
(``mapping.retrieval``, ``api.operations`` …). Two siblings that import each other fail the
test. A package and its own sub-packages may (a package's modules wire its parts).

Beyond cycles, the direction is fixed: :data:`LAYERS` places every package among its
siblings, and a package imports only siblings of a lower layer (docs/dev/contracts.md
draws the same table). A new package fails until it is placed.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ontology", "ingest", "mapping", "shapes", "api")

#: Known cycles between sibling packages, each with why it is allowed. Empty: none is.
ALLOWED: set[frozenset[str]] = set()

#: Per parent ("" for the top level), its children from the lowest layer up; a package may
#: import a sibling of a lower layer only (siblings of one layer import neither).
LAYERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "": (("ontology",), ("ingest",), ("mapping",), ("shapes",), ("api",)),
    "ontology": (("register",),),
    "ingest": (("readers",),),
    "mapping": (("retrieval",), ("evidence",), ("llm", "record")),
    "api": (("exchange",), ("operations",), ("cli", "routes", "web")),
}


def _package_of(module: str) -> str:
    """The package a dotted module belongs to: ``mapping.retrieval.index`` →
    ``mapping.retrieval``; ``shapes.report`` → ``shapes``."""
    parts = module.split(".")
    if len(parts) >= 2 and _is_package(ROOT / parts[0] / parts[1]):
        return ".".join(parts[:2])
    return parts[0]


@cache
def _is_package(folder: Path) -> bool:
    """A folder of Python modules (not a data folder such as ``ontology/reference``)."""
    return folder.is_dir() and any(p.name != "__init__.py" for p in folder.rglob("*.py"))


def _imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n.split(".")[0] in PACKAGES}


Graph = dict[str, dict[str, set[str]]]


def package_graph() -> Graph:
    """package → package it imports → the files that do, at both levels: between the
    top-level packages, and between the sub-packages of one package."""
    graph: Graph = defaultdict(lambda: defaultdict(set))
    for top in PACKAGES:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT)
            own = _package_of(".".join(relative.with_suffix("").parts))
            for name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
                source, target = own, _package_of(name)
                if source.split(".")[0] != target.split(".")[0]:  # across top-level packages
                    source, target = source.split(".")[0], target.split(".")[0]
                if target != source:
                    graph[source][target].add(str(relative))
    return graph


def _siblings(a: str, b: str) -> bool:
    """Both top-level packages, or both sub-packages of the same package."""
    if "." not in a and "." not in b:
        return True
    return "." in a and "." in b and a.split(".")[0] == b.split(".")[0]


def mutual_imports(graph: Graph) -> list[str]:
    """Each pair of sibling packages that import each other, with the files on both sides."""
    found = []
    for a, b in combinations(sorted(graph), 2):
        if b in graph[a] and a in graph[b] and _siblings(a, b):
            if frozenset((a, b)) in ALLOWED:
                continue
            there, back = sorted(graph[a][b]), sorted(graph[b][a])
            found.append(f"{a} -> {b} ({', '.join(there)}) and back ({', '.join(back)})")
    return found


def _layer(package: str) -> int | None:
    parent, _, name = package.rpartition(".")
    for rank, names in enumerate(LAYERS.get(parent, ())):
        if name in names:
            return rank
    return None


def wrong_direction(graph: Graph) -> list[str]:
    """Each import of a sibling package that is not of a lower layer, or of a package
    :data:`LAYERS` does not place, with the files that make it."""
    found = []
    for source in sorted(graph):
        for target, files in sorted(graph[source].items()):
            if not _siblings(source, target):
                continue
            here, there = _layer(source), _layer(target)
            if here is None or there is None:
                found.append(f"{source} -> {target}: place both in LAYERS")
            elif here <= there:
                found.append(f"{source} -> {target} ({', '.join(sorted(files))}): upward")
    return found


def test_the_graph_is_read() -> None:
    """The walk sees the imports it checks (a broken walk would find no cycle anywhere)."""
    graph = package_graph()
    assert "ontology" in graph["shapes"] and "ontology" in graph["mapping"]
    assert "mapping.retrieval" in graph["mapping.evidence"]
    assert "api" in graph["api.operations"]  # a sub-package may use its package's modules


def test_no_two_packages_import_each_other() -> None:
    assert mutual_imports(package_graph()) == []


def test_a_cycle_is_found() -> None:
    """The check itself: a made-up back edge between siblings is reported, a child-parent
    one is not."""
    graph = package_graph()
    graph["mapping.retrieval"]["mapping.evidence"].add("mapping/retrieval/made_up.py")
    graph["ontology"]["shapes"].add("ontology/made_up.py")
    found = mutual_imports(graph)
    assert len(found) == 2 and "made_up.py" in found[0]
    assert not any(f.startswith("api -> api.operations") for f in found)


def test_imports_flow_down_the_layers() -> None:
    assert wrong_direction(package_graph()) == []


def test_every_package_is_placed() -> None:
    """Each package with Python modules has its layer, so a new one is placed on purpose."""
    for parent in ("", *PACKAGES):
        if parent:
            names = {p.name for p in (ROOT / parent).iterdir() if _is_package(p)}
        else:
            names = set(PACKAGES)
        placed = {name for layer in LAYERS.get(parent, ()) for name in layer}
        assert names == placed, parent or "the top level"


def test_an_upward_import_is_found() -> None:
    """The check itself: a lower package importing a higher sibling is reported, whether
    the two are top-level packages or sub-packages of one."""
    graph = package_graph()
    graph["mapping.retrieval"]["mapping.record"].add("mapping/retrieval/made_up.py")
    graph["ontology"]["mapping"].add("ontology/made_up.py")
    graph["mapping.llm"]["mapping.record"].add("mapping/llm/made_up.py")  # the same layer
    found = wrong_direction(graph)
    assert len(found) == 3 and all("made_up.py" in f for f in found)
