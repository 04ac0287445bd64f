"""Plain-text reader: paragraphs are separated by blank lines; title-like lines are headings."""

from __future__ import annotations

import re

from ingest.encoding import text_of
from ingest.readers.base import Block, Extraction
from ingest.readers.header import header_fields
from ingest.readers.headings import heading_level
from ingest.sniff import TEXT

_LIST = re.compile(r"^\s*([-*•]|\d{1,3}[.)])\s+")


def read_text(data: bytes, file_name: str) -> Extraction:
    """Split plain text into blocks; a lone short title-like line becomes a heading."""
    warnings: list[str] = []
    text = text_of(data, warnings).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    chunks = [c.strip("\n") for c in re.split(r"\n[ \t]*\n", text)]
    chunks = [c for c in chunks if c.strip()]
    for index, chunk in enumerate(chunks):
        lines = [line.rstrip() for line in chunk.split("\n")]
        level = heading_level(lines[0], loose=True) if len(lines) == 1 else None
        if level is not None and index + 1 < len(chunks):
            blocks.append(Block("heading", lines[0].strip(), level=level))
        elif all(_LIST.match(line) for line in lines if line.strip()):
            blocks.append(Block("list", "\n".join(line.strip() for line in lines)))
        else:
            blocks.append(Block("paragraph", " ".join(line.strip() for line in lines)))
    extraction = Extraction(blocks=blocks, media_type=TEXT, warnings=warnings)
    extraction.metadata.update(header_fields(text))
    return extraction
