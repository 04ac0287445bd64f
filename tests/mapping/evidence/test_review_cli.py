"""The review, soa and validate commands: output, bulk, files and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from api.cli import cli, main
from mapping.evidence.history import decision_history
from mapping.evidence.review import get_link
from ontology.store import EmbeddedStore
from tests.mapping.evidence.builders import (
    add_artefact,
    add_link,
    link_id,
    load_mini_reference,
    req,
)

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A data directory with the mini reference, one current policy and four suggestions."""
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_mini_reference(store)
    art = add_artefact(store, "policy", ["Impact.", "Verification.", "Scope.", "Records."])
    ids = {
        n: add_link(store, art, req(n), passages=[i])
        for i, n in enumerate(("A.5.2", "A.5.3", "A.6.2.4", "4.3"))
    }
    store.close()
    return tmp_path, ids


@pytest.fixture
def run(setup: tuple[Path, dict[str, str]]) -> Run:
    def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--data-dir", str(setup[0]), *args], input=stdin)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return invoke


def _store(setup: tuple[Path, dict[str, str]]) -> EmbeddedStore:
    return EmbeddedStore(setup[0] / "oxigraph")


def test_confirm_one_as_user_by_default(
    setup: tuple[Path, dict[str, str]], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "dana")
    code, out, _ = run(
        "review", "confirm", setup[1]["A.5.2"], "--comment", "ok", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert (data["status"], data["reviewer"], data["version"]) == ("confirmed", "dana", 1)
    code, out, _ = run("review", "history", setup[1]["A.5.2"], "--format", "json")
    assert [h["comment"] for h in json.loads(out)] == ["ok"]


def test_bulk_from_file_and_failures_exit_1(
    setup: tuple[Path, dict[str, str]], run: Run, tmp_path: Path
) -> None:
    ids = setup[1]
    listing = tmp_path / "links.txt"
    listing.write_text(f"# to reject\n{ids['A.5.3']}\n{ids['A.6.2.4']} ffffffffffffffff\n")
    code, out, err = run(
        "review", "reject", "--from-file", str(listing), "--reviewer", "erin", "--format", "json"
    )
    assert code == 1
    data = json.loads(out)
    assert {d["link_id"] for d in data["decided"]} == {ids["A.5.3"], ids["A.6.2.4"]}
    assert [f["link"] for f in data["failed"]] == ["ffffffffffffffff"]
    code, _, _ = run("review", "confirm", ids["A.5.2"], ids["4.3"], "--reviewer", "erin")
    assert code == 0
    store = _store(setup)
    try:
        assert get_link(store, ids["4.3"]).status == "confirmed"
        assert get_link(store, ids["A.5.3"]).status == "rejected"
    finally:
        store.close()


def test_retarget_and_stale_version_conflict(setup: tuple[Path, dict[str, str]], run: Run) -> None:
    ids = setup[1]
    code, out, _ = run(
        "review",
        "retarget",
        ids["A.5.3"],
        "--to",
        "A.6.2.4",
        "--reviewer",
        "finn",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["retarget_link_id"] == ids["A.6.2.4"]
    with pytest.raises(Exception, match="decided by someone else"):
        run("review", "reject", ids["A.5.3"], "--saw-version", "0", "--reviewer", "gus")
    store = _store(setup)
    try:
        assert [h["reviewer"] for h in decision_history(store, ids["A.5.3"])] == ["finn"]
    finally:
        store.close()


def test_soa_set_list_export(setup: tuple[Path, dict[str, str]], run: Run, tmp_path: Path) -> None:
    code, _, _ = run("soa", "set", "A.6.2.4", "--excluded", "--justification", "No models.")
    assert code == 0
    code, _, _ = run(
        "soa", "set", "A.5.2", "--applicable", "--justification", "Core", "--status", "implemented"
    )
    assert code == 0
    code, out, _ = run("soa", "--format", "json")
    rows = {r["notation"]: r for r in json.loads(out)}
    assert rows["A.6.2.4"]["applicable"] is False and rows["A.5.3"]["justified"] is False
    assert rows["A.5.2"]["implementation_status"] == "implemented"
    code, _, _ = run("soa", "export", "--format", "xlsx", "--output", str(tmp_path / "soa.xlsx"))
    assert code == 0
    assert (
        load_workbook(tmp_path / "soa.xlsx")["Statement of Applicability"]["A4"].value == "A.6.2.4"
    )


def test_validate_exit_codes(
    setup: tuple[Path, dict[str, str]],
    run: Run,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    code, out, _ = run("validate", "--date", "2026-06-01")
    assert code == 1 and "coverage 0% (0/5)" in out
    with pytest.raises(SystemExit) as gaps:  # the console script's path, not CliRunner's
        main(["--data-dir", str(setup[0]), "validate", "--date", "2026-06-01"])
    assert gaps.value.code == 1
    code, _, _ = run("review", "confirm", *setup[1].values(), "--reviewer", "hal")
    run("soa", "set", "A.6.2.4", "--excluded", "--justification", "No models.")
    code, out, _ = run("validate", "--date", "2026-06-01", "--format", "json")
    gaps = json.loads(out)["standards"]["iso42001"]["gaps"]
    assert code == 1 and [g["notation"] for g in gaps] == ["7.5.1"]
    store = _store(setup)
    art = add_artefact(store, "records", ["Records kept."])
    add_link(store, art, req("7.5.1"))
    store.close()
    code, _, _ = run("review", "confirm", link_id(art.iri, req("7.5.1")), "--reviewer", "hal")
    assert code == 0
    report = tmp_path / "gaps.html"
    code, _, err = run(
        "validate", "--date", "2026-06-01", "--format", "html", "--output", str(report)
    )
    assert code == 0 and "Verdict: complete" in report.read_text()
    with pytest.raises(SystemExit) as complete:
        main(["--data-dir", str(setup[0]), "validate", "--date", "2026-06-01"])
    assert complete.value.code == 0
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(setup[0]), "validate", "--date", "1st of June"])
    assert done.value.code == 2
    assert "not a date" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "comment", "0123456789abcdef", "--reviewer", "x"], "needs --comment"),
        (["soa", "set", "A.5.2"], "--applicable or --excluded"),
        (["soa", "set", "A.5.2", "--excluded"], "needs a justification"),
        (["review", "confirm", "--reviewer", "x"], "no links given"),
        (
            ["review", "confirm", "a" * 16, "b" * 16, "--saw-version", "0", "--reviewer", "x"],
            "one link",
        ),
    ],
)
def test_bad_invocations_exit_2(
    setup: tuple[Path, dict[str, str]],
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(setup[0]), *args])
    assert done.value.code == 2
    assert message in capsys.readouterr().err
