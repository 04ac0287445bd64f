"""The dashboard's figures: coverage per standard, Annex A groups, the review queue."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.routes.requirements import list_requirements
from api.routes.validation import gap_report
from api.schemas import Open, errors
from api.workspace import Workspace
from ontology.namespaces import STANDARDS

router = APIRouter(prefix="/dashboard", tags=["validation"])
_GROUP = re.compile(r"^(A\.\d+)")
#: The kinds that count towards a standard's coverage on the dashboard.
COUNTED_KINDS = {"clause", "control", "article"}


def _annex_groups(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = {i["notation"]: i.get("label") for i in items}
    groups: dict[str, dict[str, Any]] = {}
    for item in items:
        match = _GROUP.match(item["notation"])
        if item["kind"] != "control" or match is None:
            continue
        key = match.group(1)
        group = groups.setdefault(
            key,
            {"group": key, "label": labels.get(key), "controls": 0, "confirmed": 0, "suggested": 0},
        )
        evidence = item.get("evidence") or {}
        group["controls"] += 1
        group["confirmed"] += 1 if evidence.get("confirmed") else 0
        group["suggested"] += int(evidence.get("suggested", 0))
    for group in groups.values():
        group["coverage"] = group["confirmed"] / group["controls"] if group["controls"] else 0.0
    return sorted(groups.values(), key=lambda g: int(g["group"].split(".")[1]))


def _coverage_from_counts(items: list[dict[str, Any]]) -> dict[str, Any]:
    counted = [i for i in items if i["kind"] in COUNTED_KINDS]
    confirmed = sum(1 for i in counted if (i.get("evidence") or {}).get("confirmed"))
    return {
        "requirements": len(counted),
        "covered": confirmed,
        "coverage": confirmed / len(counted) if counted else 0.0,
    }


def dashboard_data(ws: Workspace) -> dict[str, Any]:
    """Figures for the dashboard page and ``GET /api/dashboard``.

    Coverage per standard is the gap report's (it counts derived evidence through the
    crosswalks); the queue counts links waiting for a decision, per standard and in all.
    """
    by_standard = {s: list_requirements(ws, s, None) for s in STANDARDS}
    coverage = {s: _coverage_from_counts(items) for s, items in by_standard.items()}
    report = gap_report(ws)
    for standard, entry in report["standards"].items():
        if standard in coverage:
            coverage[standard].update(
                coverage=entry["coverage"],
                covered=entry["covered"],
                requirements=entry["in_scope"],
                gaps=len(entry["gaps"]),
            )
    queue = {
        s: sum(int((i.get("evidence") or {}).get("suggested", 0)) for i in items)
        for s, items in by_standard.items()
    }
    return {
        "coverage": coverage,
        "annex_a": _annex_groups(by_standard["iso42001"]),
        "queue": sum(queue.values()),
        "queue_by_standard": queue,
        "conforms": report["conforms"],
        "systems": [{k: v for k, v in r.items() if k != "gaps"} for r in report["systems"]],
    }


@router.get("", response_model=Open, responses=errors(), summary="Dashboard figures")
def dashboard(ws: WorkspaceDep, _: Viewer) -> dict[str, Any]:
    """``coverage`` per standard, ``annex_a`` groups (a heat map), ``queue`` (links to review)."""
    return dashboard_data(ws)
