"""The reviewing phase of :mod:`benchmarks.http_bench`: reviewers who decide, on a copy.

Each of ``clients`` reviewers (its own reviewer token and connection) loops: it reads its own
page of the review queue (``GET /api/reviews/queue``, ``offset`` = its number × the page
size, so two reviewers seldom hold the same link), confirms or rejects the first link shown
(three confirms for each reject, as the scale library's decided share) naming the version it
saw, then loads the review page the browser is sent to after a decision (``/review`` at its
position, with the decision's notice) and the dashboard. A decision refused because someone
decided the link since (409) is contention a team meets, counted apart from failures.

The caller serves a throw-away copy of the library (:func:`benchmarks.scale.library
.scratch_copy`): every decision here goes to the copy, never to the library given.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

POST = "POST /api/reviews (decision)"
QUEUE = "GET /api/reviews/queue (own page)"
PAGE_AFTER = "GET /review after a decision"
DASHBOARD_AFTER = "GET /api/dashboard after a decision"
#: The routes timed, in the order printed; the target applies to the pages after a decision.
ROUTES = (QUEUE, POST, PAGE_AFTER, DASHBOARD_AFTER)
TARGETED = (PAGE_AFTER, DASHBOARD_AFTER)
#: A reviewer's page of the queue at most (the review page's own page size).
PAGE = 50


@dataclass
class Reviewing:
    """What the reviewers met: latencies per route (seconds) and the decisions' fate."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    decided: int = 0
    stale: int = 0
    failed: int = 0
    #: Rounds whose queue page held no link to decide.
    empty: int = 0
    #: Seconds from the first reviewer's start to the last one's end.
    seconds: float = 0.0
    #: The server process's CPU seconds over the phase (None where /proc cannot tell).
    server_cpu: float | None = None
    #: Requests (of any route) that failed or got no answer within the timeout.
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def timed(self, name: str, seconds: float, status: int) -> None:
        with self.lock:
            self.timings[name].append(seconds)
            if status not in (200, 409):
                self.errors.append(f"{name}: " + (f"HTTP {status}" if status else "timed out"))


