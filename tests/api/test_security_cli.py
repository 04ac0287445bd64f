"""Bad input to the CLI: one ``error:`` line and one ``hint:`` line, exit status 2, never a
traceback, for paths that do not exist or are folders, empty folders, malformed dates and
strings built to break out of a SPARQL query."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_support import CliRun, run_cli


def _run(data_dir: Path, *args: str) -> CliRun:
    """The console entry point in this process (its error handling is what is checked)."""
    return run_cli("--data-dir", data_dir, *args)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-security")
    (folder / "empty").mkdir()
    init = _run(folder / "d", "init")
    assert init.returncode == 0, init.stderr
    return folder


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("export", "-o", "{missing}/x.trig"), "cannot open"),
        (("validate", "--output", "{missing}/r.html"), "cannot open"),
        (("soa", "export", "--format", "csv", "--output", "{missing}/soa.csv"), "cannot open"),
        (("match", "--jsonl", "{missing}/in.jsonl"), "cannot open"),
        (("match", "--jsonl", "{root}"), "Is a directory"),
        (("ingest", "{root}/empty"), "no files to ingest"),
        (("ingest", "--include", "*.pdf", "{root}/empty"), "no files to ingest"),
        (("ingest", "--effective-date", "2024-13-45", "{root}/empty"), "not a date"),
        (("validate", "--date", "2024-02-30"), "not a date"),
        (("crosswalk", "A.6> ?p ?o } #"), "no such requirement"),
        (("export", "--graph", "org> { ?s ?p ?o } } #"), "not a graph name"),
        (("documents", "show", 'x" } #'), "no document"),
        (("review", "history", '"} ; DROP ALL'), "not an evidence link"),
        (("soa", "set", 'A.6"> }', "--applicable"), "Annex A control"),
        (("query", "SELECT * WHERE { #x\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), "refused"),
    ],
)
def test_bad_input_gives_one_error_and_a_hint(
    data_dir: Path, args: tuple[str, ...], says: str
) -> None:
    filled = [
        a.replace("{missing}", str(data_dir / "missing")).replace("{root}", str(data_dir))
        for a in args
    ]
    result = _run(data_dir / "d", *filled)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-2].startswith("error: ") and says in lines[-2], result.stderr
    assert lines[-1].startswith("hint: ")
