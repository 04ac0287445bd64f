"""CLI commands: ``suggestions`` (evidence links and evidence search) and ``match``.

Faces only: the work is done by :mod:`mapping.evidence.suggest` and :mod:`mapping.retrieval.match`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_rows, format_option
from ingest.citations import cite
from mapping.llm.verdicts import VERDICT_FILTERS
from ontology.errors import InputError
from ontology.namespaces import STANDARDS

STATUSES = ("suggested", "confirmed", "rejected", "derived", "needsReview", "carriedOver")
#: model_check: the link's latest language-model verdict (machine-drafted), last so the
#: CSV's earlier columns keep their places.
LINK_COLUMNS = ("id", "document", "notation", "status", "score", "cited", "text", "model_check")
PASSAGE_COLUMNS = ("rank", "notation", "score", "document", "page", "section", "text")
MATCH_COLUMNS = ("notation", "standard", "score", "label")


def _cited(passage: dict[str, Any]) -> str:
    """``p. 3 · Policy > Roles`` (``Risks · rows 4–7`` for a spreadsheet) for a table cell."""
    return cite(passage)


def _link_rows(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for link in links:
        best = link["passages"][0] if link["passages"] else {}
        check = (link.get("verdict") or {}).get("verdict", "")
        rows.append(
            {**link, "cited": _cited(best), "text": best.get("text", ""), "model_check": check}
        )
    return rows


def _evidence_search(
    cli: CliContext,
    control: str | None,
    document: str | None,
    standard: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """The best passages for one requirement across all documents."""
    if not control:
        raise InputError("--passages needs --control NOTATION", hint="e.g. --control A.6.2.4")
    hits = cli.workspace.best_passages(
        control, standard or "iso42001", limit or 10, document or None
    )
    emit_rows(hits, fmt, PASSAGE_COLUMNS)


def _more(cli: CliContext, document: str | None, limit: int | None, fmt: str) -> None:
    """Write and list the next suggestions down one document's ranking."""
    if not document:
        raise InputError("--more needs --document ID", hint="list documents with `documents`")
    links = [
        link.model_dump() for link in cli.workspace.more_suggestions(document, count=limit or 5)
    ]
    emit_rows(_link_rows(links), fmt, LINK_COLUMNS, json_value=links)


@click.command("suggestions")
@click.option("--document", metavar="ID", help="Only this document's links (its id).")
@click.option("--control", metavar="NOTATION", help="Only links to this requirement, e.g. A.6.2.4.")
@click.option("--status", type=click.Choice(STATUSES), help="Only links with this status.")
@click.option("--standard", type=click.Choice(STANDARDS), help="Only this standard's requirements.")
@click.option(
    "--verdict",
    type=click.Choice(VERDICT_FILTERS),
    help="Only links whose latest language-model verdict is this (none: never checked), "
    "as `review queue --verdict`.",
)
@click.option("--limit", type=click.IntRange(min=1), help="At most N rows.")
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Rows to skip first (paging)."
)
@click.option(
    "--passages",
    is_flag=True,
    help="Evidence search: with --control, the best passages across all documents "
    "(whether or not a link was suggested), instead of links.",
)
@click.option(
    "--more",
    is_flag=True,
    help="With --document: write the next suggestions further down the document's ranking "
    "(--limit N of them, default 5) and list those.",
)
@format_option()
@pass_cli
def suggestions(
    cli: CliContext,
    /,
    document: str | None,
    control: str | None,
    status: str | None,
    standard: str | None,
    verdict: str | None,
    limit: int | None,
    offset: int,
    passages: bool,
    more: bool,
    fmt: str,
) -> None:
    """List evidence links, best first: status, confidence score and cited passages.

    JSON: a list of {"id", "document", "notation", "standard", "status", "score",
    "passages": [{"text", "page", "section"}...], "groups": [{"notation", "status",
    "rolled_up_from", "missing"}...], "verdict": {"verdict", "quote_verified", "reason",
    "doubts", "model", ...} or null, ...} (groups: the group clauses the document's links
    roll up into, nearest first; verdict: the latest language-model check, machine-drafted,
    never a decision). With --control NOTATION --passages:
    the best passages for that requirement across all documents (evidence search).
    With --document ID --more: the next suggestions down that document's ranking are
    written and listed. --limit N --offset M pages through the listing (passages and groups
    are read for the rows shown only).
    """
    if verdict and (more or passages):
        raise InputError(
            "--verdict filters evidence links; --more and --passages list others",
            hint="leave out --verdict, or --more / --passages",
        )
    if more:
        _more(cli, document, limit, fmt)
        return
    if passages:
        _evidence_search(cli, control, document, standard, limit, fmt)
        return
    ws = cli.workspace
    found = ws.suggestions(
        document=document,
        control=control,
        status=status,
        standard=standard,
        limit=limit,
        offset=offset,
        verdict=verdict,
    )
    links = [link.model_dump() for link in found]
    emit_rows(_link_rows(links), fmt, LINK_COLUMNS, json_value=links)


