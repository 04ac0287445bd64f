"""`make test` runs on pytest-xdist workers with ``--dist loadgroup``: each test file must be
one unit of work, run whole and in its order on one worker, and the longest units of the
last run go first (tests/xdist_units.py). Run here on a small generated suite with two real
workers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
TESTS_PER_FILE = 6
FILES = {"alpha": 0.0, "beta": 0.0, "gamma": 0.2}  # seconds each test of the file sleeps


def _file(log: Path, name: str, sleep: float) -> str:
    """A test file whose tests each append ``<file> <test> <worker>`` to ``log``."""
    lines = ["import os", "import time", ""]
    for i in range(TESTS_PER_FILE):
        lines += [
            f"def test_{i}():",
            f"    time.sleep({sleep})",
            f"    with open({str(log)!r}, 'a') as out:",
            f"        out.write('{name} {i} ' + os.environ.get('PYTEST_XDIST_WORKER', '-') + '\\n')",
            "",
        ]
    return "\n".join(lines)


def _run(pytester: pytest.Pytester, log: Path) -> list[list[str]]:
    log.unlink(missing_ok=True)
    quiet = [f"-pno:{name}" for name in ("schemathesis", "hypothesispytest")]
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "loadgroup", *quiet)
    result.assert_outcomes(passed=len(FILES) * TESTS_PER_FILE)
    return [line.split() for line in log.read_text().splitlines()]


def test_each_file_runs_whole_and_in_order_on_one_worker_longest_first(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = pytester.path / "ran.txt"
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    monkeypatch.setenv("PYTHONPATH", path)
    hooks = "pytest_runtest_logreport, pytest_sessionfinish, pytest_xdist_make_scheduler"
    pytester.makeconftest(f"from tests.xdist_units import {hooks}  # noqa: F401")
    pytester.makepyfile(**{f"test_{name}": _file(log, name, s) for name, s in FILES.items()})
    runs = _run(pytester, log)
    assert {worker for _, _, worker in runs} == {"gw0", "gw1"}, "both workers had work"
    for name in FILES:
        mine = [(int(test), worker) for file, test, worker in runs if file == name]
        assert [test for test, _ in mine] == list(range(TESTS_PER_FILE)), f"{name} in order"
        assert len({worker for _, worker in mine}) == 1, f"{name} split over workers: {mine}"
    # the next run starts with the file that took longest (the cache of the first run)
    first = {worker: file for file, _, worker in reversed(_run(pytester, log))}
    assert "gamma" in first.values(), f"the longest file started first on a worker: {first}"


def test_the_shipped_order_names_units_that_exist() -> None:
    """A fresh checkout (CI) has no cache: the committed seconds order the units. Each names
    a test file or a group of tests/xdist_units.py, so a renamed file is seen here."""
    from tests.xdist_units import SHARED_GROUPS, shipped_seconds

    seconds = shipped_seconds()
    assert len(seconds) > 50 and all(s >= 0 for s in seconds.values())
    unknown = [u for u in seconds if u not in SHARED_GROUPS.values() and not (ROOT / u).is_file()]
    assert not unknown, f"tests/unit_seconds.json names no such test file: {unknown}"
