"""``/sparql``: the SPARQL 1.1 Protocol, read-only (query via GET, POST form, POST body).

Operations (https://www.w3.org/TR/sparql11-protocol/#query-operation):
``GET /sparql?query=…``; ``POST`` ``application/x-www-form-urlencoded`` with ``query=…``;
``POST`` ``application/sparql-query`` with the query as body. Updates (``update=`` or
``application/sparql-update``) are refused with 400. The answer's media type follows the
Accept header, or a ``format``/``output`` parameter (json, xml, csv, tsv, turtle, …).
``default-graph-uri`` and ``named-graph-uri`` are refused: every query sees the union of
the named graphs as its default graph, and ``GRAPH`` names them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.errors import UnsupportedMediaError
from api.schemas import errors
from api.sparql_endpoint import SparqlService
from ontology.errors import QueryError, ReadOnlyQueryError

router = APIRouter(tags=["sparql"])

_EXAMPLE = (
    "PREFIX aims: <https://w3id.org/aimsgraph/ns#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?notation WHERE { ?c a aims:Control ; skos:notation ?notation } LIMIT 5"
)
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Results in the negotiated format.",
        "content": {
            "application/sparql-results+json": {
                "example": {"head": {"vars": ["notation"]}, "results": {"bindings": []}}
            },
            "application/sparql-results+xml": {},
            "text/csv": {},
            "text/tab-separated-values": {},
            "text/turtle": {},
            "application/n-triples": {},
            "application/ld+json": {},
        },
    },
    **errors(400, 406, 415, 503),
}


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise QueryError(f"more than one {name!r} parameter", hint="send exactly one query")
    return values[0] if values else None


def _refuse_datasets(params: dict[str, list[str]]) -> None:
    for name in (
        "default-graph-uri",
        "named-graph-uri",
        "using-graph-uri",
        "using-named-graph-uri",
    ):
        if params.get(name):
            raise QueryError(
                f"the {name} parameter is not supported",
                hint="every query sees all named graphs as its default graph; "
                "use GRAPH <iri> { … }",
            )


def _refuse_update() -> None:
    raise ReadOnlyQueryError(
        "SPARQL update refused: this endpoint is read-only",
        hint="use the API routes (documents, reviews, soa) to change data",
    )


async def _query_of(request: Request) -> tuple[str, dict[str, list[str]]]:
    """The query text and the other parameters of a protocol request."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", errors="replace")
        if media == "application/sparql-query":
            _refuse_datasets(params)
            return body, params
        if media == "application/sparql-update":
            _refuse_update()
        if media != "application/x-www-form-urlencoded":
            raise UnsupportedMediaError(
                f"cannot read a SPARQL request sent as {media or 'no content type'}",
                hint="send application/x-www-form-urlencoded (query=…) or application/sparql-query",
            )
        for key, values in parse_qs(body, keep_blank_values=True).items():
            params.setdefault(key, []).extend(values)
    if params.get("update"):
        _refuse_update()
    _refuse_datasets(params)
    query = _single(params, "query")
    if not query or not query.strip():
        raise QueryError("missing the 'query' parameter", hint="send ?query=SELECT … or POST it")
    return query, params


async def _answer(request: Request, ws: WorkspaceDep) -> Response:
    query, params = await _query_of(request)
    short = _single(params, "format") or _single(params, "output")
    service: SparqlService = request.app.state.sparql
    answer = await service.answer(ws.store, query, request.headers.get("accept"), short)
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["Aimsgraph-Result-Truncated"] = str(service.result_limit)
    media = answer.media_type
    if media.startswith("text/") or media.endswith("json"):
        media += "; charset=utf-8"
    return Response(answer.body, media_type=media, headers=headers)


@router.get("/sparql", responses=_RESPONSES, summary="SPARQL query (GET)")
async def sparql_get(
    request: Request, ws: WorkspaceDep, _: Viewer, query: str | None = None
) -> Response:
    """Run a read-only query given as ``?query=``.

    A browser opening ``/sparql`` without a query is sent to the SPARQL console.
    """
    if query is None and "text/html" in request.headers.get("accept", ""):
        return RedirectResponse("/console", status_code=303)
    return await _answer(request, ws)


@router.post(
    "/sparql",
    responses=_RESPONSES,
    summary="SPARQL query (POST form or application/sparql-query)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/sparql-query": {"schema": {"type": "string"}, "example": _EXAMPLE},
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}},
                        "required": ["query"],
                    },
                },
            }
        }
    },
)
async def sparql_post(request: Request, ws: WorkspaceDep, _: Viewer) -> Response:
    """Run a read-only query sent in the request body."""
    return await _answer(request, ws)
