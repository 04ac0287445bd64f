"""HTTP benchmark: reviewers under load on a real library (reading, then deciding), read
latency, and the upload-to-suggestions time for a 30-page PDF.

    .venv/bin/python -m benchmarks.http_bench [--documents 100] [--work scale-work]
        [--clients 20] [--requests 10] [--seconds 30] [--pages 30] [--no-upload]
        [--no-review] [--think 0]

Phases 1 to 3 run on one throw-away copy of the scale benchmark's library of
``--documents`` documents (built under ``--work`` by :mod:`benchmarks.scale`, or built now;
copied by :func:`benchmarks.scale.library.scratch_copy`, removed at the end), served with
``aimsgraph serve`` (uvicorn, its own process, a free loopback port). The library itself is
never served or written: the reviewers' tokens and their decisions go to the copy. The read
phases (1, 2) run on the copy before any decision is made.

1. Reviewers: the server's background warm-up is awaited first (figures are for a running
   server; ``python -m benchmarks.scale --cold-start`` times the first pages after a start),
   then ``--clients`` reviewers, each with its own connection and a reviewer token, open the
   dashboard and the review queue (pages and API) ``--requests`` times each; prints p50 /
   p95 / max per route beside the target (p95 <= 500 ms). A request over ``--timeout``
   counts as over it.
2. Load: on the same server, the clients cycle through the common reads and ``/sparql`` (a
   crosswalk query) for ``--seconds``; prints p50 / p95 / max per route and the throughput.
3. Reviewing (unless ``--no-review``): the same number of reviewers, each with its own
   token, decide for ``--requests`` rounds (:mod:`benchmarks.http_reviewing`): read their
   own page of the queue, confirm or reject its first link (3 : 1) naming the version seen,
   then load the review page and the dashboard right after the decision, and read for
   ``--think`` seconds (default 0: back to back, the server saturated; a reviewer who reads
   a link for 10 s is ``--think 10``). Prints p50 / p95 / max for the decision, the queue
   page and the dashboard after it (target p95 <= 500 ms for these two), the decisions
   made, refused as stale (409: someone decided the link first, real contention) and
   failed, decisions per second and the server's CPU time over the phase.
4. Upload (unless ``--no-upload``): in a fresh data directory (reference graph, the sample
   policies of ``api/demo_docs``), generates a ``--pages``-page policy PDF (reportlab),
   uploads it and polls its job until the suggestions are written; prints the time per stage
   and end to end.

Figures only; nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

from benchmarks.http_reviewing import percentile as _percentile
from benchmarks.http_reviewing import report_reviewing, reviewing
from benchmarks.scale.server import Served, served

ROOT = Path(__file__).resolve().parent.parent
SPARQL = """PREFIX aims: <https://w3id.org/aimsgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation ?other ?rel WHERE {
  ?m a aims:Mapping ; aims:mappingSource ?s ; aims:mappingTarget ?t ; aims:relationship ?rel .
  ?s skos:notation ?notation . ?t skos:notation ?other .
} ORDER BY ?notation LIMIT 200"""
READS = {
    "GET /api/requirements": ("/api/requirements", {}),
    "GET /api/requirements/A.6.2.4": ("/api/requirements/A.6.2.4", {}),
    "GET /api/documents": ("/api/documents", {}),
    "GET /api/suggestions": ("/api/suggestions", {"status": "suggested"}),
    "GET /api/crosswalk/A.6.2.4": ("/api/crosswalk/A.6.2.4", {}),
    "GET /sparql (crosswalk)": ("/sparql", {"query": SPARQL}),
}
#: What a reviewer opens, again and again: the dashboard and the review queue (path, Accept).
REVIEWER_ROUTES = {
    "GET / (dashboard page)": ("/", "text/html"),
    "GET /api/dashboard": ("/api/dashboard", "application/json"),
    "GET /review (queue page)": ("/review", "text/html"),
    "GET /api/reviews/queue": ("/api/reviews/queue", "application/json"),
}
P95_TARGET_MS = 500.0


def prepare(data_dir: Path) -> dict[str, str]:
    """Reference, sample documents with suggestions, and tokens, in ``data_dir``."""
    from api.auth import TokenStore
    from api.demo import prepare as prepare_demo
    from api.settings import Settings
    from api.workspace import Workspace

    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        prepare_demo(ws, None)
    tokens = TokenStore.for_data_dir(data_dir)
    return {role: tokens.create(f"bench {role}", role)[1] for role in ("viewer", "reviewer")}


def load(
    base: str, token: str, clients: int, seconds: float, timeout: float = 60.0
) -> dict[str, list[float]]:
    """Latencies in seconds per route from ``clients`` threads over ``seconds``."""
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    routes = list(READS.items())

    def client(offset: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=timeout) as http:
            i = offset
            while time.monotonic() < stop:
                name, (path, params) = routes[i % len(routes)]
                start = time.perf_counter()
                try:
                    status = http.get(path, params=params).status_code
                except httpx.TimeoutException:
                    status = 0
                elapsed = time.perf_counter() - start
                with lock:
                    timings[name].append(elapsed)
                    if status != 200:
                        errors.append(f"{name}: " + (f"HTTP {status}" if status else "timed out"))
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  {len(errors)} non-200 answers, e.g. {errors[0]}")
    return timings


def reviewers(
    base: str, token: str, clients: int, requests: int, timeout: float, budget: float
) -> tuple[dict[str, list[float]], int]:
    """``clients`` reviewers each open the dashboard and the queue ``requests`` times in
    turn (none starts a request after ``budget`` seconds); latencies per route, and how many
    requests got no answer within ``timeout`` (counted at ``timeout``)."""
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + budget
    routes = list(REVIEWER_ROUTES.items())

    def reviewer(offset: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=timeout) as http:
            for i in range(requests):
                if time.monotonic() >= stop:
                    return
                name, (path, accept) = routes[(offset + i) % len(routes)]
                start = time.perf_counter()
                try:
                    status = http.get(path, headers={"Accept": accept}).status_code
                except httpx.TimeoutException:
                    status = 0
                elapsed = min(time.perf_counter() - start, timeout)
                with lock:
                    timings[name].append(elapsed)
                    if status != 200:
                        failures.append(name if status else f"{name} (timed out)")

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        print(f"  {len(failures)} requests failed or timed out, e.g. {failures[0]}")
    return timings, sum(1 for f in failures if f.endswith("(timed out)"))


def report_reviewers(
    timings: dict[str, list[float]], clients: int, documents: int, timeout: float
) -> None:
    print(
        f"\nreviewers: {clients} concurrent reviewers, dashboard and review queue, "
        f"{documents}-document library"
    )
    print(f"  {'route':28} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  target")
    for name in REVIEWER_ROUTES:
        values = timings.get(name, [])
        if not values:
            print(f"  {name:28} {0:5d}  (no request finished within the budget)")
            continue
        p50, p95 = _percentile(values, 0.5) * 1000, _percentile(values, 0.95) * 1000
        shown = f"{p95:9.1f}" if p95 < timeout * 1000 else f"{'>' + format(timeout, 'g') + ' s':>9}"
        verdict = "met" if p95 <= P95_TARGET_MS else "NOT met"
        print(
            f"  {name:28} {len(values):5d} {p50:9.1f} {shown} {max(values) * 1000:9.1f}"
            f"  p95 <= {P95_TARGET_MS:g} ms: {verdict}"
        )


def report_load(timings: dict[str, list[float]], seconds: float, clients: int) -> None:
    total = sum(len(v) for v in timings.values())
    print(
        f"\nload: {clients} concurrent clients for {seconds:g} s, {total} requests, {total / seconds:.1f} req/s"
    )
    print(f"  {'route':34} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for name in READS:
        values = timings.get(name, [])
        if values:
            p50, p95 = _percentile(values, 0.5) * 1000, _percentile(values, 0.95) * 1000
            print(f"  {name:34} {len(values):6d} {p50:9.1f} {p95:9.1f} {max(values) * 1000:9.1f}")
    every = [v for values in timings.values() for v in values]
    print(
        f"  {'all reads':34} {len(every):6d} {statistics.median(every) * 1000:9.1f} {_percentile(every, 0.95) * 1000:9.1f}"
    )


def policy_pdf(pages: int, variant: str = "") -> bytes:
    """A ``pages``-page policy PDF: numbered sections of the sample policies' paragraphs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    paragraphs = []
    for path in sorted((ROOT / "api" / "demo_docs").glob("*.md")):
        body = path.read_text().split("---", 2)[-1]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip() and not p.startswith("#")]
    styles = getSampleStyleSheet()
    story = []
    for page in range(pages):
        story.append(
            Paragraph(
                f"{page + 1} Section {page + 1} of the AI management policy", styles["Heading1"]
            )
        )
        for k in range(4):
            story.append(
                Paragraph(paragraphs[(page * 4 + k) % len(paragraphs)], styles["BodyText"])
            )
        story.append(PageBreak())
    out = io.BytesIO()
    title = f"AI Management Policy (benchmark{variant})"
    SimpleDocTemplate(out, pagesize=A4, title=title).build(story)
    return out.getvalue()


