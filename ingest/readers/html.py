"""HTML reader (BeautifulSoup on lxml): headings, paragraphs, lists and tables; no chrome.

Navigation, headers, footers, asides, forms, scripts and styles are dropped so passages hold
the page's content. Before parsing, a streaming scan measures element nesting and refuses
pathologically deep documents (a cheap way to exhaust a tree parser).
"""

from __future__ import annotations

from html.parser import HTMLParser

from ingest.encoding import text_of
from ingest.errors import NestingTooDeepError
from ingest.readers.base import Block, Extraction
from ingest.readers.limits import ReaderLimits
from ingest.sniff import HTML

DROP = (
    "nav",
    "script",
    "style",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "template",
    "svg",
    "iframe",
)
LEAF_BLOCKS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "tr",
    "pre",
    "dt",
    "dd",
    "caption",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "figcaption",
}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
_OPTIONAL_END = {
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "option",
    "optgroup",
    "thead",
    "tbody",
    "tfoot",
    "colgroup",
    "caption",
    "rb",
    "rt",
    "rp",
    "html",
    "head",
    "body",
}


class _DepthScanner(HTMLParser):
    """Tracks the deepest element nesting without building a tree."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.depth = 0
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag in _OPTIONAL_END:
            return
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)
        if self.depth > self.limit:
            raise _TooDeep

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and tag not in _OPTIONAL_END:
            self.depth = max(0, self.depth - 1)


class _TooDeep(Exception):
    pass


def check_depth(text: str, file_name: str, limit: int) -> None:
    """Raise :class:`NestingTooDeepError` when elements nest deeper than ``limit``."""
    scanner = _DepthScanner(limit)
    try:
        scanner.feed(text)
        scanner.close()
    except _TooDeep:
        raise NestingTooDeepError(
            file_name,
            f"the HTML nests elements more than {limit} levels deep",
            hint="this looks malformed or hostile; save the page's content as PDF or text instead",
        ) from None


def read_html(data: bytes, file_name: str, limits: ReaderLimits) -> Extraction:
    """Content blocks of an HTML page, its <title> as metadata."""
    from bs4 import BeautifulSoup

    extraction = Extraction(blocks=[], media_type=HTML)
    text = text_of(data, extraction.warnings, html=True)
    check_depth(text, file_name, limits.max_html_depth)
    soup = BeautifulSoup(text, "lxml")
    if soup.title and soup.title.get_text(strip=True):
        extraction.metadata["title"] = soup.title.get_text(" ", strip=True)
    for tag in soup.find_all(DROP):
        tag.decompose()
    body = soup.body or soup
    for element in body.find_all(LEAF_BLOCKS):
        if element.find(LEAF_BLOCKS):  # a container: its inner blocks are read on their own,
            loose = _loose_text(element)  # but text directly inside it is kept too
            if len(loose.split()) >= 3:
                extraction.blocks.append(Block("paragraph", loose))
            continue
        extraction.blocks.append(_block(element))
    return extraction


def _loose_text(element: object) -> str:
    """Text that sits directly in a container, outside its block children."""
    from bs4.element import NavigableString, Tag

    assert isinstance(element, Tag)
    parts = []
    for child in element.children:
        if isinstance(child, NavigableString) and not isinstance(child, _comment_types()):
            parts.append(str(child))
        elif (
            isinstance(child, Tag) and child.name not in LEAF_BLOCKS and not child.find(LEAF_BLOCKS)
        ):
            parts.append(child.get_text(" "))
    return " ".join(" ".join(parts).split())


def _comment_types() -> tuple[type, ...]:
    from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

    return (Comment, CData, Declaration, Doctype, ProcessingInstruction)


def _block(element: object) -> Block:
    from bs4 import Tag

    assert isinstance(element, Tag)
    name = element.name
    if name in {"tr"}:
        cells = [c.get_text(" ", strip=True) for c in element.find_all(["td", "th"])]
        return Block("table", " | ".join(cells))
    content = " ".join(element.get_text(" ", strip=True).split())
    if name[0] == "h" and name[1:].isdigit():
        return Block("heading", content, level=int(name[1:]))
    if name == "li":
        return Block("list", "- " + content)
    return Block("paragraph", content)
