"""The CLI's faces of the operations a person also finds on the pages: dashboard, requirement
detail, review queue and undo, search, audit log and backup.

A data directory with the crafted reference, one policy and four suggested links; every
command runs through the real CLI on the embedded store. That the JSON equals the API's
and the page's is test_faces_agree.py's job; here: tables, csv, exit codes and errors.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from api.cli import main
from ontology.store import EmbeddedStore
from tests.mapping.evidence.builders import add_artefact, add_link, load_mini_reference, req

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    store = EmbeddedStore(tmp_path / "oxigraph")
    load_mini_reference(store)
    art = add_artefact(
        store,
        "policy",
        ["Impact assessment.", "Verification.", "Scope.", "Records."],
        title="Impact Policy",
    )
    ids = {
        n: add_link(store, art, req(n), passages=[i], score=score)
        for i, (n, score) in enumerate((("A.5.2", 0.9), ("A.5.3", 0.5), ("A.6.2.4", 0.1)))
    }
    store.close()
    return tmp_path, ids


@pytest.fixture
def run(setup: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> Run:
    """The console entry point in-process (its exit codes and error lines)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as done:
            main(["--data-dir", str(setup[0]), *args])
        captured = capsys.readouterr()
        return int(done.value.code or 0), captured.out, captured.err

    return invoke


def test_review_queue_lists_best_first_and_filters(
    setup: tuple[Path, dict[str, str]], run: Run
) -> None:
    code, out, _ = run("review", "queue", "--format", "json")
    assert code == 0
    assert [link["notation"] for link in json.loads(out)] == ["A.5.2", "A.5.3", "A.6.2.4"]
    code, out, _ = run("review", "queue", "--min-score", "0.4", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["notation"] for r in rows] == ["A.5.2", "A.5.3"]
    assert rows[0]["id"] == setup[1]["A.5.2"] and rows[0]["document_title"] == "Impact Policy"
    code, _, err = run("review", "queue", "--min-score", "2")
    assert code == 2 and "--min-score" in err


def test_undo_returns_the_link_and_only_once(setup: tuple[Path, dict[str, str]], run: Run) -> None:
    link = setup[1]["A.5.2"]
    assert run("review", "confirm", link, "--reviewer", "dana")[0] == 0
    code, out, _ = run("review", "history", link, "--format", "csv")
    decision = list(csv.DictReader(io.StringIO(out)))[-1]["decision"]
    code, out, _ = run("review", "undo", decision, "--reviewer", "dana", "--format", "json")
    assert code == 0
    assert json.loads(out)["status"] == "suggested" and json.loads(out)["decision"] == "undo"
    code, _, err = run("review", "undo", decision, "--reviewer", "dana")
    assert code == 2 and "no longer its latest decision" in err and "Traceback" not in err
    code, _, err = run("review", "undo", "not-a-decision", "--reviewer", "dana")
    assert code == 2 and err.startswith("error:")
    _, out, _ = run("review", "history", link, "--format", "json")
    assert [h["type"] for h in json.loads(out)] == ["confirm", "undo"]
    _, out, _ = run("audit", "--kind", "decision", "--format", "json")
    order = [e["decision"] for e in json.loads(out)["events"]]
    assert order == ["undo", "confirm"], "newest first, also within the same second"


def test_requirement_detail_shows_its_evidence(
    setup: tuple[Path, dict[str, str]], run: Run
) -> None:
    code, out, _ = run("controls", "show", "A.5.2", "--format", "json")
    assert code == 0
    item = json.loads(out)
    assert item["notation"] == "A.5.2" and [e["id"] for e in item["evidence"]] == [
        setup[1]["A.5.2"]
    ]
    code, out, _ = run("controls", "show", "A.5.2")
    assert "evidence" in out and setup[1]["A.5.2"] in out
    code, _, err = run("controls", "show", "Z.1")
    assert code == 2 and "no such requirement" in err
    code, out, _ = run("controls", "--format", "json")  # the listing is unchanged
    assert code == 0 and any(r["notation"] == "A.5.2" for r in json.loads(out))


