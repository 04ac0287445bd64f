"""Global search over documents, passages and requirements (``ws.search``: ``GET /api/search``,
/search, ``aimsgraph search``).

One text, matched case-insensitively as a substring: documents by title, file name, owner
or id; passages by their text; requirements by notation (prefix), title or description.
The text reaches SPARQL only as a bound literal (``VALUES ?needle { "…" }``, escaped by
rdflib), never spliced into the query, so quotes, braces or ``}`` ``;`` ``DROP`` in it
are searched for, not run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal

from ontology.errors import InputError
from ontology.query_files import load_query

if TYPE_CHECKING:
    from ontology.store import GraphStore, Row

#: Longest search text, and the most results of each kind one page returns.
MAX_QUERY = 200
MAX_LIMIT = 100
#: Most passages a search may skip (a page past every plausible corpus).
MAX_OFFSET = 1_000_000_000
#: Characters of context kept either side of a passage's first match.
CONTEXT = 90


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FoundDocument(_Result):
    id: str
    title: str
    file_name: str | None = None
    type: str | None = None
    owner: str | None = None
    review_date: str | None = None


class FoundPassage(_Result):
    """A passage with its first match cut out (``before`` + ``match`` + ``after``)."""

    document: str
    document_title: str | None = None
    passage: str = Field(description="The passage's IRI.")
    ordinal: int | None = None
    page: int | None = None
    section: str = ""
    before: str
    match: str
    after: str


class FoundRequirement(_Result):
    notation: str
    standard: str
    kind: str
    label: str | None = None
    definition: str | None = None


class SearchResult(_Result):
    """What matched, per kind, one page of passages at a time."""

    query: str
    documents: list[FoundDocument] = Field(default_factory=list)
    passages: list[FoundPassage] = Field(default_factory=list)
    requirements: list[FoundRequirement] = Field(default_factory=list)
    limit: int
    offset: int = Field(description="Passages skipped (the page of passages shown).")
    more: dict[str, bool] = Field(
        default_factory=dict, description="Per kind: whether more matched than returned."
    )


def _text(row: Row, name: str) -> str | None:
    return str(row[name]) if name in row else None


def _cut(text: str, needle: str) -> tuple[str, str, str]:
    at = text.lower().find(needle)
    if at < 0:  # lower-casing changed the length (rare scripts): show the start
        return "", "", text[: 2 * CONTEXT]
    start, end = max(0, at - CONTEXT), at + len(needle)
    before = ("…" if start else "") + text[start:at]
    after = text[end : end + CONTEXT] + ("…" if end + CONTEXT < len(text) else "")
    return before, text[at:end], after


def _document(row: Row) -> FoundDocument:
    return FoundDocument(
        id=str(row["id"]),
        title=str(row["title"]),
        file_name=_text(row, "fileName"),
        type=_text(row, "type"),
        owner=_text(row, "owner"),
        review_date=_text(row, "reviewDate"),
    )


def _passage(row: Row, needle: str) -> FoundPassage:
    before, match, after = _cut(str(row["text"]), needle)
    return FoundPassage(
        document=str(row["docId"]),
        document_title=_text(row, "title"),
        passage=str(row["passage"]),
        ordinal=int(str(row["ordinal"])) if "ordinal" in row else None,
        page=int(str(row["page"])) if "page" in row else None,
        section=_text(row, "section") or "",
        before=before,
        match=match,
        after=after,
    )


def _requirement(row: Row) -> FoundRequirement:
    return FoundRequirement(
        notation=str(row["notation"]),
        standard=str(row["standard"]),
        kind=str(row["kind"]).rsplit("#", 1)[-1],
        label=_text(row, "label"),
        definition=_text(row, "definition"),
    )


def search(store: GraphStore, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
    """Documents, passages and requirements matching ``query`` (``limit`` of each kind;
    ``offset`` pages through the passages)."""
    needle = " ".join(query.split()).lower()
    if not needle:
        raise InputError("nothing to search for", hint="type a word, a phrase or a notation")
    if len(needle) > MAX_QUERY:
        raise InputError(
            f"the search text is {len(needle)} characters long", hint=f"use at most {MAX_QUERY}"
        )
    if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_OFFSET:
        raise InputError(
            "limit or offset out of range", hint=f"limit 1-{MAX_LIMIT}, offset 0-{MAX_OFFSET:,}"
        )

    def rows(name: str, skip: int = 0) -> list[Row]:
        text = load_query("mapping", name, needle=Literal(needle), limit=limit + 1, offset=skip)
        return store.select(text)

    documents = rows("search_documents")
    passages = rows("search_passages", offset)
    requirements = rows("search_requirements")
    return SearchResult(
        query=needle,
        limit=limit,
        offset=offset,
        documents=[_document(r) for r in documents[:limit]],
        passages=[_passage(r, needle) for r in passages[:limit]],
        requirements=[_requirement(r) for r in requirements[:limit]],
        more={
            "documents": len(documents) > limit,
            "passages": len(passages) > limit,
            "requirements": len(requirements) > limit,
        },
    )
