"""Every third-party module the runtime packages import is a declared runtime dependency.

A plain ``pip install .`` (no extras) must start: a module imported by ontology/, ingest/,
mapping/, shapes/ or api/ that only a dev extra provides fails on a user's machine while
``make test`` (which installs ``.[dev]``) hides it. CI proves the plain install end to end
(``.ci/run``); this test names the offending import in seconds.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_PACKAGES = ("ontology", "ingest", "mapping", "shapes", "api")


def _imported_top_levels() -> dict[str, str]:
    """Top-level module name -> first file importing it, over the runtime packages."""
    found: dict[str, str] = {}
    for package in RUNTIME_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        _normalise(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    }


def test_every_runtime_import_is_a_declared_dependency() -> None:
    declared = _declared()
    providers = packages_distributions()
    missing = []
    for module, where in sorted(_imported_top_levels().items()):
        if (
            module in sys.stdlib_module_names
            or module in RUNTIME_PACKAGES
            or module == "__future__"
        ):
            continue
        dists = {_normalise(d) for d in providers.get(module, [])}
        if not dists:
            missing.append(f"{module} (imported in {where}) is not installed at all")
        elif not dists & declared:
            missing.append(
                f"{module} (imported in {where}) comes from {sorted(dists)}, not in dependencies"
            )
    assert not missing, "add these to pyproject.toml [project] dependencies:\n" + "\n".join(missing)


FACES = {"api.cli": "api/cli", "api.routes": "api/routes", "api.web": "api/web"}


def test_no_face_imports_another_face() -> None:
    """CLI, HTTP routes and pages each call the workspace's operations, never each other."""
    crossings = []
    for face, folder in FACES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                modules = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                for module in modules:
                    other = next((f for f in FACES if module.startswith(f) and f != face), None)
                    if other:
                        crossings.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not crossings, "faces must call api.operations instead:\n" + "\n".join(crossings)
