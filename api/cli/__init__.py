"""The ``aimsgraph`` command line.

Exit codes: 0 success (``validate``: the AIMS is complete); 1 ``validate`` found gaps or a
batch command had failures; 2 an error (bad input, unreachable store, locked data directory).
Errors print one line naming the problem and one saying what to do, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from api.cli.context import CliContext
from api.settings import EMBEDDING_BACKENDS, Settings
from ontology.errors import AimsgraphError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Data directory [env AIMSGRAPH_DATA_DIR; default ./aimsgraph-data].",
)
@click.option(
    "--store",
    "store_url",
    default=None,
    help="SPARQL 1.1 query URL of a remote store [env AIMSGRAPH_STORE]; default: embedded.",
)
@click.option(
    "--store-update",
    "store_update_url",
    default=None,
    help="SPARQL update URL of the remote store [env AIMSGRAPH_STORE_UPDATE; default: "
    "…/query becomes …/update, else the query URL]; per engine: docs/operations.md.",
)
@click.option("--model", default=None, help="Embedding model name or path [env AIMSGRAPH_MODEL].")
@click.option(
    "--embedding-backend",
    type=click.Choice(EMBEDDING_BACKENDS),
    metavar="BACKEND",
    default=None,
    help="onnx-int8 (default), torch or torch-int8 [env AIMSGRAPH_EMBEDDING_BACKEND].",
)
@click.version_option(package_name="aimsgraph")
@click.pass_context
def cli(
    ctx: click.Context,
    data_dir: Path | None,
    store_url: str | None,
    store_update_url: str | None,
    model: str | None,
    embedding_backend: str | None,
) -> None:
    """aimsgraph: knowledge graph and evidence mapper for ISO/IEC 42001 AI management systems."""
    settings = Settings.from_env(
        data_dir=data_dir,
        store_url=store_url,
        store_update_url=store_update_url,
        model=model,
        embedding_backend=embedding_backend,
    )
    context = CliContext(settings)
    ctx.obj = context
    ctx.call_on_close(context.close)


def _register() -> None:
    from api.cli import (
        ingest_cmds,
        llm_cmds,
        mapping_cmds,
        oscal_cmds,
        overview_cmds,
        reference_cmds,
        review_cmds,
        server_cmds,
        systems_cmds,
    )

    modules = (
        reference_cmds,
        ingest_cmds,
        mapping_cmds,
        review_cmds,
        overview_cmds,
        systems_cmds,
        oscal_cmds,
        llm_cmds,
        server_cmds,
    )
    for module in modules:
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI and translate errors into a message and exit code."""
    try:
        # Without standalone mode click *returns* the code of ``ctx.exit(n)`` instead of
        # exiting, so pass it on; a command's own return value is never an int.
        code = cli.main(args=argv, prog_name="aimsgraph", standalone_mode=False)
    except AimsgraphError as error:
        click.echo(f"error: {error.message}", err=True)
        if error.hint:
            click.echo(f"hint: {error.hint}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(2)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except OSError as error:  # a path that does not exist, is a folder, or cannot be read
        click.echo(f"error: {_os_problem(error)}", err=True)
        click.echo("hint: check the path exists and is a file you may read or write", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _os_problem(error: OSError) -> str:
    """``cannot open '/x/y': No such file or directory`` from an OSError, on one line."""
    reason = error.strerror or error.__class__.__name__
    if error.filename is None:
        return reason
    name = str(error.filename)
    if name.endswith(".partial"):  # files written atomically through NAME.partial
        name = name[: -len(".partial")]
    return f"cannot open {name!r}: {reason}"
