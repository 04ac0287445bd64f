"""What the OSCAL tests share: a data directory with real documents and reviewed evidence,
and reading an exported file back with compliance-trestle's pydantic models."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ingest.originals import OriginalStore
from ingest.pipeline import IngestOptions, ingest_path
from mapping.evidence.listing import list_suggestions
from mapping.evidence.review import decide
from mapping.evidence.soa import set_soa
from mapping.evidence.suggest import suggest_for_artefacts
from mapping.retrieval.embedder import Embedder
from mapping.retrieval.index import VectorIndex
from ontology.reference import load_reference
from ontology.store import EmbeddedStore

DEMO_DOCS = Path(__file__).resolve().parents[4] / "api" / "demo_docs"
REVIEWER = "Alice Auditor"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class Reviewed:
    """The store and what the fixture did to it, for exact expectations."""

    store: EmbeddedStore
    sha256: dict[str, str]  # artefact id -> SHA-256 of the file's bytes
    confirmed: list[dict[str, Any]]  # the suggestions confirmed
    rejected: list[dict[str, Any]]
    excluded: str  # the notation excluded in the SoA


def build_reviewed(data_dir: Path, embedder: Embedder) -> Reviewed:
    """Reference, the three demo documents ingested and suggested, three controls' best
    suggestions confirmed, one rejected, one control excluded and one marked implemented."""
    store = EmbeddedStore(data_dir / "oxigraph")
    load_reference(store)
    options = IngestOptions(owner="Compliance lead", review_date="2030-01-01", parse_timeout_s=None)
    originals = OriginalStore(data_dir / "originals")
    sha: dict[str, str] = {}
    ids = []
    for path in sorted(DEMO_DOCS.glob("*.md")):
        result = ingest_path(store, originals, path, options=options)
        sha[result.artefact_id] = hashlib.sha256(path.read_bytes()).hexdigest()
        ids.append(result.artefact_id)
    index = VectorIndex.open(data_dir / "vectors", dimension=embedder.dimension)
    suggest_for_artefacts(store, index, embedder, ids)
    annex = [
        s for s in list_suggestions(store, standard="iso42001") if s["notation"].startswith("A.")
    ]
    chosen: list[dict[str, Any]] = []
    for suggestion in annex:  # the best suggestion of three different controls
        if suggestion["notation"] not in {c["notation"] for c in chosen}:
            chosen.append(suggestion)
        if len(chosen) == 4:
            break
    assert len(chosen) == 4, "the demo documents should draw suggestions for 4 Annex A controls"
    confirmed, rejected = chosen[:3], chosen[3:]
    for n, suggestion in enumerate(confirmed):
        decide(store, suggestion["id"], "confirm", REVIEWER, "seen", now=START + timedelta(hours=n))
    decide(
        store, rejected[0]["id"], "reject", REVIEWER, "off topic", now=START + timedelta(hours=5)
    )
    taken = {c["notation"] for c in chosen}
    excluded = next(n for n in ("A.10.4", "A.10.3", "A.10.2", "A.9.4") if n not in taken)
    set_soa(
        store,
        excluded,
        applicable=False,
        justification="We build no AI for customers.",
        now=START + timedelta(days=1),
    )
    set_soa(
        store,
        confirmed[0]["notation"],
        applicable=True,
        status="implemented",
        now=START + timedelta(days=1),
    )
    return Reviewed(store, sha, confirmed, rejected, excluded)


def trestle_read(model: str, path: Path) -> Any:
    """Read an exported file with compliance-trestle, as an auditor's tool would."""
    from trestle.oscal.assessment_results import AssessmentResults
    from trestle.oscal.catalog import Catalog
    from trestle.oscal.mapping import MappingCollection
    from trestle.oscal.poam import PlanOfActionAndMilestones

    classes = {
        "catalog": Catalog,
        "mapping-collection": MappingCollection,
        "assessment-results": AssessmentResults,
        "poam": PlanOfActionAndMilestones,
    }
    return classes[model].oscal_read(path)
