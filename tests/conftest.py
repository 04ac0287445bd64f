"""Shared fixtures: real stores (embedded on tmp_path, a real `oxigraph serve` and a real
Virtuoso 7), the corpus."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from ontology.reference import load_reference
from ontology.store import EmbeddedStore, GraphStore, RemoteStore
from tests.xdist_units import (  # noqa: F401 - hooks: how make test's workers share the files
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_xdist_make_scheduler,
)

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


def wait_until_serving(base: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    """Return once ``aimsgraph serve`` at ``base`` answers ``/api/health``; fail the test,
    with what the server wrote on stderr (if captured), when it exits or does not answer
    within ``seconds``. One client polls: each new one would load the CA file again."""
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=1) as client:
        while time.monotonic() < deadline:
            try:
                if client.get(f"{base}/api/health").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                said = process.stderr.read() if process.stderr else ""
                pytest.fail(f"aimsgraph serve exited with code {process.returncode}: {said}")
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"aimsgraph serve on {base} did not answer within {seconds:.0f} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real SPARQL 1.1 server (`oxigraph serve`) on a free loopback port; yields its base URL."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.fail(
            "the `oxigraph` CLI is missing: install the dev extras (pip install -e '.[dev]')"
        )
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [
            exe,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    if not _answers(base + "/query", time.monotonic() + 30, proc):
        proc.kill()
        pytest.fail("oxigraph serve did not start within 30 s")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


#: How often a test reset sends a drop Virtuoso refused as a deadlock victim again.
RESET_DEADLOCK_RETRIES = 8


@dataclass
class SparqlServer:
    """A running SPARQL 1.1 server: its engine, query and update URLs, and the graphs it had
    before any test wrote (Virtuoso keeps its own; :meth:`reset` leaves them alone)."""

    engine: str
    query_url: str
    update_url: str
    own_graphs: frozenset[str] = field(default_factory=frozenset)

    def store(self, **options: int | float) -> RemoteStore:
        return RemoteStore(self.query_url, self.update_url, **options)  # type: ignore[arg-type]

    def reset(self) -> None:
        """Drop every graph a test wrote (``DROP ALL`` would take Virtuoso's own with it).

        Virtuoso may refuse a drop with SQLSTATE 40001 ("Transaction deadlocked") while a
        write an earlier test abandoned still holds its locks; the store sends such a refused
        request again itself (``RemoteStore.update``), here with more patience than users
        get: 8 tries, pauses doubling from 0.2 s (about a minute in all)."""
        # a loaded CI machine may stall Virtuoso
        with self.store(timeout=300, deadlock_retries=RESET_DEADLOCK_RETRIES) as remote:
            for graph in remote.named_graphs():
                if graph not in self.own_graphs:
                    remote.update(f"DROP SILENT GRAPH <{graph}>")

    def cli_options(self) -> list[str]:
        return ["--store", self.query_url, "--store-update", self.update_url]


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 0
"""


def _answers(url: str, deadline: float, proc: subprocess.Popen[bytes]) -> bool:
    """Poll the SPARQL endpoint ``url`` until it answers (True), ``proc`` exits or the
    deadline passes (False). One client throughout: each new one loads the CA file."""
    with httpx.Client(timeout=1) as client:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                client.get(url, params={"query": "ASK {}"})
                return True
            except httpx.HTTPError:
                time.sleep(0.1)
    return False


def _wait_for(url: str, seconds: float, proc: subprocess.Popen[bytes], name: str) -> None:
    if _answers(url, time.monotonic() + seconds, proc):
        return
    if proc.poll() is not None:
        pytest.fail(f"{name} exited with code {proc.returncode} while starting")
    proc.kill()
    pytest.fail(f"{name} did not start within {seconds:.0f} s")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A real Virtuoso 7 (Debian's ``virtuoso-opensource``) on free loopback ports, with a
    throw-away database; SPARQL update granted to its anonymous ``SPARQL`` user."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if exe is None or isql is None:
        pytest.skip(
            "Virtuoso is not installed (virtuoso-t and isql-vt from Debian's "
            "virtuoso-opensource; .ci/run installs it)"
        )
    location = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = location / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=location, sql_port=sql_port, http_port=http_port))
    proc = subprocess.Popen(
        [exe, "-f", "-c", str(ini)],
        cwd=location,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_for(url, 120, proc, "virtuoso-t")
        grant = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if grant.returncode != 0:
            pytest.fail(f"isql could not grant SPARQL_UPDATE: {grant.stdout} {grant.stderr}")
        with RemoteStore(url, url) as remote:
            own = frozenset(remote.named_graphs())
        yield SparqlServer("virtuoso", url, url, own)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def oxigraph_sparql(oxigraph_server: str) -> SparqlServer:
    return SparqlServer("oxigraph", oxigraph_server + "/query", oxigraph_server + "/update")


@pytest.fixture(params=["oxigraph", "virtuoso"])
def sparql_server(request: pytest.FixtureRequest) -> Iterator[SparqlServer]:
    """Each SPARQL engine the remote-store tests run on, emptied of earlier tests' graphs."""
    server: SparqlServer = request.getfixturevalue(
        "oxigraph_sparql" if request.param == "oxigraph" else "virtuoso_server"
    )
    server.reset()
    yield server


@pytest.fixture(params=["embedded", "remote", "virtuoso"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The same tests run on the embedded store and on real remote SPARQL servers
    (``remote``: oxigraph serve; ``virtuoso``: Virtuoso 7)."""
    if request.param == "embedded":
        s: GraphStore = EmbeddedStore(tmp_path / "oxigraph")
    else:
        server: SparqlServer = request.getfixturevalue(
            "oxigraph_sparql" if request.param == "remote" else "virtuoso_server"
        )
        server.reset()
        s = server.store()
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
