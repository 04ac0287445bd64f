"""Requirements (clauses, controls, articles) with coverage, evidence and crosswalks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from rdflib import URIRef

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import Open, errors
from api.workspace import Workspace
from mapping.propagation import derivation_paths
from mapping.suggest import list_suggestions
from ontology import requirements as requirements_core
from ontology.sparql import bind

router = APIRouter(prefix="/requirements", tags=["requirements"])
QUERIES = Path(__file__).resolve().parent.parent / "queries"
StandardName = Literal["iso42001", "iso27001", "euaiact"]
KindName = Literal["clause", "objective", "control", "article"]


def list_requirements(
    ws: Workspace, standard: str | None, kind: str | None
) -> list[dict[str, Any]]:
    """Requirements with their evidence counts (shared by the API and the dashboard)."""
    return requirements_core.list_requirements(ws.store, standard, kind)


def requirement_text(ws: Workspace, iri: str) -> dict[str, str | None]:
    """The definition and typical evidence of a requirement (for reviewers to read)."""
    query = bind(
        (QUERIES / "requirement_text.rq").read_text(encoding="utf-8"), requirement=URIRef(iri)
    )
    rows = ws.store.select(query)
    row = rows[0] if rows else {}
    return {key: str(row[key]) if key in row else None for key in ("definition", "typicalEvidence")}


def requirement_detail(ws: Workspace, notation: str, standard: str) -> dict[str, Any]:
    """A requirement with its evidence links, crosswalk neighbours and derivation paths.

    The JSON route and the requirement page both render this.
    """
    item: dict[str, Any] = dict(requirements_core.find_requirement(ws.store, notation, standard))
    item.update(requirement_text(ws, item["iri"]))
    item["crosswalk"] = requirements_core.crosswalk_neighbours(ws.store, item["notation"], standard)
    item["evidence"] = list_suggestions(ws.store, control=item["notation"], standard=standard)
    paths = derivation_paths(ws.store)
    item["derived"] = [p.to_dict() for p in paths if p.requirement == item["iri"]]
    return item


@router.get("", response_model=list[Open], responses=errors(), summary="List requirements")
def requirements(
    ws: WorkspaceDep,
    _: Viewer,
    standard: Annotated[
        StandardName | None, Query(description="Standard; omit for all.")
    ] = "iso42001",
    kind: Annotated[KindName | None, Query(description="Only this kind.")] = None,
) -> list[dict[str, Any]]:
    """``notation``, ``standard``, ``kind``, ``label`` and ``evidence`` counts, in printed order."""
    return list_requirements(ws, standard, kind)


@router.get("/{notation}", response_model=Open, responses=errors(), summary="One requirement")
def requirement(
    notation: str,
    ws: WorkspaceDep,
    _: Viewer,
    standard: Annotated[StandardName, Query(description="The standard of NOTATION.")] = "iso42001",
) -> dict[str, Any]:
    """The requirement, its evidence links, crosswalk neighbours and derived-evidence paths."""
    return requirement_detail(ws, notation, standard)
