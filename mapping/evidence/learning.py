"""The organisation's decisions as training data: the learned fusion model and its refit.

A suggestion run records, per document, the plain fusion features of its ISO/IEC 42001
requirements, its score profile and the probabilities it was ranked with
(:meth:`LearningStore.save_document`, one small ``.npz`` file per artefact). A refit
(:func:`refit`) reads the decisions from the graph (confirmed and carried-over links count
as evidence, rejected ones as not; a re-targeted link is confirmed on its new target), takes
every decided document whose features were recorded, and adapts the shipped model to them
(:func:`mapping.retrieval.adaptation.adapt_model`); a requirement nobody decided on counts
with the probability it was ranked with. The result is written as ``model.json`` beside the
recorded features, with its version, when it was fitted and from how many decisions; later
suggestion runs rank with it and record its version on every link (``aims:rankingModel``).

Reproducible: the model depends only on the recorded features, the decisions and the
shipped model; its version is a hash of its parameters. A refit with no decided documents
removes the learned model (ranking goes back to the shipped one).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rdflib import URIRef

from mapping.retrieval.adaptation import DecidedDocument, Levers, adapt_model, plain_features
from mapping.retrieval.fusion import Array, FusionModel, profile, shipped_model, shipped_version
from ontology.namespaces import AIMS, STD
from ontology.query_files import load_query
from ontology.store import GraphStore

if TYPE_CHECKING:
    from mapping.evidence.index_snapshot import LinkRow
    from mapping.retrieval.scoring import RequirementScorer

#: What a refit adapts (each lever's effect on the replay benchmark: docs/mapping.md).
DEFAULT_LEVERS = Levers(neighbours=True, prior=True, refit=True)
MODEL_FILE = "model.json"
_POSITIVE = {str(AIMS.confirmed), str(AIMS.carriedOver)}
_DECIDED = _POSITIVE | {str(AIMS.rejected)}


@dataclass(frozen=True)
class DocumentRecord:
    """What a suggestion run recorded about one document (see the module docstring)."""

    notations: tuple[str, ...]
    features: tuple[str, ...]
    x: Array
    profile: Array
    probabilities: Array


@dataclass(frozen=True)
class LearningStatus:
    """Which fusion model ranks, and what it learned from."""

    version: str
    learned: bool
    decisions: int
    documents: int
    refitted: str | None
    seconds: float | None
    levers: str


class LearningStore:
    """The recorded features and the learned model of one data directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._cached: tuple[int, FusionModel, dict[str, Any]] | None = None

    @property
    def model_path(self) -> Path:
        return self.directory / MODEL_FILE

    def _document_path(self, artefact: str) -> Path:
        name = hashlib.sha256(artefact.encode()).hexdigest()[:32]
        return self.directory / "documents" / f"{name}.npz"

    def save_document(self, artefact: str, record: DocumentRecord) -> None:
        """Record one document's features (replacing an earlier record), atomically."""
        path = self._document_path(artefact)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.stem + ".part.npz")
        names = json.dumps(
            {"artefact": artefact, "notations": record.notations, "features": record.features}
        )
        np.savez(
            partial,
            names=np.array(names),
            x=record.x,
            profile=record.profile,
            probabilities=record.probabilities,
        )
        os.replace(partial, path)

    def documents(self, artefacts: Iterable[str] | None = None) -> dict[str, DocumentRecord]:
        """Every recorded document by artefact IRI, or only those of ``artefacts`` (a refit
        reads the decided ones alone); unreadable records are skipped."""
        out: dict[str, DocumentRecord] = {}
        folder = self.directory / "documents"
        if artefacts is not None:
            paths = sorted(p for p in map(self._document_path, artefacts) if p.is_file())
        else:
            paths = sorted(folder.glob("*.npz")) if folder.is_dir() else []
        for path in paths:
            if path.name.endswith(".part.npz"):
                continue
            try:
                with np.load(path, allow_pickle=False) as data:
                    names = json.loads(str(data["names"]))
                    out[names["artefact"]] = DocumentRecord(
                        tuple(names["notations"]),
                        tuple(names["features"]),
                        data["x"],
                        data["profile"],
                        data["probabilities"],
                    )
            except (OSError, ValueError, KeyError):
                continue
        return out

    def _learned(self) -> tuple[FusionModel, dict[str, Any]] | None:
        """The learned model and its metadata (read again only when the file changed)."""
        try:
            stamp = self.model_path.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        if self._cached is None or self._cached[0] != stamp:
            data = json.loads(self.model_path.read_text(encoding="utf-8"))
            self._cached = (stamp, FusionModel.from_json(data), dict(data["meta"]))
        return self._cached[1], self._cached[2]

    def model(self) -> tuple[FusionModel, str]:
        """(the model suggestions rank with, its version): the learned one if there is one."""
        learned = self._learned()
        if learned is None:
            return shipped_model(), shipped_version()
        return learned[0], str(learned[1]["version"])

    def status(self) -> LearningStatus:
        """What the ranking learned from, read from the learned model's metadata."""
        learned = self._learned()
        if learned is None:
            return LearningStatus(shipped_version(), False, 0, 0, None, None, "none")
        meta = learned[1]
        return LearningStatus(
            str(meta["version"]),
            True,
            int(meta["decisions"]),
            int(meta["decided_documents"]),
            str(meta["refitted"]),
            float(meta["refit_seconds"]),
            str(meta["levers"]),
        )

    def write_model(self, model: FusionModel, meta: Mapping[str, Any]) -> str:
        """Write the learned model with ``meta`` and its version; returns the version."""
        data = model.to_json()
        body = json.dumps(data, sort_keys=True)
        version = "learned-" + hashlib.sha256(body.encode()).hexdigest()[:12]
        data["meta"] = dict(model.meta) | dict(meta) | {"version": version}
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.model_path.with_suffix(".part")
        partial.write_text(json.dumps(data) + "\n", encoding="utf-8")
        os.replace(partial, self.model_path)
        return version

    def forget_model(self) -> None:
        self.model_path.unlink(missing_ok=True)


