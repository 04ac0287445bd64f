"""The printed tables: page times per size with growth exponents and targets, and ingest."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.scale.cold import COLD_TARGET_MS, ColdStart, as_json, verdict
from benchmarks.scale.library import Library
from benchmarks.scale.pages import Page, Timing

TARGET_SIZE = 1000
MAX_EXPONENT = 0.2


def _ms(timing: Timing | None) -> str:
    if timing is None:
        return "-"
    if timing.seconds is None:
        return timing.note or "failed"
    if timing.status != 200:
        return f"HTTP {timing.status}"
    ms = timing.seconds * 1000
    return f"{ms:.1f} ms" if ms < 1000 else f"{timing.seconds:.2f} s"


def exponent(n1: int, t1: Timing | None, n2: int, t2: Timing | None) -> float | None:
    """log(t2/t1)/log(n2/n1): 0 when the time does not grow with the library, 1 when it
    grows in proportion."""
    if t1 is None or t2 is None or t1.seconds is None or t2.seconds is None or n2 == n1:
        return None
    return math.log(max(t2.seconds, 1e-6) / max(t1.seconds, 1e-6)) / math.log(n2 / n1)


@dataclass(frozen=True)
class Growth:
    """How a page's time grew between two sizes, beside how its answer grew.

    ``time`` is the exponent of the median times; ``answer`` that of the answer's size in
    bytes (0 for a fixed-size answer such as a page of 50 rows or a dashboard's counts);
    ``lowest`` the smallest exponent the runs allow (the fastest run at the larger size
    against the slowest at the smaller), None with fewer than two runs per size; ``reads``,
    for an aggregate over the evidence links (:data:`~benchmarks.scale.pages.AGGREGATES`),
    the exponent of the number of links it counts, else None.

    A listing's cost may grow with what it returns, not with the store: met when the time's
    exponent is at most :data:`MAX_EXPONENT` above the answer's. An aggregate's cost may
    grow with the links it counts as well: at most :data:`MAX_EXPONENT` above theirs."""

    time: float
    answer: float
    lowest: float | None = None
    reads: float | None = None

    @property
    def allowed(self) -> float:
        return MAX_EXPONENT + max(0.0, self.answer, self.reads or 0.0)

    @property
    def met(self) -> bool:
        return self.time <= self.allowed

    @property
    def within_spread(self) -> bool:
        """Not met on the medians, but the runs' spread allows a growth that would be."""
        return not self.met and self.lowest is not None and self.lowest <= self.allowed


def growth(n1: int, t1: Timing | None, n2: int, t2: Timing | None) -> Growth | None:
    """The :class:`Growth` from size ``n1`` to ``n2`` (None where either was not timed)."""
    time_exp = exponent(n1, t1, n2, t2)
    if time_exp is None or t1 is None or t2 is None:
        return None
    scale = math.log(n2 / n1)
    answer = math.log(max(t2.size, 1) / max(t1.size, 1)) / scale
    lowest = None
    if len(t1.samples) > 1 and len(t2.samples) > 1:
        lowest = math.log(max(min(t2.samples), 1e-6) / max(max(t1.samples), 1e-6)) / scale
    reads = math.log(t2.reads / t1.reads) / scale if t1.reads > 0 and t2.reads > 0 else None
    return Growth(time_exp, answer, lowest, reads)


def _growths(sizes: Sequence[int], row: dict[int, Timing]) -> list[Growth | None]:
    return [growth(a, row.get(a), b, row.get(b)) for a, b in zip(sizes, sizes[1:], strict=False)]


def _verdict(page: Page, sizes: Sequence[int], row: dict[int, Timing]) -> str:
    largest = max((n for n in sizes if n in row), default=None)
    if largest is None:
        return "not measured"
    timing = row[largest]
    at = "" if largest >= TARGET_SIZE else f" (judged at {largest})"
    if timing.seconds is None or timing.status != 200:
        return "NOT met" + at
    time_ok = timing.seconds * 1000 <= page.target_ms
    known = [g for g in _growths(sizes, row) if g is not None]
    parts = ["time met" if time_ok else "time NOT met"]
    if known:
        if all(g.met for g in known):
            grew = any(g.answer > 0.05 for g in known)
            counted = any((g.reads or 0) > max(g.answer, 0.05) for g in known)
            parts.append(
                "growth met (with the links it counts)"
                if counted
                else "growth met (with its answer)"
                if grew
                else "growth met"
            )
        elif all(g.met or g.within_spread for g in known):
            parts.append("growth NOT met (within the runs' spread)")
        else:
            parts.append("growth NOT met")
    return ", ".join(parts) + at


def figures(
    pages: Sequence[Page],
    sizes: Sequence[int],
    timings: dict[int, dict[str, Timing]],
    cold: dict[int, ColdStart],
) -> dict[str, dict[str, dict[str, object]]]:
    """The figures for ``--json``: size → page → its timing (``seconds``, ``cold``,
    ``status``, ``size``, ``note``) with the target (``target_ms``, ``max_exponent``), the
    exponent from the size before, the verdict and ``met``; then the cold-start entries."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for n, before in zip(sizes, [None, *sizes[:-1]], strict=True):
        out[str(n)] = {}
        for page in pages:
            if page.name not in timings.get(n, {}):
                continue
            row = {m: timings[m][page.name] for m in sizes if page.name in timings.get(m, {})}
            said = _verdict(page, sizes, row)
            grown = None if before is None else growth(before, row.get(before), n, row[n])
            out[str(n)][page.name] = {
                **vars(row[n]),
                "target_ms": page.target_ms,
                "max_exponent": MAX_EXPONENT,
                "exponent": None if grown is None else grown.time,
                "answer_exponent": None if grown is None else grown.answer,
                "lowest_exponent": None if grown is None else grown.lowest,
                "reads_exponent": None if grown is None else grown.reads,
                "aggregate_of": page.counts or None,
                "verdict": said,
                "met": "NOT" not in said and said != "not measured",
            }
        out[str(n)].update(as_json(cold[n]) if n in cold else {})
    return out


def _cold(timing: Timing | None) -> str:
    """The first read in a fresh server process (index built, reports worked out): what the
    first reader after a restart, or after a write for the kept reports, waits."""
    if timing is None or timing.cold is None:
        return "-"
    return _ms(Timing(seconds=timing.cold, status=timing.status))


def page_table(
    pages: Sequence[Page], sizes: Sequence[int], timings: dict[int, dict[str, Timing]]
) -> str:
    """One row per page: the median warm time at each size, the exponents of the time and of
    the answer's size, the first (cold) read at the largest size, the target, met or not (on
    the warm median; see :class:`Growth`)."""
    pairs = list(zip(sizes, sizes[1:], strict=False))
    head = [
        "page",
        *(f"{n} docs" for n in sizes),
        *(f"exp {a}->{b}" for a, b in pairs),
        *(f"answer exp {a}->{b}" for a, b in pairs),
        f"cold at {sizes[-1]}",
        "target",
        "verdict",
    ]
    rows = [head]
    notes = []
    for page in pages:
        row = {n: timings[n][page.name] for n in sizes if page.name in timings.get(n, {})}
        grown = _growths(sizes, row)
        growing = f"{_COUNTED[page.counts]}'" if page.counts else "answer's"
        target = f"<= {page.target_ms:g} ms at {TARGET_SIZE}, exp <= {growing} + {MAX_EXPONENT}"
        if page.counts:
            notes.append(_aggregate_note(page, sizes, row))
        rows.append(
            [
                page.name,
                *(_ms(row.get(n)) for n in sizes),
                *("-" if g is None else f"{g.time:.2f}" for g in grown),
                *("-" if g is None else f"{g.answer:.2f}" for g in grown),
                _cold(row.get(sizes[-1])),
                target,
                _verdict(page, sizes, row),
            ]
        )
    return _render(rows) + "".join("\n" + note for note in notes)


#: What an aggregate counts, as the target column says it.
_COUNTED = {"links": "links", "confirmed": "confirmed links"}


def _aggregate_note(page: Page, sizes: Sequence[int], row: dict[int, Timing]) -> str:
    """The line under the table saying why a page is judged as an aggregate, with the counts."""
    counted = " / ".join(f"{row[n].reads:,}" if n in row else "-" for n in sizes)
    where = " / ".join(str(n) for n in sizes)
    return (
        f"{page.name}: an aggregate over the evidence links (it counts {_COUNTED[page.counts]}: "
        f"{counted} at {where} documents); no query counts them without reading each, so its "
        "growth is judged against theirs (exp <= theirs + "
        f"{MAX_EXPONENT}); its time target is unchanged"
    )


def cold_table(results: dict[int, ColdStart]) -> str:
    """Per library and page: the first request right after start and after the warm-up, the
    target and whether each met it; then when the server listened and the warm-up ended."""
    rows = [["page", "first after start", "first after warm-up", "target", "verdict"]]
    notes = []
    for size, result in results.items():
        at = "" if size >= TARGET_SIZE else f" (judged at {size})"
        for name in result.at_start:
            first, warm = result.at_start.get(name), result.after_warm_up.get(name)
            said = [
                f"{when} {'met' if met else 'NOT met' if met is not None else 'not measured'}"
                for when, met in (("at start", verdict(first)), ("after warm-up", verdict(warm)))
            ]
            target = f"<= {COLD_TARGET_MS:g} ms at {TARGET_SIZE}"
            rows.append(
                [f"{size} docs: {name}", _ms(first), _ms(warm), target, ", ".join(said) + at]
            )
        warm_up = "did not finish" if result.warm_up is None else f"took {result.warm_up:.1f} s"
        ended = "" if result.warm_at is None else f", ended {result.warm_at:.1f} s after the start"
        listening = "-" if result.listening is None else f"{result.listening:.1f} s"
        notes.append(
            f"{size} docs: /api/health answered {listening} after the start (median of "
            f"{len(result.at_start) + 1} starts); the warm-up {warm_up}{ended}; "
            f"the kept copy served {result.kept_starts} of {len(result.at_start)} restarts"
            f" (the first start: {'from it' if result.kept_first else 'built from the graph'})"
            + (f" ({result.note})" if result.note else "")
        )
    return _render(rows) + "\n" + "\n".join(notes)


def ingest_table(libraries: Sequence[Library], real_count: int) -> str:
    """Per library: documents, passages, ingest time (suggestions and reviews' share included)."""
    rows = [
        [
            "library",
            "documents",
            "passages",
            "ingest s",
            "docs/s",
            "passages/s",
            "last batch passages/s",
            "confirmed",
            "rejected",
        ]
    ]
    for lib in libraries:
        docs = sum(b.documents for b in lib.batches)
        passages = sum(b.passages for b in lib.batches)
        seconds = sum(b.seconds for b in lib.batches) or 1e-9
        last = lib.batches[-1] if lib.batches else None
        rows.append(
            [
                f"{lib.size} docs",
                str(docs),
                str(passages),
                f"{seconds:.1f}",
                f"{docs / seconds:.2f}",
                f"{passages / seconds:.1f}",
                f"{last.passages / last.seconds:.1f}" if last and last.seconds else "-",
                str(lib.confirmed),
                str(lib.rejected),
            ]
        )
    note = (
        f"(documents past the {real_count} real ones are variants whose passage texts repeat, "
        "so their embeddings come from the cache: those rates are optimistic)"
    )
    return _render(rows) + "\n" + note


def _render(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) if i < len(widths) - 2 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