def page_size(base: str, token: str, clients: int, timeout: float) -> int:
    """Each reviewer's page: the waiting links shared out between ``clients``, at most
    :data:`PAGE` and at least one."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=timeout) as http:
        response = http.get("/api/reviews/queue", params={"limit": 1})
        waiting = int(response.headers.get("X-Total-Count", "0"))
    return max(1, min(PAGE, waiting // max(1, clients)))


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds process ``pid`` has used (Linux's /proc; else None)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Plan:
    """What every reviewer of a phase shares."""

    base: str
    clients: int
    #: Each reviewer's page of the queue (links).
    size: int
    rounds: int
    timeout: float
    #: ``time.monotonic()`` after which no reviewer starts a round.
    stop: float
    #: Seconds a reviewer reads before the next decision (0: none, the server saturated).
    think: float = 0.0


def reviewing(
    base: str,
    tokens: list[str],
    rounds: int,
    timeout: float,
    budget: float,
    pid: int = 0,
    think: float = 0.0,
) -> tuple[Reviewing, int]:
    """One reviewer per token, ``rounds`` rounds each (none starts one after ``budget``
    seconds), each round followed by ``think`` seconds of reading (the reviewers' starts
    spread over one such pause); what they met, and each one's page size. ``pid``: the
    server's process, whose CPU time over the phase is read."""
    size = page_size(base, tokens[0], len(tokens), timeout)
    cpu = cpu_seconds(pid) if pid else None
    result = Reviewing()
    plan = Plan(base, len(tokens), size, rounds, timeout, time.monotonic() + budget, think)
    threads = [
        threading.Thread(target=_reviewer, args=(plan, token, n, result))
        for n, token in enumerate(tokens)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    after = cpu_seconds(pid) if cpu is not None else None
    result.server_cpu = after - cpu if after is not None and cpu is not None else None
    return result, size


def _reviewer(plan: Plan, token: str, number: int, result: Reviewing) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    time.sleep(plan.think * number / plan.clients)
    with httpx.Client(base_url=plan.base, headers=headers, timeout=plan.timeout) as http:
        for turn in range(plan.rounds):
            if time.monotonic() >= plan.stop:
                return
            if turn:
                time.sleep(plan.think)
            decision = "reject" if (number + turn) % 4 == 3 else "confirm"
            _round(http, result, number * plan.size, plan.size, decision, plan.timeout)


def _round(
    http: httpx.Client, result: Reviewing, offset: int, size: int, decision: str, timeout: float
) -> None:
    """One link decided: the reviewer's queue page, the decision on its first link, and
    the two pages loaded right after."""
    page: dict[str, str | int] = {"offset": offset, "limit": size}
    status, body = _call(http, result, QUEUE, "GET", "/api/reviews/queue", timeout, params=page)
    items = body if status == 200 and isinstance(body, list) else []
    if not items:
        with result.lock:
            result.empty += 1
        return
    link = items[0]
    payload = {"link": link["id"], "decision": decision, "saw_version": link["version"]}
    status, _ = _call(http, result, POST, "POST", "/api/reviews", timeout, json=payload)
    with result.lock:
        if status == 200:
            result.decided += 1
        elif status == 409:
            result.stale += 1
        else:
            result.failed += 1
    notice = {"i": offset, "link": link["id"], "decided": decision}
    _call(http, result, PAGE_AFTER, "GET", "/review", timeout, notice, accept="text/html")
    _call(http, result, DASHBOARD_AFTER, "GET", "/api/dashboard", timeout)


def _call(
    http: httpx.Client,
    result: Reviewing,
    name: str,
    method: str,
    path: str,
    timeout: float,
    params: dict[str, str | int] | None = None,
    json: dict[str, object] | None = None,
    accept: str = "application/json",
) -> tuple[int, object]:
    """One timed request: its status (0: no answer within ``timeout``) and its JSON body
    (None for a page or an error)."""
    start = time.perf_counter()
    try:
        response = http.request(method, path, params=params, json=json, headers={"Accept": accept})
        status = response.status_code
    except httpx.TimeoutException:
        status = 0
    result.timed(name, min(time.perf_counter() - start, timeout), status)
    if status != 200 or accept != "application/json":
        return status, None
    return status, response.json()


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (the nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report_reviewing(
    result: Reviewing,
    clients: int,
    size: int,
    documents: int,
    timeout: float,
    target_ms: float,
    think: float = 0.0,
) -> None:
    """The phase's table: p50 / p95 / max per route, the target beside the pages after a
    decision, and what became of the decisions."""
    print(
        f"\nreviewing: {clients} concurrent reviewers deciding on a copy of the "
        f"{documents}-document library (each its own queue page of {size}; "
        + (f"{think:g} s reading between decisions)" if think else "no pause between decisions)")
    )
    print(f"  {'route':36} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  target")
    for name in ROUTES:
        values = result.timings.get(name, [])
        if not values:
            print(f"  {name:36} {0:5d}  (no request finished within the budget)")
            continue
        p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
        shown = f"{p95:9.1f}" if p95 < timeout * 1000 else f"{'>' + format(timeout, 'g') + ' s':>9}"
        verdict = ""
        if name in TARGETED:
            verdict = f"  p95 <= {target_ms:g} ms: {'met' if p95 <= target_ms else 'NOT met'}"
        print(f"  {name:36} {len(values):5d} {p50:9.1f} {shown} {max(values) * 1000:9.1f}{verdict}")
    print(
        f"  decisions: {result.decided} made, {result.stale} refused as stale (409), "
        f"{result.failed} failed; {result.empty} rounds found an empty queue page"
    )
    rate = result.decided / result.seconds if result.seconds else 0.0
    print(f"  {result.seconds:.1f} s in all: {rate:.1f} decisions per second", end="")
    rounds = result.decided + result.stale + result.failed
    if result.server_cpu is not None and rounds:
        share = result.server_cpu / result.seconds if result.seconds else 0.0
        print(
            f"; the server used {result.server_cpu:.1f} s of CPU ({share:.0%} of one core), "
            f"{result.server_cpu / rounds * 1000:.0f} ms per round"
        )
    else:
        print()
    if result.errors:
        print(f"  {len(result.errors)} requests failed or timed out, e.g. {result.errors[0]}")
