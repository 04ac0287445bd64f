"""Passages: exact offsets, sizes, sections, pages, no bare headings, stable hashes."""

from __future__ import annotations

from ingest.passages import MAX_WORDS, build_passages, normalised_text_hash
from ingest.readers.base import Block, assemble


def _blocks(sections: int, paragraphs: int, words: int) -> list[Block]:
    blocks = [Block("heading", "Policy", level=1)]
    for s in range(sections):
        blocks.append(Block("heading", f"{s + 1} Section {s + 1}", level=2, page=s + 1))
        for p in range(paragraphs):
            sentences = [
                " ".join(f"W{s}x{p}y{k}z{i}" for i in range(words - 1)) + " end." for k in range(3)
            ]
            blocks.append(Block("paragraph", " ".join(sentences), page=s + 1))
    return blocks


def test_offsets_index_the_extracted_text_exactly() -> None:
    assembled = assemble(_blocks(3, 4, 25))
    passages = build_passages(assembled)
    assert passages
    for p in passages:
        assert assembled.text[p.start : p.end] == p.text
    assert [p.ordinal for p in passages] == list(range(len(passages)))


def test_long_sections_split_by_size_at_sentence_ends_with_overlap() -> None:
    passages = build_passages(assemble(_blocks(1, 8, 30)))  # one section, ~720 words
    assert len(passages) >= 3
    for p in passages:
        assert len(p.text.split()) <= MAX_WORDS
        assert p.text.rstrip().endswith(".")  # never cut mid-sentence
        assert p.section_path == "Policy > 1 Section 1"
    last_sentence = passages[0].text.split()[-30:]
    assert passages[1].text.split()[:30] == last_sentence  # one sentence of overlap


def test_heading_only_sections_merge_with_their_neighbour() -> None:
    blocks = [
        Block("heading", "Policy", level=1),
        Block("heading", "1 Scope", level=2),
        Block("heading", "1.1 Who", level=3),
        Block("paragraph", "Everyone. " * 60),
    ]
    passages = build_passages(assemble(blocks))
    assert len(passages) == 1
    assert passages[0].text.startswith("Policy")
    assert passages[0].section_path == "Policy > 1 Scope > 1.1 Who"


def test_pages_span_and_hash_ignores_whitespace() -> None:
    passages = build_passages(assemble(_blocks(2, 1, 60)))
    assert {(p.page, p.page_end) for p in passages} <= {(1, 1), (1, 2), (2, 2)}
    assert (
        normalised_text_hash("a  b\n c")
        == normalised_text_hash("a b c")
        != normalised_text_hash("a b d")
    )


def test_a_sentence_running_over_a_page_break_is_not_cut() -> None:
    first = " ".join(f"Sentence {i} has several plain words in it." for i in range(20))  # 160 words
    blocks = [
        Block("heading", "Policy", level=1),
        Block("paragraph", first + " The rule that spans the break starts here and", page=1),
        Block("paragraph", "continues on the next page until it ends. " + first, page=2),
    ]
    passages = build_passages(assemble(blocks))
    assert len(passages) >= 2
    for passage in passages:
        assert passage.text.rstrip().endswith("."), passage.text[-60:]
    spanning = next(p for p in passages if "starts here and" in p.text)
    assert "until it ends." in spanning.text and (spanning.page, spanning.page_end) == (1, 2)
