"""What every OSCAL document aimsgraph writes shares: ids, UUIDs, timestamps, props, metadata.

* **UUIDs** are version 5 UUIDs of our IRIs (``uuid5(NAMESPACE_URL, iri)``), so the same
  requirement, edge, document or decision gets the same UUID in every export. A document's
  own UUID is the uuid5 of its kind and a digest of its content: unchanged data, unchanged
  UUID; revised data, a new one (as OSCAL asks).
* **Control ids** are OSCAL tokens, which may not start with a digit: a clause ``4.1``
  becomes ``clause-4.1``; ``A.6.2.4`` and ``art-9`` stay as they are.
* **Timestamps** come from the data (decision times, SoA edits, ingest times, the
  standard's issue date), never from the clock.

>>> control_id("4.1"), control_id("A.6.2.4"), control_id("art-9")
('clause-4.1', 'A.6.2.4', 'art-9')
>>> notation_of("clause-4.1"), notation_of("A.6.2.4")
('4.1', 'A.6.2.4')
>>> timestamp("2026-01-02T03:04:05Z")
'2026-01-02T03:04:05+00:00'
>>> timestamp("2023")
'2023-01-01T00:00:00+00:00'
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ontology.namespaces import AIMS, BASE

#: The OSCAL version the documents declare (the models of compliance-trestle 5.2 read it).
OSCAL_VERSION = "1.2.1"
#: Namespace of the props aimsgraph adds (OSCAL asks extensions to name theirs).
NS = str(AIMS).rstrip("#")
#: The OSCAL namespace (props and values OSCAL itself defines).
OSCAL_NS = "http://csrc.nist.gov/ns/oscal"
#: Used where a document has no dated data at all (an empty graph).
NO_DATE = "1970-01-01T00:00:00+00:00"

_CLAUSE_PREFIX = "clause-"
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def uuid_for(iri: str) -> str:
    """The stable UUID of something we name by an IRI."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def document_uuid(kind: str, body: Any) -> str:
    """The UUID of a whole document: uuid5 of its kind and a digest of its content."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()
    return uuid_for(f"{BASE}oscal/{kind}#{digest}")


def control_id(notation: str) -> str:
    """The OSCAL control id of a notation (tokens start with a letter)."""
    return f"{_CLAUSE_PREFIX}{notation}" if notation[:1].isdigit() else notation


def notation_of(control: str) -> str:
    """The notation a control id stands for (the inverse of :func:`control_id`)."""
    rest = control.removeprefix(_CLAUSE_PREFIX)
    return rest if rest != control and rest[:1].isdigit() else control


def timestamp(value: str) -> str:
    """An OSCAL date-time with time zone from an xsd dateTime, date or year (UTC if none)."""
    text = value.strip()
    if _YEAR.match(text):
        text = f"{text}-01-01"
    if _DATE.match(text):
        text = f"{text}T00:00:00"
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def latest(values: Iterable[str | None], default: str = NO_DATE) -> str:
    """The latest of some timestamps (any form :func:`timestamp` reads), else ``default``."""
    stamps = [timestamp(v) for v in values if v]
    return max(stamps, key=datetime.fromisoformat) if stamps else default


def earliest(values: Iterable[str | None], default: str = NO_DATE) -> str:
    stamps = [timestamp(v) for v in values if v]
    return min(stamps, key=datetime.fromisoformat) if stamps else default


def one_line(text: str | None, limit: int = 200) -> str:
    """Text fit for an OSCAL title or prop value: one line, trimmed, never empty."""
    flat = " ".join((text or "").split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat or "-"


def prop(
    name: str, value: object, *, ns: str | None = NS, cls: str | None = None
) -> dict[str, Any]:
    """One OSCAL property; ours carry :data:`NS`, OSCAL's own pass ``ns=None``."""
    item: dict[str, Any] = {"name": name, "value": one_line(str(value), 1000)}
    if ns:
        item["ns"] = ns
    if cls:
        item["class"] = cls
    return item


def props(*items: tuple[str, object | None]) -> list[dict[str, Any]]:
    """Our props for the pairs whose value is set (None and "" are left out)."""
    return [prop(name, value) for name, value in items if value is not None and value != ""]


def metadata(
    title: str,
    last_modified: str,
    version: str,
    **extra: Any,
) -> dict[str, Any]:
    """The ``metadata`` block (title, last-modified, version, oscal-version, then extras)."""
    block: dict[str, Any] = {
        "title": one_line(title, 500),
        "last-modified": last_modified,
        "version": one_line(version),
        "oscal-version": OSCAL_VERSION,
    }
    block.update({k.replace("_", "-"): v for k, v in extra.items() if v})
    return block


def finish(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """The document ``{kind: {"uuid": …, **body}}`` with its content-derived UUID first."""
    return {kind: {"uuid": document_uuid(kind, body), **body}}
