"""The console entry point passes on exit codes set with ``ctx.exit`` (not only CliRunner)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from api.cli import cli, main


def test_ctx_exit_code_reaches_the_shell() -> None:
    @cli.command("exit-probe", hidden=True)
    @click.pass_context
    def exit_probe(ctx: click.Context) -> None:
        ctx.exit(1)

    try:
        with pytest.raises(SystemExit) as raised:
            main(["exit-probe"])
        assert raised.value.code == 1
    finally:
        cli.commands.pop("exit-probe")


def test_error_exits_2_with_message_and_hint(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "api.cli",
            "--data-dir",
            str(tmp_path / "d"),
            "query",
            "SELEC * WHERE {}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
