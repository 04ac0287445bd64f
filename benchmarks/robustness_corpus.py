"""The real-world robustness corpus: committed third-party files plus files generated here.

Committed files live in ``tests/fixtures/ingest-realworld/`` (sources and licences in its
``SOURCES.md``; the files under ``made/`` are built here by
``tools/make_robustness_fixtures.py``). :func:`generate` writes the rest into a folder: text and HTML in six legacy
encodings (our own sentences), PDFs with rotated, vertical CJK and glyph-name text, AES and
RC4 encryption, an abbreviated filter name and a decompression bomb, DOCX files with a text
box, footnotes, and a Strict OOXML relationship, and one 333,000-character paragraph.

Each :class:`Case` says what ingest must do with its file: read it (``expect="read"``, with
a phrase the text must contain) or refuse it with a given error code. The robustness tests
and ``python -m benchmarks.ingest_robustness`` both run over :func:`all_cases`.
"""

from __future__ import annotations

import base64
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT / "tests" / "fixtures" / "ingest-realworld"


@dataclass(frozen=True)
class Case:
    """One file and what ingest must make of it."""

    path: Path
    kind: str  # pdf | docx | text | html
    expect: str  # "read", or the error code it must be refused with
    contains: str = ""
    #: the encoding a legacy text file was written in (its true decoding)
    encoding: str | None = None


#: Our own sentences, one per legacy encoding the detector must get right.
LEGACY_TEXTS = {
    "big5": "本政策規定組織如何管理人工智慧系統的風險。所有系統在上線之前必須經過影響評估，並由負責人簽核。資料來源、訓練過程與測試結果都應記錄保存，以便稽核人員日後查核。若發現偏差或安全事件，團隊應在二十四小時內通報資訊安全主管，並依照事件處理程序採取矯正措施。本文件每年至少審查一次。",
    "euc-kr": "이 정책은 조직이 인공지능 시스템의 위험을 관리하는 방법을 정합니다. 모든 시스템은 운영을 시작하기 전에 영향 평가를 받아야 하며 책임자의 승인을 받아야 합니다. 데이터 출처와 학습 과정, 시험 결과는 기록으로 보관하여 감사인이 나중에 확인할 수 있어야 합니다. 편향이나 보안 사고가 발견되면 담당 팀은 이십사 시간 안에 정보보호 책임자에게 보고해야 합니다. 이 문서는 매년 한 번 이상 검토합니다.",
    "koi8-r": "Эта политика определяет, как организация управляет рисками систем искусственного интеллекта. Каждая система перед вводом в эксплуатацию проходит оценку воздействия и утверждается ответственным руководителем. Источники данных, процесс обучения и результаты испытаний записываются и хранятся, чтобы аудиторы могли проверить их позже. О предвзятости или инциденте безопасности команда сообщает руководителю по информационной безопасности в течение суток. Документ пересматривается не реже одного раза в год.",
    "iso-8859-7": "Αυτή η πολιτική ορίζει πώς ο οργανισμός διαχειρίζεται τους κινδύνους των συστημάτων τεχνητής νοημοσύνης. Κάθε σύστημα πριν τεθεί σε λειτουργία περνά από αξιολόγηση επιπτώσεων και εγκρίνεται από τον υπεύθυνο. Οι πηγές δεδομένων, η διαδικασία εκπαίδευσης και τα αποτελέσματα των δοκιμών καταγράφονται και φυλάσσονται, ώστε οι ελεγκτές να μπορούν να τα εξετάσουν αργότερα. Το έγγραφο επανεξετάζεται τουλάχιστον μία φορά τον χρόνο.",
    "windows-1255": "מדיניות זו קובעת כיצד הארגון מנהל את הסיכונים של מערכות בינה מלאכותית. כל מערכת עוברת הערכת השפעה לפני הפעלתה ומאושרת על ידי האחראי. מקורות הנתונים, תהליך האימון ותוצאות הבדיקות נרשמים ונשמרים כדי שהמבקרים יוכלו לבדוק אותם בהמשך. אם מתגלה הטיה או אירוע אבטחה, הצוות מדווח למנהל אבטחת המידע בתוך עשרים וארבע שעות. המסמך נבדק לפחות פעם בשנה.",
    "shift_jis": "この方針は、組織が人工知能システムのリスクをどのように管理するかを定めるものです。すべてのシステムは、運用を開始する前に影響評価を受け、責任者の承認を得なければなりません。データの出所、学習の過程、試験の結果は記録として保管し、監査人が後から確認できるようにします。偏りやセキュリティ事故が見つかった場合、担当チームは二十四時間以内に情報セキュリティ責任者へ報告します。この文書は少なくとも年に一回見直します。",
}
ENGLISH = (
    "Every AI system has a named owner who approves its release. The owner reviews the "
    "impact assessment before deployment and again after any significant change."
)

