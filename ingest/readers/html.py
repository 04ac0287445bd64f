"""HTML reader (BeautifulSoup on lxml): headings, paragraphs, lists and tables; no chrome.

Navigation, headers, footers, asides, forms, scripts and styles are dropped so passages hold
the page's content. Before parsing, a streaming scan measures element nesting and refuses
pathologically deep documents (a cheap way to exhaust a tree parser).
"""

from __future__ import annotations

import re
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
    extraction.blocks.extend(content_blocks(body))
    return extraction


#: Loose text (outside any block element) shorter than this many words, and than
#: :data:`LOOSE_MIN_CHARS` characters, is taken for a separator or a stray label ("|", "Home").
LOOSE_MIN_WORDS = 3
LOOSE_MIN_CHARS = 20
_BREAK = "\u2028"  # a <br> in loose text (a source line break is only white space)


def content_blocks(container: object) -> list[Block]:
    """The blocks of ``container`` in document order.

    A block element without blocks inside becomes one block; one with blocks inside is
    read child by child. Text that sits directly in a container (``<body>`` included:
    pages that put their text straight in the body, common in legacy-encoded pages)
    becomes a paragraph where it stands; ``<br><br>`` separates such paragraphs.
    """
    from bs4.element import NavigableString, Tag

    assert isinstance(container, Tag)
    blocks: list[Block] = []
    loose: list[str] = []
    for child in container.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _comment_types()):
                loose.append(str(child))
        elif isinstance(child, Tag) and child.name == "br":
            loose.append(_BREAK)
        elif isinstance(child, Tag) and (child.name in LEAF_BLOCKS or child.find(LEAF_BLOCKS)):
            blocks.extend(_loose_paragraphs(loose))
            loose = []
            inner = child.find(LEAF_BLOCKS) is not None
            blocks.extend(content_blocks(child) if inner else [_block(child)])
        elif isinstance(child, Tag):
            loose.append(child.get_text(" "))
    blocks.extend(_loose_paragraphs(loose))
    return blocks


def _loose_paragraphs(parts: list[str]) -> list[Block]:
    """Paragraphs of loose text (split where two line breaks meet); stray bits left out."""
    paragraphs = []
    for chunk in re.split(rf"{_BREAK}\s*{_BREAK}", "".join(parts)):
        text = " ".join(chunk.split())
        if len(text.split()) >= LOOSE_MIN_WORDS or len(text) >= LOOSE_MIN_CHARS:
            paragraphs.append(Block("paragraph", text))
    return paragraphs


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