@click.command("match")
@click.argument("text", required=False)
@click.option("--standard", type=click.Choice(STANDARDS), default="iso42001", show_default=True)
@click.option("--top-k", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--jsonl",
    is_flag=True,
    help='Batch: read one {"id", "text"} JSON object per line from stdin (or TEXT as a '
    'file path), write one {"id", "matches"} line each; the model loads once.',
)
@format_option(default="json")
@pass_cli
def match(
    cli: CliContext, /, text: str | None, standard: str, top_k: int, jsonl: bool, fmt: str
) -> None:
    """Rank the requirements of a standard for TEXT (or stdin when TEXT is - or absent).

    JSON: {"matches": [{"notation", "standard", "label", "score"}...]}, best first; the score
    is a 0-1 confidence.
    """
    from mapping.retrieval.match import read_batch

    ws = cli.workspace
    if jsonl:
        stream = sys.stdin if text in (None, "-") else open(str(text), encoding="utf-8")  # noqa: SIM115
        with stream:
            for item_id, result in ws.match_batch(read_batch(stream), standard, top_k):
                line = {"id": item_id, **result.model_dump()}
                click.echo(json.dumps(line, ensure_ascii=False))
        return
    body = sys.stdin.read() if text in (None, "-") else str(text)
    if not body.strip():
        raise InputError("no text to match", hint="give TEXT, or pipe it in with -")
    result = ws.match(body, standard, top_k)
    found = [m.model_dump() for m in result.matches]
    emit_rows(found, fmt, MATCH_COLUMNS, json_value=result.model_dump())


@click.command("suggest")
@click.option(
    "--missing",
    is_flag=True,
    help="Suggest evidence for every document that has no suggestions (e.g. after a crash).",
)
@format_option()
@pass_cli
def suggest(cli: CliContext, /, missing: bool, fmt: str) -> None:
    """Make evidence suggestions for documents that have none.

    Documents committed by an ingest that was killed before its suggestion step have
    passages but no evidence links; this completes them. Prints one row per document
    completed. JSON: {"documents": [id...], "written", "unchanged", "embedded"}.
    """
    if not missing:
        raise InputError(
            "say which documents to suggest evidence for",
            hint="use `aimsgraph suggest --missing` (documents without any suggestion)",
        )
    outcome = cli.workspace.suggest_missing()
    rows = [{"document": doc, "status": "suggested"} for doc in outcome.documents]
    emit_rows(rows, fmt, ("document", "status"), json_value=outcome.model_dump())
    if not outcome.documents:
        click.echo("every document already has suggestions", err=True)


MODEL_COLUMNS = ("version", "learned", "decisions", "documents", "refitted", "refit_seconds")


@click.command("model")
@click.option("--refit", is_flag=True, help="Refit on the review decisions now, then show it.")
@format_option()
@pass_cli
def model(cli: CliContext, refit: bool, fmt: str) -> None:
    """The ranking model: shipped or learned from the review decisions, how many decisions
    and documents it learned from, and when it was last refitted (a refit runs by itself in
    the background after decisions; --refit runs one now)."""
    found = cli.workspace.ranking_model(refit=refit).model_dump(mode="json")
    emit_rows([found], fmt, MODEL_COLUMNS, json_value=found)


COMMANDS: list[click.Command] = [suggestions, match, suggest, model]
