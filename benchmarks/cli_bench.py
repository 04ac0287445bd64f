"""CLI benchmark: what a command costs a user who scripts it, on a copy of a library.

    .venv/bin/python -m benchmarks.cli_bench DATA_DIR [--commands "dashboard;soa"]

Each command runs as its own process (``python -m api.cli --data-dir COPY CMD --format
json``), as a user runs it: first with no kept state (``DATA_DIR/kept/state.json`` removed:
it builds from the graph), then again at once (it starts from the state the first run kept:
api/warmup.py ``CommandKept``). Python's own start is timed too (``--help``), the floor of
every command. The library is copied first (the commands may keep state; the original is
left as it was). Prints figures only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from api.kept import KEPT_DIR, KEPT_FILE

COMMANDS = "dashboard;soa;validate;controls;documents --limit 20;audit"


def _run(data_dir: Path, command: list[str]) -> tuple[float, int]:
    """Seconds and exit status of one command's process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--data-dir", str(data_dir), *command],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="a library (aimsgraph data directory)")
    parser.add_argument("--commands", default=COMMANDS, help="';'-separated CLI commands")
    args = parser.parse_args(argv)
    if not (args.data_dir / "oxigraph").is_dir():
        parser.error(f"{args.data_dir} holds no embedded store (no oxigraph/ folder)")
    with tempfile.TemporaryDirectory(prefix="cli-bench-", dir=args.data_dir.parent) as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(args.data_dir, copy, ignore=shutil.ignore_patterns("*.lock"))
        floor, _ = _run(copy, ["--help"])
        print(f"library: {args.data_dir}; Python's start alone (--help): {floor:.2f} s")
        print(f"{'command':<28} {'first (no kept state)':>22} {'second':>8}  exit")
        for text in (c.strip() for c in args.commands.split(";") if c.strip()):
            command = [*text.split(), "--format", "json"]
            (copy / KEPT_DIR / KEPT_FILE).unlink(missing_ok=True)
            first, code = _run(copy, command)
            second, _ = _run(copy, command)
            print(f"{text:<28} {first:>20.2f} s {second:>6.2f} s  {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
