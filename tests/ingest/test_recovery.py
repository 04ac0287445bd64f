"""A crash never costs suggestions: real processes killed with SIGKILL, then the next run.

Ingest commits a document in one graph update and suggests its evidence afterwards. These
tests kill a real `aimsgraph ingest` between the two (and at arbitrary moments), then check
that re-ingesting, `aimsgraph suggest --missing` and opening the workspace leave every
committed document with its suggestions and every passage with its vector. They also check
that the parser child never outlives a killed parent.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli
from api.settings import Settings
from api.workspace import Workspace
from ingest.documents import list_documents
from mapping.evidence.recovery import documents_without_suggestions
from mapping.retrieval.index import INDEX_FILE, VectorIndex
from ontology.store import EmbeddedStore
from tests.cli_support import run_cli

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent.parent

#: `aimsgraph ingest` that is SIGKILLed right after the batch is committed, as the
#: suggestion step starts: the worst moment for suggestions.
KILLED_BEFORE_SUGGESTING = textwrap.dedent(
    """
    import os, signal, sys
    import mapping.evidence.suggest

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    mapping.evidence.suggest.suggest_for_artefacts = killed
    from api.cli import main
    main(["--data-dir", sys.argv[1], "ingest", sys.argv[2]])
    """
)

#: A parent that has its parser child busy on a PDF of 120,000 text operations (over ten
#: seconds of parsing) when it is killed.
WORKER_PARENT = textwrap.dedent(
    """
    import threading, time
    from benchmarks.robustness_corpus import raw_pdf
    from ingest.readers import ReaderLimits
    from ingest.sniff import PDF
    from ingest.worker import ReaderWorker

    ops = b" ".join(b"BT /F1 12 Tf 72 %d Td (Access review) Tj ET" % (i % 700) for i in range(120000))
    worker = ReaderWorker(timeout_s=600)
    child = worker._start()
    threading.Thread(target=worker.read, args=(raw_pdf(ops, None), PDF, "slow.pdf", ReaderLimits()), daemon=True).start()
    time.sleep(1.0)
    print(child.pid, flush=True)
    time.sleep(600)
    """
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    return env


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("policy.md", "policy.docx", "report.pdf"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def _cli(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.stdout


def _state(data_dir: Path) -> tuple[list[str], list[str], int]:
    """Document ids, ids without suggestions, and passages without a vector."""
    store = EmbeddedStore(data_dir / "oxigraph")
    try:
        ids = [d["id"] for d in list_documents(store)]
        missing = documents_without_suggestions(store)
        passages = sum(int(d["passages"]) for d in list_documents(store))
    finally:
        store.close()
    indexed = 0
    if (data_dir / "vectors" / INDEX_FILE).exists():
        indexed = len(VectorIndex.open(data_dir / "vectors", dimension=384))
    return ids, missing, passages - indexed


def _initialised(data_dir: Path) -> Path:
    code, out = _cli(data_dir, "init")
    assert code == 0, out
    return data_dir


def _crash_before_suggesting(data_dir: Path, folder: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BEFORE_SUGGESTING, str(data_dir), str(folder)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    ids, missing, _ = _state(data_dir)
    assert len(ids) == 3 and sorted(missing) == sorted(ids)
    shutil.rmtree(data_dir / "vectors", ignore_errors=True)  # as if killed before its save
    return ids


def test_reingest_completes_what_a_kill_before_suggesting_left(tmp_path: Path) -> None:
    folder, data_dir = _folder(tmp_path), _initialised(tmp_path / "data")
    _crash_before_suggesting(data_dir, folder)
    code, out = _cli(data_dir, "ingest", "--format", "json", str(folder))
    assert code == 0 and {row["status"] for row in json.loads(out)} == {"duplicate"}
    ids, missing, unindexed = _state(data_dir)
    assert len(ids) == 3 and missing == [] and unindexed == 0


def test_suggest_missing_regenerates_suggestions_after_a_kill(tmp_path: Path) -> None:
    folder, data_dir = _folder(tmp_path), _initialised(tmp_path / "data")
    ids = _crash_before_suggesting(data_dir, folder)
    code, out = _cli(data_dir, "suggest", "--missing", "--format", "json")
    assert code == 0, out
    answer = json.loads(out)
    assert sorted(answer["documents"]) == sorted(ids) and answer["written"] >= 3
    assert _state(data_dir)[1:] == ([], 0)
    code, out = _cli(data_dir, "suggest", "--missing", "--format", "json")
    assert code == 0 and json.loads(out)["documents"] == []  # nothing left to do


def test_suggest_without_missing_says_what_to_use(tmp_path: Path) -> None:
    done = run_cli("--data-dir", tmp_path, "suggest")
    assert done.returncode == 2 and "aimsgraph suggest --missing" in done.stderr


@pytest.mark.parametrize("delay", [3.0, 7.0, 12.0])
def test_killed_at_any_moment_the_next_run_leaves_every_document_suggested(
    tmp_path: Path, delay: float
) -> None:
    folder, data_dir = _folder(tmp_path), _initialised(tmp_path / "data")
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "--data-dir", str(data_dir), "ingest", str(folder)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    code, _ = _cli(data_dir, "ingest", str(folder))
    assert code == 0
    ids, missing, unindexed = _state(data_dir)
    assert len(ids) == 3 and missing == [] and unindexed == 0


def test_workspace_restores_a_lost_vector_index(tmp_path: Path) -> None:
    folder, data_dir = _folder(tmp_path), _initialised(tmp_path / "data")
    assert _cli(data_dir, "ingest", str(folder))[0] == 0
    (data_dir / "vectors" / INDEX_FILE).unlink()  # what a kill before the first save leaves
    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        assert len(ws.index) > 0
    assert _state(data_dir)[2] == 0 and (data_dir / "vectors" / INDEX_FILE).exists()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_parser_worker_dies_with_its_killed_parent_even_mid_parse() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", WORKER_PARENT], cwd=ROOT, env=_env(), stdout=subprocess.PIPE
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert _alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10  # far less than the parse would take; not a speed test
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the parser child outlived its killed parent"
