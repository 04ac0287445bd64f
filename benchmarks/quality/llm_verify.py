"""The quality benchmark with language-model verification (``run --llm URL``).

For each labelled Markdown document, the top ``--llm-top`` requirements of the hand-set
ranking that have a written suggestion are verified by the model (quotes checked). Then:

* the ranking is re-ranked by one fixed rule — a link the model says ``does_not_support``
  (with a checked quote) moves down below the verified block; nothing else moves, so a
  small model can only demote, never promote. Nothing is fitted to the labels, so every
  figure is held out (leave-documents-out holds trivially: no document informs another);
* P@5, R@10, MRR and nDCG@10 are printed without and with the re-ranking, on the same
  documents;
* agreement of the verdicts with the labels (relevant: grade > 0; the model's
  ``supports``/``partly`` count as relevant): Cohen's kappa over the verified verdicts;
* the share of verdicts discarded as ``unverifiable`` (quote not in the passage, passage
  number out of range), and the latency per verdict.

It prints figures only.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from mapping.evidence.listing import list_suggestions
from mapping.llm.client import LlmClient, LlmEndpoint
from mapping.llm.errors import LlmError
from mapping.llm.verdicts import Verdict
from mapping.llm.verify import link_to_verify, verify_link
from mapping.retrieval.evaluation import evaluate, summarise
from mapping.retrieval.ranking import RankingSettings
from mapping.retrieval.scoring import HAND_SET

if TYPE_CHECKING:
    from benchmarks.quality.run import Corpus, Document

METRICS = ("P@5", "R@10", "MRR", "nDCG@10")


def cohen_kappa(pairs: Sequence[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two binary raters over ``pairs`` (nan when undefined).

    >>> round(cohen_kappa([(True, True), (False, False), (True, False), (False, False)]), 3)
    0.5
    """
    n = len(pairs)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    p_a = sum(a for a, _ in pairs) / n
    p_b = sum(b for _, b in pairs) / n
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    return float("nan") if expected == 1 else (observed - expected) / (1 - expected)


def rerank(ranking: list[str], verdicts: dict[str, Verdict], top: int) -> list[str]:
    """Demote the verified top-``top`` links the model checked as not supporting."""
    head, tail = ranking[:top], ranking[top:]
    demoted = [n for n in head if n in verdicts and verdicts[n].verdict == "does_not_support"]
    return [n for n in head if n not in demoted] + demoted + tail


def _verify_document(
    corpus: Corpus, client: LlmClient, doc: Document, ranking: list[str], top: int
) -> tuple[dict[str, Verdict], list[float]]:
    doc_id = doc.artefact.rstrip("/").rsplit("/", 1)[-1]
    entries = {
        e["notation"]: e
        for e in list_suggestions(corpus.store, document=doc_id, standard="iso42001")
    }
    verdicts: dict[str, Verdict] = {}
    seconds: list[float] = []
    for notation in [n for n in ranking if n in entries][:top]:
        item = link_to_verify(corpus.store, entries[notation])
        started = time.perf_counter()
        verdicts[notation] = verify_link(corpus.store, client, item, use_cache=False)
        seconds.append(time.perf_counter() - started)
    return verdicts, seconds


def report_llm(
    corpus: Corpus,
    settings: RankingSettings,
    url: str,
    model: str | None,
    *,
    top: int = 5,
    documents: int | None = None,
    allow_remote: bool = False,
) -> None:
    """Verify, re-rank and print the with/without figures for one endpoint."""
    from benchmarks.quality.run import rankings

    client = LlmClient(LlmEndpoint(url, model, timeout_s=300, allow_remote=allow_remote))
    docs = [d for d in corpus.documents if d.kind == "md"][:documents]
    ranked = rankings(corpus, HAND_SET, replace(settings), docs)
    without, with_llm, pairs, seconds = [], [], [], []
    counts: dict[str, int] = {}
    try:
        for doc in docs:
            ranking = ranked[doc.artefact]
            verdicts, took = _verify_document(corpus, client, doc, ranking, top)
            seconds += took
            without.append(evaluate(ranking, doc.labels))
            with_llm.append(evaluate(rerank(ranking, verdicts, top), doc.labels))
            for notation, v in verdicts.items():
                counts[v.verdict] = counts.get(v.verdict, 0) + 1
                if v.verdict != "unverifiable":
                    said = v.verdict in {"supports", "partly"}
                    pairs.append((said, doc.labels.get(notation, 0) > 0))
    except LlmError as error:
        print(f"\nlanguage model failed: {error}")
        return
    finally:
        client.close()
    _print(
        client.model_name() if model is None else model,
        url,
        without,
        with_llm,
        pairs,
        counts,
        seconds,
    )


def _print(
    model: str,
    url: str,
    without: list[dict[str, float]],
    with_llm: list[dict[str, float]],
    pairs: list[tuple[bool, bool]],
    counts: dict[str, int],
    seconds: list[float],
) -> None:
    total = sum(counts.values())
    width = 44
    print(f"\nLanguage-model verification: {model} at {url} ({len(without)} documents)")
    print(f"{'':<{width}}" + "".join(f"{m:>9}" for m in METRICS))
    for name, rows in (
        ("hand-set, without verification", without),
        ("with verification", with_llm),
    ):
        row = summarise(rows)
        print(f"{name:<{width}}" + "".join(f"{row.get(m, 0.0):>9.3f}" for m in METRICS))
    print(f"verdicts: {total} ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    if total:
        print(
            f"discarded as unverifiable (bad quote or passage number): {counts.get('unverifiable', 0) / total:.1%}"
        )
    print(
        f"agreement with the labels over {len(pairs)} checked verdicts: Cohen's kappa {cohen_kappa(pairs):.3f}"
    )
    if seconds:
        print(
            f"latency per verdict: mean {statistics.mean(seconds):.2f} s, "
            f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s"
        )