def test_dashboard_table_csv_and_json(run: Run) -> None:
    code, out, _ = run("dashboard", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["queue"] == 3
    _, out, _ = run("dashboard", "--format", "csv")
    rows = {r["standard"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["iso42001"]["queue"] == "3"
    assert rows["iso42001"]["requirements"] == str(data["coverage"]["iso42001"]["requirements"])
    _, out, _ = run("dashboard")
    assert "3 link(s) waiting for review" in out


def test_search_finds_each_kind_and_refuses_nothing(run: Run) -> None:
    code, out, _ = run("search", "impact", "--format", "json")
    found = json.loads(out)
    assert code == 0
    assert [d["title"] for d in found["documents"]] == ["Impact Policy"]
    assert found["passages"] and found["passages"][0]["match"].lower() == "impact"
    _, out, _ = run("search", "impact", "--format", "csv")
    kinds = {r["kind"] for r in csv.DictReader(io.StringIO(out))}
    assert {"document", "passage"} <= kinds
    _, out, _ = run("search", '"} ; DROP ALL ; {', "--format", "json")
    assert json.loads(out)["documents"] == []
    code, _, err = run("search", "   ")
    assert code == 2 and "nothing to search for" in err
    code, _, err = run("search", "x", "--limit", "0")
    assert code == 2 and "--limit" in err


def test_audit_log_pages_and_kinds(run: Run, setup: tuple[Path, dict[str, str]]) -> None:
    run("review", "reject", setup[1]["A.5.3"], "--reviewer", "eve")
    code, out, _ = run("audit", "--format", "json")
    log = json.loads(out)
    assert code == 0 and log["events"][0]["kind"] == "decision"
    assert log["events"][0]["who"] == "eve" and log["more"] is False
    run("review", "comment", setup[1]["A.5.2"], "--comment", "read it", "--reviewer", "eve")
    pages = []
    for page in (
        "1",
        "2",
    ):  # one event a page (the two may share a second: order within it is open)
        _, out, _ = run(
            "audit", "--kind", "decision", "--per-page", "1", "--page", page, "--format", "csv"
        )
        pages.append(
            [(r["kind"], r["decision"], r["comment"]) for r in csv.DictReader(io.StringIO(out))]
        )
    assert sorted(pages) == [[("decision", "comment", "read it")], [("decision", "reject", "")]]
    code, _, err = run("audit", "--kind", "nonsense")
    assert code == 2 and "--kind" in err


def test_every_soa_setting_is_in_the_audit_log_with_who(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "lena")
    assert run("soa", "set", "A.5.2", "--excluded", "--justification", "Not ours")[0] == 0
    assert run("soa", "set", "A.5.2", "--applicable", "--status", "planned", "--by", "omar")[0] == 0
    _, out, _ = run("audit", "--kind", "soa", "--format", "json")
    settings = [
        (e["notation"], e["status"], e["who"], e["comment"]) for e in json.loads(out)["events"]
    ]
    assert settings == [
        ("A.5.2", "planned", "omar", None),
        ("A.5.2", "excluded", "lena", "Not ours"),
    ]
    _, out, _ = run("soa", "--format", "json")
    row = next(r for r in json.loads(out) if r["notation"] == "A.5.2")
    assert row["applicable"] is True and row["implementation_status"] == "planned"
    assert row["set_by"] == "omar" and row["modified"], "the latest setting's author"
    _, out, _ = run("soa", "--format", "json")
    assert next(r for r in json.loads(out) if r["notation"] == "A.5.3")["set_by"] is None


def test_backup_writes_a_usable_store(setup: tuple[Path, dict[str, str]], run: Run) -> None:
    code, out, _ = run("backup", "--format", "json")
    assert code == 0
    target = Path(json.loads(out)["path"])
    assert target.parent == setup[0] / "backups"
    copy = EmbeddedStore(target / "oxigraph")
    try:
        assert copy.ask("ASK { ?a a <https://w3id.org/aimsgraph/ns#Artefact> }")
    finally:
        copy.close()


def test_backup_of_a_remote_store_says_where_to_back_up(
    oxigraph_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--store", oxigraph_server + "/query", "--store-update", oxigraph_server + "/update"]
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(tmp_path), *store, "backup"])
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert "remote SPARQL store" in err and "hint:" in err
    assert not (tmp_path / "backups").exists()


def test_audit_pack_holds_the_evidence_and_says_what_is_missing(
    setup: tuple[Path, dict[str, str]], run: Run
) -> None:
    import hashlib
    import zipfile

    link = setup[1]["A.5.2"]
    run("review", "confirm", link, "--reviewer", "dana")
    run("soa", "set", "A.6.2.4", "--excluded", "--justification", "No models", "--by", "lena")
    target = setup[0] / "pack.zip"
    code, out, _ = run("audit-pack", "-o", str(target), "--format", "json")
    assert code == 0
    done = json.loads(out)
    assert done["documents"] == 0
    assert len(done["missing_originals"]) == 1, "the crafted document has no original file"
    with zipfile.ZipFile(target) as pack:
        names = set(pack.namelist())
        assert {
            "README.txt",
            "manifest.json",
            "evidence.csv",
            "audit-log.csv",
            "statement-of-applicability.xlsx",
            "statement-of-applicability.csv",
            "gap-report.html",
            "gap-report.json",
            "oscal/assessment-results.json",
            "oscal/poam.json",
        } <= names
        manifest = json.loads(pack.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(pack.read(entry["name"])).hexdigest() == entry["sha256"]
        rows = list(csv.DictReader(io.StringIO(pack.read("evidence.csv").decode())))
        assert len(rows) == done["evidence_links"]
        [row] = [r for r in rows if r["status"] == "confirmed"]
        assert (row["notation"], row["link"], row["confirmed_by"]) == ("A.5.2", link, "dana")
        assert {r["status"] for r in rows} <= {"confirmed", "derived"}
        assert any(r["status"] == "derived" for r in rows), "A.5.2 reaches 27001 over equal"
        for derived in (r for r in rows if r["status"] == "derived"):
            assert derived["confirmed_by"] == "dana", "the reviewer of the source link"
            assert "iso42001:A.5.2" in derived["derived_from"] and link in derived["derived_from"]
        log = list(csv.DictReader(io.StringIO(pack.read("audit-log.csv").decode())))
        assert {(e["kind"], e["who"]) for e in log} >= {("decision", "dana"), ("soa", "lena")}
        soa = pack.read("statement-of-applicability.csv").decode()
        assert "No models" in soa
    assert not list(setup[0].glob("*.partial"))
    code, _, err = run("audit-pack", "-o", str(setup[0] / "no-such-folder" / "pack.zip"))
    assert code == 2 and "no-such-folder" in err and "Traceback" not in err


def test_undo_of_several_decisions_lists_what_it_could_not_undo(
    setup: tuple[Path, dict[str, str]], run: Run
) -> None:
    links = [setup[1]["A.5.2"], setup[1]["A.5.3"]]
    code, out, _ = run(
        "review",
        "reject",
        *links,
        "--comment",
        "off topic",
        "--reviewer",
        "dana",
        "--format",
        "json",
    )
    assert code == 0
    decisions = [d["decision_id"] for d in json.loads(out)["decided"]]
    code, out, _ = run("review", "undo", *decisions, "--reviewer", "dana", "--format", "json")
    assert code == 0
    assert [d["status"] for d in json.loads(out)["decided"]] == ["suggested", "suggested"]
    code, _, err = run("review", "undo", *decisions, "--reviewer", "dana")
    assert code == 1 and "2 decision(s) not undone" in err and decisions[0] in err