def upload(base: str, token: str, pages: int, label: str) -> None:
    data = policy_pdf(pages, label)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=600) as http:
        start = time.perf_counter()
        response = http.post(
            "/api/documents", files={"file": ("policy.pdf", data, "application/pdf")}
        )
        accepted = time.perf_counter() - start
        job_id = response.json()["id"]
        stages: dict[str, float] = {}
        while True:
            job = http.get(f"/api/jobs/{job_id}").json()
            stages.setdefault(job["stage"], time.perf_counter() - start)
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        total = time.perf_counter() - start
    print(f"\nupload ({label}): one {pages}-page PDF ({len(data) / 1024:.0f} KiB)")
    print(f"  accepted (streamed, sniffed, queued) {accepted:.2f} s")
    for stage, at in stages.items():
        print(f"  stage {stage!r} first seen at {at:.2f} s")
    result = job.get("result") or job.get("error")
    print(f"  upload to suggestions ready: {total:.2f} s  ({job['status']}: {result})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.http_bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--documents", type=int, default=100, help="size of the scale library served (documents)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("scale-work"),
        help="folder of the scale benchmark's libraries (reused; built there if missing)",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=ROOT.parent / "shared" / "corpus",
        help="corpus to build the library from, if it must be built",
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent reviewers / clients")
    parser.add_argument(
        "--requests", type=int, default=10, help="requests (reviewing: rounds) per reviewer"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds of reviewer load")
    parser.add_argument(
        "--seconds", type=float, default=30.0, help="seconds of read load (0: none)"
    )
    parser.add_argument("--pages", type=int, default=30, help="pages of the uploaded PDF")
    parser.add_argument("--no-upload", action="store_true", help="skip the upload timing")
    parser.add_argument(
        "--no-review", action="store_true", help="skip the reviewing phase (reviewers deciding)"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each deciding reviewer reads before its next decision (0: back to back)",
    )
    args = parser.parse_args(argv)
    if args.think < 0:
        parser.error(f"--think {args.think:g}: give the seconds of reading, 0 or more")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    library_load(args)
    if not args.no_upload:
        upload_timing(args.pages)


def library_load(args: argparse.Namespace) -> None:
    """On a throw-away copy of the scale library served by uvicorn: the reviewers who read,
    the common reads, then (unless ``--no-review``) the reviewers who decide. The library
    itself is never opened for writing; the copy goes when the server has stopped."""
    from benchmarks.scale.library import build, scratch_copy

    start = time.perf_counter()
    library = build(args.work, args.corpus, args.documents, batch=25, share=0.1)
    print(f"{args.documents}-document library ready in {time.perf_counter() - start:.1f} s")
    with scratch_copy(library.data_dir, prefix="http-bench-") as copy:
        tokens = _reviewer_tokens(copy, max(1, args.clients))
        with served(copy) as server:
            _warm(server, tokens[0], args.timeout)
            base, token = server.base, tokens[0]
            timings, _ = reviewers(
                base, token, args.clients, args.requests, args.timeout, args.budget
            )
            report_reviewers(timings, args.clients, args.documents, args.timeout)
            if args.seconds > 0:
                timings = load(base, token, args.clients, args.seconds, args.timeout)
                report_load(timings, args.seconds, args.clients)
            if not args.no_review:
                pid, think = server.process.pid, args.think
                decided, size = reviewing(
                    base, tokens, args.requests, args.timeout, args.budget, pid, think
                )
                report_reviewing(
                    decided, len(tokens), size, args.documents, args.timeout, P95_TARGET_MS, think
                )


def _reviewer_tokens(data_dir: Path, count: int) -> list[str]:
    """``count`` reviewer tokens, one per reviewer, in ``data_dir`` (the copy)."""
    from api.auth import TokenStore

    store = TokenStore.for_data_dir(data_dir)
    return [
        store.create(f"http bench reviewer {n + 1} of {os.getpid()}", "reviewer")[1]
        for n in range(count)
    ]


def _warm(server: Served, token: str, timeout: float) -> None:
    """Wait for the server's warm-up, then time each reviewer route's first request."""
    if not server.wait_warm(max(timeout, 300.0)):
        print(f"  the warm-up did not finish: {server.warm_failed or 'no word of it'}")
    print(
        f"  /api/health answered {server.listening or 0:.1f} s after the start; "
        f"warm-up {server.warm_up if server.warm_up is not None else '?'} s"
    )
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.base, headers=headers, timeout=timeout) as http:
        for name, (path, accept) in REVIEWER_ROUTES.items():  # first calls compile, cache
            begin = time.perf_counter()
            try:
                http.get(path, headers={"Accept": accept})
                print(f"  first {name}: {time.perf_counter() - begin:.2f} s")
            except httpx.TimeoutException:
                print(f"  first {name}: no answer within {timeout:g} s")


def upload_timing(pages: int) -> None:
    """A ``pages``-page PDF uploaded twice to a fresh data directory (model cold, then warm)."""
    with tempfile.TemporaryDirectory(prefix="aimsgraph-http-bench-") as folder:
        data_dir = Path(folder)
        start = time.perf_counter()
        tokens = prepare(data_dir)
        print(f"\nprepared the upload data directory in {time.perf_counter() - start:.1f} s")
        with served(data_dir) as server:
            # cold: the first upload after the start; warm: the next one
            upload(server.base, tokens["reviewer"], pages, "cold")
            upload(server.base, tokens["reviewer"], pages, "warm")


if __name__ == "__main__":
    main()
