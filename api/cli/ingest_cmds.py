"""CLI commands: ``ingest`` (files and folders → artefacts) and ``documents`` (list, show,
edit, delete).

Faces only: options become :class:`ingest.pipeline.IngestOptions`, the work is done by the
workspace's one ingest operation (``ws.ingest``, :mod:`api.operations.documents`): ingest,
evidence suggestions (unless ``--no-suggest``), carry-over of reviewed evidence to revisions. Exit status of ``ingest``: 0 when every file went in (or was already
there), 1 when some failed (the rest still went in), 2 on an error that stopped the batch.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json, emit_rows, format_option, render_table
from api.operations.documents import IngestedDocument
from api.workspace import Workspace
from ingest.metadata import ARTEFACT_TYPES
from ingest.pipeline import IngestFailure, IngestOptions, iter_files
from ingest.worker import ReaderWorker
from ontology.errors import InputError

SUMMARY_COLUMNS = ("document", "id", "pages", "passages", "status", "warnings")
DOCUMENT_COLUMNS = ("id", "title", "type", "pages", "passages", "owner", "version", "review_date")
PASSAGE_COLUMNS = ("ordinal", "page", "row", "row_end", "section", "text")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--include", metavar="GLOB", help="Only files whose name matches GLOB (e.g. '*.pdf')."
)
@click.option(
    "--type",
    "artefact_type",
    type=click.Choice(ARTEFACT_TYPES),
    help="Artefact type [default: inferred].",
)
@click.option("--owner", help="Owner (person or role) of the document(s).")
@click.option("--title", help="Title [default: metadata or first heading].")
@click.option("--version", "version_label", metavar="V", help="Version label, e.g. 1.1.")
@click.option(
    "--effective-date", metavar="YYYY-MM-DD", help="Date from which the document applies."
)
@click.option("--review-date", metavar="YYYY-MM-DD", help="Date by which it must be reviewed.")
@click.option("--revision-of", metavar="ID", help="Id of the document this is a new version of.")
@click.option("--no-suggest", is_flag=True, help="Do not suggest evidence links after ingesting.")
@format_option()
@pass_cli
def ingest(
    cli: CliContext,
    /,
    paths: tuple[Path, ...],
    include: str | None,
    no_suggest: bool,
    fmt: str,
    **fields: Any,
) -> None:
    """Ingest documents (PDF, DOCX, Markdown, HTML, text); folders are searched recursively.

    Prints one row per file: pages, passages, status (new, revision, duplicate, rendition, failed) and
    warnings. Exit status 1 when some files failed; the others are kept.
    """
    for name in ("effective_date", "review_date"):
        _check_date(fields.get(name), name)
    ws = cli.workspace  # opening it reconciles the originals with the graph
    files = list(iter_files(paths, include))
    if not files:
        raise InputError(
            "no files to ingest in " + ", ".join(str(p) for p in paths),
            hint="name PDF, DOCX, Markdown, HTML or text files, or a folder holding some"
            + (" (or drop --include)" if include else ""),
        )
    _check_revision_of(ws, fields.get("revision_of"), files)
    options = _options(ws, fields)
    with (
        ReaderWorker() as worker,
        click.progressbar(
            files,
            label="Ingesting",
            file=sys.stderr,
            item_show_func=lambda p: p.name if p else None,
        ) as bar,
    ):
        options.worker = worker
        report = ws.ingest(bar, options, suggest=not no_suggest, report=_say_suggesting)
    for failure in report.failures:
        click.echo(f"error: {failure.message}", err=True)
        if failure.hint:
            click.echo(f"hint: {failure.hint}", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    rows = [_summary_row(d) for d in report.documents] + [_failure_row(f) for f in report.failures]
    emit_rows(rows, fmt, SUMMARY_COLUMNS, json_value=report.rows())
    if report.failures:
        click.echo(
            f"{len(report.failures)} of {len(files)} file(s) failed; the others were ingested",
            err=True,
        )
        sys.exit(1)


def _check_revision_of(ws: Workspace, revision_of: str | None, files: list[Path]) -> None:
    """A bad ``--revision-of`` stops the command before any file is read (exit 2)."""
    if not revision_of:
        return
    if len(files) > 1:
        raise InputError(
            f"--revision-of names one earlier version, but {len(files)} files were given",
            hint="ingest the new version on its own: aimsgraph ingest --revision-of ID FILE",
        )
    ws.check_revision_of({"revision_of": revision_of})


def _say_suggesting(stage: str, fraction: float) -> None:
    if stage == "suggesting":
        click.echo("suggesting evidence for the new document(s)…", err=True)


def _check_date(value: str | None, name: str) -> None:
    from ingest.metadata import check_date

    if value:
        check_date(value, f"--{name.replace('_', '-')}")


def _options(ws: Workspace, fields: dict[str, Any]) -> IngestOptions:
    return IngestOptions(
        title=fields.get("title"),
        artefact_type=fields.get("artefact_type"),
        owner=fields.get("owner"),
        version=fields.get("version_label"),
        effective_date=fields.get("effective_date"),
        review_date=fields.get("review_date"),
        revision_of=fields.get("revision_of"),
        uploaded_by=os.environ.get("USER") or os.environ.get("USERNAME"),
        max_bytes=ws.settings.max_upload_bytes,
    )


def _summary_row(document: IngestedDocument) -> dict[str, Any]:
    warnings = list(document.warnings)
    if document.status != "new":
        warnings.insert(0, document.message)
    if document.changed_passages or document.removed_passages:
        changed, removed = len(document.changed_passages), len(document.removed_passages)
        warnings.append(f"{changed} changed, {removed} removed passage(s)")
    if document.carried_over or document.needs_review:
        carried, flagged = len(document.carried_over), len(document.needs_review)
        warnings.append(f"{carried} link(s) carried over, {flagged} to review again")
    return {
        "document": document.file,
        "id": document.id,
        "pages": document.pages,
        "passages": document.passages
        if document.status not in ("duplicate", "rendition")
        else None,
        "status": document.status,
        "warnings": warnings,
    }


def _failure_row(failure: IngestFailure) -> dict[str, Any]:
    return {"document": failure.file, "status": "failed", "warnings": [failure.message]}


@click.group(invoke_without_command=True)
@click.option("--limit", type=click.IntRange(min=1), help="At most N documents.")
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Documents to skip first (paging)."
)
@format_option()
@click.pass_context
def documents(ctx: click.Context, limit: int | None, offset: int, fmt: str) -> None:
    """List ingested documents (newest first; --limit N --offset M pages through them);
    `documents show ID` for one with its passages."""
    if ctx.invoked_subcommand is not None:
        return
    cli = ctx.find_object(CliContext)
    assert cli is not None
    rows = [d.model_dump() for d in cli.workspace.documents(limit=limit, offset=offset)]
    emit_rows(rows, fmt, DOCUMENT_COLUMNS)


@documents.command("show")
@click.argument("artefact_id", metavar="ID")
@format_option()
@pass_cli
def show(cli: CliContext, artefact_id: str, fmt: str) -> None:
    """One document's metadata and its passages, each with page and section."""
    doc = cli.workspace.document(artefact_id).model_dump()
    if fmt == "json":
        emit_json(doc)
        return
    if fmt == "csv":
        emit_rows(doc["passage_list"], fmt, PASSAGE_COLUMNS)
        return
    for key in (
        "id",
        "title",
        "type",
        "owner",
        "version",
        "effective_date",
        "review_date",
        "media_type",
        "pages",
        "size",
        "sha256",
        "file_name",
        "ingested_at",
        "revision_of",
        "superseded_by",
    ):
        if doc.get(key) is not None:
            click.echo(f"{key:>14}: {doc[key]}")
    for warning in doc["warnings"]:
        click.echo(f"{'warning':>14}: {warning}")
    click.echo("")
    click.echo(render_table(doc["passage_list"], PASSAGE_COLUMNS, max_width=80))


