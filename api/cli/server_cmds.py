"""CLI commands: ``serve`` (the API and web UI) and ``token create|list|revoke``.

Token commands touch only ``data_dir/tokens.json``, never the graph store, so an admin can
create or revoke tokens while ``aimsgraph serve`` holds the data directory.
"""

from __future__ import annotations

import click

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json, emit_rows, format_option
from api.tokens import Role, TokenStore


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port."
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
)
@pass_cli
def serve(ctx: CliContext, host: str, port: int, log_level: str) -> None:
    """Serve the JSON API (/api, /docs), the SPARQL endpoint (/sparql) and the web UI."""
    import uvicorn

    from api.app import create_app
    from api.warmup import keep_on_exit, ready_first_pages, warm_up

    app = create_app(ctx.workspace, ctx.settings)
    _preload(ctx)
    # the first pages from the copy the last run kept (taken on opening the workspace), if
    # it still matches the store; then whatever is missing (all of it without a kept copy)
    # while it starts listening
    taken = ready_first_pages(ctx.workspace, app, ctx.hand_over_kept())
    warming = warm_up(ctx.workspace, app, keep=True, taken=taken)
    click.echo(
        f"aimsgraph serving {ctx.workspace.store.description} at http://{host}:{port}/", err=True
    )
    if not app.state.tokens.list():
        click.echo(
            "no tokens yet: create one with `aimsgraph token create --role admin --name NAME`",
            err=True,
        )
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=True)
    keep_on_exit(ctx.workspace, warming, taken)  # what this run made current, for the next start


def _preload(ctx: CliContext) -> None:
    """Load the embedding model and the vector index before listening: loading their native
    libraries holds the interpreter lock for up to a second at a time, which, done by the
    first upload's job, would stall every other request (``/api/health`` included)."""
    click.echo("loading the embedding model and the vector index…", err=True)
    _ = ctx.workspace.embedder, ctx.workspace.index


@click.group()
def token() -> None:
    """Manage access tokens (stored hashed in DATA_DIR/tokens.json, or SHARED_DIR's)."""


def _tokens(ctx: CliContext) -> TokenStore:
    return TokenStore.for_data_dir(ctx.settings.shared_dir or ctx.settings.data_dir)


@token.command("create")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="What the token may do.",
)
@click.option("--name", required=True, help="Who holds it; recorded as the reviewer of decisions.")
@format_option(default="table")
@pass_cli
def token_create(ctx: CliContext, role: str, name: str, fmt: str) -> None:
    """Create a token and print it once (only its hash is kept)."""
    record, secret = _tokens(ctx).create(name, role)
    if fmt == "json":
        emit_json({**record.public(), "token": secret})
    else:
        click.echo(f"created {record.role} token {record.id} for {record.name}")
        click.echo(secret)


@token.command("list")
@format_option()
@pass_cli
def token_list(ctx: CliContext, fmt: str) -> None:
    """List tokens (id, name, role, created); secrets are never shown again."""
    rows = [r.public() for r in _tokens(ctx).list()]
    emit_rows(rows, fmt, ["id", "name", "role", "created"])


@token.command("revoke")
@click.argument("token_id")
@pass_cli
def token_revoke(ctx: CliContext, token_id: str) -> None:
    """Revoke a token by id; its sessions end at once."""
    record = _tokens(ctx).revoke(token_id)
    click.echo(f"revoked token {record.id} ({record.name}, {record.role})")


COMMANDS: list[click.Command] = [serve, token]
