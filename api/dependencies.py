"""Typed dependencies through which routes reach the workspace and the app's services.

The workspace lives on ``app.state`` (set by :func:`api.app.create_app`); routes declare
``ws: WorkspaceDep`` and never touch globals.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.jobs import JobRunner
from api.workspace import Workspace


def get_workspace(request: Request) -> Workspace:
    """The workspace this app serves."""
    workspace: Workspace = request.app.state.workspace
    return workspace


def get_jobs(request: Request) -> JobRunner:
    """The background job runner (ingest and suggestion)."""
    jobs: JobRunner = request.app.state.jobs
    return jobs


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]
