"""The workspace's docstring names, for every user action, the one method that does it and
the module it lives in: every public operation is in its table, with its true module."""

from __future__ import annotations

import inspect
import re

from api.operations.state import WorkspaceBase
from api.workspace import Workspace


def _operations() -> dict[str, str]:
    """Every public method the mixins add to the workspace → its module's short name."""
    found: dict[str, str] = {}
    for name in dir(Workspace):
        if name.startswith("_") or hasattr(WorkspaceBase, name):
            continue
        owner = next(c for c in Workspace.__mro__ if name in c.__dict__)
        if inspect.isfunction(owner.__dict__[name]):  # not a cached part such as matchers
            found[name] = owner.__module__.rsplit(".", 1)[-1]
    return found


def _table() -> dict[str, str]:
    """The docstring's table: method → module (a row's continuation lines, with no module of
    their own, name more methods of the row's module)."""
    rows: dict[str, str] = {}
    module = ""
    module_doc = inspect.getmodule(Workspace).__doc__ or ""  # type: ignore[union-attr]
    lines = module_doc.splitlines()
    borders = [n for n, line in enumerate(lines) if line.startswith("=====")]
    for line in lines[borders[1] + 1 : borders[-1]]:
        module = line[73:].strip() or module
        rows |= dict.fromkeys(re.findall(r"``(\w+)``", line[47:73]), module)
    return rows


def test_every_operation_is_in_the_table_with_its_module() -> None:
    operations, table = _operations(), _table()
    assert len(operations) > 50  # the mixins are composed
    missing = sorted(set(operations) - set(table))
    assert not missing, f"operations missing from api/workspace.py's table: {missing}"
    wrong = {n: (table[n], m) for n, m in operations.items() if table[n] != m}
    assert not wrong, f"table names the wrong module (table, actual): {wrong}"
    stale = sorted(set(table) - set(operations))
    assert not stale, f"the table names methods the workspace lacks: {stale}"
