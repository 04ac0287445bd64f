"""The audit log: ``ws.audit``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import errors
from mapping.record.audit_log import MAX_PAGE, MAX_PER_PAGE, AuditLog

router = APIRouter(prefix="/audit", tags=["audit"])
KindName = Literal["decision", "upload", "revision", "deletion", "soa", "metadata"]


@router.get("", response_model=AuditLog, responses=errors(), summary="Audit log")
def audit(
    ws: WorkspaceDep,
    _: Viewer,
    kind: Annotated[KindName | None, Query(description="Only this kind; omit for all.")] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page, from 1 (newest first).")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Events a page.")] = 50,
) -> AuditLog:
    """Review decisions, uploads and revisions, deletions, SoA settings and document
    metadata edits, newest first, each with who, when, before and after; ``more`` says
    whether an older page follows."""
    return ws.audit(kind, page, per_page)
