"""CLI commands: ``systems`` (the register of AI systems, their documents and obligations).

Faces only: each command calls one workspace operation (:mod:`api.operations.systems`) and
prints its result; ``--format json`` is the JSON the matching ``/api/systems`` route returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json, emit_rows, format_option
from api.cli.review_cmds import _reviewer
from ontology.register.systems import RISK_CLASSES, ROLES, STAGES

SYSTEM_COLUMNS = ("id", "name", "risk_class", "roles", "lifecycle_stage", "owner", "in_scope")
OBLIGATION_COLUMNS = (
    "notation",
    "label",
    "status",
    "applies_from",
    "applies_now",
    "conditional",
    "source",
)
SUMMARY_COLUMNS = ("id", "name", "risk_class", "evidenced", "stale", "missing", "complete")


def _fields(f: Any) -> Any:
    """The register fields as options, shared by ``add`` and ``edit``."""
    options = [
        click.option("--name", help="The system's name."),
        click.option(
            "--alias", "aliases", multiple=True, help="Another name documents use (repeatable)."
        ),
        click.option("--purpose", help="Intended purpose."),
        click.option("--domain", help="Domain (e.g. employment, credit)."),
        click.option(
            "--affected",
            "affected_persons",
            multiple=True,
            help="Group of affected persons (repeatable).",
        ),
        click.option(
            "--stage", "lifecycle_stage", type=click.Choice(STAGES), help="Lifecycle stage."
        ),
        click.option("--owner", help="Accountable person or role."),
        click.option(
            "--role",
            "roles",
            multiple=True,
            type=click.Choice(ROLES),
            help="Operator role (repeatable).",
        ),
        click.option(
            "--risk-class", type=click.Choice(list(RISK_CLASSES)), help="EU AI Act risk class."
        ),
        click.option(
            "--in-scope/--out-of-scope",
            "in_scope",
            default=None,
            help="Within the AIMS scope (clause 4.3).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _given(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, tuple) else v)
        for k, v in values.items()
        if v not in (None, ())
    }


@click.group()
def systems() -> None:
    """The register of AI systems: add, edit, import, export, link documents, obligations."""


@systems.command("list")
@format_option()
@pass_cli
def list_cmd(cli: CliContext, fmt: str) -> None:
    """List the AI systems of the register."""
    rows = [s.model_dump(mode="json") for s in cli.workspace.systems()]
    emit_rows(rows, fmt, SYSTEM_COLUMNS)


@systems.command("add")
@click.option("--id", "system_id", help="Id (default: made from the name).")
@_fields
@format_option()
@pass_cli
def add_cmd(cli: CliContext, /, system_id: str | None, fmt: str, **values: Any) -> None:
    """Add an AI system (needs --name, --role and --risk-class)."""
    system = cli.workspace.create_system(_given({"id": system_id, **values}))
    _emit_system(system.model_dump(mode="json"), fmt)


@systems.command("edit")
@click.argument("system_id", metavar="ID")
@_fields
@format_option()
@pass_cli
def edit_cmd(cli: CliContext, /, system_id: str, fmt: str, **values: Any) -> None:
    """Change fields of an AI system (lists given replace the old ones)."""
    system = cli.workspace.edit_system(system_id, _given(values))
    _emit_system(system.model_dump(mode="json"), fmt)


@systems.command("show")
@click.argument("system_id", metavar="ID")
@format_option()
@pass_cli
def show_cmd(cli: CliContext, system_id: str, fmt: str) -> None:
    """One system with its obligations and impact-assessment controls, each evidenced, stale or missing."""
    report = cli.workspace.system(system_id).model_dump(mode="json")
    rows = [*report["obligations"], *report["controls"]]
    emit_rows(rows, fmt, OBLIGATION_COLUMNS, json_value=report)


@systems.command("report")
@format_option()
@click.pass_context
def report_cmd(ctx: click.Context, fmt: str) -> None:
    """Per-system completeness: counts of evidenced, stale and missing requirements.

    Exit 1 where a system in scope is incomplete.
    """
    cli = ctx.find_object(CliContext)
    assert cli is not None
    reports = cli.workspace.system_reports()
    data = [r.model_dump(mode="json") for r in reports]
    rows = [{**r["system"], **r["counts"], "complete": r["complete"]} for r in data]
    emit_rows(rows, fmt, SUMMARY_COLUMNS, json_value=data)
    if any(not r.complete for r in reports if r.system.in_scope):
        ctx.exit(1)


@systems.command("validate")
@format_option()
@click.pass_context
def validate_cmd(ctx: click.Context, fmt: str) -> None:
    """Per-system SHACL check (shapes/systems.ttl): A.5.2-A.5.5 evidenced for each system in scope.

    Exit 1 where a system in scope lacks current evidence for one of them.
    """
    cli = ctx.find_object(CliContext)
    assert cli is not None
    report = cli.workspace.validate_systems()
    rows = [
        {
            "system": str(v.focus).rsplit("/", 1)[-1],
            "control": str(v.value).rsplit("/", 1)[-1],
            "message": v.message,
        }
        for v in report.violations
    ]
    emit_rows(
        rows, fmt, ("system", "control", "message"), {"conforms": report.conforms, "gaps": rows}
    )
    if not report.conforms:
        ctx.exit(1)


@systems.command("delete")
@click.argument("system_id", metavar="ID")
@pass_cli
def delete_cmd(cli: CliContext, system_id: str) -> None:
    """Remove an AI system (and the document links to it)."""
    deleted = cli.workspace.delete_system(system_id)
    click.echo(f"deleted {deleted.id} ({deleted.name})")


@systems.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@format_option()
@pass_cli
def import_cmd(cli: CliContext, path: Path, fmt: str) -> None:
    """Import an inventory (.csv or .xlsx); every bad row is reported and nothing is written."""
    from api.operations.systems import inventory_format
    from ontology.errors import RegisterInputError

    kind = inventory_format(path.name)
    try:
        result = cli.workspace.import_inventory(path.read_bytes(), kind)
    except RegisterInputError as error:
        for problem in error.problems[1:]:
            where = f"row {problem['row']}: " if problem.get("row") else ""
            click.echo(f"error: {where}{problem['field']}: {problem['message']}", err=True)
        raise
    if fmt == "json":
        emit_json(result.model_dump(mode="json"))
    else:
        line = f"imported {len(result.created)} new and {len(result.updated)} updated systems"
        click.echo(line + (f"; {len(result.unchanged)} unchanged" if result.unchanged else ""))


@systems.command("export")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@pass_cli
def export_cmd(cli: CliContext, path: Path) -> None:
    """Export the register to PATH (.csv or .xlsx), in the columns import reads."""
    from api.operations.systems import inventory_format

    export = cli.workspace.export_inventory(inventory_format(path.name))
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(export.content)
    partial.replace(path)
    click.echo(f"wrote {export.systems} systems to {path}")


@systems.command("documents")
@click.argument("system_id", metavar="ID")
@format_option()
@pass_cli
def documents_cmd(cli: CliContext, system_id: str, fmt: str) -> None:
    """Documents that name the system (suggested) and those confirmed to cover it (linked)."""
    rows = [d.model_dump(mode="json") for d in cli.workspace.system_documents(system_id)]
    emit_rows(rows, fmt, ("document", "title", "mentions", "linked"))


@systems.command("link")
@click.argument("system_id", metavar="ID")
@click.argument("document")
@click.option("--remove", is_flag=True, help="Remove the link instead of confirming it.")
@click.option("--reviewer", help="Who decides [default: $USER].")
@format_option()
@pass_cli
def link_cmd(
    cli: CliContext, system_id: str, document: str, remove: bool, reviewer: str | None, fmt: str
) -> None:
    """Confirm that DOCUMENT covers the system (recorded as a review decision)."""
    result = cli.workspace.link_system_document(
        system_id, document, _reviewer(reviewer, cli), remove=remove
    )
    if fmt == "json":
        emit_json(result.model_dump(mode="json"))
    else:
        click.echo(f"{result.decision}ed: {document} covers {system_id} ({result.reviewer})")


def _emit_system(system: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        emit_json(system)
    else:
        emit_rows([system], fmt, SYSTEM_COLUMNS)


COMMANDS: list[click.Command] = [systems]
