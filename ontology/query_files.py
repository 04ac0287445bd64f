"""The one way to run packaged SPARQL: ``<package>/queries/<name>.rq`` with bound parameters.

Every package keeps its queries as plain ``.rq`` files (``ontology.register`` keeps its own
in ``ontology/register/queries``: ``ontology/queries`` holds the analysis queries offered
as examples) that an analyst can read and run as
they are. A parameter is a ``VALUES`` line with a default, written first inside the
``WHERE`` (or first inside the sub-select that needs it), so the value restricts the pattern
before anything else is evaluated::

    SELECT ?title WHERE {
      VALUES ?artefact { UNDEF }
      ?artefact dct:title ?title .
    }

:func:`load_query` fills those lines: an RDF term is written by rdflib (``n3()``), a plain
Python value becomes a literal, ``None`` becomes ``UNDEF`` (no restriction) and a list or
tuple gives one row per value. Paging is ``limit=``/``offset=``, appended as solution
modifiers. A parameter of an update defaults to ``<urn:aimsgraph:unbound>``, which matches
nothing; an update loaded with such a default left unfilled is refused, so a forgotten
value can never widen a DELETE.

>>> from rdflib import URIRef
>>> text = 'SELECT * WHERE {\\n  VALUES ?s { UNDEF }\\n  ?s ?p ?o }'
>>> fill_values(text, {"s": [URIRef("urn:a"), URIRef("urn:b")]})
'SELECT * WHERE {\\n  VALUES ?s { <urn:a> <urn:b> }\\n  ?s ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from ontology.errors import NotFoundError, QueryError
from ontology.namespaces import sparql_prefixes
from ontology.sparql import query_form

PACKAGES = ("api", "ingest", "mapping", "ontology", "ontology.register", "shapes")
UNBOUND = "<urn:aimsgraph:unbound>"
ROOT = Path(__file__).resolve().parent.parent

Scalar = Node | str | int | float | bool | None
Value = Scalar | Sequence[Scalar]

_NAME = re.compile(r"[A-Za-z_]\w*\Z")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def query_names(package: str) -> list[str]:
    """Names (file stems) of the queries a package holds."""
    return sorted(path.stem for path in _folder(package).glob("*.rq"))


@cache
def query_text(package: str, name: str) -> str:
    """The text of ``<package>/queries/<name>.rq`` exactly as written."""
    if not _NAME.match(name.replace("-", "_")):
        raise NotFoundError(f"no such packaged query: {name}", hint="use a query's file name")
    path = _folder(package) / f"{name}.rq"
    if not path.is_file():
        raise NotFoundError(
            f"no such packaged query: {package}/queries/{name}.rq",
            hint="one of: " + ", ".join(query_names(package)),
        )
    return path.read_text(encoding="utf-8")


def load_query(
    package: str,
    name: str,
    *,
    limit: int | None = None,
    offset: int | None = None,
    **bindings: Value,
) -> str:
    """Query ``name`` of ``package`` with PREFIX lines, bound parameters and paging."""
    text = fill_values(query_text(package, name), bindings, name=name)
    if query_form(text) == "UPDATE":
        if limit is not None or offset is not None:
            raise QueryError(f"update {name} takes no limit or offset")
        _check_all_bound(text, name)
    return sparql_prefixes() + text + _paging(limit, offset)


def fill_values(text: str, bindings: Mapping[str, Value], *, name: str = "query") -> str:
    """``text`` with every ``VALUES ?key { … }`` line of each binding filled with its rows."""
    for key, value in bindings.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(key) + r"\s*\{[^{}]*\}")
        if pattern.search(text) is None:
            raise QueryError(
                f"query {name} has no parameter ?{key}",
                hint="parameters are the VALUES lines at the start of its WHERE",
            )
        rows = " ".join(_term(v) for v in value) if _is_rows(value) else _term(value)  # type: ignore[union-attr,arg-type]
        replacement = f"VALUES ?{key} {{ {rows} }}".replace("\\", "\\\\")
        text = pattern.sub(replacement, text)  # a template: only backslashes are special
    return text


def _is_rows(value: Value) -> bool:
    return isinstance(value, list | tuple | set | frozenset)


def _term(value: Scalar) -> str:
    """The SPARQL term for one value (rdflib writes it; IRIs are checked first)."""
    if value is None:
        return "UNDEF"
    if isinstance(value, URIRef):
        if _BAD_IRI.search(str(value)):
            raise QueryError(
                f"not a usable IRI: {str(value)[:80]!r}",
                hint="an IRI may not hold spaces, quotes, angle brackets or braces",
            )
        return str(value.n3())
    if isinstance(value, Node):
        return str(value.n3())
    return str(Literal(value).n3())


def _check_all_bound(text: str, name: str) -> None:
    missing = sorted(set(re.findall(r"VALUES\s+\?(\w+)\s*\{\s*" + re.escape(UNBOUND), text)))
    if missing:
        raise QueryError(
            f"update {name} needs a value for " + ", ".join(f"?{m}" for m in missing),
            hint="pass every parameter of an update",
        )


def _paging(limit: int | None, offset: int | None) -> str:
    modifiers = ""
    for word, number in (("LIMIT", limit), ("OFFSET", offset)):
        if number is None:
            continue
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise QueryError(
                f"{word.lower()} must be a whole number of 0 or more, not {number!r}",
                hint="page with non-negative integers",
            )
        modifiers += f"\n{word} {number}"
    return modifiers + "\n" if modifiers else ""


def _folder(package: str) -> Path:
    """``<package>/queries``, found beside this package (so ontology imports none of them)."""
    if package not in PACKAGES:
        raise NotFoundError(f"no such package: {package}", hint="one of: " + ", ".join(PACKAGES))
    return ROOT.joinpath(*package.split(".")) / "queries"


def combine_updates(*updates: str) -> str:
    """Several loaded updates as one request (one transaction on the embedded store).

    PREFIX lines may only open a request, so those of the later updates (the project's, which
    the first already declares) are dropped.
    """
    parts = [updates[0]] + [
        "\n".join(line for line in text.splitlines() if not line.startswith("PREFIX "))
        for text in updates[1:]
    ]
    return " ;\n".join(part.strip() for part in parts)
