"""Document metadata: title, artefact type, owner, version and dates.

Sources, strongest first: explicit overrides (CLI options, API fields); the reader's metadata
(YAML front matter, DOCX core properties, PDF info, HTML <title>); ``Key: value`` lines in the
first part of the text (policies often open with "Version: 1.1 / Owner: CTO / Effective
Date: …"); and for the title, the first heading. The artefact type is inferred from the title
(then the opening text) where a type word makes it plain, else ``other``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ingest.readers.base import Block
from ingest.readers.header import KEYS as _KEYS
from ontology.errors import InputError

ARTEFACT_TYPES = (
    "policy",
    "procedure",
    "standard",
    "plan",
    "register",
    "record",
    "report",
    "assessment",
    "template",
    "other",
)
#: Words that make a type plain, checked in this order (the first match wins).
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("template", r"\btemplates?\b|\bform\b"),
    ("register", r"\bregister\b|\binventory\b|\blog of\b"),
    ("assessment", r"\bassessments?\b|\bimpact analysis\b"),
    (
        "procedure",
        r"\bprocedures?\b|\bprocess\b|\bplaybook\b|\bguide\b|\bguidance\b"
        r"|\bguidelines?\b|\bhow to\b",
    ),
    ("standard", r"\bstandard\b"),
    ("plan", r"\bplan\b|\broadmap\b"),
    ("report", r"\breport\b|\bstatement\b|\bdisclosure\b"),
    ("record", r"\brecords?\b|\bminutes\b|\bcharter\b"),
    ("policy", r"\bpolicy\b|\bpolicies\b|\bprinciples\b|\bcode of conduct\b"),
)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class DocumentMetadata:
    """What we know about a document before it becomes an artefact."""

    title: str
    artefact_type: str
    owner: str | None = None
    version: str | None = None
    effective_date: dt.date | None = None
    review_date: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


def check_date(value: str, label: str) -> dt.date:
    """``value`` as a calendar date written YYYY-MM-DD, or :class:`InputError` naming
    ``label``: the one check of a date a person gives (``--review-date``, ``validate --date``,
    an upload's or a document edit's dates). :func:`parse_date` instead finds a date inside
    a document's own metadata.

    >>> check_date("2027-01-31", "the review date")
    datetime.date(2027, 1, 31)
    >>> check_date("2027-02-30", "--date")
    Traceback (most recent call last):
    ...
    ontology.errors.InputError: --date '2027-02-30' is not a date (no such day in the calendar)...
    """
    if not _ISO_DATE.fullmatch(value):
        raise InputError(f"{label} {value!r} is not a date", hint="write it as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{label} {value!r} is not a date (no such day in the calendar)",
            hint="check the month and day",
        ) from None


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date found in ``value`` (``2025-10-26``), or None."""
    if not value:
        return None
    match = _DATE.search(value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def canonical_fields(metadata: dict[str, str]) -> dict[str, str]:
    """Reader metadata keys (front matter, core properties) mapped to canonical names."""
    found: dict[str, str] = {}
    for key, value in metadata.items():
        normal = key.replace("_", " ").replace("-", " ").lower()
        for name, aliases in _KEYS.items():
            if normal in aliases and name not in found and value.strip():
                found[name] = value.strip()
    return found


def infer_type(title: str, text: str) -> str:
    """The artefact type a title (or failing that, the opening text) makes plain."""
    for source in (title.lower(), text[:600].lower()):
        for kind, pattern in _TYPE_WORDS:
            if re.search(pattern, source):
                return kind
    return "other"


#: Headings that name a part of a document, never the document itself.
_GENERIC_HEADINGS = {
    "abstract",
    "about",
    "acknowledgments",
    "acknowledgements",
    "contents",
    "document control",
    "executive summary",
    "foreword",
    "introduction",
    "overview",
    "preface",
    "purpose",
    "revision history",
    "scope",
    "summary",
    "table of contents",
    "version history",
    "version information",
}
_MONTH_YEAR = re.compile(
    r"^(january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+\d{4}$",
    re.I,
)


def first_heading(blocks: list[Block]) -> str | None:
    """The document's opening heading; one found deep inside, or a generic one, is no title."""
    for block in blocks[:6]:
        text = block.text.strip()
        if block.kind != "heading" or len(text) <= 2 or "{{" in text:
            continue
        if text.lower().strip(" :") in _GENERIC_HEADINGS or _MONTH_YEAR.match(text):
            continue
        return text
    return None


def describe(
    blocks: list[Block],
    text: str,
    reader_meta: dict[str, str],
    overrides: dict[str, str | None],
    fallback_title: str,
) -> DocumentMetadata:
    """Combine overrides, reader metadata, header lines and headings into metadata."""
    merged = {k: v for k, v in canonical_fields(reader_meta).items() if v}
    merged.update({k: v for k, v in overrides.items() if v})
    stem = re.sub(r"[-_]+", " ", fallback_title.rsplit(".", 1)[0]).strip() or fallback_title
    title = merged.get("title") or first_heading(blocks) or stem
    meta = DocumentMetadata(title=" ".join(title.split())[:300], artefact_type="other")
    requested = (merged.get("type") or "").strip().lower()
    if requested in ARTEFACT_TYPES:
        meta.artefact_type = requested
    else:
        if requested and "type" in overrides and overrides["type"]:
            meta.warnings.append(f"unknown artefact type {requested!r}; inferred instead")
        meta.artefact_type = infer_type(meta.title, text)
    meta.owner = _short(merged.get("owner"))
    meta.version = _short(merged.get("version"))
    meta.effective_date = parse_date(merged.get("effective_date"))
    meta.review_date = parse_date(merged.get("review_date"))
    return meta


#: Longest title, owner or version kept: a 100 kB "owner" in front matter is junk or an attack,
#: and would be repeated on every page, export and SoA row that shows it.
MAX_FIELD_CHARS = 300


def _short(value: str | None) -> str | None:
    """``value`` on one line, at most :data:`MAX_FIELD_CHARS` characters (``None`` if empty)."""
    text = " ".join((value or "").split())[:MAX_FIELD_CHARS]
    return text or None
