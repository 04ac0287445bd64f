"""What ``serve`` keeps on disk between runs (api/kept.py): a restart takes it only while it
matches the store, a write while the server is down by another opening of the store makes
it stale, a CLI decision meanwhile keeps it up to date, the restarted server shows the
write either way, and a damaged file is ignored and written again.

Real parts throughout: the embedded store, the bundled model, the sample policy, the CLI in
this process, and ``aimsgraph serve`` in processes of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.kept import kept_path, load_kept
from api.settings import Settings
from api.warmup import warm_up
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from mapping.evidence.index import EvidenceIndex
from tests.api.policy_library import DEMO_DOCS, data_dir, template
from tests.api.shared_model import share_model
from tests.cli_support import run_cli
from tests.conftest import free_port, wait_until_serving

__all__ = ["data_dir", "template"]  # fixtures
EVERYTHING = frozenset({"index", "dashboard", "soa", "gaps"})
#: What ``serve`` logs when it started from the kept copy.
KEPT_LINE = "first pages ready from the kept copy"


def _warm_and_keep(data_dir: Path) -> None:
    """One run of the warm-up that ``serve`` starts, keeping its state at the end."""
    with share_model(Workspace.open(Settings(data_dir=data_dir))) as ws:
        warm_up(ws, keep=True).join(timeout=300)
    assert kept_path_of(data_dir).exists()


def kept_path_of(data_dir: Path) -> Path:
    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        return kept_path(ws)


def _rows(index: EvidenceIndex) -> list[Any]:
    return sorted(index.snapshot().rows(), key=lambda r: (r.link, r.notation, r.standard))


def _reports(ws: Workspace) -> tuple[Any, ...]:
    """What the first pages show: the index's rows, the dashboard, the SoA, the gap report."""
    board = ws.dashboard().model_dump()
    return _rows(ws.evidence_index), board, [r.model_dump() for r in ws.soa()], ws.gaps().to_json()


def _from_the_graph(ws: Workspace) -> tuple[Any, ...]:
    """The same, worked out from the graph by a fresh index (as without a kept copy)."""
    kept = ws.evidence_index
    ws.evidence_index = EvidenceIndex(ws.store)
    try:
        return _reports(ws)
    finally:
        ws.evidence_index = kept


def test_a_restart_takes_what_the_last_run_kept(data_dir: Path) -> None:
    """Taken whole (nothing read again from the graph), equal to what the graph gives, and
    brought up to date by a decision as if it had been built in this process."""
    from api.schemas import Decision
    from shapes import incremental

    _warm_and_keep(data_dir)
    with share_model(Workspace.open(Settings(data_dir=data_dir))) as ws:
        assert load_kept(ws) == EVERYTHING
        validated = incremental.full_state
        incremental.full_state = None  # type: ignore[assignment]  # must not be needed
        try:
            taken = _reports(ws)
        finally:
            incremental.full_state = validated
        assert ws.evidence_index.builds == 0 and taken[0]  # the copy's rows, not the graph's
        assert taken == _from_the_graph(ws)
        link = ws.evidence_index.snapshot().select(status=("suggested",))[0].id
        ws.decide(Decision(link=link, decision="confirm"), "Tester")
        ws.refits.wait(60)  # the ranking model the dashboard names: refitted meanwhile
        updated = _reports(ws)
        assert ws.evidence_index.builds == 0 and ws.evidence_index.updates > 0
        assert updated == _from_the_graph(ws) and updated[1:] != taken[1:]


def test_a_write_by_another_opening_of_the_store_makes_the_copy_stale(data_dir: Path) -> None:
    """Any write after the copy was kept, here an ingest by the next opening of the store
    (as a CLI ``ingest`` while the server is down), and the copy is never taken again."""
    _warm_and_keep(data_dir)
    with share_model(Workspace.open(Settings(data_dir=data_dir))) as ws:
        ws.ingest([DEMO_DOCS / "model-lifecycle-procedure.md"], IngestOptions())
    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        assert load_kept(ws) == frozenset()
        assert ws.evidence_index.builds == 0  # nothing taken: the next read builds it
        documents = {r.document for r in ws.evidence_index.snapshot().rows()}
        assert len(documents) == 2 and ws.evidence_index.builds == 1


