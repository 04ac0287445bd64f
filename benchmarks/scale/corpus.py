"""The documents a scale library is made of: the real corpus, then variants of it.

The corpus (``../shared/corpus``, see its ``INDEX.md``) holds a few dozen real documents; a
library of 1,000 needs more. Variant *k* of a Markdown document keeps its text but shuffles
its sections (seeded by *k*), adds two sections of another document, and gets a title of its
own, so every variant is a new document (new bytes, new title, no revision of another) whose
passages come in a different order and mix. Passage *texts* repeat across variants, so their
embeddings come from the embedding cache: ingest rates past the real documents are higher than
for fresh text (the table says so).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = {".md", ".pdf", ".docx", ".html", ".txt"}
MAX_SECTIONS = 40
_HEADING = re.compile(r"^#{1,6}\s+\S")


@dataclass(frozen=True)
class Source:
    """One real Markdown document, cut into sections."""

    name: str
    title: str
    sections: tuple[str, ...]


def real_documents(corpus: Path) -> list[Path]:
    """The corpus's documents (PDFs included), in a stable order; INDEX.md left out."""
    files = [p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED]
    return sorted(
        (p for p in files if p.name != "INDEX.md"), key=lambda p: str(p.relative_to(corpus))
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """A leading ``---`` block's ``key: value`` lines, and the text after it."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    fields = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[end + 4 :].lstrip("-\n")


def _sections(body: str) -> list[str]:
    """Heading-led sections when the text has several headings, else runs of 4 paragraphs."""
    lines = body.splitlines()
    if sum(1 for line in lines if _HEADING.match(line)) >= 4:
        cuts = [i for i, line in enumerate(lines) if _HEADING.match(line)]
        cuts = ([0] if cuts[0] else []) + cuts + [len(lines)]
        parts = ["\n".join(lines[a:b]).strip() for a, b in zip(cuts, cuts[1:], strict=False)]
    else:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        parts = ["\n\n".join(paragraphs[i : i + 4]) for i in range(0, len(paragraphs), 4)]
    return [p for p in parts if len(p.split()) >= 5]


def load_source(path: Path) -> Source:
    fields, body = _front_matter(path.read_text(encoding="utf-8", errors="replace"))
    first = next((ln for ln in body.splitlines() if _HEADING.match(ln)), "")
    title = fields.get("title") or first.lstrip("#").strip() or path.stem.replace("-", " ")
    return Source(path.stem, title, tuple(_sections(body)))


def variant_text(sources: list[Source], number: int) -> tuple[str, str]:
    """Variant ``number`` (from 0): its file name and Markdown text."""
    usable = [s for s in sources if len(s.sections) >= 2]
    source = usable[number % len(usable)]
    other = usable[(number + 1 + number // len(usable)) % len(usable)]
    rng = random.Random(number)
    sections = list(source.sections)
    rng.shuffle(sections)
    extra = rng.sample(list(other.sections), k=min(2, len(other.sections)))
    chosen = sections[:MAX_SECTIONS] + extra
    title = f"{source.title} (scale variant {number + 1})"
    text = f'---\ntitle: "{title}"\n---\n\n# {title}\n\n' + "\n\n".join(chosen) + "\n"
    return f"variant-{number + 1:04d}-{source.name}.md", text


def library_documents(corpus: Path, folder: Path, count: int) -> list[Path]:
    """The first ``count`` documents of the sequence: real ones, then variants written under
    ``folder`` (written once; the same bytes every time)."""
    real = real_documents(corpus)
    if count <= len(real):
        return real[:count]
    sources = [load_source(p) for p in real if p.suffix.lower() == ".md"]
    folder.mkdir(parents=True, exist_ok=True)
    paths = list(real)
    for number in range(count - len(real)):
        name, text = variant_text(sources, number)
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
