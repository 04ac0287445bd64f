"""Revisions are named, never guessed: a same-titled upload is a new document, a bad
``revision_of`` is refused before anything is written, the same text in another format is a
rendition, and :func:`ingest.candidates.preview_bytes` only proposes earlier versions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest import errors
from ingest.candidates import preview_bytes
from ingest.documents import get_document
from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions, ingest_path
from ontology.namespaces import ORG_GRAPH
from ontology.store import EmbeddedStore

from .conftest import FIXTURES


def _options(**fields: str) -> IngestOptions:
    return IngestOptions(parse_timeout_s=None, **fields)  # type: ignore[arg-type]


def _written(store: EmbeddedStore, originals: OriginalStore) -> tuple[int, int]:
    return store.count(ORG_GRAPH), len(list(originals.digests()))


def test_a_same_titled_upload_is_a_new_document_unless_named(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    old = ingest_path(embedded_store, originals, FIXTURES / "policy.md", options=_options())
    same_title = ingest_path(
        embedded_store, originals, FIXTURES / "policy-v2.md", options=_options()
    )
    assert same_title.status == "new" and same_title.revision_of is None
    assert get_document(embedded_store, old.artefact_id)["superseded_by"] is None


def test_a_named_revision_supersedes(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    old = ingest_path(embedded_store, originals, FIXTURES / "policy.md", options=_options())
    new = ingest_path(
        embedded_store,
        originals,
        FIXTURES / "policy-v2.md",
        options=_options(revision_of=old.artefact_id),
    )
    assert (new.status, new.revision_of) == ("revision", old.artefact_id)
    assert get_document(embedded_store, old.artefact_id)["superseded_by"] == new.artefact_id


@pytest.mark.parametrize("case", ["unknown", "superseded", "itself", "malformed"])
def test_a_bad_revision_of_is_refused_and_nothing_is_written(
    embedded_store: EmbeddedStore, originals: OriginalStore, case: str
) -> None:
    old = ingest_path(embedded_store, originals, FIXTURES / "policy.md", options=_options())
    newer = ingest_path(
        embedded_store,
        originals,
        FIXTURES / "policy-v2.md",
        options=_options(revision_of=old.artefact_id),
    )
    before = _written(embedded_store, originals)
    named, path, error, words = {
        "unknown": ("000000000000", "policy.html", errors.DocumentNotFoundError, "no such"),
        "superseded": (
            old.artefact_id,
            "policy.html",
            errors.RevisionTargetError,
            newer.artefact_id,
        ),
        "itself": (newer.artefact_id, "policy-v2.md", errors.RevisionTargetError, "this very file"),
        "malformed": ("'; DROP", "policy.html", errors.DocumentNotFoundError, "12 lowercase hex"),
    }[case]
    with pytest.raises(error, match=re.escape(words)):
        ingest_path(embedded_store, originals, FIXTURES / path, options=_options(revision_of=named))
    assert _written(embedded_store, originals) == before


def _pdf_of(markdown: str, target: Path) -> Path:
    """A PDF printing the Markdown's headings and paragraphs (no page numbers, no headers)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    body = markdown.split("\n---\n", 1)[-1] if markdown.startswith("---") else markdown
    for block in body.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        level = len(block) - len(block.lstrip("#"))
        style = styles[f"Heading{min(level, 3)}"] if level else styles["BodyText"]
        story.append(Paragraph(block.lstrip("# ").replace("&", "&amp;"), style))
    SimpleDocTemplate(str(target), pagesize=A4).build(story)
    return target


def test_the_same_text_as_a_pdf_is_a_rendition_not_a_second_document(
    embedded_store: EmbeddedStore, originals: OriginalStore, tmp_path: Path
) -> None:
    source = (FIXTURES / "policy-v2.md").read_text("utf-8")
    markdown = tmp_path / "policy.md"
    markdown.write_text(source.split("\n---\n", 1)[1], "utf-8")  # no front matter
    first = ingest_path(embedded_store, originals, markdown, options=_options())
    before = _written(embedded_store, originals)
    pdf = _pdf_of(markdown.read_text("utf-8"), tmp_path / "policy.pdf")

    preview = preview_bytes(embedded_store, pdf.read_bytes(), pdf.name, options=_options())
    again = ingest_path(embedded_store, originals, pdf, options=_options())

    assert (preview.status, preview.document) == ("rendition", first.artefact_id)
    assert again.status == "rendition" and again.artefact_id == first.artefact_id
    assert "rendition" in again.message and first.artefact_id in again.message
    assert _written(embedded_store, originals) == before


def test_preview_proposes_by_title_and_by_shared_passages_and_writes_nothing(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    old = ingest_path(embedded_store, originals, FIXTURES / "policy.md", options=_options())
    other = ingest_path(embedded_store, originals, FIXTURES / "report.pdf", options=_options())
    before = _written(embedded_store, originals)
    data = (FIXTURES / "policy-v2.md").read_bytes()

    preview = (
        preview_bytes(embedded_store, data, "policy-v2.md", options=_options())
        .result()
        .model_dump()
    )

    assert preview["status"] == "new"
    [candidate] = preview["candidates"]
    assert candidate["id"] == old.artefact_id != other.artefact_id
    assert "same title" in candidate["reasons"]
    assert any("passages unchanged" in reason for reason in candidate["reasons"])
    assert 0 < candidate["shared"] < 1
    assert _written(embedded_store, originals) == before