def _truncated(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _wrong_type(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["index"]["columns"]["link"] = ["not a number"] * len(data["index"]["columns"]["link"])
    return json.dumps(data).encode()


def _out_of_range(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["index"]["columns"]["requirement"][0] = len(data["index"]["texts"]) + 5
    return json.dumps(data).encode()


def _bad_dashboard(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["dashboard"]["coverage"] = "everything"
    return json.dumps(data).encode()


def _other_code(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["code"] = "0" * 64  # kept by another version: read in a sense it never had
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _wrong_type,
        _out_of_range,
        _bad_dashboard,
        _other_code,
        lambda raw: b"\x00\xff" * 40,
    ],
    ids=["truncated", "wrong-type", "out-of-range", "bad-dashboard", "other-code", "binary"],
)
def test_a_damaged_copy_is_ignored_and_written_again(
    data_dir: Path, damage: Callable[[bytes], bytes]
) -> None:
    _warm_and_keep(data_dir)
    path = kept_path_of(data_dir)
    path.write_bytes(damage(path.read_bytes()))
    with share_model(Workspace.open(Settings(data_dir=data_dir))) as ws:
        assert load_kept(ws) == frozenset()  # no exception: start-up goes on
        assert ws.evidence_index.snapshot().rows() and ws.evidence_index.builds == 1
        warm_up(ws, keep=True).join(timeout=300)
    json.loads(path.read_bytes())  # whole again
    with Workspace.open(Settings(data_dir=data_dir)) as ws:
        assert load_kept(ws) == EVERYTHING


# -- the real thing: `aimsgraph serve`, stopped, a CLI decision, started again --------------


@contextmanager
def _serving(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    command = [sys.executable, "-m", "benchmarks.scale.server", "--data-dir", str(data_dir)]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_for_line(server: subprocess.Popen[str], wanted: str) -> list[str]:
    """The warm-up's lines up to the one saying ``wanted`` (it ends with "warm-up done")."""
    assert server.stderr is not None
    said = []
    for line in server.stderr:
        assert "warm-up stopped" not in line, line
        said.append(line)
        if wanted in line:
            return said
    raise AssertionError(f"the server ended without saying {wanted!r}: {said}")


def test_a_restarted_server_shows_a_decision_made_while_it_was_down(data_dir: Path) -> None:
    made = run_cli(
        "--data-dir",
        data_dir,
        "token",
        "create",
        "--role",
        "viewer",
        "--name",
        "V",
        "--format",
        "json",
    )
    viewer = {"Authorization": f"Bearer {json.loads(made.stdout)['token']}"}
    with _serving(data_dir) as (base, server):
        _wait_for_line(server, "warm-up done")
        queue = httpx.get(f"{base}/api/reviews/queue", headers=viewer, timeout=60).json()
        link = queue[0]["id"]
    with _serving(data_dir) as (base, server):  # restarted, nothing changed: the copy serves
        _wait_for_line(server, KEPT_LINE)
    done = run_cli("--data-dir", data_dir, "review", "confirm", link, "--reviewer", "Cli")
    assert done.returncode == 0, done.stderr
    with _serving(data_dir) as (base, server):
        queue = httpx.get(f"{base}/api/reviews/queue", headers=viewer, timeout=60).json()
        assert link not in {entry["id"] for entry in queue}
        confirmed = httpx.get(
            f"{base}/api/suggestions", params={"status": "confirmed"}, headers=viewer, timeout=60
        ).json()
        assert link in {entry["id"] for entry in confirmed}
        said = _wait_for_line(server, "warm-up done")
        # the copy the CLI's decision brought up to date (api/cli/context.py), not the graph
        assert any(KEPT_LINE in line for line in said)
