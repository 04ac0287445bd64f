"""The scale benchmark runs end to end at tiny sizes and prints a figure for every page.

Real parts: the corpus documents, the workspace's ingest with suggestions (the bundled model),
the review operation, the FastAPI app in the timing child. No time is asserted: the test
checks that each page got a figure (so the benchmark cannot rot as pages change), that the
libraries are what the record says, and the arithmetic of the growth exponent.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from benchmarks.scale.__main__ import main
from benchmarks.scale.cold import COLD_PAGES, COLD_TARGET_MS
from benchmarks.scale.corpus import library_documents, load_source, real_documents, variant_text
from benchmarks.scale.library import Library, library_dir
from benchmarks.scale.pages import Timing, pages
from benchmarks.scale.report import MAX_EXPONENT, exponent, growth

FIGURE = re.compile(r"^\d+(\.\d+)? (ms|s)$")


def test_variants_are_new_documents_with_their_own_titles(corpus_dir: Path, tmp_path: Path) -> None:
    real = real_documents(corpus_dir)
    paths = library_documents(corpus_dir, tmp_path, len(real) + 6)
    variants = paths[len(real) :]
    assert len(variants) == 6 and all(p.parent == tmp_path for p in variants)
    texts = [p.read_text(encoding="utf-8") for p in variants]
    titles = [load_source(p).title for p in variants]
    assert len(set(titles)) == 6 and all("scale variant" in t for t in titles)
    assert len(set(texts)) == 6
    sources = [load_source(p) for p in real if p.suffix == ".md"]
    assert variant_text(sources, 3) == variant_text(sources, 3)  # the same bytes every run


def test_exponent_is_the_slope_on_a_log_log_scale() -> None:
    assert exponent(10, Timing(0.1), 100, Timing(1.0)) == pytest.approx(1.0)
    assert exponent(10, Timing(0.2), 1000, Timing(0.2)) == pytest.approx(0.0)
    assert exponent(2, Timing(1.0), 8, Timing(9.0)) == pytest.approx(math.log(9) / math.log(4))
    assert exponent(10, Timing(None, note="> 30 s"), 100, Timing(1.0)) is None


def test_growth_is_judged_beside_the_answer_and_the_runs_spread() -> None:
    """A fixed-size answer may not grow past the bound; an answer ten times larger lets the
    time grow in step; a median over the bound whose runs overlap one within it is told
    apart from a clear miss."""

    def timing(median: float, size: int, *samples: float) -> Timing:
        return Timing(median, size=size, samples=samples)

    clear = growth(100, timing(0.010, 500, 0.0095, 0.0105), 1000, timing(0.020, 500, 0.019, 0.021))
    assert clear is not None and clear.answer == pytest.approx(0.0)
    assert clear.time == pytest.approx(math.log10(2)) and not clear.met
    assert not clear.within_spread  # even the kindest pair of runs grew 0.26
    step = growth(100, timing(0.010, 1_000, 0.01, 0.01), 1000, timing(0.100, 10_000, 0.1, 0.1))
    assert step is not None and step.answer == pytest.approx(1.0) and step.met
    assert step.allowed == pytest.approx(1.0 + MAX_EXPONENT)
    spread = growth(100, timing(0.010, 500, 0.008, 0.014), 1000, timing(0.017, 500, 0.015, 0.02))
    assert spread is not None and not spread.met and spread.within_spread
    one_run = growth(100, timing(0.010, 500, 0.01), 1000, timing(0.017, 500, 0.017))
    assert one_run is not None and one_run.lowest is None and not one_run.within_spread


def test_tiny_libraries_print_a_figure_for_every_page(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    argv = ["--sizes", "2,3", "--work", str(work), "--corpus", str(corpus_dir)]
    figures = tmp_path / "figures.json"
    assert main([*argv, "--repeat", "0", "--cap", "120", "--json", str(figures)]) == 0
    out = capsys.readouterr().out
    rows = {line.split("  ")[0].strip(): line for line in out.splitlines()}
    for page in pages("any"):
        assert page.name in rows, f"no row for {page.name}"
        cells = [c.strip() for c in re.split(r"\s{2,}", rows[page.name][len(page.name) :].strip())]
        assert FIGURE.match(cells[0]) and FIGURE.match(cells[1]), rows[page.name]
        float(cells[2])  # the exponent between the two sizes
        assert "met" in rows[page.name]
    for size in (2, 3):
        library = Library.load(library_dir(work, size))
        assert library is not None and library.complete and len(library.documents) == size
        assert sum(b.passages for b in library.batches) > 0
        assert f"{size} docs" in rows
    grown = Library.load(library_dir(work, 3))
    assert grown is not None and grown.confirmed + grown.rejected > 0
    data = json.loads(figures.read_text(encoding="utf-8"))
    for page in pages("any"):  # each figure with its target and verdict, as printed
        entry = data["3"][page.name]
        assert entry["target_ms"] == page.target_ms and isinstance(entry["met"], bool)
        assert entry["verdict"] in rows[page.name] and entry["exponent"] is not None
        assert entry["answer_exponent"] is not None
    _rounds_take_the_median_of_each_rounds_median(argv, tmp_path, capsys)
    # a rerun reuses both libraries: nothing is ingested again
    assert main([*argv, "--build-only"]) == 0
    assert Library.load(library_dir(work, 3)) == grown
    _cold_start_on_a_served_library(argv, tmp_path, capsys)


def _cold_start_on_a_served_library(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--cold-start only``: real ``aimsgraph serve`` processes on the 3-document library;
    each page asked for (``--pages``: the review queue alone, two starts rather than four)
    has a figure right after start and after the warm-up, the warm-up's own time was read
    from the server, and the JSON carries the same with targets."""
    figures = tmp_path / "cold.json"
    capsys.readouterr()
    cold = ["--sizes", "3", "--cold-start", "only", "--pages", "review", "--json", str(figures)]
    assert main([*argv, *cold]) == 0
    out = capsys.readouterr().out
    assert "pages (median" not in out and "cold start" in out  # no page table: cold only
    rows = {line.split("  ")[0].strip(): line for line in out.splitlines()}
    data = json.loads(figures.read_text(encoding="utf-8"))["3"]
    asked = [(name, path) for name, path in COLD_PAGES if "review" in name]
    assert len(asked) == 1 and "(median of 2 starts)" in out
    assert not any(f"3 docs: {name}" in rows for name, _ in COLD_PAGES if (name, _) not in asked)
    for name, _ in asked:
        cells = [c.strip() for c in re.split(r"\s{2,}", rows[f"3 docs: {name}"])]
        assert FIGURE.match(cells[1]) and FIGURE.match(cells[2]), cells
        assert "at start" in cells[-1] and "after warm-up" in cells[-1]
        for when in ("first after start", "first after warm-up"):
            entry = data[f"{name}, {when}"]
            assert entry["status"] == 200 and entry["size"] > 0
            assert entry["target_ms"] == COLD_TARGET_MS and isinstance(entry["met"], bool)
    assert data["warm-up"]["seconds"] is not None and data["warm-up"]["ended_at"] > 0
    assert data["server answers /api/health"]["seconds"] > 0


