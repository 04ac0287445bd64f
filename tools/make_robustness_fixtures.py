"""Create the robustness suite's made-here files: text that exists but used to be refused or garbled.

    .venv/bin/python tools/make_robustness_fixtures.py

Writes ``tests/fixtures/ingest-realworld/made/`` (see its ``SOURCES.md`` for what each file
exercises). Every sentence is our own (``benchmarks.robustness_corpus.LEGACY_TEXTS`` and the
English ones here). PDFs come from reportlab (``invariant=1``: no dates or random ids) or
are written byte by byte; HTML and text files are encoded with Python's codecs, EUC-TW
with the CNS 11643 table of :mod:`ingest.euc_tw`. The Arabic PDF embeds a subset of DejaVu
Sans (Debian package fonts-dejavu-core; free licence, embedding allowed), needed only to
make the file again.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.robustness_corpus import LEGACY_TEXTS, raw_pdf

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ingest-realworld" / "made"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ARABIC = "سياسة الذكاء الاصطناعي: يراجع المالك كل نظام قبل النشر"
ONE_LINE = "Approved by the AI governance board on 3 March 2025."
SHORT_LINE = "Approved by the board."
SPACED = ("Name: ALENAZI", "Position: Chief Risk Officer", "Every AI system has a named owner.")
MIXED = "Access to AI systems is reviewed every quarter by the system owner."


def _canvas(path: Path) -> object:
    from reportlab.pdfgen import canvas

    return canvas.Canvas(str(path), invariant=1)


def arabic_repeated_line(path: Path) -> None:
    """Four pages holding the same single Arabic line (drawn in visual order, right to left,
    as producers without text shaping store it; extractors give it back in reading order)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    c = _canvas(path)
    for _ in range(4):
        c.setFont("DejaVuSans", 14)  # type: ignore[attr-defined]
        c.drawRightString(520, 700, ARABIC[::-1])  # type: ignore[attr-defined]
        c.showPage()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]


def vertical_japanese(path: Path) -> None:
    """Japanese in vertical columns, right to left, each character placed on its own."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    text = LEGACY_TEXTS["shift_jis"]
    c = _canvas(path)
    c.setFont("HeiseiMin-W3", 12)  # type: ignore[attr-defined]
    for column, start in enumerate(range(0, len(text), 40)):
        for row, char in enumerate(text[start : start + 40]):
            c.drawString(550 - 20 * column, 800 - 14 * row, char)  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]


def cmap_pdf(encoding: str, codec: str) -> bytes:
    """Japanese set with a predefined CMap (``encoding``) that pypdf does not know."""
    text = LEGACY_TEXTS["shift_jis"]
    shows = [
        b"BT /F1 12 Tf %d 800 Td <%s> Tj ET"
        % (550 - 20 * column, text[start : start + 40].encode(codec).hex().encode())
        for column, start in enumerate(range(0, len(text), 40))
    ]
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Ryumin-Light /Encoding /"
        + encoding.encode()
        + b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Ryumin-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >>"
        b" /FontDescriptor << /Type /FontDescriptor /FontName /Ryumin-Light /Flags 6"
        b" /FontBBox [-170 -331 1024 903] /ItalicAngle 0 /Ascent 752 /Descent -271"
        b" /CapHeight 737 /StemV 58 >> /DW 1000 >>] >>"
    )
    return raw_pdf(b"\n".join(shows), None, font=font)


def one_line(path: Path, blank_pages: int) -> None:
    """One line of text, then ``blank_pages`` empty pages (a short line with them)."""
    c = _canvas(path)
    c.setFont("Helvetica", 12)  # type: ignore[attr-defined]
    c.drawString(72, 700, SHORT_LINE if blank_pages else ONE_LINE)  # type: ignore[attr-defined]
    for _ in range(blank_pages + 1):
        c.showPage()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]


def letter_spaced(path: Path) -> None:
    """Every character drawn on its own, 3 pt apart; word gaps are only wider (no space glyph)."""
    c = _canvas(path)
    size = 11
    for row, line in enumerate(SPACED):
        x = 72.0
        for char in line:
            if char != " ":
                c.setFont("Helvetica", size)  # type: ignore[attr-defined]
                c.drawString(x, 700 - 18 * row, char)  # type: ignore[attr-defined]
            x += c.stringWidth(char, "Helvetica", size) + 3  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]


def _pdf_bytes(make: object) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "file.pdf"
        make(path)  # type: ignore[operator]
        return path.read_bytes()


def body_text_html(encoding: str) -> bytes:
    """A page whose text sits directly in <body>, no charset declared."""
    text = LEGACY_TEXTS[encoding]
    page = (
        "<html><head><title>AI policy</title></head><body>\n<h1>AI policy</h1>\n"
        f"{text}<br><br>\n{text}\n</body></html>"
    )
    return page.encode(encoding)


def euc_tw(text: str) -> bytes:
    """``text`` in EUC-TW, through the CNS 11643 table of :mod:`ingest.euc_tw`."""
    from importlib import resources

    table = json.loads((resources.files("ingest") / "cns11643.json").read_text("utf-8"))
    cells: dict[str, bytes] = {}
    for plane, prefix in ((table["plane2"], b"\x8e\xa2"), (table["plane1"], b"")):
        for index, char in enumerate(plane):
            if char != "\ufffd":
                cells[char] = prefix + bytes([0xA1 + index // 94, 0xA1 + index % 94])
    return b"".join(cells[c] if ord(c) > 127 else c.encode("ascii") for c in text)


def text_files() -> dict[str, bytes]:
    bom_text = "AI policy: " + LEGACY_TEXTS["big5"]
    return {
        "iso-2022-jp.txt": LEGACY_TEXTS["shift_jis"].encode("iso2022_jp"),
        "iso-2022-kr.txt": LEGACY_TEXTS["euc-kr"].encode("iso2022_kr"),
        "euc-tw.txt": euc_tw(LEGACY_TEXTS["big5"]),
        "utf-16-le-bom.txt": bom_text.encode("utf-16"),  # Python writes LE with a BOM
        "utf-16-be-bom.txt": b"\xfe\xff" + bom_text.encode("utf-16-be"),
        "utf-32-le-bom.txt": bom_text.encode("utf-32"),
        "utf-32-be-bom.txt": b"\x00\x00\xfe\xff" + bom_text.encode("utf-32-be"),
    }


def pdf_files() -> dict[str, bytes]:
    plain = raw_pdf(b"BT /F1 12 Tf 72 700 Td (" + MIXED.encode() + b") Tj ET", None)
    return {
        "arabic-repeated-line.pdf": _pdf_bytes(arabic_repeated_line),
        "vertical-japanese-by-character.pdf": _pdf_bytes(vertical_japanese),
        "vertical-japanese-euc-v.pdf": cmap_pdf("EUC-V", "euc_jp"),
        "one-line.pdf": _pdf_bytes(lambda p: one_line(p, 0)),
        "one-line-then-blank-pages.pdf": _pdf_bytes(lambda p: one_line(p, 4)),
        "letter-spaced.pdf": _pdf_bytes(letter_spaced),
        "junk-before-header.pdf": b"X-Mailer: saved with its mail header\r\n" * 60 + plain,
        "no-header.pdf": plain.split(b"\n", 1)[1],
    }


def main() -> None:
    for kind, files in (
        ("pdf", pdf_files()),
        (
            "html",
            {
                f"body-text-{e.replace('_', '-')}.html": body_text_html(e)
                for e in ("big5", "koi8-r", "shift_jis")
            },
        ),
        ("text", text_files()),
    ):
        folder = OUT / kind
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)


if __name__ == "__main__":
    main()