@documents.command("edit")
@click.argument("artefact_id", metavar="ID")
@click.option("--title", help="New title.")
@click.option("--type", "artefact_type", type=click.Choice(ARTEFACT_TYPES), help="Artefact type.")
@click.option("--owner", help="Owner (person or role); '' clears it.")
@click.option("--version", "version_label", metavar="V", help="Version label; '' clears it.")
@click.option("--effective-date", metavar="YYYY-MM-DD", help="Effective date; '' clears it.")
@click.option(
    "--review-date",
    metavar="YYYY-MM-DD",
    help="Review date: its confirmed evidence counts until then; '' clears it.",
)
@click.option(
    "--by", "by", metavar="NAME", help="Who changes it, for the audit log [default: $USER]."
)
@pass_cli
def edit(cli: CliContext, /, artefact_id: str, by: str | None, **options: str | None) -> None:
    """Change a document's metadata (only the options given); prints the document as JSON.

    The same operation as the document page's form and PATCH /api/documents/ID. Each changed
    field is recorded in the audit log with its value before and after, and who changed it.
    """
    from api.cli.review_cmds import reviewer_name
    from api.operations.documents import DocumentEdit

    names = {"artefact_type": "type", "version_label": "version"}
    given = {names.get(k, k): v for k, v in options.items() if v is not None}
    if not given:
        raise InputError("nothing to change", hint="give --review-date, --owner, --title …")
    who = reviewer_name(by, cli)
    document = cli.workspace.edit_document(artefact_id, DocumentEdit.model_validate(given), by=who)
    emit_json(document.model_dump())


@documents.command("delete")
@click.argument("artefact_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_cli
def delete(cli: CliContext, artefact_id: str, yes: bool) -> None:
    """Delete a document: its passages, evidence links, vectors and original file.

    Review decisions stay in the audit graph, with a tombstone saying when the document
    went. Asks first unless --yes; prints what was removed as JSON.
    """
    ws = cli.workspace
    doc = ws.document(artefact_id).model_dump()
    if not yes:
        click.confirm(
            f"Delete {doc['id']} ({doc['title']}, {doc['passages']} passages) and its evidence?",
            abort=True,
            err=True,
        )
    emit_json(ws.delete_document(doc["id"]).model_dump())


COMMANDS: list[click.Command] = [ingest, documents]
