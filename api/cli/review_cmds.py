"""CLI commands: ``review`` (decisions on evidence links), ``soa`` and ``validate``.

Faces only: each command calls the workspace operation its route calls
(:mod:`api.operations.reviews`: ``ws.decide``, ``ws.decide_many``, ``ws.history``, ``ws.soa``,
``ws.set_soa_row``, ``ws.export_soa``; ``validate`` prints ``ws.gaps`` or a rendering of
:mod:`shapes.report`).

* ``review queue`` lists the links waiting for a decision; ``review undo DECISION`` undoes a
  confirm or reject; ``review history LINK`` lists a link's decisions.
* ``review confirm|reject|retarget|comment LINK...`` — one link or many (or ``--from-file``).
  The reviewer is ``--reviewer`` or ``$USER``. Each link is decided on the version it has
  when the decision is recorded, so a concurrent decision is a conflict, not an overwrite;
  ``--saw-version N`` names the version you looked at yourself (one link).
  Exit 0 when every link was decided; with several links, 1 when some failed (each failure
  is listed); 2 on an error (one link: unknown, conflict, bad input).
* ``soa`` lists the Statement of Applicability; ``soa set`` sets one row; ``soa export``
  writes CSV, XLSX or JSON.
* ``validate`` prints the gap report (text, markdown, html, json). Exit 0 when the AIMS is
  complete, 1 when it has gaps, 2 on an error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from pydantic import BaseModel, ValidationError

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json, emit_rows, format_option
from api.schemas import BulkDecision, Decision, SoaUpdate
from mapping.evidence.soa import IMPLEMENTATION_STATUSES
from mapping.evidence.soa_export import EXPORT_FORMATS
from mapping.llm.verdicts import QUEUE_ORDERS, VERDICT_FILTERS
from ontology.errors import InputError
from ontology.namespaces import STANDARDS
from ontology.requirements import DEFAULT_STANDARD
from shapes.report_formats import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from mapping.evidence.review import BulkOutcome

DECISION_COLUMNS = (
    "link_id",
    "decision",
    "status",
    "version",
    "reviewer",
    "time",
    "retarget_link_id",
)
FAILURE_COLUMNS = ("link", "error", "message")
SOA_COLUMNS = (
    "notation",
    "applicable",
    "implementation_status",
    "justification",
    "evidence_count",
    "label",
)
#: Links per ``ws.decide_many`` call: the most ``POST /api/reviews/bulk`` takes.
BULK_SIZE = 1000
HISTORY_COLUMNS = (
    "time",
    "type",
    "reviewer",
    "saw_version",
    "saw_status",
    "status",
    "comment",
    "decision",
)


def reviewer_name(explicit: str | None, cli: CliContext) -> str | None:
    """Who makes a change to the record, for the audit log: ``explicit`` or ``$USER``, as
    :func:`_reviewer` resolves it; None when neither names anyone."""
    name = explicit or os.environ.get("USER") or os.environ.get("USERNAME")
    return _reviewer(name, cli) if name and name.strip() else None


def _reviewer(explicit: str | None, cli: CliContext) -> str:
    """Who decides: ``--reviewer`` or ``$USER``, as the token of that name where one exists
    (so a person deciding from the CLI and the UI is one reviewer), else by the name itself."""
    name = explicit or os.environ.get("USER") or os.environ.get("USERNAME")
    if not name or not name.strip():
        raise InputError("no reviewer name", hint="pass --reviewer NAME (or set $USER)")
    from api.tokens import TokenStore

    return TokenStore.for_data_dir(cli.workspace.data_dir).actor_named(name)


def _link_ids(links: tuple[str, ...], from_file: str | None) -> list[str]:
    ids = list(links)
    if from_file:
        handle = sys.stdin if from_file == "-" else open(from_file, encoding="utf-8")  # noqa: SIM115
        with handle:
            for line in handle:
                text = line.split("#", 1)[0].strip()
                if text:
                    ids.extend(text.split())
    if not ids:
        raise InputError("no links given", hint="pass LINK ids or --from-file FILE")
    return ids


def _decide(
    cli: CliContext,
    decision: str,
    links: tuple[str, ...],
    from_file: str | None,
    comment: str | None,
    reviewer: str | None,
    saw_version: int | None,
    retarget_to: str | None,
    fmt: str,
) -> None:
    """Decide one link (errors exit 2) or many (failures listed, exit 1)."""
    ids = list(dict.fromkeys(_link_ids(links, from_file)))
    name = _reviewer(reviewer, cli)
    if saw_version is not None and len(ids) != 1:
        raise InputError("--saw-version names the version of one link", hint="give one LINK")
    fields = {"decision": decision, "comment": comment, "retarget_to": retarget_to}
    if len(ids) == 1:
        body = _checked(Decision, link=ids[0], saw_version=saw_version, **fields)
        result = cli.workspace.decide(body, name).model_dump(mode="json")
        emit_rows([result], fmt, DECISION_COLUMNS, json_value=result)
        return
    _emit_outcome(_bulk(cli, ids, name, fields), fmt, "link", "decided")


def _emit_outcome(outcome: BulkOutcome, fmt: str, key: str, verb: str) -> None:
    """Print a decision on many (links or, for undo, decisions); exit 1 when some failed."""
    decided = [d.model_dump(mode="json") for d in outcome.decided]
    if fmt == "json":
        emit_json(outcome.model_dump(mode="json"))
    else:
        emit_rows(decided, fmt, DECISION_COLUMNS)
        if outcome.failed:
            click.echo(f"{len(outcome.failed)} {key}(s) not {verb}:", err=True)
            for failure in outcome.failed:
                click.echo(f"  {failure[key]}: {failure['message']}", err=True)
    if outcome.failed:
        sys.exit(1)  # SystemExit passes through click.main(standalone_mode=False)


M = TypeVar("M", bound=BaseModel)


def _checked(model: type[M], **fields: Any) -> M:
    """The request model the route takes, built from options (InputError naming a bad one)."""
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "input"
        raise InputError(f"invalid {where}: {first['msg']}") from error


def _bulk(cli: CliContext, ids: list[str], reviewer: str, fields: dict[str, Any]) -> BulkOutcome:
    """``ws.decide_many`` over the ids, as many requests of the route's size as they need."""
    from mapping.evidence.review import BulkOutcome

    outcome = BulkOutcome(decided=[])
    for start in range(0, len(ids), BULK_SIZE):
        body = _checked(BulkDecision, links=ids[start : start + BULK_SIZE], **fields)
        part = cli.workspace.decide_many(body, reviewer)
        outcome.decided += part.decided
        outcome.failed += part.failed
    return outcome


