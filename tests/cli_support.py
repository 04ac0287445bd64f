"""``aimsgraph ARGS`` run in the test process, through the console entry point.

:func:`run_cli` calls :func:`api.cli.main` (the function the installed ``aimsgraph`` script
calls) with click's stream isolation, so a test sees the same exit status, stdout and
``error:``/``hint:`` lines as from a real process, without starting an interpreter and
loading the model again. A few tests keep real processes on purpose: the installed script,
exit codes through the interpreter, a server, crashes and concurrent writers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from api.cli import main


@dataclass(frozen=True)
class CliRun:
    """What one command did; named like :class:`subprocess.CompletedProcess`."""

    returncode: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


def run_cli(*args: str | Path) -> CliRun:
    """Run ``aimsgraph ARGS`` in this process; never raises for the command's failure."""
    with CliRunner().isolation() as (stdout, stderr, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        out = stdout.getvalue().decode("utf-8", errors="replace")
        err = stderr.getvalue().decode("utf-8", errors="replace")
    return CliRun(code, out, err)
