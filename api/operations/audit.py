"""The audit log, for the workspace: ``mapping.record.audit_log`` over its store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mapping.record.audit_log import AuditLog

if TYPE_CHECKING:
    from api.workspace import Workspace

__all__ = ["AuditLog", "audit_log"]


def audit_log(
    ws: Workspace, kind: str | None = None, page: int = 1, per_page: int = 50
) -> AuditLog:
    """Page ``page`` (from 1) of the events of ``kind`` (None: all), newest first."""
    from mapping.record import audit_log as record

    return record.audit_log(ws.store, kind, page, per_page)
