"""``aimsgraph oscal``: export OSCAL 1.2 documents and import a mapping-collection."""

from __future__ import annotations

from pathlib import Path

import click

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json
from api.exchange.oscal import MODELS
from ontology.namespaces import STANDARDS


@click.group()
def oscal() -> None:
    """OSCAL 1.2 exchange: catalogs, crosswalks, assessment results, POA&M (docs/oscal.md)."""


@oscal.command("export")
@click.option(
    "--model",
    type=click.Choice(MODELS),
    required=True,
    help="catalog (a standard), mapping-collection (the crosswalks), assessment-results "
    "(the SoA and its evidence) or poam (the gap report).",
)
@click.option(
    "--standard",
    type=click.Choice(STANDARDS),
    default=None,
    help="catalog: which standard [default iso42001]; mapping-collection, poam: only this "
    "standard's crosswalks or gaps [default all].",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write [default: standard output].",
)
@pass_cli
def oscal_export(cli: CliContext, model: str, standard: str | None, output: Path | None) -> None:
    """Write one OSCAL JSON document; the same graph gives the same bytes."""
    document = cli.workspace.oscal_export(model, standard)
    text = document.to_json()
    if output is None:
        click.echo(text, nl=False)
        return
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)  # never leave a half-written file under the real name
    click.echo(f"wrote {model} to {output}", err=True)


@oscal.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_cli
def oscal_import(cli: CliContext, file: Path) -> None:
    """Import FILE (an OSCAL mapping-collection) as candidate crosswalk edges.

    The whole file is checked first; any problem is reported and nothing is written. Pairs
    that already have an edge are skipped. Prints what was imported and skipped as JSON.
    """
    result = cli.workspace.oscal_import(file.read_bytes())
    emit_json(result.model_dump(mode="json"))
    click.echo(
        f"imported {len(result.imported)} candidate edges, skipped {len(result.skipped)}",
        err=True,
    )


COMMANDS: list[click.Command] = [oscal]
