"""`aimsgraph match`, `match --jsonl` and `suggestions` through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli
from mapping.errors import BatchInputError
from mapping.evidence.counterparts import suggest_counterparts
from mapping.evidence.suggest import suggest_for_artefacts
from mapping.retrieval.embedder import Embedder
from tests.mapping.conftest import MappedData


def _run(data_dir: Path, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    return runner.invoke(
        cli,
        ["--data-dir", str(data_dir), *args],
        input=stdin,
        standalone_mode=False,
        catch_exceptions=True,
    )


@pytest.fixture
def data_dir(mapped: MappedData, embedder: Embedder) -> Path:
    """A data directory with suggestions, released so the CLI can open it."""
    suggest_for_artefacts(
        mapped.store, mapped.index, mapped.embedder, list(mapped.artefacts.values())
    )
    mapped.release()
    assert embedder.cache is not None  # reuse the session's vectors: no model time in the CLI
    target = mapped.data_dir / "embeddings"
    target.mkdir(exist_ok=True)
    shutil.copyfile(embedder.cache.path, target / "embeddings.sqlite")
    return mapped.data_dir


def test_match_ranks_requirements_for_a_text(data_dir: Path) -> None:
    text = "Before release we test the model against acceptance criteria and record the results."
    result = _run(data_dir, "match", "--top-k", "5", text)
    assert result.exit_code == 0, result.output
    matches = json.loads(result.output)["matches"]
    assert len(matches) == 5
    assert set(matches[0]) == {"notation", "standard", "label", "score"}
    assert [m["score"] for m in matches] == sorted((m["score"] for m in matches), reverse=True)
    assert "A.6.2.4" in [m["notation"] for m in matches]


def test_match_jsonl_answers_line_by_line(data_dir: Path) -> None:
    lines = [
        {"id": "a", "text": "Our AI policy is approved by top management."},
        {"id": "b", "text": "Personal data is minimised before it is sent to AI tools."},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    result = _run(data_dir, "match", "--jsonl", "--top-k", "3", "-", stdin=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"] and all(len(o["matches"]) == 3 for o in out)


def test_match_jsonl_names_the_bad_line(data_dir: Path) -> None:
    stdin = '{"id": "a", "text": "fine"}\n{not json\n'
    result = _run(data_dir, "match", "--jsonl", stdin=stdin)
    assert isinstance(result.exception, BatchInputError)
    assert "line 2" in result.exception.message


def test_suggestions_json_and_evidence_search(data_dir: Path) -> None:
    result = _run(data_dir, "suggestions", "--format", "json", "--limit", "4")
    assert result.exit_code == 0, result.output
    links = json.loads(result.output)
    assert len(links) == 4 and all(
        {"text", "page", "section"} <= set(p) for p in links[0]["passages"]
    )
    notation = links[0]["notation"]
    search = _run(data_dir, "suggestions", "--control", notation, "--passages", "--format", "json")
    assert search.exit_code == 0, search.output
    hits = json.loads(search.output)
    assert hits and hits[0]["rank"] == 1 and hits[0]["notation"] == notation and hits[0]["text"]
    table = _run(data_dir, "suggestions", "--document", links[0]["document"])
    assert notation in table.output


def test_counterparts_rank_related_requirements(mapped: MappedData) -> None:
    found = suggest_counterparts(mapped.store, mapped.embedder, "6.1.2", "iso27001", 5)
    assert len(found) == 5 and found[0]["standard"] == "iso27001"
    assert any(f["notation"] in {"6.1.2", "8.2"} for f in found)  # their risk assessment
    assert all(isinstance(f["crosswalked"], bool) for f in found)
    ai_act = suggest_counterparts(mapped.store, mapped.embedder, "6.1.2", "euaiact", 10)
    assert any(f["crosswalked"] for f in ai_act)  # 6.1.2 -- art-9 is a curated edge


def test_suggestions_more_adds_the_next_down_the_ranking(
    data_dir: Path, mapped: MappedData
) -> None:
    from ontology.errors import InputError, NotFoundError

    document = next(iter(mapped.artefacts.values()))
    before = json.loads(
        _run(data_dir, "suggestions", "--document", document, "--format", "json").output
    )
    result = _run(
        data_dir,
        "suggestions",
        "--document",
        document,
        "--more",
        "--limit",
        "2",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    added = json.loads(result.output)
    assert len(added) == 2 and {a["id"] for a in added}.isdisjoint(b["id"] for b in before)
    assert max(a["score"] for a in added) <= min(b["score"] for b in before)
    after = json.loads(
        _run(data_dir, "suggestions", "--document", document, "--format", "json").output
    )
    assert len(after) == len(before) + 2
    assert isinstance(_run(data_dir, "suggestions", "--more").exception, InputError)
    missing = _run(data_dir, "suggestions", "--document", "0123456789ab", "--more")
    assert isinstance(missing.exception, NotFoundError)
