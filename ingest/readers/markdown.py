"""Markdown reader: YAML front matter, ATX and setext headings, lists, tables, paragraphs.

Inline markup is reduced to its text (links keep their label, images vanish, emphasis marks
go), so the extracted text reads as prose and passages cite what a person sees. Front matter
keys (title, owner, version, effective/review dates, type …) become metadata.
"""

from __future__ import annotations

import re

import yaml

from ingest.encoding import text_of
from ingest.readers.base import Block, Extraction
from ingest.readers.header import header_fields
from ingest.readers.headings import heading_level
from ingest.sniff import MARKDOWN

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(---|\.\.\.)[ \t]*(\n|\Z)", re.S)
_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LIST = re.compile(r"^\s*([-*+]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ANCHOR = re.compile(r"\s*\{#[^}]*\}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def clean_inline(text: str) -> str:
    """Markdown inline markup reduced to its visible text."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _ANCHOR.sub("", text)
    text = _TAG.sub("", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def read_markdown(data: bytes, file_name: str) -> Extraction:
    """Parse Markdown into blocks plus front-matter metadata."""
    extraction = Extraction(blocks=[], media_type=MARKDOWN)
    text = text_of(data, extraction.warnings).replace("\r\n", "\n").replace("\r", "\n")
    text = _front_matter(text, extraction)
    for key, value in header_fields(text).items():
        extraction.metadata.setdefault(key, clean_inline(value))
    extraction.blocks = markdown_blocks(text)
    if not any(b.kind == "heading" for b in extraction.blocks):
        extraction.blocks = _promote_plain_headings(extraction.blocks)
    return extraction


def _front_matter(text: str, extraction: Extraction) -> str:
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    try:
        values = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        extraction.warnings.append(
            f"front matter is not valid YAML, ignored ({error.__class__.__name__})"
        )
        return text[match.end() :]
    if isinstance(values, dict):
        for key, value in values.items():
            if isinstance(value, str | int | float) or hasattr(value, "isoformat"):
                extraction.metadata[str(key).strip().lower()] = str(value).strip()
    return text[match.end() :]


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of a Markdown body (front matter already removed)."""
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        i = _read_block(lines, i, blocks)
    return [b for b in blocks if b.text]


def _read_block(lines: list[str], i: int, blocks: list[Block]) -> int:
    """Read one block starting at line ``i``; return the index after it."""
    line = lines[i]
    if not line.strip() or _RULE.match(line):
        return i + 1
    atx = _ATX.match(line)
    if atx:
        blocks.append(Block("heading", clean_inline(atx.group(2)), level=len(atx.group(1))))
        return i + 1
    if _FENCE.match(line):
        end = next((j for j in range(i + 1, len(lines)) if _FENCE.match(lines[j])), len(lines))
        blocks.append(Block("paragraph", "\n".join(lines[i + 1 : end]).strip()))
        return end + 1
    if line.lstrip().startswith("|"):
        return _read_table(lines, i, blocks)
    if _LIST.match(line):
        return _read_list(lines, i, blocks)
    return _read_paragraph(lines, i, blocks)


def _read_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows: list[str] = []
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        if not _TABLE_RULE.match(lines[i]):
            cells = [clean_inline(c) for c in lines[i].strip().strip("|").split("|")]
            rows.append(" | ".join(c for c in cells))
        i += 1
    blocks.append(Block("table", "\n".join(rows)))
    return i


def _read_list(lines: list[str], i: int, blocks: list[Block]) -> int:
    items: list[str] = []
    while i < len(lines) and lines[i].strip() and not _ATX.match(lines[i]):
        line = lines[i]
        if _LIST.match(line):
            indent = "  " * min(3, (len(line) - len(line.lstrip())) // 2)
            items.append(indent + "- " + clean_inline(_LIST.sub("", line, count=1)))
        elif items:
            items[-1] += " " + clean_inline(line)
        i += 1
    blocks.append(Block("list", "\n".join(items)))
    return i


def _read_paragraph(lines: list[str], i: int, blocks: list[Block]) -> int:
    parts: list[str] = []
    while i < len(lines) and lines[i].strip():
        line = lines[i]
        if parts and (_ATX.match(line) or _FENCE.match(line) or _LIST.match(line)):
            break
        if parts and len(parts) == 1 and _SETEXT.match(line):
            level = 1 if line.strip().startswith("=") else 2
            blocks.append(Block("heading", clean_inline(parts[0]), level=level))
            return i + 1
        parts.append(line)
        i += 1
    text = ""
    for part in parts:  # two trailing spaces or a backslash mark a hard line break
        hard = part.endswith(("  ", "\\"))
        text += clean_inline(part.rstrip(" \\")) + ("\n" if hard else " ")
    blocks.append(Block("paragraph", text.strip()))
    return i


def _promote_plain_headings(blocks: list[Block]) -> list[Block]:
    """In Markdown with no heading markup, take title-like one-line paragraphs as headings."""
    promoted: list[Block] = []
    for index, block in enumerate(blocks):
        level = (
            heading_level(block.text, loose=True)
            if block.kind == "paragraph" and "\n" not in block.text
            else None
        )
        if level is not None and index + 1 < len(blocks):
            promoted.append(Block("heading", block.text, level=level))
        else:
            promoted.append(block)
    return promoted
