"""The pipeline on a real store: new, duplicate, revision, bad input, atomicity, reconcile."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Graph

from ingest import errors
from ingest.documents import get_document, list_documents, passage_neighbours
from ingest.originals import OriginalStore, sha256_hex
from ingest.pipeline import IngestOptions, ingest_path, ingest_paths, reconcile_originals
from ingest.worker import ReaderWorker
from ontology.namespaces import ORG_GRAPH
from ontology.store import EmbeddedStore, GraphStore

from .conftest import BAD, FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def test_new_document_matches_the_contract(
    store: GraphStore, originals: OriginalStore, options: IngestOptions
) -> None:
    """Runs on the embedded store and on a real remote SPARQL server."""
    result = ingest_path(store, originals, FIXTURES / "policy.md", options=options)
    data = (FIXTURES / "policy.md").read_bytes()
    assert result.status == "new" and result.artefact_id == sha256_hex(data)[:12]
    doc = get_document(store, result.artefact_id)
    assert doc["title"] == "Acme AI Acceptable Use Policy" and doc["type"] == "policy"
    assert (doc["owner"], doc["version"]) == ("Chief Technology Officer", "1.0")
    assert (doc["effective_date"], doc["review_date"]) == ("2025-01-01", "2026-01-01")
    assert doc["media_type"] == "text/markdown" and doc["size"] == len(data)
    assert doc["file_name"] == "policy.md" and doc["passages"] == len(result.passages)
    text = originals.read_text(doc["sha256"])
    for passage in doc["passage_list"]:
        assert text[passage["start"] : passage["end"]] == passage["text"]
        assert passage["iri"].endswith(
            f"/artefact/{result.artefact_id}/passage/{passage['ordinal']}"
        )
    assert originals.read(doc["sha256"]) == data
    listed = list_documents(store)
    assert [d["id"] for d in listed] == [result.artefact_id]
    assert set(listed[0]) >= {"id", "title", "type", "sha256", "passages"}


def test_a_passages_neighbours_are_the_documents_order(
    store: GraphStore, originals: OriginalStore, options: IngestOptions
) -> None:
    """What the review page shows beside a cited passage, read without the whole document,
    on every engine: the passages before and after it in the document's order."""
    result = ingest_path(store, originals, FIXTURES / "policy.md", options=options)
    every = get_document(store, result.artefact_id)["passage_list"]
    assert len(every) >= 3
    for at, passage in enumerate(every):
        before = every[at - 1] if at else None
        after = every[at + 1] if at + 1 < len(every) else None
        assert passage_neighbours(store, passage["iri"]) == (before, after), at
    unknown = every[0]["iri"].rsplit("/", 1)[0] + "/999999"
    assert passage_neighbours(store, unknown) == (None, None)


