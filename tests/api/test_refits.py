"""The background refit: decisions never wait for it, bursts give one run, failures are
logged and do not stop later runs (real threads)."""

from __future__ import annotations

import threading
import time

import pytest

from api.refits import BackgroundRefit


def test_a_burst_of_requests_gives_one_run_and_request_never_blocks() -> None:
    runs: list[float] = []
    release = threading.Event()

    def run() -> None:
        release.wait(5)
        runs.append(time.monotonic())

    refit = BackgroundRefit(run, delay_s=0.05)
    for _ in range(20):
        refit.request()  # each returns although the run below is held
    assert not refit.wait(0.2)  # the run is held
    release.set()
    assert refit.wait(5)
    assert len(runs) == 1


def test_a_request_during_a_run_gives_one_more_run() -> None:
    runs: list[int] = []
    inside = threading.Event()
    release = threading.Event()

    def run() -> None:
        runs.append(len(runs))
        inside.set()
        release.wait(5)

    refit = BackgroundRefit(run, delay_s=0.01)
    refit.request()
    assert inside.wait(5)
    refit.request()
    refit.request()
    release.set()
    assert refit.wait(5)
    assert runs == [0, 1]


def test_a_failing_refit_is_logged_and_the_next_one_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []

    def run() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")

    refit = BackgroundRefit(run, delay_s=0.01)
    refit.request()
    assert refit.wait(5)
    assert "refit of the ranking" in caplog.text and "disk full" in caplog.text
    refit.request()
    assert refit.wait(5)
    assert len(calls) == 2


def test_finish_runs_the_pending_refit_without_the_pause() -> None:
    """A CLI command ends with finish: its decisions' refit runs at once, and only once."""
    runs: list[int] = []
    refit = BackgroundRefit(lambda: runs.append(1), delay_s=600)
    refit.request()
    refit.request()
    assert refit.finish(30)  # would wait out the 600 s pause without finish
    assert runs == [1]
    assert refit.finish(1)  # nothing pending: returns at once
