"""Language-model verification of evidence links, for the CLI, the API and the queue page.

The endpoint comes from the settings (``AIMSGRAPH_LLM_*``); the API key is read here from
the environment variable the settings name. Without an endpoint every call raises
:class:`LlmNotConfiguredError` (exit 2 / HTTP 503) and nothing else changes.

The filter, order and counts by latest verdict (:func:`by_latest_verdict`,
:func:`queue_verdict_counts`, :func:`verdict_briefs`; used by the review queue in
:mod:`api.operations.review_queue` and the evidence listing in :mod:`api.operations.evidence`)
need no endpoint: they read the recorded verdicts, once per revision of the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import Field

from api.jobs import JobRunner
from api.operations.base import Progress, Result, quiet
from api.operations.state import WorkspaceBase
from mapping.llm.client import LlmClient, LlmEndpoint, is_loopback
from mapping.llm.drafts import JustificationDraft, accept_draft, draft_justification, list_drafts
from mapping.llm.errors import LlmError, LlmNotConfiguredError
from mapping.llm.prompt import SCHEMA
from mapping.llm.verdicts import Verdict, latest_verdicts
from mapping.llm.verify import link_to_verify, verify_link, verify_many
from ontology.errors import InputError

if TYPE_CHECKING:
    from api.settings import Settings

T = TypeVar("T")


class LlmCheck(Result):
    """What ``aimsgraph llm check`` found at the endpoint."""

    url: str
    models: list[str] = Field(description="What GET /v1/models lists.")
    model: str = Field(description="The model a verification asks for.")
    reported_model: str = Field(description="The model id the server named in its answer.")
    structured: bool = Field(description="The endpoint answered with schema-shaped JSON.")
    mode: str = Field(
        description="How the schema was accepted: json_schema, json_object_schema or prompt."
    )
    remote: bool = Field(
        description="The endpoint is not on this machine: document text leaves it."
    )


def llm_endpoint(settings: Settings, environ: dict[str, str] | None = None) -> LlmEndpoint | None:
    """The configured endpoint, or ``None`` when ``AIMSGRAPH_LLM_URL`` is unset."""
    if not settings.llm_url:
        return None
    env = os.environ if environ is None else environ
    key = None
    if settings.llm_api_key_env:
        key = env.get(settings.llm_api_key_env)
        if not key:
            raise InputError(
                f"the environment variable {settings.llm_api_key_env} (AIMSGRAPH_LLM_API_KEY_ENV) "
                "is empty or unset",
                hint="export the key in that variable, or unset AIMSGRAPH_LLM_API_KEY_ENV",
            )
    return LlmEndpoint(
        url=settings.llm_url,
        model=settings.llm_model,
        api_key=key,
        timeout_s=settings.llm_timeout_s,
        concurrency=settings.llm_concurrency,
        allow_remote=settings.llm_allow_remote,
    )


def llm_client(settings: Settings) -> LlmClient:
    """A client for the configured endpoint; :class:`LlmNotConfiguredError` without one."""
    return LlmClient(llm_endpoint(settings))


def check_llm(settings: Settings) -> LlmCheck:
    """Probe the endpoint: list its models, then ask one schema-constrained question."""
    client = llm_client(settings)
    try:
        models = client.models()
        model = client.model_name()
        probe = [
            {
                "role": "user",
                "content": "Check: is 'The AI policy is approved by top management.' "
                "evidence of an AI policy? Quote it exactly.",
            }
        ]
        answer = client.chat_json(probe, SCHEMA)
    finally:
        client.close()
    return LlmCheck(
        url=client.endpoint.url,
        models=models,
        model=model,
        reported_model=answer.model,
        structured=True,
        mode=answer.mode,
        remote=not is_loopback(urlsplit(client.endpoint.url).hostname or ""),
    )


def _entries(
    ws: WorkspaceBase,
    link: str | list[str] | None,
    document: str | None,
    queue: bool,
    limit: int | None,
) -> list[dict[str, Any]]:
    from mapping.evidence.listing import list_suggestions

    if (link is not None) + (document is not None) + bool(queue) != 1:
        raise InputError("name exactly one of a link, a document or the queue to verify")
    if link is not None:
        return _link_entries(ws, [link] if isinstance(link, str) else link)[:limit]
    entries: list[dict[str, Any]] = []
    for status in ("suggested", "needsReview"):
        entries += list_suggestions(ws.store, document=document, status=status)
    entries.sort(key=lambda e: -(e.get("score") or 0.0))
    return entries[:limit] if limit is not None else entries


def _link_entries(ws: WorkspaceBase, links: list[str]) -> list[dict[str, Any]]:
    """The listing entries of ``links`` (ids or IRIs), in their order."""
    from mapping.evidence.listing import list_suggestions
    from mapping.evidence.review import get_link

    by_document: dict[str, dict[str, dict[str, Any]]] = {}
    out = []
    for one in links:
        state = get_link(ws.store, one)
        doc = state.artefact.rstrip("/").rsplit("/", 1)[-1]
        if doc not in by_document:
            by_document[doc] = {e["link"]: e for e in list_suggestions(ws.store, document=doc)}
        if state.iri in by_document[doc]:
            out.append({**by_document[doc][state.iri], "requirement": state.requirement})
    return out


def verify_jobs(state: Any) -> JobRunner:
    """The app's verification worker (``app.state``), created on first use: its own lock, not
    the workspace's, so decisions and uploads go on while the model thinks."""
    runner: JobRunner | None = getattr(state, "verify_jobs", None)
    if runner is None:
        runner = JobRunner()
        state.verify_jobs = runner
    return runner


