"""The reference commands (init, query, controls, crosswalk, export) through the real CLI.

Read-only commands run twice: on the embedded store and on a real `oxigraph serve`
(``--store``). Error paths check the exit code 2 and a message without a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from api.cli import main
from ontology.namespaces import standard_graph
from ontology.query_files import query_names, query_text
from ontology.reference import META_GRAPH, load_reference
from ontology.sparql import query_form
from ontology.store import EmbeddedStore
from tests.cli_support import shared_query_workers
from tests.conftest import ROOT, SparqlServer, free_port

AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Call the console entry point in-process; returns exit code, stdout, stderr."""

    def invoke(*args: str, stdin: str | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with shared_query_workers(), pytest.raises(SystemExit) as done:
            main(list(args))
        captured = capsys.readouterr()
        return Result(int(done.value.code or 0), captured.out, captured.err)

    return invoke


@pytest.fixture(scope="module", params=["embedded", "remote", "virtuoso"])
def where(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    """Global options that select an initialised store of either kind."""
    data_dir = tmp_path_factory.mktemp("cli-data")
    if request.param == "embedded":
        store = EmbeddedStore(data_dir / "oxigraph")
        load_reference(store)
        store.close()
        yield ["--data-dir", str(data_dir)]
        return
    server: SparqlServer = request.getfixturevalue(
        "oxigraph_sparql" if request.param == "remote" else "virtuoso_server"
    )
    server.reset()
    with server.store() as remote:
        load_reference(remote)
    yield ["--data-dir", str(data_dir), *server.cli_options()]


# ---------------------------------------------------------------------------- init


def test_init_is_idempotent_and_says_what_it_did(run, tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    first = run(*data, "init", "--format", "json")
    assert first.code == 0, first.err
    graphs = first.json()["graphs"]
    assert {g["action"] for g in graphs} == {"loaded"}
    assert {g["file"] for g in graphs} >= {
        "aims.ttl",
        "iso42001.ttl",
        "iso27001.ttl",
        "euaiact.ttl",
    }
    assert all(g["triples"] > 0 for g in graphs)
    second = run(*data, "init")
    assert second.code == 0
    assert "0 loaded, 0 upgraded" in second.out and "unchanged" in second.out
    # Pretend the 42001 file changed since the last load: init upgrades that graph only.
    store = EmbeddedStore(tmp_path / "data" / "oxigraph")
    graph = standard_graph("iso42001")
    store.update(
        f"DELETE {{ GRAPH <{META_GRAPH}> {{ <{graph}> ?p ?h }} }} "
        f"INSERT {{ GRAPH <{META_GRAPH}> {{ <{graph}> ?p 'old' }} }} "
        f"WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph}> ?p ?h }} }}"
    )
    store.close()
    third = run(*data, "init", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(third.out)))
    actions = {r["file"]: r["action"] for r in rows}
    assert actions.pop("iso42001.ttl") == "upgraded"
    assert set(actions.values()) == {"unchanged"}
    forced = run(*data, "init", "--force", "--format", "json").json()["graphs"]
    assert {g["action"] for g in forced} == {"upgraded"}


def test_default_data_dir_and_env(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMSGRAPH_")}
    done = subprocess.run(
        [AIMSGRAPH, "init"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "aimsgraph-data" / "oxigraph").is_dir()
    env["AIMSGRAPH_DATA_DIR"] = str(tmp_path / "elsewhere")
    done = subprocess.run(
        [AIMSGRAPH, "init"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "elsewhere" / "oxigraph").is_dir()


# ------------------------------------------------------------------------ controls


@pytest.mark.parametrize(
    ("standard", "kinds"),
    [
        ("iso42001", {"clause": 43, "objective": 11, "control": 38}),
        ("iso27001", {"clause": 41, "objective": 4, "control": 93}),
        ("euaiact", {"article": 113}),
    ],
)
def test_controls_json_lists_every_requirement(run, where, standard, kinds) -> None:
    result = run(*where, "controls", "--standard", standard, "--format", "json")
    assert result.code == 0, result.err
    items = result.json()
    counts: dict[str, int] = {}
    for item in items:
        assert {"notation", "standard", "kind", "label", "evidence"} <= set(item)
        assert item["standard"] == standard and item["label"]
        assert item["evidence"] == {
            "confirmed": 0,
            "carriedOver": 0,
            "derived": 0,
            "needsReview": 0,
            "suggested": 0,
        }
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    assert counts == kinds


def test_controls_kind_filter_table_and_csv(run, where) -> None:
    table = run(*where, "controls", "--kind", "control")
    assert table.code == 0
    assert table.out.splitlines()[0].split()[:4] == ["standard", "notation", "kind", "label"]
    assert len(table.out.splitlines()) == 2 + 38
    rows = list(
        csv.DictReader(
            io.StringIO(run(*where, "controls", "--standard", "all", "--format", "csv").out)
        )
    )
    assert len(rows) == 92 + 138 + 113
    assert {r["standard"] for r in rows} == {"iso42001", "iso27001", "euaiact"}


# --------------------------------------------------------------------------- query


def test_query_select_in_three_formats(run, where) -> None:
    sparql = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> "
        "SELECT ?n ?order WHERE { ?r skos:notation ?n ; aims:kind 'control' ; aims:order ?order ; "
        "skos:inScheme/skos:notation 'iso42001' } ORDER BY ?order"
    )
    rows = run(*where, "query", sparql, "--format", "json").json()
    assert len(rows) == 38 and rows[0]["n"] == "A.2.2" and isinstance(rows[0]["order"], int)
    as_csv = list(csv.reader(io.StringIO(run(*where, "query", sparql, "--format", "csv").out)))
    assert as_csv[0] == ["n", "order"] and len(as_csv) == 39
    table = run(*where, "query", sparql).out.splitlines()
    assert table[0].split() == ["n", "order"] and len(table) == 40


def test_query_ask_and_construct(run, where) -> None:
    assert run(*where, "query", "ASK { ?s ?p ?o }").out.strip() == "true"
    assert run(*where, "query", "ASK { <http://nothing> ?p ?o }").out.strip() == "false"
    assert run(*where, "query", "ASK { ?s ?p ?o }", "--format", "json").json() == {"boolean": True}
    construct = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> CONSTRUCT { ?r skos:notation ?n } "
        "WHERE { ?r skos:inScheme/skos:notation 'euaiact' ; skos:notation ?n }"
    )
    turtle = run(*where, "query", construct).out
    assert len(Graph().parse(data=turtle, format="turtle")) == 113
    jsonld = run(*where, "query", construct, "--format", "json").out
    assert len(Graph().parse(data=jsonld, format="json-ld")) == 113


def test_query_from_file_and_stdin(run, where, tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/aimsgraph/ns#Article> }"
    )
    assert run(*where, "query", f"@{path}", "--format", "json").json() == [{"n": 113}]
    result = run(*where, "query", "-", "--format", "json", stdin=path.read_text())
    assert result.json() == [{"n": 113}]


SELECTS = [n for n in query_names("ontology") if query_form(query_text("ontology", n)) == "SELECT"]


@pytest.mark.parametrize("name", SELECTS)
def test_packaged_queries_run_from_the_cli(run, where, name: str) -> None:
    path = ROOT / "ontology" / "queries" / f"{name}.rq"
    result = run(*where, "query", f"@{path}", "--format", "json")
    assert result.code == 0, result.err
    assert isinstance(result.json(), list)


@pytest.mark.parametrize(
    ("sparql", "says"),
    [
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
        ("DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("LOAD <http://example.org/x.ttl>", "read-only"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE {\n  ?s ?p \n}", "line 3"),  # and the column, where the engine gives it
    ],
)
def test_query_refusals_and_syntax_errors(run, where, sparql: str, says: str) -> None:
    result = run(*where, "query", sparql)
    assert result.code == 2
    assert says in result.err and result.err.startswith("error: ")
    assert "Traceback" not in result.err
    # Nothing was written.
    assert run(*where, "query", "ASK { <http://a> ?p ?o }").out.strip() == "false"


def test_query_missing_file(run, where) -> None:
    result = run(*where, "query", "@/no/such/file.rq")
    assert result.code == 2 and "no such query file" in result.err


# ----------------------------------------------------------------------- crosswalk


def test_crosswalk_json(run, where) -> None:
    result = run(*where, "crosswalk", "A.6.2.4", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["notation"] == "A.6.2.4" and data["standard"] == "iso42001"
    standards = {c["standard"] for c in data["counterparts"]}
    assert standards == {"iso27001", "euaiact"}
    for c in data["counterparts"]:
        assert {
            "notation",
            "standard",
            "label",
            "relationship",
            "direction",
            "rationale",
            "strength",
            "status",
            "source",
        } <= set(c)
    only = run(*where, "crosswalk", "A.6.2.4", "--to", "euaiact", "--format", "json").json()
    assert {c["standard"] for c in only["counterparts"]} == {"euaiact"}


def test_crosswalk_from_another_standard_and_table(run, where) -> None:
    result = run(*where, "crosswalk", "A.5.9", "--from", "iso27001")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("iso27001 A.5.9:")
    assert "relationship" in lines[1] and "incoming" in result.out


def test_crosswalk_unknown_notation(run, where) -> None:
    result = run(*where, "crosswalk", "A.6.2.44")
    assert result.code == 2
    assert "no such requirement" in result.err and "A.6.2.4" in result.err
    other = run(*where, "crosswalk", "A.8.29")
    assert other.code == 2 and "iso27001" in other.err
    odd = run(*where, "crosswalk", "A.6> ?p ?o } #")
    assert odd.code == 2 and "no such requirement" in odd.err and "malformed" not in odd.err


def test_crosswalk_suggest(run, tmp_path: Path) -> None:
    pytest.importorskip(
        "mapping.evidence.counterparts", reason="mapping.evidence.counterparts not yet in the tree"
    )
    data = ["--data-dir", str(tmp_path / "data")]
    assert run(*data, "init").code == 0
    result = run(
        *data,
        "crosswalk",
        "A.6.2.4",
        "--to",
        "iso27001",
        "--suggest",
        "--top-k",
        "3",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    suggestions = result.json()["suggestions"]
    assert 0 < len(suggestions) <= 3


# -------------------------------------------------------------------------- export


def test_export_all_graphs(run, where, tmp_path: Path) -> None:
    out = tmp_path / "all.trig"
    assert run(*where, "export", "--output", str(out)).code == 0
    dataset = Dataset()
    dataset.parse(out, format="trig")
    assert len(dataset.graph(standard_graph("euaiact"))) > 1000
    nquads = run(*where, "export", "--format", "nquads").out
    assert len(nquads.splitlines()) == sum(len(g) for g in dataset.graphs())
    merged = Graph().parse(data=run(*where, "export", "--format", "turtle").out, format="turtle")
    assert len(merged) > 5000


def test_export_one_graph(run, where) -> None:
    turtle = run(*where, "export", "--graph", "std/iso42001", "--format", "turtle").out
    graph = Graph().parse(data=turtle, format="turtle")
    jsonld = run(*where, "export", "--graph", "std/iso42001", "--format", "jsonld").out
    dataset = Dataset()
    dataset.parse(data=jsonld, format="json-ld")
    assert len(dataset.graph(standard_graph("iso42001"))) == len(graph) > 500
    missing = run(*where, "export", "--graph", "nothing-here")
    assert missing.code == 2 and "no such graph" in missing.err
    odd = run(*where, "export", "--graph", "org> } }")
    assert odd.code == 2 and "not a graph name" in odd.err


# ----------------------------------------------------------------- store errors


def test_unreachable_store_is_one_clear_line(run, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    done = run("--data-dir", str(tmp_path), "--store", url, "controls")
    assert done.code == 2
    lines = done.err.strip().splitlines()
    assert lines[0].startswith("error: SPARQL endpoint") and url in lines[0]
    assert len(lines) == 2 and lines[1].startswith("hint: ")


def test_locked_data_directory(run, tmp_path: Path) -> None:
    """Another process holds the data directory; the command names it and stops."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from ontology.store import EmbeddedStore; "
            "s = EmbeddedStore(Path(sys.argv[1])); print('ready', flush=True); sys.stdin.read()",
            str(tmp_path / "oxigraph"),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        done = run("--data-dir", str(tmp_path), "controls")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert done.code == 2
    assert f"pid {holder.pid}" in done.err and "hint:" in done.err
    assert "Traceback" not in done.err