#: Committed third-party files: name → (expectation, phrase or encoding).
COMMITTED: dict[str, tuple[str, str]] = {
    "pdf/crazyones.pdf": ("read", "crazy ones"),
    "pdf/multilang.pdf": ("read", "Hello World"),
    "pdf/superscript-pdftex.pdf": ("read", "means"),
    "pdf/test-orient.pdf": ("read", "written vertically"),
    "pdf/indirect-rotation.pdf": ("read", "Containership"),
    "pdf/selenium-pypdf-issue-177.pdf": ("read", "Hello World"),
    "pdf/r2-owner-password.pdf": ("read", "encryption test"),
    "pdf/r4-owner-password.pdf": ("read", "encryption test"),
    "pdf/r6-empty-password.pdf": ("read", "encryption test"),
    "pdf/r2-user-password.pdf": ("encrypted_pdf", ""),
    "pdf/r4-aes-user-password.pdf": ("encrypted_pdf", ""),
    "pdf/r6-both-passwords.pdf": ("encrypted_pdf", ""),
    "pdf/libreoffice-writer-password.pdf": ("encrypted_pdf", ""),
    "pdf/imagemagick-ASCII85Decode.pdf": ("no_text_layer", ""),
    "docx/par-known-styles.docx": ("read", "Body Text"),
    "docx/comments-rich-para.docx": ("read", "worthy of note"),
    "docx/sct-first-page-hdrftr.docx": ("read", "First page"),
    "docx/test.docx": ("read", "python-docx was here"),
    "docx/tbl-having-tables.docx": ("empty_file", ""),
    "text/sample-chinese.txt": ("read", "enc:big5"),
    "text/sample-korean.txt": ("read", "enc:cp949"),
    "text/sample-greek.txt": ("read", "enc:cp1253"),
    "text/sample-hebrew-2.txt": ("read", "enc:cp1255"),
    "text/sample-russian.txt": ("read", "enc:mac_cyrillic"),
    "text/sample-arabic-1.txt": ("read", "enc:cp1256"),
    "text/sample-french-1.txt": ("read", "enc:cp1252"),
    "text/sample-turkish.txt": ("read", "enc:cp1254"),
    # Made here by tools/make_robustness_fixtures.py (made/SOURCES.md): text that exists,
    # once refused or garbled.
    "made/pdf/arabic-repeated-line.pdf": ("read", "سياسة الذكاء الاصطناعي"),
    "made/pdf/vertical-japanese-by-character.pdf": ("read", "人工知能システム"),
    "made/pdf/vertical-japanese-euc-v.pdf": ("read", "人工知能システム"),
    "made/pdf/one-line.pdf": ("read", "Approved by the AI governance board"),
    "made/pdf/one-line-then-blank-pages.pdf": ("read", "Approved by the board."),
    "made/pdf/letter-spaced.pdf": ("read", "Name: ALENAZI Position: Chief Risk Officer"),
    "made/pdf/junk-before-header.pdf": ("read", "reviewed every quarter"),
    "made/pdf/no-header.pdf": ("read", "reviewed every quarter"),
    "made/html/body-text-big5.html": ("read", "enc:big5"),
    "made/html/body-text-koi8-r.html": ("read", "enc:koi8-r"),
    "made/html/body-text-shift-jis.html": ("read", "enc:shift_jis"),
    "made/text/iso-2022-jp.txt": ("read", "enc:iso2022_jp"),
    "made/text/iso-2022-kr.txt": ("read", "enc:iso2022_kr"),
    "made/text/euc-tw.txt": ("read", "人工智慧系統的風險"),  # no Python codec to check with
    "made/text/utf-16-le-bom.txt": ("read", "AI policy: 本政策規定"),
    "made/text/utf-16-be-bom.txt": ("read", "AI policy: 本政策規定"),
    "made/text/utf-32-le-bom.txt": ("read", "AI policy: 本政策規定"),
    "made/text/utf-32-be-bom.txt": ("read", "AI policy: 本政策規定"),
}


