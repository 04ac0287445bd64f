"""CLI commands of the optional language-model check: ``llm check`` and ``verify``.

Faces only (:mod:`api.operations.verification`).

* ``llm check`` probes the endpoint (``AIMSGRAPH_LLM_URL``): exit 0 when it lists its
  models and answers a schema-constrained question with well-formed JSON, 2 otherwise.
* ``verify --link ID | --document ID | --queue`` asks the model whether each link's cited
  passages support its requirement and checks every quote verbatim; ``--format json``
  prints one object per verdict. A verdict never confirms or rejects a link. Exit 0 when
  every link got a verdict, 2 when no endpoint is configured or it fails (what was verified
  before the failure stays recorded).
"""

from __future__ import annotations

import sys

import click

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json, emit_rows, format_option

VERDICT_COLUMNS = ("link_id", "verdict", "quote_verified", "passage_number", "reason", "model")


@click.group("llm")
def llm() -> None:
    """The optional language-model endpoint (AIMSGRAPH_LLM_URL)."""


@llm.command("check")
@format_option()
@pass_cli
def llm_check(cli: CliContext, fmt: str) -> None:
    """Does the endpoint answer with structured output? Exit 0 yes, 2 no (with the reason)."""
    from api.operations.verification import check_llm

    found = check_llm(cli.settings)
    if fmt == "json":
        emit_json(found.model_dump(mode="json"))
        return
    if found.remote:
        click.echo(
            "note: the endpoint is on another machine: document text is sent to it", err=True
        )
    row = found.model_dump(mode="json") | {"models": ", ".join(found.models)}
    emit_rows([row], fmt, ("url", "model", "reported_model", "structured", "mode", "models"))


@click.command("verify")
@click.option("--link", "link", default=None, help="Verify this evidence link (id or IRI).")
@click.option("--document", default=None, help="Verify this document's undecided links.")
@click.option("--queue", is_flag=True, help="Verify every link in the review queue, best first.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N links.")
@format_option()
@pass_cli
def verify(
    cli: CliContext,
    link: str | None,
    document: str | None,
    queue: bool,
    limit: int | None,
    fmt: str,
) -> None:
    """Ask the language model whether each link's passages support its requirement.

    Every quote is checked verbatim in the cited passage; a verdict whose quote is not there
    is 'unverifiable'. Verdicts are recorded (PROV-O) and never confirm or reject a link.
    """
    from api.operations.verification import llm_client

    llm_client(cli.settings).close()  # exit 2 at once when no endpoint is configured
    ws = cli.workspace
    with click.progressbar(length=1000, label="Verifying", file=sys.stderr) as bar:

        def report(stage: str, fraction: float) -> None:
            bar.update(int(fraction * 1000) - bar.pos)

        verdicts = ws.verify(
            cli.settings,
            link=link,
            document=document,
            queue=queue,
            limit=limit,
            progress=report,
        )
    rows = [v.model_dump() for v in verdicts]
    emit_rows(rows, fmt, VERDICT_COLUMNS)


COMMANDS: list[click.Command] = [llm, verify]


DRAFT_COLUMNS = ("id", "notation", "status", "text", "model", "accepted_by")


@click.group("drafts")
def drafts() -> None:
    """Machine-drafted SoA justifications (from confirmed evidence; an admin accepts them)."""


@drafts.command("soa")
@click.argument("notation")
@format_option()
@pass_cli
def drafts_soa(cli: CliContext, notation: str, fmt: str) -> None:
    """Draft the justification of an applicable Annex A control from its confirmed evidence."""
    from api.operations.verification import llm_client

    llm_client(cli.settings).close()
    found = cli.workspace.draft_soa(cli.settings, notation)
    emit_rows([found.model_dump()], fmt, DRAFT_COLUMNS)


@drafts.command("list")
@click.option("--control", default=None, help="Only this control's drafts (e.g. A.2.2).")
@format_option()
@pass_cli
def drafts_list(cli: CliContext, control: str | None, fmt: str) -> None:
    """Drafted justifications, newest first."""
    emit_rows([d.model_dump() for d in cli.workspace.soa_drafts(control)], fmt, DRAFT_COLUMNS)


@drafts.command("accept")
@click.argument("draft_id")
@click.option("--by", default=None, help="Who accepts it [default: $USER].")
@format_option()
@pass_cli
def drafts_accept(cli: CliContext, draft_id: str, by: str | None, fmt: str) -> None:
    """Make a draft its SoA row's justification (recorded in the audit log)."""
    import getpass

    found = cli.workspace.accept_soa_draft(draft_id, by or getpass.getuser())
    emit_rows([found.model_dump()], fmt, DRAFT_COLUMNS)


COMMANDS.append(drafts)
