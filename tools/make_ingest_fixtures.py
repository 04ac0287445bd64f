"""Create the committed ingest test fixtures with the format libraries themselves.

    .venv/bin/python tools/make_ingest_fixtures.py

Writes ``tests/fixtures/ingest/``: one small, realistic policy in each format (PDF via
reportlab, DOCX via python-docx, HTML, Markdown with front matter, plain text), a second
version of the Markdown policy, and under ``bad/`` one real file per kind of bad input
(encrypted, truncated and image-only PDFs, a damaged DOCX, an empty file, a PNG named .pdf,
a DOCX zip bomb, pathologically nested HTML). All text is written for this project.
Output is deterministic where the libraries allow (fixed dates, invariant PDF ids).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ingest"
TITLE = "Acme AI Acceptable Use Policy"

SECTIONS: list[tuple[str, list[str]]] = [
    (
        "1 Purpose",
        [
            "This policy sets the rules Acme staff follow when they use artificial intelligence "
            "tools at work. It exists so that the benefits of these tools are realised without "
            "exposing customers, colleagues or the company to avoidable harm.",
            "The policy supports our AI management system and is reviewed every year by the AI "
            "governance board, which reports its findings to the executive committee.",
        ],
    ),
    (
        "2 Scope",
        [
            "The policy applies to every employee, contractor and temporary worker, and to every "
            "AI system the company builds, buys or uses, including generative assistants that "
            "staff reach through a web browser.",
        ],
    ),
    (
        "3 Roles and responsibilities",
        [
            "The chief technology officer owns this policy and appoints the AI governance board. "
            "System owners keep the AI system inventory current and record an impact assessment "
            "before a system goes live.",
            "Every member of staff completes the annual AI awareness training and reports "
            "incidents involving AI systems to the service desk within one working day.",
        ],
    ),
    (
        "3.1 Approval of new tools",
        [
            "A new AI tool may be used only after the board has approved it. The request names "
            "the business purpose, the data the tool will process, the supplier and the risks the "
            "requester foresees. Approved tools are listed on the intranet.",
        ],
    ),
    (
        "4 Data protection",
        [
            "Staff must not enter personal data, customer records or confidential source code into "
            "an AI tool unless the tool is approved for that class of data. Outputs are checked by "
            "a person before they are shared outside the company.",
        ],
    ),
]


PDF_EXTRA = (
    "Exceptions",
    [
        "The board may grant a written exception for a single project when the risk is recorded, "
        "an owner accepts it and a date is set on which the exception ends.",
    ],
)


def write_pdf(path: Path) -> None:
    """Three pages of wrapped text with headings, bookmarks, a hyphenated line break and
    metadata; the unnumbered "Exceptions" heading is placed under section 4 by its bookmark."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(TITLE)
    c.setAuthor("Chief Technology Officer")
    pages = [SECTIONS[0:2], SECTIONS[2:4], [*SECTIONS[4:], PDF_EXTRA]]
    for number, sections in enumerate(pages, start=1):
        y = 800.0
        c.setFont("Helvetica", 9)
        c.drawString(72, 820, "Acme Ltd - internal")
        for heading, paragraphs in sections:
            key = f"h-{heading}"
            c.bookmarkPage(key, fit="XYZ", top=y + 15)
            nested = heading[1] == "." or heading == PDF_EXTRA[0]
            c.addOutlineEntry(heading, key, level=1 if nested else 0)
            c.setFont("Helvetica-Bold", 13)
            c.drawString(72, y, heading)
            y -= 22
            c.setFont("Helvetica", 10)
            for paragraph in paragraphs:
                for line in _wrap(paragraph, 90):
                    c.drawString(72, y, line)
                    y -= 14
                y -= 10
        if number == 2:
            c.drawString(72, y, "Board decisions are recorded and reviewed by internal manage-")
            c.drawString(72, y - 14, "ment every quarter.")
        c.setFont("Helvetica", 9)
        c.drawString(290, 40, str(number))
        c.showPage()
    c.save()


def write_report_pdf(path: Path) -> None:
    """A PDF with no bookmarks whose headings differ from the body only by font size, in
    sentence case that text heuristics would not take for headings."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 790, "Quarterly AI monitoring report for the")
    c.drawString(72, 768, "customer service assistant")
    y = 730.0
    sections = [
        ("How we measured drift", SECTIONS[0][1]),
        ("What the review board decided", SECTIONS[2][1]),
    ]
    for heading, paragraphs in sections:
        c.setFont("Helvetica-Bold", 13)
        c.drawString(72, y, heading)
        y -= 22
        c.setFont("Helvetica", 10)
        for paragraph in paragraphs:
            for line in _wrap(paragraph, 90):
                c.drawString(72, y, line)
                y -= 14
            y -= 10
    c.showPage()
    c.save()


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


def write_docx(path: Path) -> None:
    """Title, numbered headings, paragraphs, a bulleted list and a table."""
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    document.core_properties.author = "Chief Technology Officer"
    document.core_properties.created = dt.datetime(2025, 1, 1)
    document.core_properties.modified = dt.datetime(2025, 1, 1)
    document.add_heading(TITLE, level=0)
    for heading, paragraphs in SECTIONS:
        document.add_heading(heading, level=2 if heading[1] == "." else 1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.add_heading("5 Prohibited uses", level=1)
    for item in (
        "Making hiring decisions without human review.",
        "Generating customer advice without checking it.",
        "Uploading secrets to public chat tools.",
    ):
        document.add_paragraph(item, style="List Bullet")
    _custom_heading(document, "6 Review", "Abschnitt 1")
    document.add_paragraph(
        "The owner reviews this policy every year and after any serious incident involving an "
        "AI system, and records the outcome in the policy register."
    )
    table = document.add_table(rows=3, cols=2)
    for row, (tool, status) in enumerate(
        [("Tool", "Status"), ("CodeHelper", "approved"), ("ChatPal", "under review")]
    ):
        table.cell(row, 0).text = tool
        table.cell(row, 1).text = status
    document.save(str(path))


def _custom_heading(document: object, text: str, style_name: str) -> None:
    """A heading in a custom (e.g. localised) style that only its outline level marks."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style = document.styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[attr-defined]
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(level)
    document.add_paragraph(text, style=style_name)  # type: ignore[attr-defined]


