"""CLI commands: ``dashboard``, ``search``, ``audit``, ``backup`` and ``audit-pack``.

Faces only: each prints the workspace operation its route and page use (``ws.dashboard``,
``ws.search``, ``ws.audit``, ``ws.backup``, ``ws.audit_pack``); ``--format json`` prints the operation's typed
result exactly as ``GET /api/dashboard``, ``/api/search``, ``/api/audit`` and
``POST /api/backup`` return it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json, emit_rows, format_option, render_table
from mapping.record.audit_log import KINDS, MAX_PER_PAGE
from mapping.retrieval.search import MAX_LIMIT

COVERAGE_COLUMNS = ("standard", "requirements", "covered", "coverage", "gaps", "queue")
ANNEX_COLUMNS = ("group", "label", "controls", "confirmed", "suggested", "coverage")
AUDIT_COLUMNS = (
    "time",
    "kind",
    "who",
    "decision",
    "status",
    "standard",
    "notation",
    "title",
    "comment",
)
SEARCH_COLUMNS = {
    "documents": ("id", "title", "type", "owner", "file_name"),
    "passages": ("document_title", "page", "section", "text"),
    "requirements": ("standard", "notation", "kind", "label"),
}
#: csv: one table of every kind (``id``: document id, passage IRI or notation).
SEARCH_CSV_COLUMNS = ("kind", "id", "standard", "title", "text")


def _search_csv_rows(found: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [
        {"kind": "document", "id": d["id"], "title": d["title"], "text": d.get("file_name")}
        for d in found["documents"]
    ]
    rows += [
        {"kind": "passage", "id": p["passage"], "title": p.get("document_title"), "text": p["text"]}
        for p in found["passages"]
    ]
    rows += [
        {
            "kind": "requirement",
            "id": r["notation"],
            "standard": r["standard"],
            "title": r.get("label"),
            "text": r.get("definition"),
        }
        for r in found["requirements"]
    ]
    return rows


def _coverage_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    queue = data.get("queue_by_standard", {})
    return [
        {"standard": name, **figures, "queue": queue.get(name, 0)}
        for name, figures in data["coverage"].items()
    ]


@click.command()
@format_option()
@pass_cli
def dashboard(cli: CliContext, fmt: str) -> None:
    """Coverage per standard, the Annex A groups and the review queue, as the home page
    shows them (csv: the coverage rows)."""
    data = cli.workspace.dashboard().model_dump(mode="json")
    if fmt == "json":
        emit_json(data)
        return
    rows = _coverage_rows(data)
    if fmt == "csv":
        emit_rows(rows, fmt, COVERAGE_COLUMNS)
        return
    click.echo(render_table(rows, COVERAGE_COLUMNS))
    click.echo("\nISO/IEC 42001 Annex A")
    click.echo(render_table(data["annex_a"], ANNEX_COLUMNS))
    waiting = data["queue"]
    click.echo(f"\n{waiting} link(s) waiting for review; complete: {data['conforms']}")


@click.command()
@click.argument("text")
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=20,
    show_default=True,
    help="Most results of each kind.",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Passages to skip (paging).")
@format_option()
@pass_cli
def search(cli: CliContext, text: str, limit: int, offset: int, fmt: str) -> None:
    """Documents, passages and requirements whose text contains TEXT (case-insensitive;
    requirements also by notation prefix); --offset pages through the passages."""
    found = cli.workspace.search(text, limit, offset).model_dump(mode="json")
    if fmt == "json":
        emit_json(found)
        return
    for p in found["passages"]:
        p["text"] = f"{p['before']}{p['match']}{p['after']}"
    if fmt == "csv":
        emit_rows(_search_csv_rows(found), fmt, SEARCH_CSV_COLUMNS)
        return
    for kind, columns in SEARCH_COLUMNS.items():
        more = " (more: raise --limit)" if found["more"].get(kind) else ""
        click.echo(f"{kind}: {len(found[kind])}{more}")
        if found[kind]:
            click.echo(render_table(found[kind], columns))
        click.echo("")


@click.command()
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page.")
@click.option(
    "--per-page",
    type=click.IntRange(1, MAX_PER_PAGE),
    default=50,
    show_default=True,
    help="Events a page.",
)
@format_option()
@pass_cli
def audit(cli: CliContext, kind: str | None, page: int, per_page: int, fmt: str) -> None:
    """The audit log: review decisions, uploads and revisions, deletions, SoA settings and
    document metadata edits, newest first, each with who, when, before and after."""
    log = cli.workspace.audit(kind, page, per_page).model_dump(mode="json")
    emit_rows(log["events"], fmt, AUDIT_COLUMNS, json_value=log)
    if fmt == "table" and log["more"]:
        click.echo(f"(older events follow: --page {page + 1})", err=True)


@click.command()
@format_option()
@pass_cli
def backup(cli: CliContext, fmt: str) -> None:
    """A consistent copy of the data directory (store, originals, tokens) under
    DATA_DIR/backups/<UTC time>/; see docs/operations.md for restoring it."""
    done = cli.workspace.backup().model_dump(mode="json")
    emit_rows([done], fmt, ("path", "originals"), json_value=done)


@click.command("audit-pack")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="ZIP file to write.",
)
@format_option()
@pass_cli
def audit_pack(cli: CliContext, output: Path, fmt: str) -> None:
    """Write the audit pack: one ZIP with the Statement of Applicability, the gap report,
    every confirmed piece of evidence with its passages and reviewer, the audit log, the
    OSCAL exports and the original of each document cited, with SHA-256 sums."""
    pack = cli.workspace.audit_pack(output).model_dump(mode="json")
    if fmt == "json":
        emit_json(pack)
        return
    emit_rows(pack["files"], fmt, ("name", "bytes", "sha256"))
    if fmt == "table":
        click.echo(
            f"wrote {output}: {pack['evidence_links']} evidence link(s), "
            f"{pack['documents']} document(s)",
            err=True,
        )
        for missing in pack["missing_originals"]:
            click.echo(f"warning: the original of document {missing} is missing", err=True)


COMMANDS: list[click.Command] = [dashboard, search, audit, backup, audit_pack]