def test_pdf_passages_carry_pages(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    result = ingest_path(embedded_store, originals, FIXTURES / "policy.pdf", options=options)
    assert result.pages == 3
    by_section = {p.section_path.split(" > ")[-1]: p for p in result.passages}
    assert by_section["4 Data protection"].page == 3
    assert {p.page for p in result.passages} == {1, 2, 3}


def test_same_bytes_again_is_a_duplicate(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions, tmp_path: Path
) -> None:
    first = ingest_path(embedded_store, originals, FIXTURES / "policy.docx", options=options)
    before = embedded_store.count(ORG_GRAPH)
    copy = tmp_path / "renamed.docx"
    shutil.copy(FIXTURES / "policy.docx", copy)
    again = ingest_path(embedded_store, originals, copy, options=options)
    assert (
        again.status == "duplicate" and again.message == f"already ingested as {first.artefact_id}"
    )
    assert embedded_store.count(ORG_GRAPH) == before
    assert len(list(originals.digests())) == 1


def test_new_version_links_unchanged_passages(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    old = ingest_path(embedded_store, originals, FIXTURES / "policy.md", options=options)
    options.revision_of = old.artefact_id
    new = ingest_path(embedded_store, originals, FIXTURES / "policy-v2.md", options=options)
    assert new.status == "revision" and new.revision_of == old.artefact_id
    doc = get_document(embedded_store, new.artefact_id)
    assert doc["revision_of"] == old.artefact_id and doc["version"] == "1.1"
    assert get_document(embedded_store, old.artefact_id)["superseded_by"] == new.artefact_id
    derived = {p["iri"]: p["derived_from"] for p in doc["passage_list"]}
    unchanged = [iri for iri, source in derived.items() if source]
    assert unchanged, "some passages are unchanged and must point at their old selves"
    assert set(new.changed_passages) == {iri for iri, source in derived.items() if not source}
    assert new.changed_passages and new.removed_passages
    old_text = {
        p["iri"]: p["text"] for p in get_document(embedded_store, old.artefact_id)["passage_list"]
    }
    for iri, source in derived.items():
        if source:
            assert old_text[source] == next(
                p["text"] for p in doc["passage_list"] if p["iri"] == iri
            )


def test_revision_of_by_id_and_unknown_id(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    old = ingest_path(
        embedded_store,
        originals,
        FIXTURES / "policy.pdf",
        options=IngestOptions(parse_timeout_s=None),
    )
    result = ingest_path(
        embedded_store,
        originals,
        FIXTURES / "policy.txt",
        options=IngestOptions(parse_timeout_s=None, revision_of=old.artefact_id),
    )
    assert result.status == "revision" and result.revision_of == old.artefact_id
    with pytest.raises(errors.DocumentNotFoundError, match="no such document"):
        ingest_path(
            embedded_store,
            originals,
            FIXTURES / "policy.html",
            options=IngestOptions(parse_timeout_s=None, revision_of="000000000000"),
        )


BAD_CASES = [
    ("encrypted.pdf", errors.EncryptedPdfError, "encrypted"),
    ("truncated.pdf", errors.CorruptFileError, "truncated"),
    ("damaged.docx", errors.CorruptFileError, "damaged"),
    ("empty.txt", errors.EmptyFileError, "empty"),
    ("image-only.pdf", errors.NoTextLayerError, "no text layer"),
    ("picture-named.pdf", errors.UnsupportedTypeError, "PNG image"),
    ("zip-bomb.docx", errors.ZipBombError, "compressed"),
    ("zip-bomb.xlsx", errors.ZipBombError, "compressed"),
    ("deep.html", errors.NestingTooDeepError, "levels deep"),
]


@pytest.mark.parametrize(("name", "error", "problem"), BAD_CASES)
def test_bad_input_leaves_nothing_behind(
    name: str,
    error: type[Exception],
    problem: str,
    embedded_store: EmbeddedStore,
    originals: OriginalStore,
    options: IngestOptions,
) -> None:
    with pytest.raises(error, match=problem) as raised:
        ingest_path(embedded_store, originals, BAD / name, options=options)
    assert str(raised.value).startswith(f"{name}: ") and raised.value.hint  # type: ignore[attr-defined]
    assert embedded_store.count(ORG_GRAPH) == 0
    assert list(originals.directory.iterdir()) == []


def test_image_only_pdf_suggests_ocr(
    embedded_store: EmbeddedStore, originals: OriginalStore, options: IngestOptions
) -> None:
    with pytest.raises(errors.NoTextLayerError) as raised:
        ingest_path(embedded_store, originals, BAD / "image-only.pdf", options=options)
    assert "OCR" in (raised.value.hint or "")


def test_file_over_the_size_limit(embedded_store: EmbeddedStore, originals: OriginalStore) -> None:
    limit = (FIXTURES / "policy.pdf").stat().st_size - 1
    with pytest.raises(
        errors.FileTooLargeError, match=f"policy.pdf: the file is .* over the limit of {limit}"
    ):
        ingest_path(
            embedded_store,
            originals,
            FIXTURES / "policy.pdf",
            options=IngestOptions(max_bytes=limit),
        )
    assert embedded_store.count(ORG_GRAPH) == 0 and list(originals.digests()) == []


def test_a_batch_goes_on_past_bad_files(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    with ReaderWorker(timeout_s=60) as worker:
        results, failures = ingest_paths(
            embedded_store,
            originals,
            [FIXTURES],
            options=IngestOptions(worker=worker),
        )
    assert sorted(r.file_name for r in results) == sorted(p.name for p in FIXTURES.glob("*.*"))
    assert sorted(f.file for f in failures) == sorted(name for name, _, _ in BAD_CASES)
    assert len(list(originals.digests())) == len(results)
    assert {f.error for f in failures} >= {
        "zip_bomb",
        "encrypted_pdf",
        "no_text_layer",
    }


def test_worker_bounds_parsing_time(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    with (
        ReaderWorker(timeout_s=0.001) as worker,
        pytest.raises(errors.ParseTimeoutError, match="policy.pdf: parsing took longer than"),
    ):
        ingest_path(
            embedded_store, originals, FIXTURES / "policy.pdf", options=IngestOptions(worker=worker)
        )
    assert embedded_store.count(ORG_GRAPH) == 0 and list(originals.digests()) == []


def test_worker_parses_like_in_process(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    bounded = ingest_path(
        embedded_store,
        originals,
        FIXTURES / "policy.docx",
        options=IngestOptions(parse_timeout_s=60),
    )
    assert bounded.status == "new" and len(bounded.passages) >= 3


def test_graph_write_failure_removes_the_original(
    embedded_store: EmbeddedStore, originals: OriginalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = sha256_hex((FIXTURES / "policy.md").read_bytes())

    def fail(store: GraphStore, graph: Graph) -> None:  # the graph write, failing
        assert originals.has(digest)
        raise OSError("disk full while writing the graph")

    monkeypatch.setattr("ingest.pipeline.write_artefact", fail)
    with pytest.raises(OSError, match="disk full"):
        ingest_path(
            embedded_store,
            originals,
            FIXTURES / "policy.md",
            options=IngestOptions(parse_timeout_s=None),
        )
    assert list(originals.directory.iterdir()) == [] and embedded_store.count(ORG_GRAPH) == 0


KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import ingest.pipeline
    from ingest.originals import OriginalStore
    from ingest.pipeline import IngestOptions, ingest_path
    from ontology.store import EmbeddedStore

    data_dir, path = Path(sys.argv[1]), Path(sys.argv[2])
    store = EmbeddedStore(data_dir / "oxigraph")
    # killed where the graph write would begin, the original already stored
    ingest.pipeline.write_artefact = lambda store, graph: os.kill(os.getpid(), signal.SIGKILL)
    options = IngestOptions(parse_timeout_s=None)
    ingest_path(store, OriginalStore(data_dir / "originals"), path, options=options)
    """
)


def test_killed_between_file_and_graph_write_is_reconciled(tmp_path: Path) -> None:
    """A real process killed (SIGKILL) after storing the original, before the graph write."""
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(tmp_path), str(FIXTURES / "policy.pdf")],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    originals = OriginalStore(tmp_path / "originals")
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        digest = sha256_hex((FIXTURES / "policy.pdf").read_bytes())
        assert originals.has(digest) and store.count(ORG_GRAPH) == 0  # the orphan the crash left
        assert reconcile_originals(store, originals) == [digest]
        assert list(originals.directory.iterdir()) == []
        result = ingest_path(
            store, originals, FIXTURES / "policy.pdf", options=IngestOptions(parse_timeout_s=None)
        )
        assert result.status == "new" and reconcile_originals(store, originals) == []
        assert originals.has(digest)
    finally:
        store.close()


BATCH_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ingest.originals import OriginalStore
    from ingest.pipeline import IngestOptions, ingest_paths
    from ontology.store import EmbeddedStore

    data_dir, folder = Path(sys.argv[1]), Path(sys.argv[2])
    store = EmbeddedStore(data_dir / "oxigraph")
    originals = OriginalStore(data_dir / "originals")
    for _ in range(20):  # keep writing until killed
        for path in sorted(folder.glob("*.*")):
            copy = data_dir / "copies" / (str(_) + path.name)
            copy.parent.mkdir(exist_ok=True)
            copy.write_bytes(path.read_bytes() + (b"\\n" * (_ + 1) if path.suffix in {".md", ".txt", ".html"} else b""))
            ingest_paths(store, originals, [copy], options=IngestOptions(parse_timeout_s=None))
    """
)


@pytest.mark.parametrize("delay", [1.5, 3.0])
def test_killed_at_any_moment_leaves_whole_documents(tmp_path: Path, delay: float) -> None:
    """SIGKILL a process ingesting in a loop; after reconcile, files and graph agree."""
    proc = subprocess.Popen(
        [sys.executable, "-c", BATCH_SCRIPT, str(tmp_path), str(FIXTURES)], cwd=ROOT
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    store = EmbeddedStore(tmp_path / "oxigraph")
    try:
        originals = OriginalStore(tmp_path / "originals")
        reconcile_originals(store, originals)
        documents = list_documents(store)
        assert {d["sha256"] for d in documents} == set(originals.digests())
        for doc in documents:
            passages = get_document(store, doc["id"])["passage_list"]
            assert [p["ordinal"] for p in passages] == list(range(doc["passages"])) and passages
            text = originals.read_text(doc["sha256"])
            assert all(text[p["start"] : p["end"]] == p["text"] for p in passages)
    finally:
        store.close()


def test_bad_override_values_are_refused(
    embedded_store: EmbeddedStore, originals: OriginalStore
) -> None:
    from ontology.errors import InputError

    with pytest.raises(InputError, match="review date 'soon' is not a date"):
        ingest_path(
            embedded_store,
            originals,
            FIXTURES / "policy.md",
            options=IngestOptions(review_date="soon"),
        )
    with pytest.raises(InputError, match="unknown artefact type 'memo'"):
        ingest_path(
            embedded_store,
            originals,
            FIXTURES / "policy.md",
            options=IngestOptions(artefact_type="memo"),
        )
    assert embedded_store.count(ORG_GRAPH) == 0 and list(originals.digests()) == []
