"""`aimsgraph model` and the dashboard's ranking figures: a CLI decision teaches the ranking
(the background refit finishes before the command's process ends). Real CLI in-process, the
embedded store, the bundled model, a real corpus document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), *args])
    out = capsys.readouterr().out
    assert int(done.value.code or 0) == 0, out
    return out


def test_a_decision_teaches_the_ranking(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _run(data, capsys, "init")
    _run(data, capsys, "ingest", str(corpus_dir / "rocky-linux-ai-assisted-contribution-policy.md"))
    shipped = json.loads(_run(data, capsys, "model", "--format", "json"))
    assert shipped["learned"] is False and shipped["decisions"] == 0
    assert shipped["version"].startswith("shipped-")
    links = json.loads(
        _run(
            data,
            capsys,
            "suggestions",
            "--status",
            "suggested",
            "--standard",
            "iso42001",
            "--format",
            "json",
        )
    )
    assert {link["ranking_model"] for link in links} == {shipped["version"]}
    _run(data, capsys, "review", "confirm", links[0]["id"], "--reviewer", "tester")
    _run(data, capsys, "review", "reject", links[1]["id"], "--reviewer", "tester")
    learned = json.loads(_run(data, capsys, "model", "--format", "json"))
    assert learned["learned"] is True and learned["version"].startswith("learned-")
    assert (learned["decisions"], learned["documents"]) == (2, 1)
    assert learned["refitted"]
    dashboard = json.loads(_run(data, capsys, "dashboard", "--format", "json"))
    assert dashboard["ranking"]["version"] == learned["version"]
    table = _run(data, capsys, "model")
    assert learned["version"] in table and "decisions" in table
