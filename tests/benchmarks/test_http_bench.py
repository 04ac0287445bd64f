"""benchmarks.http_bench serves a copy of a scale library and lets reviewers read, then
decide; the library it was given is left byte for byte as it was.

Real parts: the corpus documents, the workspace's ingest with suggestions (the bundled model),
``aimsgraph serve`` under uvicorn on loopback, httpx clients. No time is asserted: the test
checks that every route got a figure, that decisions were made (each round's outcome counted
once) and that no file of the library changed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from benchmarks.http_bench import REVIEWER_ROUTES, main
from benchmarks.http_reviewing import ROUTES, TARGETED
from benchmarks.scale.library import build

DECISIONS = re.compile(
    r"decisions: (\d+) made, (\d+) refused as stale \(409\), (\d+) failed; "
    r"(\d+) rounds found an empty queue page"
)


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by its relative path, with the digest of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _row(out: str, name: str) -> list[str]:
    """The cells after ``name`` in its row of a table (cells are two or more spaces apart)."""
    [cells] = [
        c for c in (re.split(r"\s{2,}", ln.strip()) for ln in out.splitlines()) if c[0] == name
    ]
    return " ".join(cells[1:]).split()


def test_reviewers_decide_on_a_copy_and_leave_the_library_as_it_was(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    library = build(work, corpus_dir, 2, batch=25, share=0.1)
    before = _files(library.data_dir)
    clients, rounds = 3, 2
    argv = ["--documents", "2", "--work", str(work), "--corpus", str(corpus_dir)]
    argv += ["--clients", str(clients), "--requests", str(rounds), "--seconds", "0"]
    main([*argv, "--no-upload", "--timeout", "120", "--budget", "300", "--think", "0.2"])
    out = capsys.readouterr().out
    for name in REVIEWER_ROUTES:  # the reading reviewers, as before
        assert int(_row(out, name)[0]) > 0, name
    assert "reviewing: 3 concurrent reviewers deciding on a copy" in out
    assert "0.2 s reading between decisions" in out
    for name in ROUTES:
        n, p50, p95, top = _row(out, name)[:4]
        assert int(n) > 0 and float(p50) <= float(p95) <= float(top), name
        assert ("p95 <= 500 ms" in out.split(name)[1].splitlines()[0]) == (name in TARGETED)
    found = DECISIONS.search(out)
    assert found is not None, out
    made, stale, failed, empty = (int(n) for n in found.groups())
    assert made > 0 and failed == 0
    assert re.search(r"\d+\.\d s in all: \d+\.\d decisions per second", out)
    posts = int(_row(out, ROUTES[1])[0])
    assert made + stale == posts and posts + empty == clients * rounds
    main([*argv, "--no-upload", "--no-review"])  # the flag: the reading reviewers alone
    out = capsys.readouterr().out
    assert "reviewers: 3 concurrent reviewers" in out and "reviewing:" not in out
    assert _files(library.data_dir) == before  # no decision, token or kept page reached it
    assert not [p.name for p in work.iterdir() if p.name.startswith("http-bench-")]