def _rounds_take_the_median_of_each_rounds_median(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--rounds 3``: every size timed three times in turn; a page's figure is the median
    of the three rounds' medians and its samples are every round's runs."""
    figures = tmp_path / "rounds.json"
    capsys.readouterr()
    rounds = ["--rounds", "3", "--repeat", "2", "--pages", "dashboard (API)", "--json"]
    assert main([*argv, *rounds, str(figures)]) == 0
    captured = capsys.readouterr()
    assert "with 3 rounds, the median of their medians" in captured.out
    assert "round 3 of 3" in captured.out + captured.err
    for size in ("2", "3"):
        entry = json.loads(figures.read_text(encoding="utf-8"))[size]["dashboard (API)"]
        assert len(entry["samples"]) == 6, entry  # 2 runs in each of 3 rounds
        assert min(entry["samples"]) <= entry["seconds"] <= max(entry["samples"])


def test_rounds_are_combined_by_the_median_of_their_medians() -> None:
    from benchmarks.scale.__main__ import _combined
    from benchmarks.scale.pages import Timing

    def one(seconds: float | None, *samples: float) -> dict[int, dict[str, Timing]]:
        return {10: {"page": Timing(seconds, cold=seconds, samples=samples)}}

    got = _combined([one(0.010, 0.009, 0.010), one(0.500, 0.5), one(0.012, 0.012)])[10]["page"]
    assert got.seconds == 0.012  # the disturbed round (0.5 s) does not decide the figure
    assert got.samples == (0.009, 0.010, 0.5, 0.012) and got.cold == 0.010
    over = _combined([one(0.010, 0.01), one(None)])[10]["page"]
    assert over.seconds is None  # over the cap in any round: over the cap
    with pytest.raises(SystemExit):
        main(["--rounds", "0"])
