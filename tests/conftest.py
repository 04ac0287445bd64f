"""Shared fixtures: real stores (embedded on tmp_path, and a real `oxigraph serve`), the corpus."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ontology.reference import load_reference
from ontology.store import EmbeddedStore, GraphStore, RemoteStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real documents in ../shared/corpus; tests skip where a fresh clone lacks it."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent (a user's fresh clone); CI has it")
    return CORPUS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real SPARQL 1.1 server (`oxigraph serve`) on a free loopback port; yields its base URL."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.fail("the `oxigraph` CLI is missing: install the dev extras (pip install -e '.[dev]')")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph serve did not start within 30 s")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The same tests run on the embedded store and on a real remote SPARQL server."""
    if request.param == "embedded":
        s: GraphStore = EmbeddedStore(tmp_path / "oxigraph")
    else:
        base = request.getfixturevalue("oxigraph_server")
        s = RemoteStore(base + "/query", base + "/update")
        s.update("DROP SILENT ALL")
    yield s
    s.close()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path / "oxigraph")
    yield s
    s.close()


@pytest.fixture(scope="session")
def reference_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Oxigraph folder holding the packaged reference data, loaded once per session.

    Fixtures that need "a store after ``init``" copy it (:func:`copy_reference`) instead of
    loading the reference again; tests of loading itself (``init``, ``load_reference``) still
    load it for real.
    """
    folder = tmp_path_factory.mktemp("reference-template")
    store = EmbeddedStore(folder / "oxigraph")
    load_reference(store)
    store.backup(folder / "copy")  # a consistent checkpoint, safe to copy file by file
    store.close()
    return folder / "copy"


def copy_reference(template: Path, location: Path) -> EmbeddedStore:
    """A store at ``location`` (which must not exist) holding a copy of ``template``."""
    shutil.copytree(template, location)
    return EmbeddedStore(location)


def initialised_data_dir(template: Path, data_dir: Path) -> Path:
    """``data_dir`` holding a copy of the reference store, as ``aimsgraph init`` leaves it."""
    shutil.copytree(template, data_dir / "oxigraph")
    return data_dir
