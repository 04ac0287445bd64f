"""The quality benchmark's hand labels are well-formed and point at real things.

`benchmarks/quality/labels.yaml` grades which ISO/IEC 42001 requirements each corpus
document evidences; `benchmarks/quality/passage_labels.yaml` anchors requirement -> passage
relevance with short verbatim phrases. A label that names a requirement that does not exist,
a document that is not in the corpus, or a phrase that does not occur would silently distort
the benchmark figures, so these tests fail loudly instead.

Requirements are checked against the packaged reference graph (`ontology/reference/
iso42001.ttl`) and, where present, the fact CSV in ../shared/reference. Corpus checks use the
`corpus_dir` fixture and skip where a fresh clone lacks ../shared/corpus.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from ontology.namespaces import AIMS
from ontology.reference import package_dir

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "benchmarks" / "quality" / "labels.yaml"
PASSAGE_LABELS = ROOT / "benchmarks" / "quality" / "passage_labels.yaml"
EXTRA_LABELS = ROOT / "benchmarks" / "quality" / "labels_extra.yaml"
DOCUMENTS = ROOT / "benchmarks" / "quality" / "documents"
SOURCES = DOCUMENTS / "SOURCES.md"
SHARED_CSV = (ROOT / ".." / "shared" / "reference" / "iso42001-2023.csv").resolve()
SCHEME_PREFIX = "https://w3id.org/aimsgraph/std/iso42001/"
GRADES = {1, 2}


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, as the benchmark does before matching."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def passage_labels() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PASSAGE_LABELS.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def extra_labels() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXTRA_LABELS.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def reference_kinds() -> dict[str, str]:
    """ISO/IEC 42001 notation -> kind (clause | objective | control) from the packaged graph."""
    path = package_dir() / "reference" / "iso42001.ttl"
    if not path.exists():
        pytest.fail(f"{path} is missing: the ISO/IEC 42001 reference graph must be packaged")
    graph = Graph().parse(path, format="turtle")
    kinds: dict[str, str] = {}
    for subject, notation in graph.subject_objects(SKOS.notation):
        if str(subject).startswith(SCHEME_PREFIX):
            kind = graph.value(subject, AIMS.kind)
            assert isinstance(kind, Literal), f"{subject} has no aims:kind"
            kinds[str(notation)] = str(kind)
    return kinds


def document_labels(labels: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(slug, label) for slug, doc in labels["documents"].items() for label in doc["labels"]]


def used_notations(labels: dict[str, Any], passage_labels: dict[str, Any]) -> set[str]:
    documents = {label["notation"] for _, label in document_labels(labels)}
    return documents | set(passage_labels["requirements"])


def passage_entries(passage_labels: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (notation, entry)
        for notation, req in passage_labels["requirements"].items()
        for entry in req["passages"]
    ]


def test_label_files_declare_version_and_labeller(
    labels: dict[str, Any], passage_labels: dict[str, Any]
) -> None:
    for data in (labels, passage_labels):
        assert data["version"] == 1
        assert data["labeller"].strip()


def test_every_labelled_notation_is_a_42001_requirement(
    labels: dict[str, Any], passage_labels: dict[str, Any], reference_kinds: dict[str, str]
) -> None:
    used = used_notations(labels, passage_labels)
    unknown = sorted(used - set(reference_kinds))
    assert not unknown, f"notations not in ontology/reference/iso42001.ttl: {unknown}"


def test_labels_use_controls_not_objectives(
    labels: dict[str, Any], reference_kinds: dict[str, str]
) -> None:
    """Evidence is graded against clauses and controls; an objective only groups controls."""
    objectives = [
        (slug, label["notation"])
        for slug, label in document_labels(labels)
        if reference_kinds[label["notation"]] == "objective"
    ]
    assert not objectives, f"labels on control objectives (use a control): {objectives}"


def test_notations_match_the_shared_fact_csv(
    labels: dict[str, Any], passage_labels: dict[str, Any]
) -> None:
    if not SHARED_CSV.exists():
        pytest.skip(f"{SHARED_CSV} is absent (a fresh clone); the packaged-graph check ran")
    with SHARED_CSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        ids = {row["ref_id"] for row in rows}
    used = used_notations(labels, passage_labels)
    assert used <= ids, f"notations missing from {SHARED_CSV.name}: {sorted(used - ids)}"


def test_document_labels_are_graded_reasoned_and_unique(labels: dict[str, Any]) -> None:
    for slug, doc in labels["documents"].items():
        assert doc["file"] == f"{slug}.md", f"{slug}: file must be the slug's Markdown file"
        notations = [label["notation"] for label in doc["labels"]]
        assert notations, f"{slug} has no labels"
        assert len(notations) == len(set(notations)), f"{slug} labels a requirement twice"
        for label in doc["labels"]:
            assert label["grade"] in GRADES, f"{slug} {label['notation']}: grade must be 1 or 2"
            reason = label["reason"]
            where = f"{slug} {label['notation']}"
            assert reason.strip() and "\n" not in reason, f"{where}: one-line reason needed"


def test_passage_labels_are_graded_anchored_and_backed_by_document_labels(
    labels: dict[str, Any], passage_labels: dict[str, Any]
) -> None:
    labelled = {(slug, label["notation"]) for slug, label in document_labels(labels)}
    for notation, req in passage_labels["requirements"].items():
        assert 2 <= len(req["passages"]) <= 8, f"{notation}: expected 2-8 relevant spans"
    for notation, entry in passage_entries(passage_labels):
        where = f"{notation} / {entry['document']}"
        assert entry["grade"] in GRADES, f"{where}: grade must be 1 or 2"
        assert 5 <= len(entry["phrase"].split()) <= 12, f"{where}: phrase should be 5-12 words"
        assert (entry["document"], notation) in labelled, f"{where}: document not labelled"


def test_every_corpus_document_is_labelled_and_exists(
    labels: dict[str, Any], corpus_dir: Path
) -> None:
    on_disk = {path.stem for path in corpus_dir.glob("*.md") if path.name != "INDEX.md"}
    assert set(labels["documents"]) == on_disk, "labels.yaml and the corpus list other documents"
    for slug, doc in labels["documents"].items():
        assert (corpus_dir / doc["file"]).is_file(), f"{slug}: {doc['file']} not in the corpus"
        twin = corpus_dir / "pdf" / f"{slug}.pdf"
        expected = f"pdf/{slug}.pdf" if twin.exists() else None
        assert doc["pdf"] == expected, f"{slug}: pdf twin should be {expected}"


def test_every_passage_phrase_occurs_in_its_document(
    passage_labels: dict[str, Any], corpus_dir: Path
) -> None:
    texts: dict[str, str] = {}
    missing = []
    for notation, entry in passage_entries(passage_labels):
        slug = entry["document"]
        path = corpus_dir / f"{slug}.md"
        assert path.is_file(), f"{notation}: {slug}.md is not in the corpus"
        if slug not in texts:
            texts[slug] = normalise(path.read_text(encoding="utf-8"))
        if normalise(entry["phrase"]) not in texts[slug]:
            missing.append((notation, slug, entry["phrase"]))
    assert not missing, f"phrases not found verbatim (whitespace-normalised): {missing}"


def within_paragraph(phrase: str) -> re.Pattern[str]:
    """The phrase with any whitespace between words except a blank line (a paragraph break)."""
    return re.compile(r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)".join(re.escape(w) for w in phrase.split()))


def test_no_passage_phrase_spans_a_paragraph_break(
    passage_labels: dict[str, Any], corpus_dir: Path
) -> None:
    """Chunkers split at blank lines; a phrase across one could never sit in a single passage."""
    split = []
    for notation, entry in passage_entries(passage_labels):
        raw = (corpus_dir / f"{entry['document']}.md").read_text(encoding="utf-8")
        if not within_paragraph(entry["phrase"]).search(raw):
            split.append((notation, entry["document"], entry["phrase"]))
    assert not split, f"phrases that cross a blank line in the source: {split}"


# --- labels_extra.yaml: the documents stored in the repository (issue 9) ---


def source_rows() -> dict[str, list[str]]:
    """SOURCES.md table rows keyed by the document file name (first column, in backticks)."""
    rows: dict[str, list[str]] = {}
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 8:
            rows[cells[0].strip("`")] = cells
    return rows


def test_extra_labels_declare_version_and_labeller(extra_labels: dict[str, Any]) -> None:
    assert extra_labels["version"] == 1
    assert extra_labels["labeller"].strip()
    assert len(extra_labels["documents"]) >= 15, "issue 9 asks for at least 15 more documents"


def test_extra_labels_resolve_to_42001_clauses_and_controls(
    extra_labels: dict[str, Any], reference_kinds: dict[str, str]
) -> None:
    pairs = document_labels(extra_labels)
    unknown = sorted({label["notation"] for _, label in pairs} - set(reference_kinds))
    assert not unknown, f"notations not in ontology/reference/iso42001.ttl: {unknown}"
    objectives = [
        (slug, label["notation"])
        for slug, label in pairs
        if reference_kinds[label["notation"]] == "objective"
    ]
    assert not objectives, f"labels on control objectives (use a control): {objectives}"


def test_extra_notations_match_the_shared_fact_csv(extra_labels: dict[str, Any]) -> None:
    if not SHARED_CSV.exists():
        pytest.skip(f"{SHARED_CSV} is absent (a fresh clone); the packaged-graph check ran")
    with SHARED_CSV.open(encoding="utf-8") as handle:
        ids = {row["ref_id"] for row in csv.DictReader(x for x in handle if x[0] != "#")}
    used = {label["notation"] for _, label in document_labels(extra_labels)}
    assert used <= ids, f"notations missing from {SHARED_CSV.name}: {sorted(used - ids)}"


def test_extra_labels_are_graded_reasoned_unique_and_kinded(
    extra_labels: dict[str, Any], labels: dict[str, Any]
) -> None:
    clash = set(extra_labels["documents"]) & set(labels["documents"])
    assert not clash, f"slugs labelled in both files: {sorted(clash)}"
    for slug, doc in extra_labels["documents"].items():
        assert doc["file"] == f"documents/{slug}.md", f"{slug}: file must be documents/<slug>.md"
        assert doc["pdf"] is None, f"{slug}: the extra documents have no PDF twins"
        assert isinstance(doc["kind"], str) and doc["kind"].strip(), f"{slug}: kind needed"
        notations = [label["notation"] for label in doc["labels"]]
        assert notations, f"{slug} has no labels"
        assert len(notations) == len(set(notations)), f"{slug} labels a requirement twice"
        for label in doc["labels"]:
            where = f"{slug} {label['notation']}"
            assert label["grade"] in GRADES, f"{where}: grade must be 1 or 2"
            reason = label["reason"]
            assert reason.strip() and "\n" not in reason, f"{where}: one-line reason needed"


def test_every_extra_document_file_exists_and_is_labelled(extra_labels: dict[str, Any]) -> None:
    base = EXTRA_LABELS.parent
    for slug, doc in extra_labels["documents"].items():
        path = base / doc["file"]
        assert path.is_file(), f"{slug}: {doc['file']} is missing"
        assert path.read_text(encoding="utf-8").strip(), f"{slug}: {doc['file']} is empty"
    stored = {path.stem for path in DOCUMENTS.glob("*.md") if path.name != "SOURCES.md"}
    assert stored == set(extra_labels["documents"]), "documents/ and labels_extra.yaml differ"


def test_sources_list_every_extra_document_with_url_and_licence(
    extra_labels: dict[str, Any],
) -> None:
    rows = source_rows()
    for slug in extra_labels["documents"]:
        row = rows.get(f"{slug}.md")
        assert row is not None, f"{slug}.md is not listed in documents/SOURCES.md"
        _, title, owner, kind, url, licence, retrieved, _notes = row
        assert title and owner and kind, f"{slug}: title, owner and kind needed"
        assert url.startswith("https://"), f"{slug}: source URL needed"
        assert licence, f"{slug}: licence needed"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", retrieved), f"{slug}: retrieval date needed"
    assert set(rows) == {f"{slug}.md" for slug in extra_labels["documents"]}


# --- airmf_42001.yaml: NIST AI RMF 1.0 subcategory statements -> ISO/IEC 42001 ---

AIRMF = ROOT / "benchmarks" / "quality" / "airmf_42001.yaml"
AIRMF_ID = re.compile(r"(GOVERN|MAP|MEASURE|MANAGE) (\d+)\.(\d+)")
# Subcategories per category in AI RMF 1.0 Tables 1-4 (72 in all).
AIRMF_SHAPE = {
    "GOVERN": [7, 3, 2, 3, 2, 2],
    "MAP": [6, 3, 5, 2, 2],
    "MEASURE": [3, 13, 3, 3],
    "MANAGE": [4, 4, 2, 3],
}


@pytest.fixture(scope="module")
def airmf() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(AIRMF.read_text(encoding="utf-8"))
    return data


def test_airmf_lists_every_subcategory_once_with_its_text(airmf: dict[str, Any]) -> None:
    assert airmf["version"] == 1 and airmf["labeller"].strip()
    assert airmf["source"]["url"].startswith("https://") and airmf["source"]["licence"].strip()
    expected = {
        f"{function} {category}.{number}"
        for function, counts in AIRMF_SHAPE.items()
        for category, count in enumerate(counts, start=1)
        for number in range(1, count + 1)
    }
    assert set(airmf["subcategories"]) == expected, "AI RMF 1.0 has 72 subcategories"
    for sub_id, sub in airmf["subcategories"].items():
        match = AIRMF_ID.fullmatch(sub_id)
        assert match and sub["function"] == match.group(1), f"{sub_id}: function mismatch"
        assert sub["text"].strip().endswith("."), f"{sub_id}: subcategory text needed"


def test_airmf_labels_resolve_and_are_graded(
    airmf: dict[str, Any], reference_kinds: dict[str, str]
) -> None:
    for sub_id, sub in airmf["subcategories"].items():
        notations = [label["notation"] for label in sub["labels"]]
        assert notations, f"{sub_id} has no 42001 label"
        assert len(notations) == len(set(notations)), f"{sub_id} labels a requirement twice"
        for label in sub["labels"]:
            where = f"{sub_id} {label['notation']}"
            assert reference_kinds.get(label["notation"]) in {"clause", "control"}, where
            assert label["grade"] in GRADES, f"{where}: grade must be 1 or 2"
            assert label["reason"].strip() and "\n" not in label["reason"], where
