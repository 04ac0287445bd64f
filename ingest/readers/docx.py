"""DOCX reader (python-docx): headings by style, paragraphs, list items and tables in order.

Text in text boxes (shapes) follows the paragraph it is anchored in; footnotes and endnotes
follow the body, each marked with its number.

Before python-docx opens the archive, its zip directory is checked: too many members, a
total uncompressed size over the limit, or a member compressed beyond a plausible ratio is
refused as a zip bomb — nothing is decompressed to find out.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docx.oxml.ns import qn

from ingest.errors import CorruptFileError, ZipBombError
from ingest.readers.base import Block, Extraction
from ingest.readers.failures import strict_ooxml_error, translate
from ingest.readers.limits import ReaderLimits
from ingest.sniff import DOCX

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


def check_zip(data: bytes, file_name: str, limits: ReaderLimits, *, kind: str = "DOCX") -> None:
    """Refuse archives (a ``kind`` file: DOCX, XLSX) whose declared sizes exceed ``limits``."""
    resave = "re-save it from Word" if kind == "DOCX" else "re-save it from its application"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CorruptFileError(
            file_name,
            f"the {kind} archive is damaged (its zip directory cannot be read)",
            hint=f"{resave} and ingest it again",
        ) from None
    if len(members) > limits.max_zip_members:
        raise ZipBombError(
            file_name,
            f"the {kind} holds {len(members)} archive members (limit {limits.max_zip_members})",
            hint=f"this is not an ordinary {kind} file; {resave}",
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise ZipBombError(
            file_name,
            f"the {kind} would expand to {total} bytes (limit {limits.max_unzipped_bytes})",
            hint=f"this looks like a zip bomb; {resave}",
        )
    for member in members:
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > 1_000_000 and ratio > limits.max_compression_ratio:
            raise ZipBombError(
                file_name,
                f"archive member {member.filename!r} is compressed {ratio:.0f}:1"
                f" (limit {limits.max_compression_ratio:.0f}:1)",
                hint=f"this looks like a zip bomb; {resave}",
            )


def read_docx(data: bytes, file_name: str, limits: ReaderLimits) -> Extraction:
    """Blocks of a Word document, with its core properties as metadata."""
    import docx

    check_zip(data, file_name, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on bad input
        if _is_strict_ooxml(data):
            raise strict_ooxml_error(file_name) from None
        raise translate(error, DOCX, file_name) from None
    extraction = Extraction(blocks=[], media_type=DOCX)
    for item in document.iter_inner_content():
        extraction.blocks.extend(_item_blocks(item))
        extraction.blocks.extend(_text_box_blocks(item))
    extraction.blocks.extend(_note_blocks(document))
    props = document.core_properties
    for name in ("title", "subject", "author", "version", "category", "keywords"):
        value = getattr(props, name, None)
        if isinstance(value, str) and value.strip():
            extraction.metadata[name] = value.strip()
    return extraction


def _is_strict_ooxml(data: bytes) -> bool:
    """Whether the package's root relationships use the Strict OOXML namespace."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"purl.oclc.org/ooxml" in archive.read("_rels/.rels")[:100_000]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False


def _item_blocks(item: Any) -> list[Block]:
    from docx.table import Table

    if isinstance(item, Table):
        return [_table_block(item)]
    text = " ".join(item.text.split())
    if not text:
        return []
    level = heading_level_of(item)
    if level is not None:
        return [Block("heading", text, level=level)]
    style = (item.style.name if item.style is not None else "") or ""
    is_list = style.lower().startswith("list") or (
        item._p.pPr is not None and item._p.pPr.numPr is not None
    )
    return [Block("list", "- " + text)] if is_list else [Block("paragraph", text)]


#: Text boxes, except the VML copy Word repeats inside ``mc:Fallback``.
_TEXT_BOXES = ".//w:txbxContent[not(ancestor::mc:Fallback)]"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _text_box_blocks(item: Any) -> list[Block]:
    """Paragraphs of the text boxes (shapes) anchored in a body paragraph, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if isinstance(item, Table):
        return []
    from lxml import etree

    blocks: list[Block] = []
    find = etree.XPath(_TEXT_BOXES, namespaces={"w": _W, "mc": _MC})
    for box in find(item._p):
        for child in box.iterchildren(qn("w:p")):
            blocks.extend(_item_blocks(Paragraph(child, item._parent)))
    return blocks


def _note_blocks(document: Any) -> list[Block]:
    """Footnotes, then endnotes, as paragraphs after the body ("Footnote 1: …")."""
    from lxml import etree

    blocks: list[Block] = []
    for kind in ("footnote", "endnote"):
        for rel in document.part.rels.values():
            if rel.is_external or not rel.reltype.endswith("/" + kind + "s"):
                continue
            root = etree.fromstring(
                rel.target_part.blob, parser=etree.XMLParser(resolve_entities=False)
            )
            for note in root.iterfind(f"{{{_W}}}{kind}"):
                if note.get(f"{{{_W}}}type") in ("separator", "continuationSeparator"):
                    continue
                text = " ".join("".join(note.itertext()).split())
                if text:
                    number = note.get(f"{{{_W}}}id", "")
                    blocks.append(Block("paragraph", f"{kind.title()} {number}: {text}"))
    return blocks


def _table_block(table: Any) -> Block:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:  # merged cells repeat their text
                cells.append(text)
        rows.append(" | ".join(cells))
    return Block("table", "\n".join(r for r in rows if r.strip(" |")))


def heading_level_of(paragraph: Any) -> int | None:
    """A paragraph's heading level: by style name (Title, Heading N), else by the outline
    level Word stores on the paragraph or its style chain (localised or custom styles).

    Title is level 1 and Heading N level N + 1, so a document's title heads the section
    path of every passage, as a Markdown ``#`` title does.
    """
    style = paragraph.style
    name = (style.name if style is not None else "") or ""
    match = _HEADING_STYLE.match(name)
    if match:
        return int(match.group(1)) + 1
    if name.lower() == "title":
        return 1
    for element in [paragraph._p, *_style_chain(style)]:
        ppr = element.pPr
        outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if outline is not None:
            value = int(outline.get(qn("w:val"), "9"))
            return value + 2 if value < 9 else None
    return None


def _style_chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and len(chain) < 10:
        chain.append(style.element)
        style = style.base_style
    return chain
