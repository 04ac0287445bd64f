"""A standard as an OSCAL ``catalog``: ids, official short titles and our own words only.

Every requirement (clause, objective, control, article) becomes a control, so every
crosswalk edge can point at one; children nest under their parent (``skos:broader``).
Controls sit in groups: ISO standards in ``clauses`` (4 to 10) and ``annex-a``; the AI Act
by chapter. A control carries:

* ``id`` (:func:`~api.exchange.oscal.common.control_id`), ``class`` (our kind), ``title``;
* props ``label`` (the notation as printed) and ``sort-id`` (OSCAL's), ours for the kind,
  documented information, the roles an article binds and its application date;
* parts ``overview`` (our own-words description) and ``guidance`` (typical evidence, ours);
* a link to the requirement's IRI in the graph.

The text of the standards is never included: ISO text is copyrighted, and the AI Act's is
one link away (``back-matter`` names the source).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Literal

from api.exchange.oscal.common import (
    control_id,
    finish,
    latest,
    metadata,
    one_line,
    prop,
    props,
    timestamp,
    uuid_for,
)
from mapping.errors import ReferenceMissingError
from ontology.namespaces import standard_iri
from ontology.query_files import load_query
from ontology.requirements import check_standard
from ontology.store import GraphStore, Row

_ISO_GROUPS = {"clauses": "Clauses 4 to 10", "annex-a": "Annex A"}
_ACRONYMS = frozenset({"AI", "EU"})


def export_catalog(store: GraphStore, standard: str) -> dict[str, Any]:
    """The OSCAL catalog of ``standard`` (iso42001, iso27001 or euaiact)."""
    check_standard(standard)
    info = _standard(store, standard)
    rows = store.select(load_query("api", "oscal_catalog", scheme=standard_iri(standard)))
    requirements = _merge(rows)
    if not requirements:
        raise ReferenceMissingError(
            f"the graph holds no requirements of {standard}", hint="run `aimsgraph init` first"
        )
    label = str(info.get("label", standard))
    body: dict[str, Any] = {
        "metadata": metadata(
            f"{label}: requirements as described by aimsgraph",
            latest([str(info["issued"])] if "issued" in info else []),
            f"{standard}-{str(info.get('hash', 'unversioned'))[:12]}",
            published=timestamp(str(info["issued"])) if "issued" in info else None,
            props=[prop("standard", standard)],
            remarks=(
                "Identifiers, official short titles and descriptions in aimsgraph's own "
                "words; the text of the standard itself is not included."
            ),
        ),
        "groups": _groups(standard, requirements),
        "back-matter": {"resources": [_source(standard, label, info)]},
    }
    return finish("catalog", body)


def _standard(store: GraphStore, standard: str) -> Row:
    rows = store.select(load_query("api", "oscal_standard", standard=Literal(standard)))
    if not rows:
        raise ReferenceMissingError(
            f"the graph holds no standard {standard}", hint="run `aimsgraph init` first"
        )
    return rows[0]


def _merge(rows: list[Row]) -> list[dict[str, Any]]:
    """One dictionary per requirement, in printed order (roles gathered into a list, sorted:
    the rows of one requirement come in no set order, and engines differ)."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row["requirement"])
        item = merged.get(key)
        if item is None:
            item = merged[key] = {name: str(value) for name, value in row.items()}
            item["roles"] = []
        if "role" in row and str(row["role"]) not in item["roles"]:
            item["roles"].append(str(row["role"]))
    for item in merged.values():
        item["roles"].sort()
    return list(merged.values())


def _group_key(standard: str, item: dict[str, Any]) -> tuple[str, str]:
    if standard == "euaiact":
        chapter = item.get("chapter", "")
        title = item.get("chapterTitle", "")
        return (f"chapter-{chapter}", f"Chapter {chapter}: {_sentence_case(title)}".strip(": "))
    key = "annex-a" if item["notation"].startswith("A.") else "clauses"
    return key, _ISO_GROUPS[key]


def _sentence_case(title: str) -> str:
    """``HIGH-RISK AI SYSTEMS`` → ``High-risk AI systems`` (the Act prints headings in capitals).

    >>> _sentence_case("EU DATABASE FOR HIGH-RISK AI SYSTEMS")
    'EU database for high-risk AI systems'
    """
    words = [w if w in _ACRONYMS else w.lower() for w in title.split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _groups(standard: str, requirements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Groups in order of first appearance, each with its top-level controls nested."""
    present = {item["notation"] for item in requirements}
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    tops: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in requirements:
        parent = item.get("broader")
        if parent and parent in present:
            children[parent].append(item)
        else:
            tops.setdefault(_group_key(standard, item), []).append(item)
    return [
        {
            "id": key,
            "class": "chapter" if standard == "euaiact" else "part",
            "title": one_line(title),
            "controls": [_control(item, children) for item in items],
        }
        for (key, title), items in tops.items()
    ]


def _control(item: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    notation = item["notation"]
    control: dict[str, Any] = {
        "id": control_id(notation),
        "class": item["kind"],
        "title": one_line(item.get("label") or notation, 500),
        "props": [
            prop("label", notation, ns=None),
            prop("sort-id", f"{int(float(item.get('order', 0))):04d}", ns=None),
            *props(
                ("kind", item["kind"]),
                ("requires-documented-information", _yes(item.get("documented"))),
                ("applies-from", item.get("appliesFrom")),
                *(("binds-role", role) for role in item["roles"]),
            ),
        ],
        "links": [{"href": item["requirement"], "rel": "reference", "text": "aimsgraph IRI"}],
    }
    parts = _parts(item)
    if parts:
        control["parts"] = parts
    nested = [_control(child, children) for child in children.get(notation, [])]
    if nested:
        control["controls"] = nested
    return control


def _parts(item: dict[str, Any]) -> list[dict[str, Any]]:
    parts = []
    own = control_id(item["notation"])
    if item.get("definition"):
        parts.append({"id": f"{own}_ovw", "name": "overview", "prose": item["definition"].strip()})
    if item.get("evidence"):
        parts.append(
            {
                "id": f"{own}_gdn",
                "name": "guidance",
                "title": "Typical evidence",
                "prose": item["evidence"].strip(),
            }
        )
    return parts


def _yes(value: str | None) -> str | None:
    return "yes" if value is not None and value.lower() in {"true", "1"} else None


def _source(standard: str, label: str, info: Row) -> dict[str, Any]:
    """The back-matter resource naming the standard and where it is published."""
    resource: dict[str, Any] = {
        "uuid": uuid_for(str(standard_iri(standard))),
        "title": one_line(label),
        "citation": {"text": one_line(str(info.get("title", label)), 500)},
    }
    if "comment" in info:
        resource["description"] = str(info["comment"])
    if "source" in info:
        resource["rlinks"] = [{"href": str(info["source"])}]
    return resource
