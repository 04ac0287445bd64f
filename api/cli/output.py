"""Render command results as a table, JSON or CSV: one data value, three renderings."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ontology.spreadsheet import csv_safe

FORMATS = ("table", "json", "csv")
FC = TypeVar("FC", bound=Callable[..., Any] | click.Command)


def format_option(default: str = "table") -> Callable[[FC], FC]:
    """The ``--format table|json|csv`` option every listing command takes."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=default,
        show_default=True,
        help="Output format; json and csv are stable for scripts.",
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], max_width: int = 60
) -> str:
    """A plain aligned text table of ``columns``."""
    if not rows:
        return "(none)"
    cells = [[_cell(r.get(c))[:max_width].replace("\n", " ") for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([csv_safe(_cell(r.get(c))) for c in columns])
    return out.getvalue()


def emit_rows(
    rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], json_value: Any = None
) -> None:
    """Print a listing; JSON prints ``json_value`` (default: the rows) with every key."""
    if fmt == "json":
        click.echo(
            json.dumps(rows if json_value is None else json_value, indent=2, ensure_ascii=False)
        )
    elif fmt == "csv":
        click.echo(render_csv(rows, columns), nl=False)
    else:
        click.echo(render_table(rows, columns))


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))
