"""The command line starts from the state kept on disk (api/kept.py) and keeps it again: a
second ``dashboard`` reads the copy the first one kept, a ``review`` decision brings the
copy up to date for the next command, an ``ingest`` makes it stale (the next command builds
from the graph and shows the new document), and a damaged copy is ignored and replaced.

Real parts: the embedded store, the bundled model, the demo documents and the CLI's console
entry point run in this process (:func:`tests.cli_support.run_cli`); what a command read is
observed in its log lines and in the kept file, never in timings."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from api.kept import KEPT_DIR, KEPT_FILE
from tests.api.policy_library import DEMO_DOCS, data_dir, template
from tests.cli_support import run_cli

__all__ = ["data_dir", "template"]  # fixtures
#: What a command logs when it started from the kept copy (api/warmup.py: CommandKept).
TAKEN = "state taken from the kept copy"


def _kept(data_dir: Path) -> Path:
    return data_dir / KEPT_DIR / KEPT_FILE


def _run(caplog: pytest.LogCaptureFixture, data_dir: Path, *args: str) -> tuple[Any, bool]:
    """The command's JSON output, and whether it started from the kept copy."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="api"):
        done = run_cli("--data-dir", data_dir, *args, "--format", "json")
    assert done.returncode in (0, 1), done.stderr  # validate: 1 = the AIMS has gaps
    taken = any(TAKEN in record.getMessage() for record in caplog.records)
    return done.json(), taken


def _from_the_graph(caplog: pytest.LogCaptureFixture, data_dir: Path, *args: str) -> Any:
    """The command's output with no kept copy (built from the graph); the copy it keeps
    replaces the one removed."""
    _kept(data_dir).unlink()
    out, taken = _run(caplog, data_dir, *args)
    assert not taken
    return out


def test_a_second_dashboard_reads_what_the_first_kept(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first, taken = _run(caplog, data_dir, "dashboard")
    assert not taken and _kept(data_dir).exists()  # built from the graph, then kept
    kept = _kept(data_dir).read_bytes()
    stamp = json.loads(kept)["stamp"]
    second, taken = _run(caplog, data_dir, "dashboard")
    assert taken and second == first
    assert _kept(data_dir).read_bytes() == kept  # unchanged: not written again
    for command in (("soa",), ("validate",), ("controls",), ("review", "queue")):
        _, taken = _run(caplog, data_dir, *command)
        assert taken, command
    for needs_none in (("documents", "--limit", "20"), ("audit",)):
        _, taken = _run(caplog, data_dir, *needs_none)
        assert not taken, needs_none
    assert _kept(data_dir).read_bytes() == kept and json.loads(kept)["stamp"] == stamp


def test_a_command_that_needs_no_state_keeps_nothing(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _run(caplog, data_dir, "audit")
    assert not _kept(data_dir).exists()


def test_a_cli_decision_then_the_dashboard_shows_it(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before, _ = _run(caplog, data_dir, "dashboard")
    queue, taken = _run(caplog, data_dir, "review", "queue", "--limit", "1")
    assert taken
    link = queue[0]["link"]
    stamp = json.loads(_kept(data_dir).read_bytes())["stamp"]
    decided, taken = _run(caplog, data_dir, "review", "confirm", link, "--reviewer", "Cli")
    assert taken and decided["decision"] == "confirm"
    assert json.loads(_kept(data_dir).read_bytes())["stamp"] != stamp  # kept up to date
    after, taken = _run(caplog, data_dir, "dashboard")
    assert taken and after != before
    history, taken = _run(caplog, data_dir, "review", "history", link)
    assert taken and history[-1]["type"] == "confirm"
    assert after == _from_the_graph(caplog, data_dir, "dashboard")
    soa, taken = _run(caplog, data_dir, "soa")
    assert taken and soa == _from_the_graph(caplog, data_dir, "soa")


def test_an_ingest_then_the_new_document_is_listed(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before, _ = _run(caplog, data_dir, "dashboard")
    listed, _ = _run(caplog, data_dir, "documents")
    assert len(listed) == 1
    _run(caplog, data_dir, "ingest", str(DEMO_DOCS / "model-lifecycle-procedure.md"))
    listed, _ = _run(caplog, data_dir, "documents")
    assert len(listed) == 2
    after, taken = _run(caplog, data_dir, "dashboard")
    assert not taken  # the ingest made the copy stale: built from the graph
    assert after["queue"] > before["queue"]  # the new document's suggestions
    assert after == _from_the_graph(caplog, data_dir, "dashboard")


@pytest.mark.parametrize(
    "damage",
    [lambda raw: raw[: len(raw) // 2], lambda raw: b"\x00\xff" * 40, lambda raw: b"[]"],
    ids=["truncated", "binary", "not-an-object"],
)
def test_a_damaged_copy_is_ignored_and_kept_again(
    data_dir: Path, caplog: pytest.LogCaptureFixture, damage: Any
) -> None:
    first, _ = _run(caplog, data_dir, "dashboard")
    _kept(data_dir).write_bytes(damage(_kept(data_dir).read_bytes()))
    again, taken = _run(caplog, data_dir, "dashboard")
    assert not taken and again == first
    json.loads(_kept(data_dir).read_bytes())  # whole again
    third, taken = _run(caplog, data_dir, "dashboard")
    assert taken and third == first


def test_a_failure_to_keep_never_fails_the_command(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (data_dir / KEPT_DIR).write_text("a file where the folder should be")
    first, taken = _run(caplog, data_dir, "dashboard")  # exit status checked in _run
    assert not taken and first["coverage"]
    assert any("could not keep" in record.getMessage() for record in caplog.records)
    again, taken = _run(caplog, data_dir, "dashboard")
    assert not taken and again == first
