"""The workspace reconciles the file store with the graph when it opens."""

from __future__ import annotations

from pathlib import Path

from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions, ingest_path

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def test_open_removes_an_original_that_no_artefact_points_to(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with Workspace.open(settings) as ws:
        source = next(p for p in sorted(FIXTURE.glob("*.md")))
        kept = ingest_path(
            ws.store, ws.originals, source, options=IngestOptions(parse_timeout_s=None)
        )
        orphan = ws.originals.put(b"an upload whose graph write never happened", "text")
        assert orphan in list(ws.originals.digests())
    with Workspace.open(settings) as ws:
        digests = list(ws.originals.digests())
        assert orphan not in digests
        assert any(d.startswith(kept.artefact_id) for d in digests)
