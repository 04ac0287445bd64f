"""The `ingest` and `documents` commands through click's runner on a real data directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli, main

from .conftest import BAD, FIXTURES


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_folder_reports_each_file_and_exits_1_on_failures(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(FIXTURES / "policy.docx", folder / "policy.docx")
    shutil.copy(FIXTURES / "policy.html", folder / "nested" / "policy.html")
    shutil.copy(BAD / "zip-bomb.docx", folder / "nested" / "zip-bomb.docx")
    code, out, err = run(
        tmp_path / "data", "ingest", "--no-suggest", "--format", "json", str(folder)
    )
    assert code == 1
    rows = {row["file"]: row for row in json.loads(out)}
    assert rows["policy.docx"]["status"] == "new" and rows["policy.docx"]["passages"] >= 3
    assert rows["policy.html"]["status"] == "new"  # same title, other format: not a revision
    assert (
        rows["zip-bomb.docx"]["status"] == "failed" and rows["zip-bomb.docx"]["error"] == "zip_bomb"
    )
    assert "zip-bomb.docx: archive member" in err and "1 of 3 file(s) failed" in err

    code, out, _ = run(
        tmp_path / "data", "ingest", "--no-suggest", "--include", "*.docx", str(folder)
    )
    assert code == 1  # the bomb matches *.docx too
    assert "duplicate" in out and "already ingested as" in out


def test_two_identical_files_in_one_batch_are_one_new_and_one_duplicate_row(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "policy.docx", folder / "a-policy.docx")
    shutil.copy(FIXTURES / "policy.docx", folder / "b-copy.docx")
    code, out, _ = run(tmp_path / "data", "ingest", "--no-suggest", "--format", "json", str(folder))
    assert code == 0
    rows = json.loads(out)
    assert [(r["file"], r["status"]) for r in rows] == [
        ("a-policy.docx", "new"),
        ("b-copy.docx", "duplicate"),
    ]
    assert rows[0]["id"] == rows[1]["id"] and rows[0]["passages"] >= 3
    assert rows[1]["message"] == f"already ingested as {rows[0]['id']}"


def test_overrides_and_documents_listing(tmp_path: Path) -> None:
    code, out, _ = run(
        tmp_path,
        "ingest",
        "--no-suggest",
        "--type",
        "procedure",
        "--owner",
        "Head of Risk",
        "--title",
        "Tool approval procedure",
        "--version",
        "2.0",
        "--review-date",
        "2027-03-01",
        str(FIXTURES / "policy.txt"),
    )
    assert code == 0 and "new" in out
    code, out, _ = run(tmp_path, "documents", "--format", "json")
    docs = json.loads(out)
    assert len(docs) == 1
    doc = docs[0]
    assert (doc["title"], doc["type"], doc["owner"], doc["version"], doc["review_date"]) == (
        "Tool approval procedure",
        "procedure",
        "Head of Risk",
        "2.0",
        "2027-03-01",
    )
    assert doc["passages"] >= 3 and len(doc["sha256"]) == 64

    code, out, _ = run(tmp_path, "documents", "show", doc["id"], "--format", "json")
    shown = json.loads(out)
    assert shown["id"] == doc["id"] and shown["passage_list"][0]["section"]
    code, out, _ = run(tmp_path, "documents", "show", doc["id"])
    assert "Tool approval procedure" in out and "section" in out


def test_bad_date_and_unknown_document_are_errors(tmp_path: Path) -> None:
    from ontology.errors import InputError, NotFoundError

    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "--data-dir",
            str(tmp_path),
            "ingest",
            "--review-date",
            "soon",
            str(FIXTURES / "policy.md"),
        ],
    )
    assert isinstance(result.exception, InputError) and "YYYY-MM-DD" in str(result.exception)
    result = runner.invoke(cli, ["--data-dir", str(tmp_path), "documents", "show", "nope"])
    assert isinstance(result.exception, NotFoundError)


def test_ingest_reconciles_orphans_first(tmp_path: Path) -> None:
    from ingest.originals import OriginalStore

    orphan = OriginalStore(tmp_path / "originals").put(b"left by a crash", "left by a crash")
    code, _, _ = run(tmp_path, "ingest", "--no-suggest", str(FIXTURES / "policy.md"))
    assert code == 0
    assert not OriginalStore(tmp_path / "originals").has(orphan)


def test_documents_edit_sets_and_clears_metadata_through_the_operation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code, out, _ = run(
        data, "ingest", "--no-suggest", "--format", "json", str(FIXTURES / "policy.html")
    )
    doc_id = json.loads(out)[0]["id"]
    code, out, _ = run(
        data, "documents", "edit", doc_id, "--review-date", "2099-06-30", "--owner", "CISO"
    )
    assert code == 0
    edited = json.loads(out)
    assert (edited["review_date"], edited["owner"], edited["review_state"]) == (
        "2099-06-30",
        "CISO",
        "current",
    )
    code, out, _ = run(data, "documents", "edit", doc_id, "--owner", "")
    assert code == 0 and json.loads(out)["owner"] is None
    with pytest.raises(SystemExit) as refused:
        main(["--data-dir", str(data), "documents", "edit", doc_id, "--review-date", "soon"])
    assert refused.value.code == 2 and "not a date" in capsys.readouterr().err
    code, out, _ = run(data, "documents", "show", doc_id, "--format", "json")
    assert json.loads(out)["review_date"] == "2099-06-30"


def test_documents_edit_names_who_changed_it_in_the_audit_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _, out, _ = run(data, "ingest", "--no-suggest", "--format", "json", str(FIXTURES / "policy.md"))
    doc_id = json.loads(out)[0]["id"]
    code, _, _ = run(data, "documents", "edit", doc_id, "--owner", "CISO", "--by", "Dana Lead")
    assert code == 0
    code, out, _ = run(data, "audit", "--format", "json")
    edits = [e for e in json.loads(out)["events"] if "owner" in json.dumps(e)]
    assert edits, "the edit is not in the audit log"
    assert "Dana Lead" in json.dumps(edits[0]), edits[0]
