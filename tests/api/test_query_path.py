"""One query path for ``aimsgraph query`` and ``/sparql``: the same limits, and on a remote
store the SELECT columns keep the query's order and its unbound variables."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli
from api.settings import Settings
from api.sparql_endpoint import run_query
from api.workspace import Workspace
from ontology.reference import load_reference
from ontology.store import RemoteStore

SELECT = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?notation ?missing ?r WHERE { ?r skos:notation ?notation ; "
    "skos:inScheme/skos:notation 'iso42001' . OPTIONAL { ?r <urn:nothing> ?missing } } "
    "ORDER BY ?notation"
)


@pytest.fixture(scope="module")
def remote(oxigraph_server: str) -> Iterator[RemoteStore]:
    store = RemoteStore(oxigraph_server + "/query", oxigraph_server + "/update")
    store.update("DROP SILENT ALL")
    load_reference(store)
    yield store
    store.close()


def test_remote_select_keeps_column_order_and_unbound_variables(remote: RemoteStore) -> None:
    answer = run_query(remote, SELECT, "application/sparql-results+json", 5)
    data = json.loads(answer.body)
    assert data["head"]["vars"] == ["notation", "missing", "r"]
    assert len(data["results"]["bindings"]) == 5 and answer.truncated
    assert all("missing" not in b for b in data["results"]["bindings"])
    csv_header = run_query(remote, SELECT, "text/csv", 5).body.decode().splitlines()[0]
    assert csv_header == "notation,missing,r"


def test_cli_query_has_the_endpoints_result_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace.open(Settings(data_dir=tmp_path)) as ws:
        load_reference(ws.store)
    monkeypatch.setenv("AIMSGRAPH_SPARQL_RESULT_LIMIT", "7")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "query", SELECT, "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 7 and list(rows[0]) == ["notation", "r"]
    assert "only the first 7 results" in result.stderr