def verdict_counts(verdicts: list[Verdict]) -> dict[str, int]:
    """How many verdicts of each kind (for a batch job's result and the benchmark)."""
    counts = dict.fromkeys(("supports", "partly", "does_not_support", "unverifiable"), 0)
    for v in verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    return counts


# -- links by their latest verdict (the review queue, the evidence listing): a hint only --


def _verdict_labels(ws: WorkspaceBase) -> dict[str, str]:
    """Link IRI → its newest verdict's label, read once per revision of the store (a new
    verdict is a write, so it is seen at once)."""
    from mapping.llm.verdicts import verdict_labels

    return ws.evidence_index.memo("verdict-labels", lambda: verdict_labels(ws.store))


def by_latest_verdict(
    ws: WorkspaceBase,
    rows: list[T],
    link_of: Callable[[T], str],
    verdict: str | None,
    order: str | None,
    key: tuple[Any, ...],
) -> list[T]:
    """``rows`` (a listing for the filters ``key``) whose link (``link_of``) has the latest
    verdict ``verdict`` (``none``: never checked), with the model's doubts first when
    ``order`` is ``doubts``; unknown values are refused. Worked out once per revision of
    the store; shared: read, never change, what this returns."""
    from mapping.llm.verdicts import queue_order, select_by_verdict, verdict_filter

    wanted, how = verdict_filter(verdict), queue_order(order)
    if wanted is None and how == "best":
        return rows

    def select() -> list[T]:
        labels = _verdict_labels(ws)
        if not labels:  # nothing checked yet: every row is unchecked, in its order
            return rows if wanted in (None, "none") else []
        return select_by_verdict(rows, link_of, labels, wanted, how)

    return ws.evidence_index.snapshot().kept(("by-verdict", key, wanted, how), select)


def queue_by_verdict(
    ws: WorkspaceBase,
    rows: list[dict[str, Any]],
    verdict: str | None,
    order: str | None,
    key: tuple[Any, ...],
) -> list[dict[str, Any]]:
    """The review queue's ``rows`` by latest verdict (:func:`by_latest_verdict`)."""
    return by_latest_verdict(ws, rows, lambda row: row["row"].link, verdict, order, key)


