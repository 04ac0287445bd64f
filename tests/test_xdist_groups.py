"""`make test` runs on pytest-xdist workers with ``--dist loadgroup``: each test file must be
one unit of work, run on one worker in its order (tests/conftest.py marks the groups). Run
here on a small generated suite with two real workers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["pytester"]

TESTS_PER_FILE = 6


def _file(log: Path, name: str) -> str:
    """A test file whose tests each append ``<file> <test> <worker>`` to ``log``."""
    lines = ["import os", ""]
    for i in range(TESTS_PER_FILE):
        lines += [
            f"def test_{i}():",
            f"    with open({str(log)!r}, 'a') as out:",
            f"        out.write('{name} {i} ' + os.environ.get('PYTEST_XDIST_WORKER', '-') + '\\n')",
            "",
        ]
    return "\n".join(lines)


def test_each_file_runs_whole_and_in_order_on_one_worker(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = pytester.path / "ran.txt"
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    monkeypatch.setenv("PYTHONPATH", path)
    pytester.makeconftest("from tests.xdist_units import pytest_xdist_make_scheduler  # noqa: F401")
    pytester.makepyfile(**{f"test_{name}": _file(log, name) for name in ("alpha", "beta", "gamma")})
    quiet = [f"-pno:{name}" for name in ("cacheprovider", "schemathesis", "hypothesispytest")]
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "loadgroup", *quiet)
    result.assert_outcomes(passed=3 * TESTS_PER_FILE)
    runs = [line.split() for line in log.read_text().splitlines()]
    assert {worker for _, _, worker in runs} == {"gw0", "gw1"}, "both workers had work"
    for name in ("alpha", "beta", "gamma"):
        mine = [(int(test), worker) for file, test, worker in runs if file == name]
        assert [test for test, _ in mine] == list(range(TESTS_PER_FILE)), f"{name} in order"
        assert len({worker for _, worker in mine}) == 1, f"{name} split over workers: {mine}"
