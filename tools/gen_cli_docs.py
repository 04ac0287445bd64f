"""Regenerate the command reference in docs/cli.md and the table in docs/settings.md.

docs/cli.md: the text between ``<!-- BEGIN COMMANDS -->`` and ``<!-- END COMMANDS -->`` is
replaced by the ``--help`` of ``aimsgraph`` and of every command and subcommand registered on
``api.cli.cli``; the hand-written parts around it (exit codes, JSON output) stay.
docs/settings.md: the text between ``<!-- BEGIN SETTINGS -->`` and ``<!-- END SETTINGS -->``
is replaced by a table built from ``api.settings.settings_table()``.

Re-run after adding or changing a command, option or setting:

    .venv/bin/python tools/gen_cli_docs.py          # rewrite both files
    .venv/bin/python tools/gen_cli_docs.py --check  # exit 1 when either is out of date
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from api.cli import cli  # noqa: E402
from api.settings import settings_table  # noqa: E402

CLI_DOC = ROOT / "docs" / "cli.md"
SETTINGS_DOC = ROOT / "docs" / "settings.md"
WIDTH = 100


def walk(
    command: click.Command, path: list[str], parent: click.Context | None = None
) -> Iterator[tuple[list[str], click.Command, click.Context]]:
    """Every command under ``command`` (itself first), depth first, in name order."""
    ctx = click.Context(
        command, info_name=path[-1], parent=parent, terminal_width=WIDTH, max_content_width=WIDTH
    )
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], [*path, name], ctx)


def command_paths() -> list[str]:
    """``aimsgraph``, ``aimsgraph init``, ``aimsgraph review confirm`` …"""
    return [" ".join(path) for path, _, _ in walk(cli, ["aimsgraph"])]


def render_commands() -> str:
    lines = [
        "<!-- BEGIN COMMANDS -->",
        "",
        "_Generated from `--help` by tools/gen_cli_docs.py; do not edit by hand._",
        "",
    ]
    for path, command, ctx in walk(cli, ["aimsgraph"]):
        if command.hidden:
            continue
        depth = "#" * min(len(path) + 1, 4)
        lines += [
            f"{depth} `{' '.join(path)}`",
            "",
            "```text",
            command.get_help(ctx).rstrip(),
            "```",
            "",
        ]
    return "\n".join([*lines, "<!-- END COMMANDS -->"])


def render_settings() -> str:
    lines = [
        "<!-- BEGIN SETTINGS -->",
        "",
        "_Generated from `api.settings.settings_table()` by tools/gen_cli_docs.py._",
        "",
        "| setting | environment variable | default | meaning |",
        "|---|---|---|---|",
    ]
    for row in settings_table():
        cells = [f"`{row['name']}`", f"`{row['env']}`", f"`{row['default']}`", row["help"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([*lines, "", "<!-- END SETTINGS -->"])


def replace_between(document: str, generated: str) -> str:
    begin, end = generated.splitlines()[0], generated.splitlines()[-1]
    if begin not in document or end not in document:
        raise SystemExit(f"the document lacks the {begin} … {end} markers")
    head, rest = document.split(begin, 1)
    return head + generated + rest.split(end, 1)[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a doc is stale")
    args = parser.parse_args(argv)
    stale = []
    for doc, generated in ((CLI_DOC, render_commands()), (SETTINGS_DOC, render_settings())):
        current = doc.read_text(encoding="utf-8")
        fresh = replace_between(current, generated)
        if fresh == current:
            continue
        stale.append(doc)
        if not args.check:
            doc.write_text(fresh, encoding="utf-8")
            print(f"wrote {doc.relative_to(ROOT)}")
    if args.check and stale:
        print(
            "out of date: "
            + ", ".join(str(d.relative_to(ROOT)) for d in stale)
            + f"; run {Path(__file__).name}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
