"""Quality benchmark: evidence suggestions on the real corpus against independent labels.

    .venv/bin/python -m benchmarks.quality.run [--corpus ../shared/corpus] [--cache-dir DIR]

Ingests every Markdown document and PDF of the corpus through the real ingest pipeline into
a temporary data directory, writes suggestions for all of them, and prints:

1. document → requirement ranking (labels.yaml): P@5, R@10, MRR and nDCG@10 per document
   and overall, for the full method and the baselines (lexical only; dense on titles only)
   and ablations, all in the same process on the same passages;
2. requirement → passage search (passage_labels.yaml) over the Markdown documents;
3. the effect of reviewer feedback: 30 % of the documents' suggestions are confirmed or
   rejected according to the labels, and the ranking is measured on the other 70 %;
4. timings (ingest, embedding, suggestion).

It prints figures only; it never fails on a threshold or a time.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from benchmarks.quality.heldout import Sample, collect  # noqa: E402
from benchmarks.quality.heldout_report import methods, print_documents, print_tables  # noqa: E402
from mapping.evidence.suggest import (  # noqa: E402
    DocumentPassages,
    load_document_passages,
    rank_document,
    suggest_for_artefacts,
)
from mapping.retrieval.embedder import BACKENDS, DEFAULT_BACKEND, Embedder, load_embedder  # noqa: E402
from mapping.retrieval.evaluation import evaluate, summarise  # noqa: E402
from mapping.retrieval.index import VectorIndex, passage_texts  # noqa: E402
from mapping.retrieval.match import rank_passages  # noqa: E402
from mapping.retrieval.ranking import RankingSettings  # noqa: E402
from mapping.retrieval.scoring import (  # noqa: E402
    HAND_SET,
    LEXICAL_ONLY,
    TITLES_ONLY,
    RequirementScorer,
    ScorerConfig,
    prepare_scorer,
)
from ontology.store import EmbeddedStore  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
METRICS = ("P@5", "R@10", "Rc@10", "MRR", "nDCG@10")


@dataclass
class Document:
    """One ingested corpus file with its labels."""

    slug: str
    kind: str  # md (the labelled file, whatever its format) | pdf (its PDF twin)
    artefact: str
    passages: int
    labels: dict[str, int]
    seconds: float


@dataclass
class Corpus:
    store: EmbeddedStore
    index: VectorIndex
    embedder: Embedder
    documents: list[Document] = field(default_factory=list)
    passage_labels: Path = HERE / "passage_labels.yaml"


#: Methods compared: (name, scorer configuration, settings overrides).
METHODS: list[tuple[str, ScorerConfig, dict[str, float]]] = [
    ("hand-set (dense+bm25, descriptors, top-3 roll-up)", HAND_SET, {}),
    ("baseline: lexical only (bm25, descriptors)", LEXICAL_ONLY, {}),
    ("baseline: dense on titles only", TITLES_ONLY, {}),
    ("ablation: dense only (descriptors)", ScorerConfig(lexical=False, fusion=False), {}),
    ("ablation: hand-set, best passage only", HAND_SET, {"top_passages": 1}),
    ("ablation: hand-set, per-req. normalisation", HAND_SET, {"requirement_normalisation": 1}),
    (
        "ablation: hand-set, one descriptor vector",
        ScorerConfig(evidence_view=False, statements=False, fusion=False),
        {},
    ),
    (
        "ablation: hand-set, no evidence statements",
        ScorerConfig(statements=False, fusion=False),
        {},
    ),
]


#: The labelled benchmark: the corpus documents (labels.yaml) and the documents stored in
#: this repository (labels_extra.yaml, issue 9), both labelled before any tuning.
LABELS = (HERE / "labels.yaml", HERE / "labels_extra.yaml")


def load_labels(path: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(data["documents"])


def document_path(corpus_dir: Path, labels: Path, name: str) -> Path:
    """A labelled file: stored beside its labels file (``documents/…``) or in the corpus."""
    beside = labels.parent / name
    return beside if beside.is_file() else corpus_dir / name


def ingest_corpus(
    corpus_dir: Path,
    data_dir: Path,
    cache_dir: Path,
    model: str,
    *,
    labels: Path | Sequence[Path] = LABELS,
    passage_labels: Path = HERE / "passage_labels.yaml",
    backend: str = DEFAULT_BACKEND,
) -> Corpus:
    """Ingest every labelled document (and its PDF twin) through the real pipeline."""
    from ingest.originals import OriginalStore
    from ingest.pipeline import IngestOptions, ingest_path
    from ontology.reference import load_reference

    store = EmbeddedStore(data_dir / "oxigraph")
    load_reference(store)
    originals = OriginalStore(data_dir / "originals")
    embedder = load_embedder(model, cache_dir, backend=backend)
    index = VectorIndex.open(data_dir / "vectors", embedder.dimension)
    corpus = Corpus(store, index, embedder, passage_labels=passage_labels)
    for labels_file in [labels] if isinstance(labels, Path) else labels:
        for slug, entry in load_labels(labels_file).items():
            grades = {str(lab["notation"]): int(lab["grade"]) for lab in entry["labels"]}  # type: ignore[attr-defined]
            for kind, key in (("md", "file"), ("pdf", "pdf")):
                if not entry.get(key):
                    continue
                started = time.perf_counter()
                path = document_path(corpus_dir, labels_file, str(entry[key]))
                # trusted files: parsed in-process without the upload time limit, which a
                # loaded machine exceeds on the 32-page OWASP PDF
                result = ingest_path(
                    store, originals, path, options=IngestOptions(parse_timeout_s=None)
                )
                corpus.documents.append(
                    Document(
                        slug,
                        kind,
                        result.artefact_iri,
                        len(result.passages),
                        grades,
                        time.perf_counter() - started,
                    )
                )
    return corpus


def rankings(
    corpus: Corpus,
    config: ScorerConfig,
    settings: RankingSettings,
    docs: list[Document],
    use_feedback: bool = True,
) -> dict[str, list[str]]:
    """Artefact IRI → notations best first, for ``docs`` under one method."""
    scorer = prepare_scorer(
        corpus.store,
        corpus.index,
        corpus.embedder,
        settings=settings,
        config=config,
        use_feedback=use_feedback,
    )
    return rank_all(
        scorer, load_document_passages(corpus.store, corpus.index, [d.artefact for d in docs])
    )


def rank_all(scorer: RequirementScorer, passages: list[DocumentPassages]) -> dict[str, list[str]]:
    notation = {d.iri: d.notation for d in scorer.descriptors}
    return {
        doc.artefact: [notation[s.requirement] for s in rank_document(scorer, doc)]
        for doc in passages
    }


def document_rows(docs: list[Document], ranked: dict[str, list[str]]) -> list[dict[str, float]]:
    return [evaluate(ranked[d.artefact], d.labels) for d in docs]


def fmt_row(name: str, row: dict[str, float], width: int = 48) -> str:
    return f"{name:<{width}}" + "".join(f"{row.get(m, 0.0):>9.3f}" for m in METRICS)


def header(title: str, width: int = 48) -> str:
    return f"\n{title}\n{'':<{width}}" + "".join(f"{m:>9}" for m in METRICS)


def report_methods(corpus: Corpus, settings: RankingSettings) -> None:
    md = [d for d in corpus.documents if d.kind == "md"]
    pdf = [d for d in corpus.documents if d.kind == "pdf"]
    print(
        header(
            f"Full ranking, unfitted methods ({len(md)} Markdown documents, macro average; "
            "nothing here is fitted to the labels, so these are held-out figures too)"
        )
    )
    per_doc: dict[str, dict[str, float]] = {}
    pdf_rows: dict[str, dict[str, float]] = {}
    halves: dict[str, list[dict[str, float]]] = {}
    for name, config, overrides in METHODS:
        ranked = rankings(corpus, config, replace(settings, **overrides), corpus.documents)
        rows = document_rows(md, ranked)
        print(fmt_row(name, summarise(rows)))
        pdf_rows[name] = summarise(document_rows(pdf, ranked))
        if config == HAND_SET and not overrides:
            halves[name] = [summarise(rows[start::2]) for start in (0, 1)]
            per_doc = {f"{d.slug}": r for d, r in zip(md, rows, strict=True)}
            per_doc.update(
                {f"{d.slug} (pdf)": r for d, r in zip(pdf, document_rows(pdf, ranked), strict=True)}
            )
    print(header("Halves of the Markdown documents (labels.yaml order), hand-set method"))
    for first, second in halves.values():
        print(fmt_row(f"half A: 1st, 3rd, ... ({len(md[0::2])} documents)", first))
        print(fmt_row(f"half B: 2nd, 4th, ... ({len(md[1::2])} documents)", second))
    print(header(f"Same, on the {len(pdf)} PDF versions"))
    for name, row in pdf_rows.items():
        print(fmt_row(name, row))
    print(header("Per document, hand-set method, full ranking (labels in brackets)", 56))
    counts = {
        (d.slug + (" (pdf)" if d.kind == "pdf" else "")): len(d.labels) for d in corpus.documents
    }
    for name, row in per_doc.items():
        print(fmt_row(f"{name} [{counts[name]}]", row, 56))


def heldout_samples(corpus: Corpus, settings: RankingSettings) -> list[Sample]:
    """Fusion features of every labelled artefact (PDF twins marked not primary)."""
    scorer = prepare_scorer(
        corpus.store,
        corpus.index,
        corpus.embedder,
        settings=settings,
        config=HAND_SET,
        use_feedback=False,
    )
    docs = corpus.documents
    passages = load_document_passages(corpus.store, corpus.index, [d.artefact for d in docs])
    return collect(scorer, [(d.slug, d.kind == "md", d.labels) for d in docs], passages)


def report_heldout(corpus: Corpus, settings: RankingSettings, k: int) -> None:
    """Leave-documents-out figures, written suggestions beside the full ranking."""
    samples = heldout_samples(corpus, settings)
    results = methods(samples, k, settings)
    newer = HERE / "labels_extra.yaml"
    print_tables(
        samples, results, k, frozenset(load_labels(newer)) if newer.is_file() else frozenset()
    )
    print_documents(samples, results)


def report_passages(corpus: Corpus, settings: RankingSettings) -> None:
    md = [d for d in corpus.documents if d.kind == "md"]
    print(header("Requirement → passage search (passage_labels.yaml, Markdown documents)"))
    for name, config, overrides in METHODS[:3]:
        scorer = prepare_scorer(
            corpus.store,
            corpus.index,
            corpus.embedder,
            settings=replace(settings, **overrides),
            config=config,
        )
        rows, unmatched = evaluate_passage_search(scorer, corpus, {d.artefact: d.slug for d in md})
        print(fmt_row(name, summarise(rows)))
    print(f"(labelled phrases found in no passage at all: {unmatched})")


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def evaluate_passage_search(
    scorer: RequirementScorer, corpus: Corpus, slugs: dict[str, str]
) -> tuple[list[dict[str, float]], int]:
    """Per-requirement metrics of passage search over the artefacts in ``slugs`` (IRI → slug).

    Relevant items are the labelled phrases: a phrase is found when a ranked passage of its
    document contains it; a passage's gain is the best grade among the phrases it contains.
    """
    data = yaml.safe_load(corpus.passage_labels.read_text(encoding="utf-8"))
    by_artefact: dict[str, str] = {}
    texts = passage_texts(corpus.store, list(slugs))
    for iri in texts:
        by_artefact[iri] = slugs[iri.split("/passage/")[0]]
    unmatched = 0
    rows = []
    for notation, entry in data["requirements"].items():
        phrases = [
            (p["document"], normalise_space(p["phrase"]), int(p["grade"]))
            for p in entry["passages"]
        ]
        ranked = rank_passages(scorer, corpus.index, texts, str(notation), 50)
        keys = []
        for iri, _ in ranked:
            text = normalise_space(texts[iri])
            hit = [
                f"{doc}|{ph}" for doc, ph, _ in phrases if doc == by_artefact[iri] and ph in text
            ]
            keys.append(hit[0] if hit else iri)
        relevant = {f"{doc}|{ph}": grade for doc, ph, grade in phrases}
        unmatched += sum(
            1
            for doc, ph, _ in phrases
            if not any(by_artefact[i] == doc and ph in normalise_space(t) for i, t in texts.items())
        )
        rows.append(evaluate(keys, relevant))
    return rows, unmatched


def replay_decisions(corpus: Corpus, docs: list[Document]) -> tuple[int, int]:
    """Confirm the suggestions of ``docs`` that the labels hold, reject the others."""
    from mapping.evidence.review import decide_many
    from mapping.evidence.suggest import list_suggestions

    confirm: list[str] = []
    reject: list[str] = []
    for doc in docs:
        for item in list_suggestions(
            corpus.store, document=doc.artefact.rsplit("/", 1)[-1], status="suggested"
        ):
            (confirm if item["notation"] in doc.labels else reject).append(item["id"])
    decide_many(corpus.store, confirm, "confirm", "quality-benchmark")
    decide_many(corpus.store, reject, "reject", "quality-benchmark")
    return len(confirm), len(reject)


def held_out_split(docs: list[Document], share: float = 0.3) -> tuple[set[str], set[str]]:
    """Slugs split deterministically: ``share`` reviewed, the rest held out."""
    slugs = sorted({d.slug for d in docs}, key=lambda s: hashlib.sha256(s.encode()).hexdigest())
    reviewed = set(slugs[: round(len(slugs) * share)])
    return reviewed, set(slugs) - reviewed


def report_feedback(corpus: Corpus, settings: RankingSettings) -> None:
    reviewed, held_out = held_out_split(corpus.documents)
    test = [d for d in corpus.documents if d.slug in held_out and d.kind == "md"]
    before = summarise(document_rows(test, rankings(corpus, HAND_SET, settings, test, False)))
    confirmed, rejected = replay_decisions(
        corpus, [d for d in corpus.documents if d.slug in reviewed]
    )
    after = summarise(document_rows(test, rankings(corpus, HAND_SET, settings, test, True)))
    print(
        header(
            f"Feedback: {confirmed} confirmations and {rejected} rejections replayed on "
            f"{len(reviewed)} documents; measured on the other {len(test)}"
        )
    )
    print(fmt_row("full, without feedback", before))
    print(fmt_row("full, with feedback", after))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="embedding cache to reuse between runs (default: a fresh one)",
    )
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument(
        "--backend",
        default=DEFAULT_BACKEND,
        choices=list(BACKENDS),
        help="onnx-int8 (default): int8 ONNX; torch: PyTorch float32; "
        "torch-int8: PyTorch dynamic int8 quantisation of linear layers",
    )
    parser.add_argument(
        "--labels",
        type=Path,
        action="append",
        default=None,
        help="labels file (repeat for several; default: labels.yaml and labels_extra.yaml)",
    )
    parser.add_argument(
        "--folds", type=int, default=5, help="folds over documents for held-out figures"
    )
    parser.add_argument(
        "--heldout-only", action="store_true", help="print only the leave-documents-out figures"
    )
    parser.add_argument("--passage-labels", type=Path, default=HERE / "passage_labels.yaml")
    parser.add_argument(
        "--llm",
        metavar="URL",
        default=None,
        help="also verify with this OpenAI-compatible endpoint (base URL ending in /v1) and "
        "print the figures with and without verification (docs/llm.md)",
    )
    parser.add_argument("--llm-model", default=None, help="model to ask the endpoint for")
    parser.add_argument(
        "--llm-top", type=int, default=5, help="verified suggestions per document (top of ranking)"
    )
    parser.add_argument(
        "--llm-documents", type=int, default=None, help="verify only the first N documents"
    )
    parser.add_argument(
        "--llm-allow-remote",
        action="store_true",
        help="allow an endpoint on another machine (document text is sent to it)",
    )
    return parser.parse_args(argv)


def build(args: argparse.Namespace, data_dir: Path, settings: RankingSettings) -> Corpus:
    """Ingest the corpus and write suggestions, printing how long each took."""
    started = time.perf_counter()
    corpus = ingest_corpus(
        args.corpus,
        data_dir,
        args.cache_dir or data_dir / "cache",
        args.model,
        labels=args.labels or LABELS,
        passage_labels=args.passage_labels,
        backend=args.backend,
    )
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    artefacts = [d.artefact for d in corpus.documents]
    result = suggest_for_artefacts(
        corpus.store, corpus.index, corpus.embedder, artefacts, settings=settings
    )
    suggest_s = time.perf_counter() - started
    print(
        f"model {corpus.embedder.cache_key}; {len(corpus.documents)} artefacts, "
        f"{sum(d.passages for d in corpus.documents)} passages"
    )
    print(
        f"ingest {ingest_s:.1f} s; suggest (embedding {result.embedded} passages) "
        f"{suggest_s:.1f} s; {result.written + result.unchanged} suggestions written"
    )
    return corpus


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent; nothing to measure", file=sys.stderr)
        return 2
    settings = RankingSettings()
    with tempfile.TemporaryDirectory(prefix="aimsgraph-quality-") as tmp:
        corpus = build(args, Path(tmp), settings)
        if args.llm:
            from benchmarks.quality.llm_verify import report_llm

            report_llm(
                corpus,
                settings,
                args.llm,
                args.llm_model,
                top=args.llm_top,
                documents=args.llm_documents,
                allow_remote=args.llm_allow_remote,
            )
        report_heldout(corpus, settings, args.folds)
        if not args.heldout_only:
            report_methods(corpus, settings)
            report_passages(corpus, settings)
            report_feedback(corpus, settings)
        corpus.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
