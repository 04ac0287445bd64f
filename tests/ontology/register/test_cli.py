"""``aimsgraph systems`` through the real console entry point and an embedded data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err


def test_register_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert run(capsys, data, "init")[0] == 0
    code, out, _ = run(
        capsys,
        data,
        "systems",
        "add",
        "--name",
        "HireRank",
        "--role",
        "provider",
        "--risk-class",
        "high-risk-annex-iii",
        "--alias",
        "CV screener",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["aliases"] == ["CV screener"]
    code, _, err = run(
        capsys,
        data,
        "systems",
        "add",
        "--name",
        "HireRank",
        "--role",
        "deployer",
        "--risk-class",
        "minimal",
    )
    assert code == 2 and "exists" in err
    inventory = tmp_path / "inventory.csv"
    inventory.write_text("name,roles,risk_class\nGood,provider,minimal\nBad,provider,scary\n")
    code, _, err = run(capsys, data, "systems", "import", str(inventory))
    assert code == 2 and "row 2: risk_class" in err and "nothing was imported" in err
    code, out, _ = run(capsys, data, "systems", "list", "--format", "json")
    assert [s["id"] for s in json.loads(out)] == ["hirerank"]
    code, out, _ = run(capsys, data, "systems", "show", "hirerank", "--format", "json")
    report = json.loads(out)
    assert {"art-9", "art-43"} <= {o["notation"] for o in report["obligations"]}
    assert {c["notation"] for c in report["controls"]} == {"A.5.2", "A.5.3", "A.5.4", "A.5.5"}
    code, out, _ = run(capsys, data, "systems", "report", "--format", "json")
    assert code == 1 and json.loads(out)[0]["complete"] is False
    code, out, _ = run(capsys, data, "systems", "validate", "--format", "json")
    assert code == 1 and {g["control"] for g in json.loads(out)["gaps"]} == {
        "A.5.2",
        "A.5.3",
        "A.5.4",
        "A.5.5",
    }
    code, _, _ = run(capsys, data, "systems", "edit", "hirerank", "--out-of-scope")
    assert code == 0
    assert run(capsys, data, "systems", "report")[0] == 0  # nothing in scope is incomplete
    assert run(capsys, data, "systems", "validate")[0] == 0
    xlsx = tmp_path / "register.xlsx"
    assert run(capsys, data, "systems", "export", str(xlsx))[0] == 0
    assert run(capsys, data, "systems", "import", str(xlsx))[0] == 0
    code, _, err = run(
        capsys, data, "systems", "link", "hirerank", "missing-doc", "--reviewer", "a"
    )
    assert code == 2 and "no document" in err