def decisions_by_artefact(
    store: GraphStore, standard: str = "iso42001"
) -> dict[str, dict[str, bool]]:
    """artefact IRI → {requirement IRI: evidenced?} for every decided link of ``standard``
    (evidenced when any decided link of the document to it is confirmed or carried over)."""
    rows = store.select(load_query("mapping", "decided_links", standard=standard))
    return _decisions((str(r["artefact"]), str(r["req"]), str(r["status"])) for r in rows)


def decisions_of(rows: Iterable[LinkRow], standard: str = "iso42001") -> dict[str, dict[str, bool]]:
    """:func:`decisions_by_artefact` from the evidence index's rows (the links a workspace
    keeps in memory): what a refit reads without scanning every decided link in the store."""
    return _decisions(
        (r.artefact, r.requirement, f"{AIMS}{r.status}")
        for r in rows
        if r.standard == standard and f"{AIMS}{r.status}" in _DECIDED
    )


def _decisions(rows: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, bool]]:
    out: dict[str, dict[str, bool]] = {}
    for artefact, requirement, status in rows:
        found = out.setdefault(artefact, {})
        found[requirement] = found.get(requirement, False) or status in _POSITIVE
    return out


def decided_documents(
    decisions: Mapping[str, Mapping[str, bool]],
    records: Mapping[str, DocumentRecord],
    model: FusionModel,
    standard: str = "iso42001",
) -> tuple[list[DecidedDocument], int]:
    """(the decided documents usable for learning, how many decisions they hold)."""
    assert model.neighbours is not None
    notations = model.neighbours.notations
    features = tuple(plain_features(model))
    out, count = [], 0
    for artefact in sorted(decisions):
        record = records.get(artefact)
        if record is None or record.notations != notations or record.features != features:
            continue
        y = np.asarray(record.probabilities, dtype=np.float64).copy()
        for i, notation in enumerate(notations):
            verdict = decisions[artefact].get(str(URIRef(f"{STD}{standard}/{notation}")))
            if verdict is not None:
                y[i] = 1.0 if verdict else 0.0
                count += 1
        out.append(DecidedDocument(np.asarray(record.x, dtype=np.float64), record.profile, y))
    return out, count


def refit(
    store: GraphStore,
    learning: LearningStore,
    *,
    standard: str = "iso42001",
    levers: Levers = DEFAULT_LEVERS,
    now: datetime | None = None,
    decisions: Mapping[str, Mapping[str, bool]] | None = None,
) -> LearningStatus:
    """Adapt the shipped model to the organisation's decisions and write it (see above).
    ``decisions``: as :func:`decisions_by_artefact` returns them, when the caller has them
    already (a workspace reads them from its evidence index); read from ``store`` if None."""
    started = time.perf_counter()
    shipped = shipped_model()
    if decisions is None:
        decisions = decisions_by_artefact(store, standard)
    records = learning.documents(decisions)
    documents, count = decided_documents(decisions, records, shipped, standard)
    if not documents:
        learning.forget_model()
        return learning.status()
    model = adapt_model(shipped, documents, levers)
    seconds = round(time.perf_counter() - started, 3)
    learning.write_model(
        model,
        {
            "learned_from": "the organisation's review decisions (mapping/evidence/learning.py)",
            "base": shipped_version(),
            "decisions": count,
            "decided_documents": len(documents),
            "refitted": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "refit_seconds": seconds,
            "levers": levers.name,
        },
    )
    return learning.status()


def record_of(scorer: RequirementScorer, x: Array, probabilities: Array) -> DocumentRecord | None:
    """What learning keeps of a document ranked by ``scorer`` with features ``x`` (rows:
    the scorer's requirements; columns: its fusion model's features); None when the model
    has no neighbour table or does not cover these requirements."""
    model = scorer.fusion
    if model is None or model.neighbours is None or "within_document_z" not in model.features:
        return None
    standard = str(model.meta.get("standard", "iso42001"))
    column = {
        d.notation: i
        for i, d in enumerate(scorer.descriptors)
        if d.standard == standard and not d.is_group
    }
    notations = model.neighbours.notations
    if any(n not in column for n in notations):
        return None
    rows = [column[n] for n in notations]
    plain = plain_features(model)
    within = x[rows, model.features.index("within_document_z")]
    return DocumentRecord(
        notations=tuple(notations),
        features=tuple(plain),
        x=np.asarray(x[rows][:, [model.features.index(f) for f in plain]], dtype=np.float32),
        profile=profile(np.asarray(within, dtype=np.float64)),
        probabilities=np.asarray(probabilities[rows], dtype=np.float32),
    )