def markdown_text(version: str = "1.0", extra: str = "") -> str:
    front = (
        f"---\ntitle: {TITLE}\nowner: Chief Technology Officer\nversion: '{version}'\n"
        "effective_date: 2025-01-01\nreview_date: 2026-01-01\ntype: policy\n---\n\n"
    )
    body = [f"# {TITLE}\n"]
    for heading, paragraphs in SECTIONS:
        marks = "###" if heading[1] == "." else "##"
        body.append(f"{marks} {heading}\n")
        body.extend(p + "\n" for p in paragraphs)
    body.append(
        "## 5 Prohibited uses\n\n- Making hiring decisions without human review.\n- Generating customer advice without checking it.\n"
    )
    body.append(
        "| Tool | Status |\n|---|---|\n| CodeHelper | approved |\n| ChatPal | under review |\n"
    )
    return front + "\n".join(body) + extra


def html_text() -> str:
    parts = [
        f"<!DOCTYPE html><html><head><title>{TITLE}</title><style>p {{color: red}}</style>"
        "<script>var tracking = 'do not index me';</script></head><body>",
        "<header>Acme intranet banner</header><nav><a href='/'>Home</a> <a href='/hr'>HR menu</a></nav>",
        f"<main><h1>{TITLE}</h1>",
    ]
    for heading, paragraphs in SECTIONS:
        tag = "h3" if heading[1] == "." else "h2"
        parts.append(f"<{tag}>{heading}</{tag}>")
        parts.extend(f"<p>{p}</p>" for p in paragraphs)
    parts.append(
        "<h2>5 Prohibited uses</h2><ul><li>Making hiring decisions without human review.</li>"
        "<li>Generating customer advice without checking it.</li></ul>"
    )
    parts.append(
        "<table><tr><th>Tool</th><th>Status</th></tr><tr><td>CodeHelper</td><td>approved</td></tr></table>"
    )
    parts.append("</main><footer>Copyright Acme footer text</footer></body></html>")
    return "\n".join(parts)


def text_text() -> str:
    lines = [TITLE, "", "Owner: Chief Technology Officer", "Version: 1.0", ""]
    for heading, paragraphs in SECTIONS:
        lines += [heading, ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


def write_bad(folder: Path, pdf: bytes, docx_bytes: bytes) -> None:
    """One real file per kind of bad input."""
    import pypdf
    from PIL import Image

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password="secret", owner_password="owner-secret", algorithm="RC4-128")
    with open(folder / "encrypted.pdf", "wb") as out:
        writer.write(out)
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "damaged.docx").write_bytes(docx_bytes[: len(docx_bytes) // 3])
    (folder / "empty.txt").write_bytes(b"")
    png = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(png, format="PNG")
    (folder / "picture-named.pdf").write_bytes(png.getvalue())
    _image_only_pdf(folder / "image-only.pdf")
    _zip_bomb(folder / "zip-bomb.docx", docx_bytes)
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>"
    )


def _image_only_pdf(path: Path) -> None:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 100), 255)
    for x in range(20, 180):
        for y in (30, 50, 70):
            image.putpixel((x, y), 0)  # lines that look like text to a person, not to pypdf
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(2):
        c.drawImage(ImageReader(image), 72, 500, width=400, height=200)
        c.showPage()
    c.save()


def _zip_bomb(path: Path, docx_bytes: bytes) -> None:
    """A valid DOCX plus one member that inflates 64 MiB of zeros from a few kilobytes."""
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr("word/media/padding.bin", b"\0" * (64 * 1024 * 1024), compresslevel=9)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bad").mkdir(exist_ok=True)
    write_pdf(OUT / "policy.pdf")
    write_report_pdf(OUT / "report.pdf")
    write_docx(OUT / "policy.docx")
    (OUT / "policy.md").write_text(markdown_text())
    changed = markdown_text("1.1").replace("reviewed every year", "reviewed every six months")
    changed = changed.replace(
        "## 4 Data protection",
        "## 3.2 Suppliers\n\nSuppliers of AI tools sign the AI addendum to their contract before any data is shared with them.\n\n## 4 Data protection",
    )
    cut = changed.index("## 5 Prohibited uses")
    (OUT / "policy-v2.md").write_text(changed[:cut] + changed[changed.index("| Tool |") :])
    (OUT / "policy.html").write_text(html_text())
    (OUT / "policy.txt").write_text(text_text())
    write_bad(OUT / "bad", (OUT / "policy.pdf").read_bytes(), (OUT / "policy.docx").read_bytes())
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(OUT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
