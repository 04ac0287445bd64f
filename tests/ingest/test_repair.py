"""PDF text repairs: ligatures, private-use glyphs, spacing, hyphenation, mode choice."""

from __future__ import annotations

from ingest.repair import (
    collapse_spaces,
    dehyphenate,
    fix_ligatures,
    split_run_together,
    vocabulary,
    word_list,
    words_per_line,
)


def test_nul_ligature_restored_from_the_documents_own_spelling() -> None:
    vocab = vocabulary(["the office is efficient", "an official workflow"])
    fixed, count = fix_ligatures("an e\x00cient o\x00ce", vocab)
    assert fixed == "an efficient office" and count == 2


def test_presentation_ligatures_fold_and_icons_drop() -> None:
    fixed, _ = fix_ligatures("Speciﬁc workﬂows\uf0da", vocabulary([]))
    assert fixed == "Specific workflows"


def test_unknown_nul_word_defaults_to_ffi() -> None:
    fixed, _ = fix_ligatures("su\x00cient", vocabulary(["nothing here"]))
    assert fixed == "sufficient"


def test_dehyphenation_keeps_real_hyphens() -> None:
    vocab = vocabulary(["cross-functional teams meet", "cross-functional"])
    assert dehyphenate("manage-\nment", vocab) == "management"
    assert dehyphenate("cross-\nfunctional", vocab) == "cross-functional"


def test_layout_spacing_collapses() -> None:
    assert collapse_spaces("    As  generative   AI\n   evolves ") == "As generative AI\nevolves"


def test_words_per_line_detects_one_word_per_line() -> None:
    assert words_per_line("As\ngenerative\nAI\n") == 1.0
    assert words_per_line("As generative AI evolves\n") == 4.0


def test_run_together_words_are_separated_with_the_documents_own_words() -> None:
    words = word_list(["Security of AI is for all teams", "the security team meets"])
    fixed, count = split_run_together("AISecurity ofAI isfor allteams sometimes", words)
    assert fixed == "AI Security of AI is for all teams sometimes" and count == 4


def test_a_word_the_document_uses_is_never_split() -> None:
    words = word_list(["into the room", "in to"])
    assert split_run_together("into", words) == ("into", 0)
