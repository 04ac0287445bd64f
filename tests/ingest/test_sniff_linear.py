"""Type sniffing reads untrusted bytes in linear time (issue 18, item 3).

The reproductions that froze the server (``<!---->`` ×26, 20 KB of newlines, ~40
comments, 64 KB of ``,"`` for :class:`csv.Sniffer`) and much larger versions of them are
sniffed at once; the time each took is printed, never asserted (the pytest timeout only
stops a hang). The scanners are also checked against the regular expressions they replace,
used as an oracle on small inputs where those are quick.
"""

from __future__ import annotations

import re
import time

import pytest

from ingest.sniff import (
    CSV,
    HTML,
    MARKDOWN,
    TEXT,
    count_html_tags,
    csv_dialect,
    has_markdown_syntax,
    sniff,
    starts_like_html,
)

OLD_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S
)
OLD_HTML_TAGS = re.compile(
    r"</?(html|head|body|div|p|h[1-6]|ul|ol|li|table|section|article)\b", re.I
)
OLD_MD = re.compile(
    r"(^---\s*$)|(^#{1,6}\s+\S)|(^\s*[-*+]\s+\S)|(^\s*\d+\.\s+\S)|(^\|.*\|\s*$)|(\[[^\]]+\]\([^)]+\))",
    re.M,
)

HOSTILE = {
    "comments x26 (183 bytes)": b"<!---->" * 26 + b"x",
    "comments x40": b"<!---->" * 40,
    "comments x5000": b"<!---->" * 5000 + b"<p>",
    "20 KB of newlines": b"\n" * 20_000 + b"x",
    "2 MB of newlines": b"\n" * 2_000_000 + b"x",
    "blank lines of spaces": b" \n" * 200_000 + b"x",
    "open brackets": b"[" * 200_000,
    "half links": b"[a](" * 50_000,
    "csv quotes": (b',"' * 650 + b"\n") * 50,
    "csv single quotes": (b"'" + b",'" * 650 + b"\n") * 50,
    "meta tags": b"<meta" * 100_000,
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_bytes_are_sniffed_at_once(name: str) -> None:
    data = HOSTILE[name]
    started = time.perf_counter()
    media_type = sniff(data, "upload")
    took = time.perf_counter() - started
    print(f"{name}: {len(data):,} bytes -> {media_type} in {took * 1000:.1f} ms")
    assert media_type in (TEXT, HTML, MARKDOWN, CSV)


SMALL_HTML = [
    b"<!DOCTYPE html><html>",
    b"  <!-- a -->\n<!-- b --> <html lang=en>",
    b"<!----><body>",
    b"<!-- x --><htmlx>",
    b"<!doctype   HTML>",
    b"<!doctypehtml>",
    b"<head>",
    b"<!-- never closed <html>",
    b"text <html>",
    b"<!-- a --> text",
    b"<BODY class=x>",
    b"<html_x>",
]


@pytest.mark.parametrize("data", SMALL_HTML)
def test_html_start_agrees_with_the_old_expression(data: bytes) -> None:
    assert starts_like_html(data) == bool(OLD_HTML_START.match(data))


SMALL_TEXTS = [
    "<div><p>a</p></div><ul><li>x</li></ul>",
    "<DIV><P></P><H1>t</H1><h7>",
    "a < b, <pre>, <px>, </p>, <table border=1>",
    "<section><article></article></section>",
    "---\ntitle: x\n---\n",
    "# Heading\ntext",
    "####### seven",
    "#nospace",
    "  - item\n",
    "*emphasis* only",
    "12. twelfth\n",
    "12.5 percent",
    "| a | b |\n",
    "|only one",
    "see [the policy](policy.md) here",
    "[] (x) and [a]() and [](b)",
    "[[nested](x)",
    "plain prose, with commas.",
]


@pytest.mark.parametrize("text", SMALL_TEXTS)
def test_markup_scans_agree_with_the_old_expressions(text: str) -> None:
    assert min(count_html_tags(text), 5) == min(len(OLD_HTML_TAGS.findall(text)), 5)
    assert has_markdown_syntax(text) == bool(OLD_MD.search(text))


def test_csv_dialects_are_still_found() -> None:
    semicolons = "id;risk;owner\nR1;drift;ML lead\nR2;bias;DPO\nR3;privacy;DPO\n"
    tabs = "id\trisk\towner\nR1\tdrift\tML\nR2\tbias\tDPO\nR3\tleak\tDPO\n"
    quoted = 'id,note\n1,"a, b"\n2,"c, d"\n3,"e, f"\n'
    spaced = "id, risk, owner\nR1, drift, ML\nR2, bias, DPO\nR3, leak, DPO\n"
    assert csv_dialect(semicolons).delimiter == ";"  # type: ignore[union-attr]
    assert csv_dialect(tabs).delimiter == "\t"  # type: ignore[union-attr]
    assert csv_dialect(quoted).delimiter == ","  # type: ignore[union-attr]
    assert csv_dialect(spaced).skipinitialspace is True  # type: ignore[union-attr]
    assert csv_dialect("We review, yearly.\nWe train, often.\nWe log, always.\n") is None
    assert sniff(semicolons.encode(), "risks") == CSV
