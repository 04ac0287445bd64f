"""benchmarks.cli_bench runs each command as its own process on a copy of the library,
twice, and leaves the library as it was; a folder with no store is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import cli_bench
from tests.conftest import initialised_data_dir


def test_times_each_command_twice_on_a_copy(
    reference_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = initialised_data_dir(reference_template, tmp_path / "lib")
    before = sorted(p.relative_to(library) for p in library.rglob("*"))
    assert cli_bench.main([str(library), "--commands", "audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Python's start alone" in lines[0]
    [row] = [line for line in lines if line.startswith("audit")]
    first, second, code = row.split()[1], row.split()[3], row.split()[-1]
    assert float(first) > 0 and float(second) > 0 and code == "0"
    assert sorted(p.relative_to(library) for p in library.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["lib"]  # the copy is gone


def test_a_folder_without_a_store_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli_bench.main([str(tmp_path)])
    assert stopped.value.code == 2
    assert "holds no embedded store" in capsys.readouterr().err
