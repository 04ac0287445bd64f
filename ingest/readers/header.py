"""``Key: value`` lines that open many policies ("Version: 1.1", "Owner: CTO")."""

from __future__ import annotations

import re

#: Canonical field → the key spellings that name it (lower case).
KEYS = {
    "title": ("title", "document title"),
    "owner": ("owner", "policy owner", "document owner", "process owner", "accountable owner"),
    "version": ("version", "document version", "revision"),
    "effective_date": (
        "effective date",
        "effective",
        "date effective",
        "effective from",
        "published",
        "date",
    ),
    "review_date": ("review date", "next review", "next review date", "review by", "review due"),
    "type": ("type", "document type", "artefact type", "artifact type"),
}
_KEY_LINE = re.compile(r"^\s*(?:[-*]\s*)?\**([A-Za-z][A-Za-z /]{1,30}?)\**\s*:\s*\**\s*(.+?)\s*$")


def header_fields(text: str, max_lines: int = 40) -> dict[str, str]:
    """``Key: value`` pairs from the opening lines of a document, by canonical field name."""
    found: dict[str, str] = {}
    for line in text.splitlines()[:max_lines]:
        match = _KEY_LINE.match(line)
        if not match:
            continue
        key = match.group(1).strip().lower()
        for name, aliases in KEYS.items():
            if key in aliases and name not in found:
                found[name] = match.group(2).strip("* ")
    return found