def _decision_command(decision: str, help_text: str) -> click.Command:
    @click.command(decision, help=help_text)
    @click.argument("links", nargs=-1, metavar="LINK...")
    @click.option(
        "--from-file", metavar="FILE", help="Read link ids from FILE (one a line; - for stdin)."
    )
    @click.option("--comment", help="Why; kept with the decision in the audit graph.")
    @click.option("--reviewer", help="Who decides [default: $USER].")
    @click.option("--saw-version", type=int, help="The link version you looked at (one link).")
    @format_option()
    @pass_cli
    def command(
        cli: CliContext,
        /,
        links: tuple[str, ...],
        from_file: str | None,
        comment: str | None,
        reviewer: str | None,
        saw_version: int | None,
        fmt: str,
        **extra: Any,
    ) -> None:
        if decision == "comment" and not comment:
            raise InputError("a comment decision needs --comment TEXT")
        _decide(
            cli, decision, links, from_file, comment, reviewer, saw_version, extra.get("to"), fmt
        )

    if decision == "retarget":
        command = click.option(
            "--to",
            required=True,
            metavar="NOTATION",
            help="Requirement to move the evidence to: A.6.2.4, or iso27001:A.5.9.",
        )(command)
    return command


@click.group()
def review() -> None:
    """Decide on evidence links: confirm, reject, retarget, comment, undo; `review queue`,
    `review history LINK`."""


for _name, _help in (
    ("confirm", "Confirm that the document evidences the requirement."),
    ("reject", "Reject the suggestion."),
    (
        "retarget",
        "Move the evidence to another requirement (--to): the link is rejected and a "
        "confirmed link to the new requirement is made, both kept in the audit trail.",
    ),
    ("comment", "Leave a comment (--comment) without changing the status."),
):
    review.add_command(_decision_command(_name, _help))


@review.command("history")
@click.argument("link", metavar="LINK")
@format_option()
@pass_cli
def history(cli: CliContext, link: str, fmt: str) -> None:
    """Every decision on a link, oldest first (who, when, what they saw and decided)."""
    rows = [h.model_dump() for h in cli.workspace.history(link)]
    emit_rows(rows, fmt, HISTORY_COLUMNS)


QUEUE_COLUMNS = (
    "id",
    "score",
    "status",
    "standard",
    "notation",
    "document_title",
    "label",
    "model_check",
)


