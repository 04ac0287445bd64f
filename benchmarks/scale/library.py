"""Building (and caching) the scale libraries through the workspace, as ``ingest`` does.

A library of *n* documents lives in ``WORK/lib-<n>``: an ordinary data directory (reference
graph, documents with their suggestions, a share of links decided) plus ``scale.json``, the
build's record. The record is written after every batch, so an interrupted build resumes where
it stopped; a library is grown from the largest finished smaller one (copied, then the missing
documents ingested), so 1,000 costs 900 ingests once 100 exists.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from benchmarks.scale.corpus import library_documents

RECORD = "scale.json"
REVIEWER = "scale benchmark"


@dataclass
class Batch:
    """One ingest call: how many documents and passages went in, and how long it took."""

    documents: int
    passages: int
    seconds: float
    suggestions: int


@dataclass
class Library:
    """A built library and how it was built."""

    size: int
    data_dir: Path
    documents: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    confirmed: int = 0
    rejected: int = 0
    token: str = ""

    @property
    def complete(self) -> bool:
        return len(self.documents) >= self.size

    def save(self) -> None:
        data = asdict(self)
        data["data_dir"] = str(self.data_dir)
        path = self.data_dir / RECORD
        fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        path.with_suffix(".tmp").replace(path)

    @classmethod
    def load(cls, data_dir: Path) -> Library | None:
        path = data_dir / RECORD
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        data["data_dir"] = data_dir
        data["batches"] = [Batch(**b) for b in data["batches"]]
        return cls(**data)


def library_dir(work: Path, size: int) -> Path:
    return work / f"lib-{size:05d}"


def _largest_smaller(work: Path, size: int) -> Library | None:
    found = [Library.load(p) for p in sorted(work.glob("lib-*")) if p.is_dir()]
    done = [lib for lib in found if lib is not None and lib.complete and lib.size < size]
    return max(done, key=lambda lib: lib.size, default=None)


def _start(work: Path, size: int) -> Library:
    """A fresh library (reference graph, a viewer token) or a copy of a smaller one."""
    from api.auth import TokenStore
    from api.settings import Settings
    from api.workspace import Workspace
    from ontology.reference import load_reference

    target = library_dir(work, size)
    smaller = _largest_smaller(work, size)
    if smaller is not None:
        say(f"growing the {smaller.size}-document library into {size}")
        shutil.copytree(smaller.data_dir, target)
        library = Library.load(target)
        assert library is not None
        library.size, library.data_dir = size, target
    else:
        target.mkdir(parents=True)
        with Workspace.open(Settings(data_dir=target)) as ws:
            load_reference(ws.store)
        token = TokenStore.for_data_dir(target).create("scale viewer", "viewer")[1]
        library = Library(size, target, token=token)
    library.save()
    return library


def build(work: Path, corpus: Path, size: int, batch: int, share: float) -> Library:
    """The ``size``-document library, built or resumed as needed (see the module docstring)."""
    work.mkdir(parents=True, exist_ok=True)
    target = library_dir(work, size)
    library = Library.load(target) if target.exists() else None
    if library is not None and library.complete:
        return library
    if library is None:
        if target.exists():  # a copy that died before its first record: start again
            shutil.rmtree(target)
        library = _start(work, size)
    paths = library_documents(corpus, work / "variants", size)
    _ingest_rest(library, paths, batch, share)
    return library


def _ingest_rest(library: Library, paths: list[Path], batch: int, share: float) -> None:
    from api.settings import Settings
    from api.workspace import Workspace
    from ingest.pipeline import IngestOptions
    from ingest.worker import ReaderWorker

    with Workspace.open(Settings(data_dir=library.data_dir)) as ws, ReaderWorker() as worker:
        options = IngestOptions(
            max_bytes=ws.settings.max_upload_bytes, worker=worker, uploaded_by=REVIEWER
        )
        _ = ws.embedder  # the model loads once, outside the timed ingests
        while not library.complete:
            chunk = paths[len(library.documents) : len(library.documents) + batch]
            start = time.perf_counter()
            report = ws.ingest(chunk, options)
            seconds = time.perf_counter() - start
            for failure in report.failures:
                say(f"  skipped {failure.file}: {failure.message}")
            done = report.documents
            library.documents += [d.id for d in done] + ["failed"] * len(report.failures)
            library.titles += [d.title for d in done] + ["failed"] * len(report.failures)
            fresh = [d for d in done if d.status not in ("duplicate", "rendition")]
            passages = sum(d.passages for d in fresh)
            library.batches.append(Batch(len(fresh), passages, seconds, report.suggestions))
            _review_share(ws, library, [d.iri for d in done], share)
            library.save()
            say(
                f"  {len(library.documents)}/{library.size} documents; this batch "
                f"{passages} passages in {seconds:.1f} s"
            )


def _review_share(ws: object, library: Library, artefacts: list[str], share: float) -> None:
    """Decide ``share`` of the new documents' links (three confirmed for each one rejected)
    through the workspace's bulk review, the operation the review page's bulk action uses."""
    from api.schemas import BulkDecision
    from api.workspace import Workspace
    from mapping.evidence.links import link_id
    from mapping.evidence.rollup import document_evidence

    assert isinstance(ws, Workspace)
    if share <= 0 or not artefacts:
        return
    evidence = document_evidence(ws.store, artefacts)
    links = sorted(link_id(a, r) for a, reqs in evidence.items() for r in reqs)
    step = max(1, round(1 / share))
    chosen = links[::step]
    plan: list[tuple[Literal["confirm", "reject"], list[str]]] = [
        ("confirm", chosen[1::4] + chosen[2::4] + chosen[3::4]),
        ("reject", chosen[::4]),
    ]
    for decision, picked in plan:
        for start in range(0, len(picked), 500):
            body = BulkDecision(links=picked[start : start + 500], decision=decision)
            outcome = ws.decide_many(body, REVIEWER)
            count = len(outcome.decided)
            if decision == "confirm":
                library.confirmed += count
            else:
                library.rejected += count


@contextmanager
def scratch_copy(data_dir: Path, prefix: str = "timed-") -> Iterator[Path]:
    """A throw-away copy of the data directory ``data_dir``, beside it, removed afterwards:
    what a benchmark that writes (decisions, their undos, tokens) works on, so the library
    it was given stays as it was built."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=data_dir.parent) as scratch:
        copy = Path(scratch) / data_dir.name
        shutil.copytree(data_dir, copy, symlinks=True)
        yield copy


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
