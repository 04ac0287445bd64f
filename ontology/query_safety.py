"""Judge a user's SPARQL query on its parsed form before any store sees it.

Three steps, each refusing with a :class:`~ontology.errors.QueryError` that says what to do:

1. **Bounds** (:func:`check_bounds`): the query's size, then one linear pass of a SPARQL
   lexer (:func:`scan`) that knows strings, IRIs, comments, variables, prefixed names and
   their ``\\`` escapes, and counts how deep ``{ ( [`` nest. A query over
   :data:`MAX_QUERY_BYTES` or nested deeper than :data:`MAX_NESTING` never reaches a parser,
   so no parser recurses on it (3,000 nested groups once crashed the store's parser).
2. **Escapes**: SPARQL expands ``\\uXXXX`` and ``\\UXXXXXXXX`` anywhere before parsing, and
   parsers differ in how (rdflib reads ``\\u`` with eight digits). :func:`expand_escapes`
   expands them once, by the grammar, and refuses a text whose expansion holds another
   escape; the expanded text is what every parser and the store are given, so they all read
   the same characters.
3. **Parse** (:func:`parse_checked`): rdflib's SPARQL 1.1 query parser builds the parse tree;
   a text that is no query is refused (an update that parses as one is named as such), and
   the tree is walked for ``SERVICE`` in any group, OPTIONAL, MINUS, EXISTS or sub-select.
   The tree, not rdflib's algebra, is walked: the algebra holds nothing more about SERVICE
   and its translation is quadratic in the size of a basic graph pattern. (pyoxigraph 0.5,
   the store's own parser, offers no way to parse without running, hence rdflib.)

As a second line against a parser that reads the text differently from the store's (the
textual check this replaces took ``ex:a\\#`` for a comment), the lexer of step 1 also
refuses the bare word ``SERVICE`` wherever it stands outside strings, IRIs and comments.

:func:`check_query` runs all three and returns the query form; the SPARQL endpoint and
``aimsgraph query`` run it inside their isolated query worker (``api.query_worker``).
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from typing import Any

from ontology.errors import QueryError, QueryTooComplexError, ReadOnlyQueryError

#: Largest query accepted, in bytes of UTF-8.
MAX_QUERY_BYTES = 64 * 1024
#: Deepest nesting of ``{``, ``(`` and ``[`` accepted.
MAX_NESTING = 64

_RECURSION_LIMIT = 100_000
_PARSER_STACK_BYTES = 512 * 1024 * 1024
_STACK_LOCK = threading.Lock()

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEFTOVER_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
# The lexer's tokens. Each pattern is a run of one character class, or alternatives that
# start with different characters, so matching is linear in the text it covers.
_LONG_STRINGS = {
    '"': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL),
    "'": re.compile(r"(?:[^'\\]|\\.|'(?!''))*'''", re.DOTALL),
}
_SHORT_STRINGS = {
    '"': re.compile(r'(?:[^"\\\r\n]|\\.)*"'),
    "'": re.compile(r"(?:[^'\\\r\n]|\\.)*'"),
}
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_COMMENT_END = re.compile(r"[\r\n]")
_VARNAME = re.compile(r"[\w\u00b7\u0300-\u036f\u203f-\u2040]*")
_LANGTAG = re.compile(r"[A-Za-z0-9-]*")
_WORD = re.compile(r"[\w.\u00b7\u0300-\u036f\u203f-\u2040-]*")
_LOCAL = re.compile(r"(?:[\w.:%\u00b7\u0300-\u036f\u203f-\u2040-]|\\.)*", re.DOTALL)
_OPEN, _CLOSE = "{([", "})]"


@dataclass(frozen=True)
class Scan:
    """What the lexer saw: the deepest nesting and any bare word that names SERVICE."""

    depth: int
    service_words: tuple[str, ...]


def expand_escapes(text: str) -> str:
    r"""``text`` with its ``\u``/``\U`` code point escapes expanded, as the grammar says.

    >>> expand_escapes(r"SELECT \u002A WHERE {}")
    'SELECT * WHERE {}'
    """

    def one(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(
                f"malformed SPARQL: {match.group(0)} is not a Unicode code point",
                hint="write the character itself, or a valid \\u escape",
            )
        return chr(code)

    expanded = _ESCAPE.sub(one, text)
    if _LEFTOVER_ESCAPE.search(expanded):
        raise QueryError(
            "malformed SPARQL: a \\u escape expands to another \\u escape",
            hint="write the character itself instead of escaping the escape",
        )
    return expanded


def _string_end(text: str, start: int) -> int:
    """The index after the string literal that opens at ``start``."""
    quote = text[start]
    long = text.startswith(quote * 3, start)
    pattern = (_LONG_STRINGS if long else _SHORT_STRINGS)[quote]
    match = pattern.match(text, start + (3 if long else 1))
    if match is None:
        line = text.count("\n", 0, start) + 1
        raise QueryError(
            f"malformed SPARQL at line {line}: a string literal is not closed",
            hint="close every string with the quote that opened it",
        )
    return match.end()


def _name_end(text: str, start: int, words: list[str]) -> int:
    """The index after a keyword, number or prefixed name at ``start``; bare words that
    contain SERVICE (or prefixes that begin with it) are added to ``words``."""
    end = _WORD.match(text, start).end()  # type: ignore[union-attr]
    if end < len(text) and text[end] == ":":
        prefix = text[start:end]
        if prefix.upper().startswith("SERVICE"):
            words.append(prefix + ":")
        return _LOCAL.match(text, end + 1).end()  # type: ignore[union-attr]
    while end > start + 1 and text[end - 1] == ".":
        end -= 1
    if "SERVICE" in text[start:end].upper():
        words.append(text[start:end])
    return max(end, start + 1)


def _token_end(text: str, i: int, words: list[str]) -> int:
    """The index after the token (or blank) at ``i`` that is not a bracket."""
    char = text[i]
    if char in "\"'":
        return _string_end(text, i)
    if char == "<":
        iri = _IRI.match(text, i)
        return iri.end() if iri else i + 1
    if char == "#":
        found = _COMMENT_END.search(text, i)
        return found.start() if found else len(text)
    if char in "?$":
        return _VARNAME.match(text, i + 1).end()  # type: ignore[union-attr]
    if char == "@":
        return _LANGTAG.match(text, i + 1).end()  # type: ignore[union-attr]
    if char == "\\":
        return i + 2  # an escape in a local name (ex:a\#b): never a comment or a bracket
    if char.isalnum() or char in "_:" or ord(char) > 127:
        return _name_end(text, i, words)
    return i + 1


def scan(text: str, max_nesting: int = MAX_NESTING) -> Scan:
    """Lex ``text`` once, left to right; stop with an error as soon as it nests too deep.

    >>> scan("SELECT * WHERE { ?s ex:a\\\\#b ?o FILTER((?o > 1)) }")
    Scan(depth=3, service_words=())
    >>> scan("SELECT * WHERE { ?s ex:a\\\\# ?o } SERVICE <http://x/> { }").service_words
    ('SERVICE',)
    """
    depth = deepest = 0
    words: list[str] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in _OPEN:
            depth += 1
            if depth > max_nesting:
                line = text.count("\n", 0, i) + 1
                raise QueryTooComplexError(
                    f"the query nests groups, brackets or parentheses more than "
                    f"{max_nesting} deep (line {line})",
                    hint=f"flatten the query to at most {max_nesting} levels of {{ }}, ( ) and [ ]",
                )
            deepest = max(deepest, depth)
            i += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
            i += 1
        else:
            i = _token_end(text, i, words)
    return Scan(deepest, tuple(words))


def check_bounds(
    query: str, max_bytes: int = MAX_QUERY_BYTES, max_nesting: int = MAX_NESTING
) -> str:
    """The query with escapes expanded, once it is within the size and nesting limits and
    names no SERVICE; refused otherwise. Linear in the size of the query."""
    size = len(query.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise QueryTooComplexError(
            f"the query is {size:,} bytes long; at most {max_bytes:,} are accepted",
            hint="shorten the query (fewer VALUES rows, fewer alternatives)",
        )
    if not query.strip():
        raise QueryError("empty query", hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    expanded = expand_escapes(query)
    found = scan(expanded, max_nesting)
    if found.service_words:
        _refuse_service()
    return expanded


def _refuse_service() -> None:
    raise ReadOnlyQueryError(
        "SERVICE is refused: queries may not reach other hosts",
        hint="query only this graph; federate from your own SPARQL client",
    )


def _walk_for_service(tree: object) -> None:
    """Refuse if any node of an rdflib parse tree is a SERVICE pattern (iteratively, so a
    long query cannot exhaust the stack)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                _refuse_service()
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)


