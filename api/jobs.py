"""Background jobs: ingest an upload and suggest its evidence, reporting progress.

One worker thread runs jobs one at a time, in the order they came: ingest and suggestion
write the graph and the vector index, and doing that serially keeps both consistent without
further locking. Jobs live in memory (the results they produce live in the graph); a
restarted server forgets finished jobs, not what they ingested.

Status moves ``queued → running → done | failed``; ``progress`` goes from 0 to 1 and
``stage`` says what is happening, for the API to report and the UI to poll.
"""

from __future__ import annotations

import logging
import shutil
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.errors import status_of
from ontology.errors import AimsgraphError, NotFoundError

log = logging.getLogger("aimsgraph.jobs")

#: A job's way of saying how far it got: ``report("suggesting", 0.6)``.
Progress = Callable[[str, float], None]
JobFunction = Callable[[Progress], dict[str, Any]]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    """One unit of background work and what became of it."""

    id: str
    kind: str
    label: str
    owner: str
    status: str = "queued"
    stage: str = "queued"
    progress: float = 0.0
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    error_status: int = 500
    #: What makes two submissions the same work (an upload's kind and SHA-256), if anything.
    key: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "owner": self.owner,
            "status": self.status,
            "stage": self.stage,
            "progress": round(self.progress, 3),
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
            "result": self.result,
            "error": self.error,
        }


class JobRunner:
    """Runs submitted jobs on one worker thread and remembers the last ``keep`` of them."""

    def __init__(self, keep: int = 500, lock: threading.RLock | None = None) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        #: The workspace's write lock where given, so a job and a deletion never overlap.
        self._running = lock if lock is not None else threading.RLock()
        self._keep = keep

    def exclusive(self) -> threading.RLock:
        """A lock held while a job runs: take it to read what jobs write (the vector index)."""
        return self._running

    def submit(self, kind: str, label: str, owner: str, work: JobFunction) -> Job:
        return self.submit_once(kind, label, owner, work, key=None)[0]

    def submit_once(
        self, kind: str, label: str, owner: str, work: JobFunction, *, key: str | None
    ) -> tuple[Job, bool]:
        """Queue ``work``, unless a job with the same ``key`` (an upload's digest) is still
        queued or running: then that job. Also says whether the job is a new one."""
        job = Job(id=uuid.uuid4().hex[:12], kind=kind, label=label, owner=owner, key=key)
        with self._lock:
            if key is not None:
                for other in self._jobs.values():
                    if other.key == key and other.status in {"queued", "running"}:
                        return other, False
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                old, _ = self._jobs.popitem(last=False)
                self._futures.pop(old, None)
            if self._executor is None:  # first use, or the app started again after a shutdown
                self._executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="aimsgraph-job"
                )
            self._futures[job.id] = self._executor.submit(self._run, job, work)
        return job, True

    def _run(self, job: Job, work: JobFunction) -> None:
        def report(stage: str, fraction: float) -> None:
            job.stage = stage
            job.progress = max(job.progress, min(1.0, max(0.0, fraction)))

        with self._running:
            self._run_held(job, work, report)

    def _run_held(self, job: Job, work: JobFunction, report: Progress) -> None:
        job.status, job.started = "running", _now()
        try:
            job.result = work(report)
            job.status, job.stage, job.progress = "done", "done", 1.0
        except AimsgraphError as error:
            job.error = {"code": error.code, "message": error.message, "hint": error.hint}
            job.error_status = status_of(error)
            job.status, job.stage = "failed", "failed"
        except Exception as error:  # a bug: keep the worker alive, report it
            log.exception("job %s failed", job.id)
            job.error = {
                "code": "internal_error",
                "message": f"the job failed unexpectedly ({error.__class__.__name__}: {error})",
                "hint": "this is a bug; the server log has the details",
            }
            job.status, job.stage = "failed", "failed"
        finally:
            job.finished = _now()

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError(
                f"no such job {job_id!r}", hint="jobs are kept in memory until the server restarts"
            )
        return job

    def list(self) -> list[Job]:
        return list(reversed(self._jobs.values()))

    def wait(self, job_id: str, timeout: float | None = None) -> Job:
        """Block until the job has finished (for ``?wait=true`` uploads and tests)."""
        future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)
        return self.get(job_id)

    def pending(self) -> int:
        return sum(1 for j in self._jobs.values() if j.status in {"queued", "running"})

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def discard_upload(path: Path) -> None:
    """Remove an upload's private temporary folder."""
    shutil.rmtree(path.parent, ignore_errors=True)
