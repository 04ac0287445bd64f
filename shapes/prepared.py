"""rdflib's SPARQL processor with each query text parsed once per process.

pySHACL hands rdflib the text of every SPARQL-based constraint on every validation, and
rdflib parses it again each time: after a decision the gap report validates a small data
graph, and parsing the two completeness constraints cost more than evaluating them. The
processor registered here (as rdflib's ``sparql`` processor, by :func:`install`, on the
first validation) keeps the translated query of each (text, namespaces, base) and evaluates
that; a prepared query is what rdflib's own ``prepareQuery`` hands out for reuse, so results
are the same. The text must repeat for this to help: pySHACL writes a constraint's PREFIX
lines in the order of the parsed shapes graph, so the shapes are parsed once too
(:func:`shapes.report.completeness_shapes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Identifier

#: Query texts kept translated (the shapes' few, and whatever else runs in the process).
CACHED_QUERIES = 256


@lru_cache(maxsize=CACHED_QUERIES)
def _prepared(text: str, namespaces: tuple[tuple[str, Any], ...], base: str | None) -> Query:
    from rdflib.plugins.sparql.algebra import translateQuery

    return translateQuery(parseQuery(text), base, dict(namespaces))


class PreparedSparqlProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, each query text translated once."""

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,  # noqa: N803 - rdflib's keyword names
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, namespaces, base)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@cache
def install() -> None:
    """Make :class:`PreparedSparqlProcessor` rdflib's ``sparql`` processor (once per process:
    :func:`shapes.validation.validate_graph` calls it before each validation, so importing the
    package changes nothing in rdflib)."""
    plugin.register("sparql", Processor, __name__, PreparedSparqlProcessor.__name__)
