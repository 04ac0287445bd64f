"""Evidence links (suggested, confirmed, carried over, derived…), crosswalk neighbours of a
requirement, and a backup of the data directory."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from api.operations.base import Result
from api.operations.requirements import CrosswalkNeighbour

if TYPE_CHECKING:
    from api.workspace import Workspace

#: Files of the data directory a backup keeps besides the store and the originals.
KEPT_FILES = ("tokens.json", "session.key")


class CitedPassage(Result):
    """A passage an evidence link cites."""

    text: str
    page: int | None = None
    section: str = ""
    rank: int | None = None
    passage: str | None = Field(default=None, description="The passage's IRI.")


class RolledUpGroup(Result):
    """A group clause (``6.1``, ``A.6``) and the requirements under it that are evidenced."""

    notation: str
    status: Literal["evidenced", "partly", "none"] = Field(
        description="evidenced: every child that counts is; partly: some are; none: none are."
    )
    rolled_up_from: list[str] = Field(
        default_factory=list, description="The requirements under it whose evidence counts."
    )
    missing: list[str] = Field(
        default_factory=list, description="The requirements under it that are not evidenced."
    )


class EvidenceLink(Result):
    """One evidence link, as ``aimsgraph suggestions`` and ``GET /api/suggestions`` list it."""

    id: str = Field(description="16 hex digits.")
    document: str
    document_title: str | None = None
    notation: str
    standard: str
    label: str | None = None
    status: str = Field(description="suggested, confirmed, rejected, derived, needsReview …")
    score: float | None = None
    method: str | None = None
    model: str | None = None
    ranking_model: str | None = Field(
        default=None, description="Version of the fusion model that ranked it (see `model`)."
    )
    generated_at: str | None = None
    version: int = 0
    link: str = Field(description="The link's IRI.")
    passages: list[CitedPassage] = Field(default_factory=list)
    groups: list[RolledUpGroup] = Field(
        default_factory=list,
        description="The link's requirement if it is a group, then the groups above it, "
        "nearest first, each rolled up over the document's links that are not rejected.",
    )


class Backup(Result):
    """Where a backup went."""

    path: str
    originals: int = Field(description="Original files copied (hard-linked where possible).")


def suggestions(
    ws: Workspace,
    *,
    document: str | None = None,
    control: str | None = None,
    status: str | None = None,
    standard: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EvidenceLink]:
    """Evidence links, best first, filtered by document, requirement, status and standard;
    ``limit`` of them from ``offset``."""
    from mapping.evidence.listing import list_suggestions

    filters = {"document": document, "control": control, "status": status, "standard": standard}
    # One document's links are found from the document (cheap); the others are ordered in
    # the evidence index rather than over every link of the store.
    index = None if document else ws.evidence_index
    rows = list_suggestions(ws.store, **filters, limit=limit, offset=offset, index=index)
    return [EvidenceLink.model_validate(row) for row in rows]


def more_suggestions(
    ws: Workspace, document: str, *, count: int = 5, standard: str = "iso42001"
) -> list[EvidenceLink]:
    """ "More" for a reviewer: the next ``count`` requirements down one document's ranking
    become ``suggested`` links (nothing existing changes); returns them, best first."""
    from mapping.evidence.suggest import more_suggestions as write_more

    with ws.lock:
        written = write_more(
            ws.store, ws.index, ws.embedder, document, count=count, standard=standard,
            learning=ws.learning,
        )  # fmt: skip
    order = {s.id: rank for rank, s in enumerate(written)}
    links = suggestions(ws, document=document, status="suggested")
    return sorted((link for link in links if link.id in order), key=lambda link: order[link.id])


def crosswalk(
    ws: Workspace, notation: str, standard: str, to: str | None
) -> list[CrosswalkNeighbour]:
    """Every typed mapping touching the requirement, both directions, strongest first."""
    from ontology.requirements import crosswalk_neighbours

    rows = crosswalk_neighbours(ws.store, notation, standard, to)
    return [CrosswalkNeighbour.model_validate(row) for row in rows]


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # originals never change: a hard link is a safe, cheap copy
    except OSError:
        shutil.copy2(source, target)


def backup(ws: Workspace) -> Backup:
    """Copy the store (Oxigraph's consistent backup), originals, tokens and session key to
    ``data_dir/backups/<UTC time>/``; the vector index is rebuilt from the graph on restore."""
    from ontology.errors import InputError
    from ontology.store import EmbeddedStore

    if not isinstance(ws.store, EmbeddedStore):
        raise InputError(
            "the graph lives in a remote SPARQL store: back it up on that server",
            hint="GET /api/export?format=trig gives a portable copy of every graph",
        )
    target = ws.data_dir / "backups" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target.mkdir(parents=True)
    with ws.lock:
        ws.store.backup(target / "oxigraph")
    originals = target / "originals"
    originals.mkdir()
    count = 0
    for source in ws.originals.directory.iterdir():
        if source.is_file() and not source.name.startswith("."):
            _link_or_copy(source, originals / source.name)
            count += 1
    for name in KEPT_FILES:
        if (ws.shared_dir / name).exists():
            shutil.copy2(ws.shared_dir / name, target / name)
    return Backup(path=str(target), originals=count)
