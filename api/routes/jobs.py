"""Background jobs: their status and progress."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import Viewer
from api.dependencies import JobsDep
from api.schemas import JobInfo, errors

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("", response_model=list[JobInfo], responses=errors(), summary="Recent jobs")
def list_jobs(jobs: JobsDep, _: Viewer) -> list[dict[str, Any]]:
    """Jobs since the server started, newest first."""
    return [job.to_json() for job in jobs.list()]


@router.get("/{job_id}", response_model=JobInfo, responses=errors(), summary="One job")
def get_job(job_id: str, jobs: JobsDep, _: Viewer) -> dict[str, Any]:
    """Status (queued, running, done, failed), stage, progress 0–1, result or error."""
    return jobs.get(job_id).to_json()
