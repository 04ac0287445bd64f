"""The gap report's kept state (:class:`shapes.incremental.GapState`) as plain data, to keep
on disk between runs of a server, so a restarted one neither validates everything again
before its first decision nor does it in the background while serving its first pages.

:func:`state_data` gives JSON-ready data; :func:`read_state` reads it back, checking every
field's type (pydantic), and raises :class:`ValueError` on anything else. The whole report is
not stored: it is assembled again from the inputs and results when first shown
(:func:`shapes.incremental.with_details`), as after a decision. Graph terms in the inputs'
rows (crosswalk paths, gap details) are stored exactly: kind, text, datatype or language.

Whether the kept state still matches the store is the caller's business (api/kept.py).
"""

from __future__ import annotations

import typing
from dataclasses import fields
from datetime import date
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from shapes.figures import GapFigures
from shapes.gaps import GapInputs
from shapes.incremental import GapState
from shapes.report import ShapeResult

#: Fields of :class:`GapInputs` holding rows of graph terms (stored term by term).
_ROWS = dict[str, list[dict[str, Node]]]


def state_data(state: GapState) -> dict[str, Any]:
    """``state`` as JSON-ready data (its report left out: assembled again when shown)."""
    inputs: dict[str, Any] = {}
    for name, kind in _input_types().items():
        value = getattr(state.inputs, name)
        inputs[name] = _rows_data(value) if kind is None else kind.dump_python(value, mode="json")
    return {
        "today": state.today.isoformat(),
        "inputs": inputs,
        "results": _adapter(list[ShapeResult]).dump_python(state.results, mode="json"),
        "figures": _adapter(GapFigures).dump_python(state.figures, mode="json"),
        "stale": sorted(state.stale),
        "unread_paths": sorted(state.unread_paths),
        "decisions": sorted(state.decisions),
    }


def read_state(data: object) -> GapState:
    """The :class:`GapState` of :func:`state_data`'s ``data`` (without its report: the whole
    report is assembled when first shown); ValueError when it is not such data."""
    if not isinstance(data, dict) or not isinstance(data.get("inputs"), dict):
        raise ValueError("the kept gap state is not a mapping with inputs")
    try:
        given = data["inputs"]
        values: dict[str, Any] = {
            name: _read_rows(given[name]) if kind is None else kind.validate_python(given[name])
            for name, kind in _input_types().items()
        }
        strings = _adapter(list[str])
        return GapState(
            today=date.fromisoformat(str(data["today"])),
            inputs=GapInputs(**values),
            results=_adapter(list[ShapeResult]).validate_python(data["results"]),
            figures=_adapter(GapFigures).validate_python(data["figures"]),
            report=None,
            stale=frozenset(strings.validate_python(data["stale"])),
            unread_paths=frozenset(strings.validate_python(data["unread_paths"])),
            decisions=frozenset(strings.validate_python(data["decisions"])),
        )
    except (KeyError, TypeError, ValidationError) as error:
        raise ValueError(f"the kept gap state is damaged: {error}") from error


@cache
def _input_types() -> dict[str, TypeAdapter[Any] | None]:
    """Each field of :class:`GapInputs` with its adapter (None: rows of graph terms)."""
    hints = typing.get_type_hints(GapInputs)
    return {
        f.name: None if hints[f.name] == _ROWS else _adapter(hints[f.name])
        for f in fields(GapInputs)
    }


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _rows_data(value: dict[str, list[dict[str, Node]]]) -> dict[str, list[dict[str, list[str]]]]:
    return {
        key: [{name: _term(term) for name, term in row.items()} for row in rows]
        for key, rows in value.items()
    }


def _read_rows(value: object) -> dict[str, list[dict[str, Node]]]:
    found = _adapter(dict[str, list[dict[str, list[str]]]]).validate_python(value)
    return {
        key: [{name: _node(term) for name, term in row.items()} for row in rows]
        for key, rows in found.items()
    }


def _term(term: Node) -> list[str]:
    if isinstance(term, URIRef):
        return ["u", str(term)]
    if isinstance(term, BNode):
        return ["b", str(term)]
    if isinstance(term, Literal):
        if term.language:
            return ["l", str(term), "", term.language]
        return ["l", str(term), str(term.datatype or "")]
    raise ValueError(f"a term of an unexpected kind in the gap state: {term!r}")


def _node(term: list[str]) -> Node:
    match term:
        case ["u", text]:
            return URIRef(text)
        case ["b", text]:
            return BNode(text)
        case ["l", text, ""]:
            return Literal(text)
        case ["l", text, datatype]:
            return Literal(text, datatype=URIRef(datatype))
        case ["l", text, "", language]:
            return Literal(text, lang=language)
    raise ValueError(f"the kept gap state holds a damaged term: {term!r}")
