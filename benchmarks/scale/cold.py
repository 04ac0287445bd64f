"""Cold start: the first review page, dashboard and SoA of a freshly started server.

After a restart the first reads pay for what the warm-up (:mod:`api.warmup`) builds in the
background: the evidence index, the gap report behind the dashboard, the SoA. This times a
real ``aimsgraph serve`` (:mod:`benchmarks.scale.server`) on a library, twice over:

* **after the warm-up**: a fresh server, each page asked for once (its first request in that
  process) after the warm-up logged that it finished; stopping, it keeps its state on disk
  (:mod:`api.kept`), as a server that ran for a while does;
* **right after start**: then, for each page, a fresh server (a restart), the page asked for
  as soon as ``/api/health`` answers (a user arriving right after a restart; the request
  waits for the warm-up's work, or does it).

Also counted: how many starts began from the kept copy (a stale or missing one is rebuilt
from the graph, which the first start does where no earlier run kept anything).

Also recorded: how long the server took to answer ``/api/health`` and how long the warm-up
ran. Each page is fetched as the HTML page with the library's viewer token.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.scale.pages import Timing
from benchmarks.scale.server import served

#: The pages a user opens first, with the target every page has (ms, at 1,000 documents).
COLD_PAGES = (("review queue (page)", "/review"), ("dashboard (page)", "/"), ("SoA (page)", "/soa"))
COLD_TARGET_MS = 300.0
AT_START = "first after start"
AFTER_WARM_UP = "first after warm-up"


@dataclass
class ColdStart:
    """One library's cold-start figures (``Timing.seconds`` None: no answer in time)."""

    at_start: dict[str, Timing] = field(default_factory=dict)
    after_warm_up: dict[str, Timing] = field(default_factory=dict)
    #: Seconds from starting the process to the first ``/api/health`` answer (median).
    listening: float | None = None
    #: The warm-up's duration as it logged it, and when it ended (seconds from the start).
    warm_up: float | None = None
    warm_at: float | None = None
    note: str = ""
    #: Whether the first start (the one waiting for the warm-up) began from a kept copy,
    #: and how many of the starts right after it did (api/kept.py).
    kept_first: bool = False
    kept_starts: int = 0


def _fetch(base: str, token: str, path: str, timeout: float) -> Timing:
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/html"}
    with httpx.Client(headers=headers, timeout=timeout) as client:  # made outside the timing
        start = time.perf_counter()
        try:
            response = client.get(base + path)
        except httpx.TimeoutException:
            return Timing(None, note=f"> {timeout:g} s")
    return Timing(
        time.perf_counter() - start, status=response.status_code, size=len(response.content)
    )


def cold_start(
    data_dir: Path,
    token: str,
    timeout: float,
    pages: Sequence[tuple[str, str]] = COLD_PAGES,
) -> ColdStart:
    """Start ``serve`` on ``data_dir`` once per page of ``pages`` (name, path), then once
    more for the warm-up's end; ``timeout``: seconds for starting, for the warm-up and for
    each request."""
    result = ColdStart()
    listening = []
    try:
        with served(data_dir, timeout) as server:
            listening.append(server.listening or 0.0)
            if not server.wait_warm(timeout):
                result.note = server.warm_failed or f"no end of the warm-up within {timeout:g} s"
            result.warm_up, result.warm_at = server.warm_up, server.warm_at
            result.kept_first = server.kept
            for name, path in pages:
                result.after_warm_up[name] = _fetch(server.base, token, path, timeout)
        for name, path in pages:  # each a restart of a server that ran (and kept) before
            with served(data_dir, timeout) as server:
                result.at_start[name] = _fetch(server.base, token, path, timeout)
                listening.append(server.listening or 0.0)
                server.read_lines()
                result.kept_starts += server.kept
    except RuntimeError as error:  # the server did not start: say so, time nothing more
        result.note = str(error)
    result.listening = sorted(listening)[len(listening) // 2] if listening else None
    return result


def verdict(timing: Timing | None, target_ms: float = COLD_TARGET_MS) -> bool | None:
    """Whether a first read met the target (None: not measured)."""
    if timing is None:
        return None
    return (
        timing.seconds is not None and timing.status == 200 and timing.seconds * 1000 <= target_ms
    )


def as_json(result: ColdStart) -> dict[str, dict[str, object]]:
    """Entries for the benchmark's JSON, named like its pages, each with target and verdict."""
    out: dict[str, dict[str, object]] = {}
    for when, timings in ((AT_START, result.at_start), (AFTER_WARM_UP, result.after_warm_up)):
        for name, timing in timings.items():
            met = verdict(timing)
            out[f"{name}, {when}"] = {**vars(timing), "target_ms": COLD_TARGET_MS, "met": met}
    out["server answers /api/health"] = {"seconds": result.listening, "note": ""}
    out["kept copy"] = {"first start": result.kept_first, "restarts": result.kept_starts}
    out["warm-up"] = {"seconds": result.warm_up, "ended_at": result.warm_at, "note": result.note}
    return out