def committed_cases() -> list[Case]:
    cases = []
    for name, (expect, detail) in COMMITTED.items():
        parts = name.split("/")
        kind = parts[1] if parts[0] == "made" else parts[0]
        encoding = detail[4:] if detail.startswith("enc:") else None
        contains = "" if encoding else detail
        cases.append(Case(REALWORLD / name, kind, expect, contains, encoding))
    return cases


def generate(folder: Path) -> list[Case]:
    """Write the generated files into ``folder``; return their cases."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        *_legacy_files(folder),
        *_pdf_files(folder),
        *_docx_files(folder),
        *_long_files(folder),
    ]


def all_cases(folder: Path) -> list[Case]:
    """Committed plus generated cases (generated into ``folder``)."""
    return committed_cases() + generate(folder)


def _legacy_files(folder: Path) -> list[Case]:
    cases = []
    for encoding, text in LEGACY_TEXTS.items():
        slug = encoding.replace("_", "-")
        path = folder / f"legacy-{slug}.txt"
        path.write_bytes(text.encode(encoding))
        cases.append(Case(path, "text", "read", encoding=encoding))
        page = f"<html><head><title>AI policy</title></head><body><h1>AI policy</h1><p>{text}</p><p>{text}</p></body></html>"
        html = folder / f"legacy-{slug}.html"  # no charset declared anywhere
        html.write_bytes(page.encode(encoding))
        cases.append(Case(html, "html", "read", encoding=encoding))
    return cases


def _canvas(path: Path) -> object:
    from reportlab.pdfgen import canvas

    return canvas.Canvas(str(path))


def _pdf_files(folder: Path) -> list[Case]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    cases = []
    rotated = folder / "rotated.pdf"
    c = _canvas(rotated)
    c.setFont("Helvetica", 12)  # type: ignore[attr-defined]
    c.translate(300, 100)  # type: ignore[attr-defined]
    c.rotate(90)  # type: ignore[attr-defined]
    for row, sentence in enumerate(ENGLISH.split(". ")):
        c.drawString(0, -20 * row, sentence)  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    cases.append(Case(rotated, "pdf", "read", "named owner"))

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3", isVertical=True))
    vertical = folder / "vertical-japanese.pdf"
    c = _canvas(vertical)
    c.setFont("HeiseiMin-W3", 12)  # type: ignore[attr-defined]
    text = LEGACY_TEXTS["shift_jis"]
    for column in range(0, len(text), 40):
        c.drawString(500 - column // 40 * 20, 780, text[column : column + 40])  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    cases.append(Case(vertical, "pdf", "read", "人工知能システム"))

    junk = folder / "glyph-names.pdf"
    c = _canvas(junk)
    c.setFont("Helvetica", 10)  # type: ignore[attr-defined]
    for row in range(60):
        line = " ".join(f"/g{(row * 37 + i * 11) % 300 + 3}" for i in range(14))
        c.drawString(40, 800 - 12 * row, line)  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    cases.append(Case(junk, "pdf", "unreadable_text"))

    plain = folder / "plain.pdf"
    c = _canvas(plain)
    c.setFont("Helvetica", 12)  # type: ignore[attr-defined]
    for row, sentence in enumerate(ENGLISH.split(". ")):
        c.drawString(72, 700 - 20 * row, sentence)  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    cases += _encrypted(folder, plain.read_bytes())
    cases += _raw_pdfs(folder)
    return cases


def _encrypted(folder: Path, data: bytes) -> list[Case]:
    import pypdf

    cases = []
    for name, user, algorithm, expect in (
        ("aes256-empty-password.pdf", "", "AES-256", "read"),
        ("aes128-empty-password.pdf", "", "AES-128", "read"),
        ("rc4-empty-password.pdf", "", "RC4-128", "read"),
        ("aes256-user-password.pdf", "secret", "AES-256", "encrypted_pdf"),
    ):
        writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
        writer.encrypt(user_password=user, owner_password="owner-only", algorithm=algorithm)
        out = io.BytesIO()
        writer.write(out)
        (folder / name).write_bytes(out.getvalue())
        cases.append(Case(folder / name, "pdf", expect, "named owner" if expect == "read" else ""))
    return cases


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def raw_pdf(content: bytes, stream_filter: str | None, *, font: bytes = HELVETICA) -> bytes:
    """A one-page PDF, written byte by byte, whose page content is ``content`` (set in
    ``font``, the resource /F1)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d" % len(content)
        + (b" /Filter /" + stream_filter.encode() if stream_filter else b"")
        + b" >>\nstream\n"
        + content
        + b"\nendstream",
        font,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _raw_pdfs(folder: Path) -> list[Case]:
    text = b"BT /F1 12 Tf 72 700 Td (Access to AI systems is reviewed every quarter.) Tj ET"
    a85 = folder / "abbreviated-filter.pdf"
    a85.write_bytes(raw_pdf(base64.a85encode(text, adobe=True)[2:], "A85"))
    bomb = folder / "flate-bomb.pdf"
    bomb.write_bytes(raw_pdf(zlib.compress(text + b" " * (300 * 1024 * 1024), 9), "FlateDecode"))
    return [
        Case(a85, "pdf", "read", "reviewed every quarter"),
        Case(bomb, "pdf", "parse_timeout"),
    ]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BOX = (
    '<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
    "<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)
BOX_TEXT = "Text box: model cards are published for every deployed model."
FOOTNOTE_TEXT = "Footnote: the register is kept by the AI governance office."


def docx_with_box_and_footnote() -> bytes:
    """A Word document whose text box and footnote hold text the body does not."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("Model documentation", 1)
    paragraph = document.add_paragraph(ENGLISH)
    paragraph._p.append(parse_xml(_BOX.format(w=_W, text=BOX_TEXT)))
    notes = (
        f'<w:footnotes xmlns:w="{_W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{FOOTNOTE_TEXT}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        notes.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_files(folder: Path) -> list[Case]:
    boxed = folder / "text-box-and-footnote.docx"
    boxed.write_bytes(docx_with_box_and_footnote())
    strict = folder / "strict-ooxml.docx"
    strict.write_bytes(_strict_variant(boxed.read_bytes()))
    return [
        Case(boxed, "docx", "read", BOX_TEXT),
        Case(boxed, "docx", "read", FOOTNOTE_TEXT),
        Case(strict, "docx", "corrupt_file", "Strict Open XML"),
    ]


def _strict_variant(data: bytes) -> bytes:
    """The same package with the Strict OOXML relationship namespace at its root."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "_rels/.rels":
                body = body.replace(
                    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
                )
            target.writestr(item, body)
    return out.getvalue()


def _long_files(folder: Path) -> list[Case]:
    sentence = "Access reviews of AI systems happen every quarter and are recorded by the owner "
    paragraph = (sentence * (333_891 // len(sentence) + 1))[:333_891]
    text = folder / "one-long-paragraph.txt"
    text.write_text("Access control\n\n" + paragraph + "\n", encoding="utf-8")
    cjk = folder / "cjk-without-breaks.txt"
    cjk.write_text(LEGACY_TEXTS["big5"] * 400, encoding="utf-8")
    return [
        Case(text, "text", "read", "every quarter"),
        Case(cjk, "text", "read", "人工智慧系統"),
    ]
