"""Language-model verification of suggestions (optional: 503 ``llm_not_configured`` without
an endpoint). A verdict is machine-drafted: it never confirms or rejects a link.

Batch verification runs as a background job on its own worker, apart from the ingest jobs,
and holds no workspace lock while the model thinks, so reviewers keep deciding meanwhile.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.auth import Reviewer, Viewer
from api.dependencies import WorkspaceDep
from api.jobs import JobRunner, Progress
from api.schemas import JobInfo, errors
from api.settings import Settings
from mapping.llm.verdicts import Verdict

router = APIRouter(prefix="/suggestions", tags=["verification"])


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _runner(request: Request) -> JobRunner:
    from api.operations.verification import verify_jobs

    return verify_jobs(request.app.state)


@router.post(
    "/verify",
    response_model=JobInfo,
    status_code=202,
    responses=errors(502, 503, 504),
    summary="Verify a document's or the queue's suggestions (background job)",
)
def verify_batch(
    request: Request,
    ws: WorkspaceDep,
    who: Reviewer,
    document: Annotated[str | None, Query(description="Only this document's links.")] = None,
    link: Annotated[
        list[str] | None, Query(max_length=500, description="These links (ids; repeat).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many links.")] = 50,
) -> dict[str, Any]:
    """Queues one job verifying ``link`` (repeated), else the undecided links of
    ``document``, else the queue's, best first; poll ``GET /api/suggestions/verify/{job}``:
    ``progress`` 0–1, then ``result`` with ``verdicts`` and ``counts``."""
    from api.operations.verification import llm_client, verdict_counts

    settings = _settings(request)
    llm_client(settings).close()  # 503 now, not in the job, when none is configured

    def work(report: Progress) -> dict[str, Any]:
        found = ws.verify(
            settings,
            link=link or None,
            document=None if link else document,
            queue=not link and document is None,
            limit=limit,
            progress=report,
        )
        return {"verdicts": [v.model_dump() for v in found], "counts": verdict_counts(found)}

    label = f"verify {document or 'queue'}"
    return _runner(request).submit("verify", label, who.name, work).to_json()


@router.get(
    "/verify/{job_id}", response_model=JobInfo, responses=errors(404), summary="A verify job"
)
def verify_job(request: Request, job_id: str, _: Viewer) -> dict[str, Any]:
    """Status, stage, progress 0–1; once done, ``result.verdicts`` and ``result.counts``."""
    return _runner(request).get(job_id).to_json()


@router.post(
    "/{link_id}/verify",
    response_model=Verdict,
    responses=errors(404, 502, 503, 504),
    summary="Verify one suggestion with the language model",
)
def verify_one(request: Request, link_id: str, ws: WorkspaceDep, _: Reviewer) -> Verdict:
    """The model's verdict on the link, its quote checked verbatim in the cited passage
    (``quote_verified``); recorded as a PROV-O activity; cached for the same question."""
    return ws.verify(_settings(request), link=link_id)[0]


@router.get(
    "/{link_id}/verdict",
    response_model=Verdict,
    responses=errors(404),
    summary="The latest recorded verdict on a suggestion",
)
def latest_verdict(link_id: str, ws: WorkspaceDep, _: Viewer) -> Verdict:
    """No endpoint needed: what was recorded. 404 when the link has no verdict yet."""
    return ws.verdict(link_id)
