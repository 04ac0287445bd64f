"""How ``make test`` splits the suite between pytest-xdist workers (``-n 2 --dist
loadgroup``): the hook lives here, light to import, and tests/conftest.py takes it in."""

from __future__ import annotations

from typing import Any

import pytest

#: Test folders whose files are one unit of work together: one served site and one Chromium.
SHARED_GROUPS = {"tests/browser/": "browser"}


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to under ``make test``'s workers: its file, or its
    folder's group (:data:`SHARED_GROUPS`)."""
    path = nodeid.split("::", 1)[0]
    return next((g for prefix, g in SHARED_GROUPS.items() if path.startswith(prefix)), path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``pytest -n N --dist loadgroup`` (``make test``), each test file is one unit of
    work for one worker, so its module fixtures are built once and its tests run in order;
    the browser files are one unit, so one worker starts Chromium and the served site.

    The units are worked out here, on the controller, from each test's file: xdist 3.8 names
    a group by appending it to ``item._nodeid``, which pytest 9 no longer reads, so
    ``xdist_group`` marks are ignored and every test would be a unit of its own (a file's
    tests spread over both workers, each building the module fixtures again)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileUnits(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return FileUnits(config, log)
