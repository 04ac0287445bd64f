"""How ``make test`` splits the suite between pytest-xdist workers (``-n 2 --dist
loadgroup``): the hook lives here, light to import, and tests/conftest.py takes it in."""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest

#: Test folders whose files are one unit of work together: one served site and one Chromium.
SHARED_GROUPS = {"tests/browser/": "browser"}


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to under ``make test``'s workers: its file, or its
    folder's group (:data:`SHARED_GROUPS`)."""
    path = nodeid.split("::", 1)[0]
    return next((g for prefix, g in SHARED_GROUPS.items() if path.startswith(prefix)), path)


#: Where the controller keeps each unit's seconds from the last run (pytest's cache).
CACHE_KEY = "aimsgraph/unit-seconds"
#: Seconds per unit from one whole run (``make test``, two workers), committed: the order on
#: a fresh checkout (CI) with no cache yet; a unit timed in the cache takes its cached time.
SHIPPED = Path(__file__).with_name("unit_seconds.json")
#: This process's seconds per unit (summed on the controller from the workers' reports).
_SECONDS: dict[str, float] = {}


def shipped_seconds() -> dict[str, float]:
    """:data:`SHIPPED`'s seconds by unit (none if it is missing or unreadable)."""
    try:
        data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _distributing(config: pytest.Config) -> bool:
    """On the controller of ``-n N --dist loadgroup`` (a worker has ``workerinput``)."""
    return config.getvalue("dist") == "loadgroup" and not hasattr(config, "workerinput")


def longest_first(units: dict[str, Any], seconds: dict[str, float]) -> OrderedDict[str, Any]:
    """``units`` with the longest last time first; a unit not timed yet (a new file, or
    no cache) goes first, as it may be long. Sorting is stable: ties keep their order.

    >>> list(longest_first({"a": 1, "b": 2, "c": 3}, {"a": 5.0, "b": 9.0}))
    ['c', 'b', 'a']
    """
    return OrderedDict(sorted(units.items(), key=lambda unit: -seconds.get(unit[0], math.inf)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``pytest -n N --dist loadgroup`` (``make test``), each test file is one unit of
    work for one worker, so its module fixtures are built once and its tests run in order;
    the browser files are one unit, so one worker starts Chromium and the served site.

    The units are worked out here, on the controller, from each test's file: xdist 3.8 names
    a group by appending it to ``item._nodeid``, which pytest 9 no longer reads, so
    ``xdist_group`` marks are ignored and every test would be a unit of its own (a file's
    tests spread over both workers, each building the module fixtures again).

    Units are handed out longest first by the last run's times (kept in pytest's cache), so
    no long file starts last and keeps one worker busy after the other has finished."""
    if not _distributing(config):
        return None
    from xdist.scheduler import LoadScopeScheduling

    cache = getattr(config, "cache", None)
    seconds = shipped_seconds() | (cache.get(CACHE_KEY, {}) if cache is not None else {})

    class FileUnits(LoadScopeScheduling):  # type: ignore[misc]
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node: Any) -> None:
            if not self.ordered:  # the whole queue exists from the first assignment on
                self.workqueue = longest_first(self.workqueue, seconds)  # type: ignore[has-type]
                self.ordered = True
            super()._assign_work_unit(node)

    return FileUnits(config, log)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add each phase's time to its unit (only the controller's sums are kept)."""
    unit = work_unit(report.nodeid)
    _SECONDS[unit] = _SECONDS.get(unit, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On the controller: keep this run's unit times for the next run's order."""
    cache = getattr(session.config, "cache", None)
    if _distributing(session.config) and cache is not None and _SECONDS:
        cache.set(CACHE_KEY, cache.get(CACHE_KEY, {}) | _SECONDS)
