"""What every reader returns: the document as a sequence of blocks, then one text with offsets.

A reader turns bytes into :class:`Block` values (headings, paragraphs, list items, table rows)
with the page each sits on. :func:`assemble` joins them into the *extracted text* — the one
string that passage offsets index into and that is stored next to the original — and records
where each block starts and ends in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list", "table", "row"]

#: Separator between blocks in the extracted text.
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Block:
    """One structural unit of a document as a reader saw it."""

    kind: BlockKind
    text: str
    level: int = 0  # heading level, 1 = outermost; 0 for non-headings
    page: int | None = None  # 1-based, paged formats only
    row: int | None = None  # 1-based spreadsheet row number, "row" blocks only


@dataclass
class Extraction:
    """A reader's result: blocks plus document metadata and warnings."""

    blocks: list[Block]
    media_type: str
    page_count: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlacedBlock:
    """A block with its character span in the extracted text."""

    block: Block
    start: int
    end: int


@dataclass(frozen=True)
class AssembledText:
    """The extracted text and where each block lies in it."""

    text: str
    blocks: list[PlacedBlock]


def assemble(blocks: list[Block]) -> AssembledText:
    """Join block texts with blank lines; ``text[b.start:b.end] == b.block.text`` for each."""
    parts: list[str] = []
    placed: list[PlacedBlock] = []
    offset = 0
    for block in blocks:
        if not block.text.strip():
            continue
        if parts:
            parts.append(BLOCK_SEPARATOR)
            offset += len(BLOCK_SEPARATOR)
        parts.append(block.text)
        placed.append(PlacedBlock(block, offset, offset + len(block.text)))
        offset += len(block.text)
    return AssembledText("".join(parts), placed)
