"""The evidence index as plain data, to keep on disk between runs of a server.

:func:`index_data` turns an index's current rows (with the reference data they were read
with: requirement notations, labels, the hierarchy) into JSON-ready data; :func:`read_index`
turns such data back into a :class:`KeptIndex`, checking every field's type, so a damaged or
edited file is refused with :class:`ValueError` rather than half-read. Rows are stored by
column, each text as a number into one table of distinct texts: a thousand documents' links
(~20,000 rows) take a few megabytes and read in a tenth of the time of a rebuild.

Whether a kept copy still matches the store is the caller's business (the store's stamp,
:meth:`ontology.store.GraphStore.stamp`); this module only reads and writes the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from mapping.evidence.rollup import Hierarchy

#: The text columns of a :class:`~mapping.evidence.index_snapshot.LinkRow`, in stored order.
_TEXTS = (
    "link",
    "id",
    "artefact",
    "document",
    "requirement",
    "notation",
    "standard",
    "status",
    "title",
    "decision",
    "source",
    "via",
    "label",
)
_REQUIRED = frozenset(_TEXTS[:8])


@dataclass(frozen=True)
class KeptIndex:
    """What an evidence index needs to start from a kept copy."""

    by_artefact: dict[str, tuple[Any, ...]]
    hierarchy: Hierarchy
    requirements: dict[str, list[tuple[str, str]]]
    labels: dict[str, str]


def index_data(
    rows: tuple[Any, ...],
    hierarchy: Hierarchy,
    requirements: dict[str, list[tuple[str, str]]],
    labels: dict[str, str],
) -> dict[str, Any]:
    """``rows`` (LinkRows) and the reference data they were read with, as JSON-ready data."""
    table: dict[str, int] = {}

    def code(text: str | None) -> int:
        return -1 if text is None else table.setdefault(text, len(table))

    columns = {name: [code(getattr(r, name)) for r in rows] for name in _TEXTS}
    return {
        "texts": list(table),
        "columns": columns,
        "score": [r.score for r in rows],
        "current": [r.current for r in rows],
        "hierarchy": {
            "children": {k: list(v) for k, v in hierarchy.children.items()},
            "notations": dict(hierarchy.notations),
            "order": dict(hierarchy.order),
        },
        "requirements": {k: [list(p) for p in v] for k, v in requirements.items()},
        "labels": labels,
    }


def read_index(data: object) -> KeptIndex:
    """The :class:`KeptIndex` of :func:`index_data`'s ``data``; ValueError when it is not."""
    from mapping.evidence.index_snapshot import LinkRow

    data = _mapping(data, "the kept index")
    texts = _strings(data.get("texts"), "texts")
    columns = _mapping(data.get("columns"), "columns")
    scores, current = _list(data.get("score"), "score"), _list(data.get("current"), "current")
    n = len(scores)
    decoded = {name: _decode(columns.get(name), texts, n, name) for name in _TEXTS}
    if len(current) != n or not all(isinstance(c, bool) for c in current):
        raise ValueError("the kept index's 'current' column is damaged")
    if not all(s is None or isinstance(s, int | float) for s in scores):
        raise ValueError("the kept index's 'score' column is damaged")
    grouped: dict[str, list[Any]] = defaultdict(list)
    for i in range(n):
        fields: dict[str, Any] = {name: decoded[name][i] for name in _TEXTS}
        if any(fields[name] is None for name in _REQUIRED):
            raise ValueError(f"the kept index's row {i} lacks a required field")
        score = None if scores[i] is None else float(scores[i])
        grouped[fields["artefact"]].append(LinkRow(score=score, current=current[i], **fields))
    return KeptIndex(
        by_artefact={a: tuple(found) for a, found in grouped.items()},
        hierarchy=_hierarchy(data.get("hierarchy")),
        requirements=_requirements(data.get("requirements")),
        labels=_string_map(data.get("labels"), "labels"),
    )


def _decode(column: object, texts: list[str], n: int, name: str) -> list[str | None]:
    codes = _list(column, name)
    if len(codes) != n:
        raise ValueError(f"the kept index's column {name!r} has {len(codes)} rows, not {n}")
    top = len(texts)
    if not all(type(c) is int and -1 <= c < top for c in codes):
        raise ValueError(f"the kept index's column {name!r} is damaged")
    return [None if c < 0 else texts[c] for c in codes]


def _hierarchy(data: object) -> Hierarchy:
    found = _mapping(data, "hierarchy")
    children = _mapping(found.get("children"), "hierarchy children")
    order = _mapping(found.get("order"), "hierarchy order")
    if not all(type(v) is int for v in order.values()):
        raise ValueError("the kept index's hierarchy order is damaged")
    return Hierarchy(
        children={k: tuple(_strings(v, "hierarchy children")) for k, v in children.items()},
        notations=_string_map(found.get("notations"), "hierarchy notations"),
        order=dict(order),
    )


def _requirements(data: object) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for key, pairs in _mapping(data, "requirements").items():
        found = [_strings(p, "requirements") for p in _list(pairs, "requirements")]
        if not all(len(p) == 2 for p in found):
            raise ValueError("the kept index's requirements are damaged")
        out[key] = [(p[0], p[1]) for p in found]
    return out


def _mapping(data: object, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError(f"the kept index's {what} is not a mapping")
    return data


def _list(data: object, what: str) -> list[Any]:
    if not isinstance(data, list):
        raise ValueError(f"the kept index's {what} is not a list")
    return data


def _strings(data: object, what: str) -> list[str]:
    found = _list(data, what)
    if not all(isinstance(t, str) for t in found):
        raise ValueError(f"the kept index's {what} holds something other than text")
    return found


def _string_map(data: object, what: str) -> dict[str, str]:
    found = _mapping(data, what)
    if not all(isinstance(v, str) for v in found.values()):
        raise ValueError(f"the kept index's {what} holds something other than text")
    return found