def queue_verdict_counts(
    ws: WorkspaceBase,
    rows: list[dict[str, Any]],
    key: tuple[Any, ...],
    labelled: Callable[[Mapping[str, str], tuple[str, ...]], dict[str, int] | None] | None = None,
) -> dict[str, int]:
    """How many of ``rows`` (the queue for the filters ``key``) have each latest verdict,
    once per revision of the store. ``labelled(labels, names)``, when given, counts them
    from the labelled links alone (a cost that follows the verdicts, not the queue), the
    names first; None when it cannot (then the rows are counted)."""
    from mapping.llm.verdicts import VERDICT_FILTERS, count_by_verdict

    def count() -> dict[str, int]:
        labels = _verdict_labels(ws)
        found = labelled(labels, VERDICT_FILTERS) if labelled is not None else None
        if found is not None:
            return found
        return count_by_verdict((row["row"].link for row in rows), labels)

    return dict(ws.evidence_index.snapshot().kept(("verdict-counts", key), count))


def verdict_briefs(ws: WorkspaceBase, links: list[str]) -> dict[str, dict[str, Any]]:
    """Link IRI → its newest verdict in brief (JSON: ``verdict``, ``quote_verified``,
    ``model``, ``ended``, ``activity``, ``reason``, ``doubts``, ``machine_drafted``), for
    those of ``links`` that were ever checked (read for those alone, bound first)."""
    from mapping.llm.verdicts import latest_verdict_briefs

    labels = _verdict_labels(ws)
    checked = [link for link in links if link in labels]
    if not checked:
        return {}
    return {
        link: brief.to_json() for link, brief in latest_verdict_briefs(ws.store, checked).items()
    }


class VerificationOperations(WorkspaceBase):
    """The optional language model's checks of evidence links and drafts of SoA
    justifications; ``settings`` name its endpoint (the app's, or the CLI's)."""

    def verify(
        self,
        settings: Settings,
        *,
        link: str | list[str] | None = None,
        document: str | None = None,
        queue: bool = False,
        limit: int | None = None,
        progress: Progress = quiet,
    ) -> list[Verdict]:
        """Verify one link (or a list of them), a document's undecided links, or the whole
        queue (best first)."""
        client = llm_client(settings)
        try:
            client.model_name()  # fail before reading the graph when nothing answers
            entries = _entries(self, link, document, queue, limit)
            items = [link_to_verify(self.store, e) for e in entries]
            if len(items) == 1 and isinstance(link, str):
                return [verify_link(self.store, client, items[0])]
            return verify_many(self.store, client, items, progress=progress)
        finally:
            client.close()

    def verdicts_of(self, links: list[str]) -> dict[str, Verdict]:
        """The newest recorded verdict of each link (no endpoint needed)."""
        return latest_verdicts(self.store, links)

    def shown_verdict(self, link: str) -> Verdict | None:
        """The newest verdict of one link (IRI), read once per revision of the store: the
        queue page's current item, which many reviewers open at once. Shared: read, never
        change, what this returns."""
        snapshot = self.evidence_index.snapshot()
        return snapshot.kept(("verdict", link), lambda: self.verdicts_of([link]).get(link))

    def verdict(self, link_id: str) -> Verdict:
        """The newest recorded verdict on one link; NotFoundError when it has none yet."""
        from mapping.evidence.review import get_link
        from ontology.errors import NotFoundError

        state = get_link(self.store, link_id)
        found = latest_verdicts(self.store, [state.iri]).get(state.iri)
        if found is None:
            raise NotFoundError(f"link {link_id} has no verdict yet", hint="POST …/verify first")
        return found

    def draft_soa(self, settings: Settings, notation: str) -> JustificationDraft:
        """Draft one applicable control's SoA justification from its confirmed evidence."""
        client = llm_client(settings)
        try:
            return draft_justification(self.store, client, notation)
        finally:
            client.close()

    def soa_drafts(self, notation: str | None = None) -> list[JustificationDraft]:
        """Drafted justifications, newest first (no endpoint needed)."""
        return list_drafts(self.store, notation)

    def accept_soa_draft(self, draft_id: str, by: str) -> JustificationDraft:
        """Make a draft the row's justification: an SoA change in the audit log naming ``by``."""
        with self.lock:
            return accept_draft(self.store, draft_id, by)


__all__ = ["LlmCheck", "LlmError", "LlmNotConfiguredError", "VerificationOperations", "check_llm"]
