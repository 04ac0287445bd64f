"""CLI commands over the reference graph: ``init``, ``query``, ``controls``, ``crosswalk``,
``export``.

Faces only: each command reads its options, calls ``ontology`` with the workspace's store and
renders the result (table for people; json and csv for scripts, keys documented in
docs/cli.md). Errors are raised as :class:`~ontology.errors.AimsgraphError` and turned into a
message and exit code 2 by :func:`api.cli.main`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from api.cli.context import CliContext, pass_cli
from api.cli.output import emit_json, emit_rows, format_option, render_table
from api.operations.graph import EXPORT_FORMATS
from ontology.errors import InputError
from ontology.namespaces import PREFIXES, STANDARDS
from ontology.requirements import (
    DEFAULT_STANDARD,
    KINDS,
    find_requirement,
)
from ontology.store import term_from_json

SPARQL_JSON = "application/sparql-results+json"
STANDARD_HELP = (
    "Standard the NOTATION belongs to (notations such as 4.1 or A.5.2 exist in more than "
    "one standard)."
)
standard_choice = click.Choice(STANDARDS)


# ---------------------------------------------------------------------------------- init


@click.command()
@click.option("--force", is_flag=True, help="Reload every graph even when its file is unchanged.")
@format_option()
@pass_cli
def init(cli: CliContext, force: bool, fmt: str) -> None:
    """Load or upgrade the vocabulary, reference standards and crosswalks.

    Idempotent: a graph is reloaded only when its packaged file changed since the last
    load. Prints each graph with its triple count and what was done to it (loaded,
    upgraded, unchanged).
    """
    store = cli.workspace.store
    results = [asdict(r) for r in cli.workspace.load_reference(force=force)]
    columns = ["action", "triples", "file", "graph"]
    if fmt == "json":
        emit_json({"store": store.description, "graphs": results})
        return
    emit_rows(results, fmt, columns)
    if fmt == "table":
        counts = {a: sum(r["action"] == a for r in results) for a in ("loaded", "upgraded")}
        unchanged = len(results) - sum(counts.values())
        click.echo(
            f"{store.description}: {counts['loaded']} loaded, {counts['upgraded']} upgraded, "
            f"{unchanged} unchanged"
        )


# --------------------------------------------------------------------------------- query


def read_query_argument(argument: str) -> str:
    """The query text from ``SPARQL`` itself, ``@file.rq`` or ``-`` (standard input)."""
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        if not path.is_file():
            raise InputError(f"no such query file: {path}", hint="give @path/to/query.rq")
        return path.read_text(encoding="utf-8")
    return argument


def _compact(iri: str) -> str:
    """``std42001:A.6.2.4`` for a known namespace, else the IRI itself."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def plain_value(term: Node, compact: bool = False) -> Any:
    """A JSON-ready value: numbers and booleans as such, everything else as text."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, bool | int | float):
            return value
        return str(term)
    if isinstance(term, URIRef) and compact:
        return _compact(str(term))
    return term.n3() if not isinstance(term, URIRef) else str(term)


def _select_rows(body: bytes, compact: bool) -> tuple[list[str], list[dict[str, Any]]]:
    """Variables and rows of a SELECT's JSON result, in the query's own column order."""
    data = json.loads(body)
    names: list[str] = data["head"]["vars"]
    rows = [
        {n: plain_value(term_from_json(b[n]), compact) for n in names if n in b}
        for b in data["results"]["bindings"]
    ]
    return names, rows


def _emit_graph(graph: Graph, fmt: str) -> None:
    formats = {"table": "turtle", "json": "json-ld", "csv": "nt"}
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    click.echo(graph.serialize(format=formats[fmt]).rstrip("\n"))


@click.command()
@click.argument("sparql")
@format_option()
@pass_cli
def query(cli: CliContext, sparql: str, fmt: str) -> None:
    """Run a read-only SPARQL query: text, @FILE.rq or - for standard input.

    SELECT prints a table (json: a list of objects; csv: a header and rows). ASK prints
    true or false. CONSTRUCT and DESCRIBE print Turtle (json: JSON-LD; csv: N-Triples).
    The default graph is the union of all named graphs. Updates, LOAD and SERVICE are
    refused (exit 2), and so are queries over 64 KB or nested more than 64 levels deep; a
    malformed query reports the line and column of the error. The /sparql endpoint's
    limits apply, and the query runs in the same kind of separate worker process:
    AIMSGRAPH_SPARQL_TIMEOUT (the query is stopped and exit 2 past it) and
    AIMSGRAPH_SPARQL_RESULT_LIMIT (a note on stderr when results were cut).
    Packaged analysis queries live in ontology/queries/, e.g.
    `aimsgraph query @ontology/queries/counterparts-of-control.rq`.
    """
    text = read_query_argument(sparql)
    ws = cli.workspace
    answer = ws.query(text, f"{SPARQL_JSON}, application/n-triples")
    form = answer.form
    if answer.truncated:
        click.echo(
            f"note: only the first {ws.settings.sparql_result_limit} results are shown "
            "(AIMSGRAPH_SPARQL_RESULT_LIMIT)",
            err=True,
        )
    if form == "ASK":
        value = bool(json.loads(answer.body)["boolean"])
        click.echo(json.dumps({"boolean": value}) if fmt == "json" else str(value).lower())
    elif form == "SELECT":
        names, rows = _select_rows(answer.body, compact=fmt == "table")
        emit_rows(rows, fmt, names)
    else:
        _emit_graph(Graph().parse(data=answer.body.decode("utf-8"), format="nt"), fmt)


# ------------------------------------------------------------------------------ controls


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    """A requirement with its evidence counts as top-level columns, for table and csv."""
    evidence = item.get("evidence", {})
    return {**item, **{f"evidence_{k}": v for k, v in evidence.items()}}


@click.group(invoke_without_command=True)
@click.option(
    "--standard",
    type=click.Choice([*STANDARDS, "all"]),
    default=DEFAULT_STANDARD,
    show_default=True,
    help="Standard to list, or all.",
)
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind.")
@format_option()
@click.pass_context
def controls(ctx: click.Context, standard: str, kind: str | None, fmt: str) -> None:
    """List the requirements of a standard: clauses, objectives, controls or articles;
    `controls show NOTATION` shows one.

    Every requirement of the standard is listed in printed order; `kind` tells clauses,
    control objectives, Annex A controls and articles apart (use --kind control for the
    Annex A controls alone). `evidence` counts confirmed and suggested evidence links.
    """
    if ctx.invoked_subcommand is not None:
        return
    cli = ctx.find_object(CliContext)
    assert cli is not None
    chosen = None if standard == "all" else standard
    items = [i.model_dump() for i in cli.workspace.requirements(chosen, kind)]
    columns = ["standard", "notation", "kind", "label", "evidence_confirmed", "evidence_suggested"]
    emit_rows([_flat(i) for i in items], fmt, columns, json_value=items)


REQUIREMENT_EVIDENCE_COLUMNS = ("id", "status", "score", "document_title", "document", "method")
CROSSWALK_NEIGHBOUR_COLUMNS = ("standard", "notation", "relationship", "direction", "label")


@controls.command("show")
@click.argument("notation")
@click.option(
    "--standard",
    type=standard_choice,
    default=DEFAULT_STANDARD,
    show_default=True,
    help=STANDARD_HELP,
)
@format_option()
@pass_cli
def show_requirement(cli: CliContext, notation: str, standard: str, fmt: str) -> None:
    """One requirement: its description, evidence links (with their basis) and crosswalk
    neighbours, as its page and GET /api/requirements/NOTATION show it."""
    item = cli.workspace.requirement(notation, standard).model_dump()
    if fmt == "json":
        emit_json(item)
        return
    if fmt == "csv":
        emit_rows(item["evidence"], fmt, REQUIREMENT_EVIDENCE_COLUMNS)
        return
    for key in ("standard", "notation", "kind", "label", "broader", "definition"):
        if item.get(key) is not None:
            click.echo(f"{key:>10}: {item[key]}")
    click.echo("\nevidence")
    click.echo(render_table(item["evidence"], REQUIREMENT_EVIDENCE_COLUMNS))
    if item["evidence_total"] > len(item["evidence"]):
        click.echo(
            f"(the best {len(item['evidence'])} of {item['evidence_total']} links; "
            "all of them: aimsgraph suggestions --control NOTATION)"
        )
    click.echo("\ncrosswalk")
    click.echo(render_table(item["crosswalk"], CROSSWALK_NEIGHBOUR_COLUMNS))


# ----------------------------------------------------------------------------- crosswalk


def _suggestions(
    cli: CliContext, notation: str, standard: str, to: str | None, top_k: int
) -> list[dict[str, Any]]:
    """Counterparts proposed by the embedding model, in ``to`` or every other standard."""
    targets = [to] if to else [s for s in STANDARDS if s != standard]
    return cli.workspace.suggest_counterparts(notation, standard, targets, top_k)


@click.command()
@click.argument("notation")
@click.option(
    "--from",
    "standard",
    type=standard_choice,
    default=DEFAULT_STANDARD,
    show_default=True,
    help=STANDARD_HELP,
)
@click.option(
    "--to",
    "to",
    type=standard_choice,
    default=None,
    help="Only counterparts in this standard [default: every other standard].",
)
@click.option(
    "--suggest",
    is_flag=True,
    help="Also propose counterparts by meaning (embedding model), not yet curated.",
)
@click.option(
    "--top-k",
    type=click.IntRange(1, 100),
    default=5,
    show_default=True,
    help="Suggestions per standard with --suggest.",
)
@format_option()
@pass_cli
def crosswalk(
    cli: CliContext,
    notation: str,
    standard: str,
    to: str | None,
    suggest: bool,
    top_k: int,
    fmt: str,
) -> None:
    """Crosswalk counterparts of a requirement, in both directions.

    Each counterpart carries its relationship read from NOTATION's side (equal, subsetOf,
    supersetOf, intersectsWith, notRelated), the direction of the stored edge, rationale,
    strength 0-10, curation status and source. An unknown notation fails with close
    matches. Example: `aimsgraph crosswalk A.6.2.4 --to euaiact`.
    """
    store = cli.workspace.store
    requirement = find_requirement(store, notation, standard)
    found = cli.workspace.crosswalk(requirement["notation"], standard, to)
    counterparts = [c.model_dump() for c in found]
    result: dict[str, Any] = {**requirement, "counterparts": counterparts}
    rows = [{**c, "origin": "crosswalk"} for c in counterparts]
    columns = [
        "standard",
        "notation",
        "relationship",
        "direction",
        "rationale",
        "strength",
        "status",
        "label",
    ]
    if suggest:
        result["suggestions"] = _suggestions(cli, requirement["notation"], standard, to, top_k)
        rows += [{**s, "origin": "suggested"} for s in result["suggestions"]]
        columns = ["origin", *columns, "score"]
    if fmt == "table":
        click.echo(f"{requirement['standard']} {requirement['notation']}: {requirement['label']}")
    emit_rows(rows, fmt, columns, json_value=result)


# -------------------------------------------------------------------------------- export


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="trig",
    show_default=True,
    help="trig, nquads and jsonld keep named graphs; turtle merges them.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write [default: standard output].",
)
@click.option(
    "--graph",
    "graph",
    default=None,
    help="Only this named graph: a full IRI or a short name such as org, "
    "std/iso42001, crosswalk/iso42001-euaiact, vocabulary.",
)
@pass_cli
def export(cli: CliContext, fmt: str, output: Path | None, graph: str | None) -> None:
    """Export the graph store (every named graph, or one) as RDF."""
    ws = cli.workspace
    if output is None:
        sys.stdout.flush()
        ws.export(fmt, sys.stdout.buffer, graph=graph)
        return
    partial = output.with_name(output.name + ".partial")
    with open(partial, "wb") as out:
        ws.export(fmt, out, graph=graph)
    partial.replace(output)  # never leave a half-written export under the real name
    click.echo(f"wrote {output}", err=True)


COMMANDS: list[click.Command] = [init, query, controls, crosswalk, export]
