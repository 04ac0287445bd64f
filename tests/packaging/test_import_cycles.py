"""No two packages import each other: imports flow one way (docs/dev and DESIGN: ``api →
(ingest, mapping, shapes) → ontology``), so each package can be read, tested and replaced
on its own.

Every module's imports (module-level and inside functions alike; ``TYPE_CHECKING`` ones
too, since they name the same dependency) are read with :mod:`ast` and folded onto a graph
of packages: the top-level packages, and the sub-packages within each of them
(``mapping.retrieval``, ``api.operations`` …). Two siblings that import each other fail the
test. A package and its own sub-packages may (a package's modules wire its parts).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ontology", "ingest", "mapping", "shapes", "api")

#: Known cycles between sibling packages, each with why it is allowed. Empty: none is.
ALLOWED: set[frozenset[str]] = set()


def _package_of(module: str) -> str:
    """The package a dotted module belongs to: ``mapping.retrieval.index`` →
    ``mapping.retrieval``; ``shapes.report`` → ``shapes``."""
    parts = module.split(".")
    if len(parts) >= 2 and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return parts[0]


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
