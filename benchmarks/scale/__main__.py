"""``python -m benchmarks.scale``: build (or reuse) the libraries, time the pages, print."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.scale.cold import COLD_PAGES, ColdStart, cold_start
from benchmarks.scale.corpus import real_documents
from benchmarks.scale.library import Library, build, say, scratch_copy
from benchmarks.scale.pages import Timing, pages, time_library
from benchmarks.scale.report import cold_table, figures, ingest_table, page_table

ROOT = Path(__file__).resolve().parents[2]
#: The document whose page and suggestions are timed (the same one at every size).
TIMED_DOCUMENT = "au-nema-ai-transparency-statement"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of at least 1")
    return value


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise SystemExit(
            f"--sizes {text!r}: give whole numbers separated by commas, e.g. 10,100"
        ) from None
    if not sizes or sizes[0] < 1:
        raise SystemExit(f"--sizes {text!r}: every size must be at least 1")
    return sizes


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes("10,100,1000"),
        help="library sizes (documents), comma-separated",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("scale-work"),
        help="folder of built libraries, reused when present",
    )
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs per page after a first (cold) one; the median is printed",
    )
    parser.add_argument(
        "--rounds",
        type=_positive,
        default=1,
        help="time every size this many times, in turn (10, 100, 1,000, then again); each "
        "page's figure is the median of its rounds' medians, so a round disturbed by "
        "something else on the machine does not decide a size's figure",
    )
    parser.add_argument(
        "--cap",
        type=float,
        default=30.0,
        help="seconds a page may take before it is cut off (and skipped at larger sizes)",
    )
    parser.add_argument(
        "--batch", type=int, default=25, help="documents per ingest call while building"
    )
    parser.add_argument(
        "--share", type=float, default=0.1, help="share of links decided (3 confirmed : 1 rejected)"
    )
    parser.add_argument(
        "--pages",
        default="",
        help="only pages whose name contains one of these comma-separated words (the cold start too)",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the libraries, time nothing"
    )
    parser.add_argument(
        "--cold-start",
        nargs="?",
        const="also",
        choices=["also", "only"],
        help="also (or, with 'only', just) time the first review page, dashboard and SoA of a "
        "freshly started `aimsgraph serve`, right after start and after its warm-up",
    )
    parser.add_argument(
        "--cold-timeout",
        type=float,
        default=300.0,
        help="seconds the cold start may wait for the server, its warm-up or one page",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus folder at {args.corpus}; name it with --corpus")
    if not 0 <= args.share <= 1:
        raise SystemExit(f"--share {args.share} is not between 0 and 1")
    return args


def timed_document(library: Library, corpus: Path) -> str:
    names = [p.stem for p in real_documents(corpus)]
    if TIMED_DOCUMENT in names and names.index(TIMED_DOCUMENT) < len(library.documents):
        return library.documents[names.index(TIMED_DOCUMENT)]
    return library.documents[0]


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    words = [w.strip().lower() for w in args.pages.split(",") if w.strip()]
    page_list = pages("DOCUMENT")
    page_list = [p for p in page_list if not words or any(w in p.name.lower() for w in words)]
    cold_pages = [p for p in COLD_PAGES if not words or any(w in p[0].lower() for w in words)]
    if args.cold_start == "only":
        page_list = []
    libraries: list[Library] = []
    cold: dict[int, ColdStart] = {}
    rounds: list[dict[int, dict[str, Timing]]] = [{} for _ in range(args.rounds)]
    for size in args.sizes:
        start = time.perf_counter()
        say(f"library of {size} documents: building or reusing under {args.work}")
        library = build(args.work, args.corpus, size, args.batch, args.share)
        libraries.append(library)
        say(f"  ready in {time.perf_counter() - start:.1f} s")
        if args.build_only:
            continue
        if page_list:
            found = _time_pages(args, library, [p.name for p in page_list], rounds[0])
            rounds[0][size] = found
        if args.cold_start:
            say("  cold start: serving it, first pages right after start and after warm-up")
            cold[size] = cold_start(library.data_dir, library.token, args.cold_timeout, cold_pages)
    for n, later in enumerate(rounds[1:], start=2):
        for library in libraries if page_list and not args.build_only else []:
            say(f"round {n} of {args.rounds}: library of {library.size} documents")
            later[library.size] = _time_pages(args, library, [p.name for p in page_list], later)
    timings = _combined(rounds)
    print(f"\ningest (workspace ingest with suggestions, {args.share:.0%} of links decided):")
    print(ingest_table(libraries, len(real_documents(args.corpus))))
    if not args.build_only and page_list:
        runs = f"median of {args.repeat} warm runs" + (
            f"; with {args.rounds} rounds, the median of their medians" if args.rounds > 1 else ""
        )
        print(f"\npages ({runs} via the FastAPI app, viewer token; cap {args.cap:g} s):")
        print(page_table(page_list, args.sizes, timings))
    if cold:
        print("\ncold start (`aimsgraph serve`, uvicorn on loopback; each page's first request):")
        print(cold_table(cold))
    if args.json:
        data = figures(page_list, args.sizes, timings, cold)
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


def _combined(rounds: list[dict[int, dict[str, Timing]]]) -> dict[int, dict[str, Timing]]:
    """Each page's timing at each size over the rounds: the median of the rounds' medians
    (over the cap in any round: over the cap), every round's warm runs as its samples, the
    first round's cold read."""
    if len(rounds) == 1:
        return rounds[0]
    out: dict[int, dict[str, Timing]] = {}
    for size, first in rounds[0].items():
        out[size] = {}
        for name, timing in first.items():
            found = [r[size][name] for r in rounds if name in r.get(size, {})]
            seconds = [t.seconds for t in found]
            out[size][name] = replace(
                found[-1],
                seconds=None if None in seconds else statistics.median(seconds),  # type: ignore[type-var]
                cold=timing.cold,
                samples=tuple(v for t in found for v in t.samples),
            )
    return out


def _time_pages(
    args: argparse.Namespace,
    library: Library,
    names: list[str],
    earlier: dict[int, dict[str, Timing]],
) -> dict[str, Timing]:
    """Time ``names`` on ``library``, skipping pages that were over the cap at a smaller
    size (``earlier``: the sizes timed so far)."""
    over_cap = {
        name: size
        for size, found in sorted(earlier.items(), reverse=True)
        for name, timing in found.items()
        if timing.seconds is None and not timing.note.startswith("skipped")
    }
    say(f"  timing {len(names) - len(over_cap)} pages")
    document = timed_document(library, args.corpus)
    todo = [name for name in names if name not in over_cap]
    # on a copy: the pages after a decision confirm and undo, and each undo is kept in the
    # link's history, so timing the library itself would make every later run time a
    # library with a longer record than the one built (the review page shows that record)
    with scratch_copy(library.data_dir) as copy:
        found = time_library(copy, library.token, document, todo, args.repeat, args.cap)
    for name, smaller in over_cap.items():
        found[name] = Timing(None, note=f"skipped (> {args.cap:g} s at {smaller})")
    return found


if __name__ == "__main__":
    sys.exit(main())