@review.command("queue")
@click.option("--document", metavar="ID", help="Only this document's links.")
@click.option(
    "--standard",
    type=click.Choice([*STANDARDS, "all"]),
    default=DEFAULT_STANDARD,
    show_default=True,
    help="One standard's queue, or all.",
)
@click.option("--group", metavar="GROUP", help="Only one requirement group's: A.6 or 6.")
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=None,
    help="Only links scoring at least this (0-1).",
)
@click.option(
    "--verdict",
    type=click.Choice(VERDICT_FILTERS),
    help="Only links whose latest language-model verdict is this (none: never checked).",
)
@click.option(
    "--order",
    type=click.Choice(QUEUE_ORDERS),
    default="best",
    show_default=True,
    help="best first, or the model's doubts first (does_not_support, then partly).",
)
@click.option("--limit", type=click.IntRange(min=1), help="At most N links.")
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Links to skip first (paging)."
)
@format_option()
@pass_cli
def queue(
    cli: CliContext,
    document: str | None,
    standard: str,
    group: str | None,
    min_score: float | None,
    verdict: str | None,
    order: str,
    limit: int | None,
    offset: int,
    fmt: str,
) -> None:
    """Links waiting for a decision (suggested, or needing review again), best first;
    --limit N --offset M pages through them. JSON: each link with its latest machine-drafted
    "verdict" ({"verdict", "quote_verified", "model", "ended", "doubts", ...} or null): a
    hint for the reviewer; it never confirms or rejects anything."""
    chosen = None if standard == "all" else standard
    found = cli.workspace.review_queue(
        document,
        chosen,
        group,
        min_score,
        offset=offset,
        limit=limit,
        verdict=verdict,
        order=order,
    )
    rows = [link.model_dump(mode="json") for link in found]
    # the table's model_check column: the latest verdict's label (machine-drafted)
    table = [row | {"model_check": (row.get("verdict") or {}).get("verdict", "")} for row in rows]
    emit_rows(table, fmt, QUEUE_COLUMNS, json_value=rows)


@review.command("undo")
@click.argument("decisions", nargs=-1, required=True, metavar="DECISION...")
@click.option("--reviewer", help="Who undoes it [default: $USER].")
@format_option()
@pass_cli
def undo(cli: CliContext, decisions: tuple[str, ...], reviewer: str | None, fmt: str) -> None:
    """Undo confirms or rejects (their ids from `review history`): each link returns to the
    status that decision found; the undo is recorded beside it. Only a link's latest
    decision can be undone: with one DECISION exit 2 when someone decided the link since;
    with several, each is undone on its own and exit 1 lists those that were not."""
    name = _reviewer(reviewer, cli)
    ids = list(dict.fromkeys(decisions))
    if len(ids) == 1:
        result = cli.workspace.undo_decision(ids[0], name).model_dump(mode="json")
        emit_rows([result], fmt, DECISION_COLUMNS, json_value=result)
        return
    outcome = cli.workspace.undo_decisions(ids, name)
    _emit_outcome(outcome, fmt, "decision", "undone")


@click.group(invoke_without_command=True)
@format_option()
@click.pass_context
def soa(ctx: click.Context, fmt: str) -> None:
    """The Statement of Applicability: one row per ISO/IEC 42001 Annex A control."""
    if ctx.invoked_subcommand is not None:
        return
    cli = ctx.find_object(CliContext)
    assert cli is not None
    data = [row.model_dump() for row in cli.workspace.soa()]
    emit_rows(data, fmt, SOA_COLUMNS, json_value=data)


@soa.command("set")
@click.argument("notation")
@click.option("--applicable/--excluded", default=None, help="Whether the control applies.")
@click.option("--justification", help="Why it applies or is excluded (required to exclude).")
@click.option(
    "--status",
    type=click.Choice(list(IMPLEMENTATION_STATUSES)),
    help="Implementation status of an applicable control.",
)
@click.option("--by", "by", metavar="NAME", help="Who sets it, for the audit log [default: $USER].")
@format_option()
@pass_cli
def soa_set(
    cli: CliContext,
    notation: str,
    applicable: bool | None,
    justification: str | None,
    status: str | None,
    by: str | None,
    fmt: str,
) -> None:
    """Set one control's row, e.g. `soa set A.9.4 --excluded --justification '...'`."""
    if applicable is None:
        raise InputError("say --applicable or --excluded", hint="e.g. soa set A.5.3 --applicable")
    update = _checked(
        SoaUpdate,
        applicable=applicable,
        justification=justification,
        implementation_status=status,
    )
    who = reviewer_name(by, cli)
    row = cli.workspace.set_soa_row(notation, update, who).model_dump(mode="json")
    emit_rows([row], fmt, SOA_COLUMNS, json_value=row)


@soa.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="File format."
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write.",
)
@pass_cli
def soa_export(cli: CliContext, fmt: str, output: Path) -> None:
    """Write the Statement of Applicability with its evidence references to a file."""
    written = cli.workspace.export_soa(fmt, output)
    click.echo(f"wrote {written.rows} rows to {output}", err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE."
)
@click.option("--date", "on", metavar="YYYY-MM-DD", help="Assess as of this date [default: today].")
@pass_cli
def validate(cli: CliContext, fmt: str, output: Path | None, on: str | None) -> None:
    """The gap report: coverage per standard and every gap with what would close it.

    Exit status 0 when the AIMS is complete, 1 when it has gaps, 2 on an error.
    """
    from ingest.metadata import check_date

    today = check_date(on, "--date") if on else None
    report = cli.workspace.gaps(today)  # as GET /api/validation returns it
    if fmt == "json":
        text = json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False)
    else:
        text = report.render(fmt)
    conforms = report.conforms
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote the gap report to {output}", err=True)
    else:
        click.echo(text, nl=False)
    if not conforms:
        sys.exit(1)  # SystemExit passes through click.main(standalone_mode=False)


COMMANDS: list[click.Command] = [review, soa, validate]
