"""YAML front matter is data: never Python objects, never an alias bomb expanded into text,
and only plain values become metadata."""

from __future__ import annotations

from pathlib import Path

from ingest.readers.markdown import read_markdown

BODY = "# Model release procedure\n\nWe test every AI model before it is released.\n"


def test_python_tags_are_refused_with_a_warning(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n{BODY}"
    extraction = read_markdown(text.encode(), "x.md")
    assert not marker.exists()
    assert "title" not in extraction.metadata
    assert any("front matter" in w for w in extraction.warnings)


def test_an_alias_bomb_is_not_expanded() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append("owner: *i")
    text = "---\n" + "\n".join(lines) + "\ntitle: Release procedure\n---\n" + BODY
    extraction = read_markdown(text.encode(), "bomb.md")
    assert extraction.metadata.get("title") == "Release procedure"
    assert "owner" not in extraction.metadata  # a list is not a metadata value
    assert all(len(v) < 1000 for v in extraction.metadata.values())
