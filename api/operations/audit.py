"""The audit log, for the workspace (:class:`AuditOperations`): ``mapping.record.audit_log``
over its store."""

from __future__ import annotations

from functools import cached_property

from api.operations.state import WorkspaceBase
from mapping.record.audit_log import AuditLog
from mapping.record.audit_order import AuditOrder

__all__ = ["AuditLog", "AuditOperations"]


class AuditOperations(WorkspaceBase):
    """Read the audit log."""

    @cached_property
    def audit_order(self) -> AuditOrder:
        """Every event's place in the log, kept in memory across decisions (any other write
        reads it again), so a page describes its own events and reads nothing else."""
        return AuditOrder(self.store)

    def audit(self, kind: str | None = None, page: int = 1, per_page: int = 50) -> AuditLog:
        """Page ``page`` (from 1) of the events of ``kind`` (None: all), newest first."""
        from mapping.record import audit_log as record

        return record.audit_log(self.store, kind, page, per_page, self.audit_order.current())