def _malformed(text: str, error: Exception) -> QueryError:
    """The error to report for a text rdflib cannot parse: the store's parser names the
    line and column best, so ask it (on an empty store in memory, where the text can do
    nothing); rdflib's own message where only rdflib refuses it."""
    import pyoxigraph as ox

    from ontology.sparql import syntax_error

    try:
        ox.Store().query(text)
    except SyntaxError as store_error:
        return syntax_error(str(store_error))
    except Exception:  # noqa: BLE001, S110 - fall back on rdflib's message
        pass
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    detail = " ".join(str(getattr(error, "msg", None) or error).split())[:200]
    where = f" at line {line}, column {column}" if line and column else ""
    return QueryError(
        f"malformed or unsupported SPARQL{where}: {detail}",
        hint="fix the query at the place given; the endpoint reads SPARQL 1.1 queries",
    )


def _refuse_if_update(text: str) -> None:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - not an update either: the caller reports the query error
        return
    raise ReadOnlyQueryError(
        "SPARQL update refused: this endpoint is read-only",
        hint="use the CLI or API commands (ingest, review, soa) to change data",
    )


def _parse_with_room(text: str) -> object:
    """rdflib's parse tree of ``text``, parsed on a thread with a large stack.

    rdflib's parser recurses once per nesting level and per triple, past Python's default
    limit for queries within the bounds; the limit is raised (never lowered) and the thread
    has the stack to go with it. Bounded queries never come near either.
    """
    from rdflib.plugins.sparql.parser import parseQuery

    outcome: dict[str, object] = {}

    def parse() -> None:
        try:
            outcome["tree"] = parseQuery(text)
        except BaseException as error:  # noqa: BLE001 - re-raised on the caller's thread
            outcome["error"] = error

    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
    with _STACK_LOCK:
        previous = threading.stack_size(_PARSER_STACK_BYTES)
        try:
            thread = threading.Thread(target=parse, name="sparql-check")
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["tree"]


def parse_checked(text: str) -> str:
    """The form of a bounded, escape-expanded query once its parse tree shows a read
    (SELECT, ASK, CONSTRUCT, DESCRIBE) with no SERVICE anywhere."""
    try:
        tree: Any = _parse_with_room(text)
    except RecursionError:
        raise QueryTooComplexError(
            "the query is too long or too deeply nested to check",
            hint="split it into smaller queries",
        ) from None
    except Exception as error:  # noqa: BLE001 - any parser failure is the query's
        _refuse_if_update(text)
        raise _malformed(text, error) from None
    _walk_for_service(tree)
    name = getattr(tree[-1], "name", None)
    if name not in FORMS:
        raise QueryError(
            "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE",
            hint="check the query text",
        )
    return FORMS[str(name)]


def check_query(query: str) -> tuple[str, str]:
    """``(form, text)`` of a user's query once all three checks pass; ``text`` (escapes
    expanded) is what the store must be given."""
    text = check_bounds(query)
    return parse_checked(text), text
