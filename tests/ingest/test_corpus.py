"""The real corpus (../shared/corpus): all documents go in, with pages and sections; idempotent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def ingested(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, list[dict[str, object]]]]:
    data_dir = tmp_path_factory.mktemp("corpus-data")
    result = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(data_dir),
            "ingest",
            "--no-suggest",
            "--format",
            "json",
            str(corpus_dir),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    yield data_dir, json.loads(result.stdout)


def documents(data_dir: Path, *args: str) -> object:
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data_dir), "documents", *args, "--format", "json"],
        catch_exceptions=False,
    )
    return json.loads(result.stdout)


def test_every_document_goes_in(
    corpus_dir: Path, ingested: tuple[Path, list[dict[str, object]]]
) -> None:
    _, rows = ingested
    files = sorted(
        p.name for p in corpus_dir.rglob("*") if p.is_file() and p.suffix in {".md", ".pdf"}
    )
    assert sorted(str(r["file"]) for r in rows) == files
    assert all(r["status"] == "new" and int(r["passages"]) > 0 for r in rows)  # type: ignore[call-overload]


def test_pdfs_have_their_page_counts_and_pages(
    ingested: tuple[Path, list[dict[str, object]]],
) -> None:
    data_dir, rows = ingested
    expected = {
        "owasp-genai-security-coe-guide-v1.0.pdf": 32,
        "gwu-generative-ai-guidelines-2023.pdf": 4,
        "gwu-additional-generative-ai-guidance-2023.pdf": 2,
        "gwu-ai-guidance-best-practices.pdf": 4,
        "gwu-privacy-guidance-ai.pdf": 3,
    }
    for row in rows:
        if row["file"] in expected:
            assert row["pages"] == expected[str(row["file"])]
            doc = documents(data_dir, "show", str(row["id"]))
            pages = [p["page"] for p in doc["passage_list"]]  # type: ignore[index]
            assert pages == sorted(pages) and pages[0] == 1 and max(pages) <= row["pages"]  # type: ignore[operator]


def test_owasp_pdf_is_repaired(ingested: tuple[Path, list[dict[str, object]]]) -> None:
    data_dir, rows = ingested
    row = next(r for r in rows if r["file"] == "owasp-genai-security-coe-guide-v1.0.pdf")
    doc = documents(data_dir, "show", str(row["id"]))
    text = " ".join(p["text"] for p in doc["passage_list"])  # type: ignore[index]
    assert "\x00" not in text and "efficient" in text
    assert "of AI" in text and "ofAI" not in text  # layout mode's run-together words separated
    assert len(text.split()) / max(1, text.count("\n")) > 3  # not one word per line
    sections = {p["section"] for p in doc["passage_list"]}  # type: ignore[index]
    assert any("Introduction" in s for s in sections)


def test_markdown_sections_and_metadata(ingested: tuple[Path, list[dict[str, object]]]) -> None:
    data_dir, rows = ingested
    row = next(r for r in rows if r["file"] == "radioastronomy-ai-governance-policy.md")
    doc = documents(data_dir, "show", str(row["id"]))
    assert doc["title"] == "AI Governance Policy" and doc["type"] == "policy"  # type: ignore[index]
    assert doc["version"] == "1.1" and doc["effective_date"] == "2025-10-26"  # type: ignore[index]
    assert doc["owner"] == "Chief Technology Officer"  # type: ignore[index]
    sections = [p["section"] for p in doc["passage_list"]]  # type: ignore[index]
    assert any(
        s.startswith("AI Governance Policy > 1. Policy Statement & Scope > 1.1") for s in sections
    )


def test_running_again_duplicates_nothing(
    corpus_dir: Path, ingested: tuple[Path, list[dict[str, object]]]
) -> None:
    data_dir, rows = ingested
    before = documents(data_dir)
    result = CliRunner().invoke(
        cli,
        [
            "--data-dir",
            str(data_dir),
            "ingest",
            "--no-suggest",
            "--format",
            "json",
            str(corpus_dir),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert {r["status"] for r in json.loads(result.stdout)} == {"duplicate"}
    assert documents(data_dir) == before
    assert len(list((data_dir / "originals").glob("*.txt"))) == len(rows)
