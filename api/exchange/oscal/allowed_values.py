"""The OSCAL 1.2 control-mapping model's allowed values, and a check that a document keeps them.

The JSON schema and compliance-trestle's pydantic models take any token as a
``relationship``; the allowed values are constraints of the OSCAL metaschema
(``oscal_mapping-common_metaschema.xml``, release 1.2), checked here:

* ``relationship`` (in the OSCAL namespace): equivalent-to, equal-to, subset-of,
  superset-of, intersects-with, no-relationship (NIST IR 8477's set-theory relationships);
* ``matching-rationale``: syntactic, semantic, functional;
* provenance and mapping ``status``: complete, not-complete, draft, deprecated, superseded;
* ``method``: human, automation;
* a map's sources and targets: type control or statement; a mapped resource: catalog or
  profile.

Ours (``aims:relationship``) map onto OSCAL's as :data:`TO_OSCAL` says. ``aims:equal`` says
the two requirements ask the same thing: OSCAL's ``equal-to`` where the match is by wording
(syntactic), ``equivalent-to`` (same meaning, other words) otherwise. Back, both read as
``aims:equal``.

>>> problems = check_mapping_collection({"mapping-collection": {"provenance": {
...     "method": "human", "matching-rationale": "semantic", "status": "complete"},
...     "mappings": [{"maps": [{"relationship": "same-as",
...         "sources": [{"type": "control", "id-ref": "A.5.2"}],
...         "targets": [{"type": "control", "id-ref": "A.5.9"}]}],
...         "source-resource": {"type": "catalog", "href": "x"},
...         "target-resource": {"type": "catalog", "href": "y"}}]}})
>>> problems
["mappings[0].maps[0].relationship: 'same-as' is not an OSCAL relationship (use one of equivalent-to, equal-to, subset-of, superset-of, intersects-with, no-relationship)"]
"""

from __future__ import annotations

from typing import Any

from api.exchange.oscal.common import OSCAL_NS

RELATIONSHIPS = (
    "equivalent-to",
    "equal-to",
    "subset-of",
    "superset-of",
    "intersects-with",
    "no-relationship",
)
MATCHING_RATIONALES = ("syntactic", "semantic", "functional")
STATUSES = ("complete", "not-complete", "draft", "deprecated", "superseded")
METHODS = ("human", "automation")
ITEM_TYPES = ("control", "statement")
RESOURCE_TYPES = ("catalog", "profile")

#: aims:relationship local name -> OSCAL relationship (``equal`` depends on the rationale).
TO_OSCAL = {
    "subsetOf": "subset-of",
    "supersetOf": "superset-of",
    "intersectsWith": "intersects-with",
    "notRelated": "no-relationship",
}
#: OSCAL relationship -> aims:relationship local name.
FROM_OSCAL = {
    "equivalent-to": "equal",
    "equal-to": "equal",
    **{oscal: ours for ours, oscal in TO_OSCAL.items()},
}


def to_oscal_relationship(relationship: str, rationale: str | None) -> str:
    """OSCAL's relationship for ``aims:<relationship>`` matched by ``rationale``.

    >>> to_oscal_relationship("equal", "syntactic"), to_oscal_relationship("equal", "semantic")
    ('equal-to', 'equivalent-to')
    >>> to_oscal_relationship("subsetOf", None)
    'subset-of'
    """
    if relationship == "equal":
        return "equal-to" if rationale == "syntactic" else "equivalent-to"
    return TO_OSCAL[relationship]


def _check(
    problems: list[str], where: str, value: Any, allowed: tuple[str, ...], what: str
) -> None:
    if value is not None and value not in allowed:
        problems.append(
            f"{where}: {value!r} is not an OSCAL {what} (use one of {', '.join(allowed)})"
        )


def check_mapping_collection(document: dict[str, Any]) -> list[str]:
    """Every use of a value outside the lists above, as ``path: problem`` lines."""
    problems: list[str] = []
    collection = _dict(document.get("mapping-collection"))
    provenance = _dict(collection.get("provenance"))
    _check(problems, "provenance.method", provenance.get("method"), METHODS, "method")
    _check(
        problems,
        "provenance.matching-rationale",
        provenance.get("matching-rationale"),
        MATCHING_RATIONALES,
        "matching-rationale",
    )
    _check(problems, "provenance.status", provenance.get("status"), STATUSES, "status")
    mappings = collection.get("mappings", [])
    for m, mapping in enumerate(mappings if isinstance(mappings, list) else [mappings]):
        _check_mapping(problems, f"mappings[{m}]", _dict(mapping))
    return problems


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[dict[str, Any]]:
    return [_dict(v) for v in value] if isinstance(value, list) else []


def _check_mapping(problems: list[str], where: str, mapping: dict[str, Any]) -> None:
    _check(problems, f"{where}.method", mapping.get("method"), METHODS, "method")
    _check(problems, f"{where}.status", mapping.get("status"), STATUSES, "status")
    _check(
        problems,
        f"{where}.matching-rationale",
        mapping.get("matching-rationale"),
        MATCHING_RATIONALES,
        "matching-rationale",
    )
    for side in ("source-resource", "target-resource"):
        kind = _dict(mapping.get(side)).get("type")
        _check(problems, f"{where}.{side}.type", kind, RESOURCE_TYPES, "resource type")
    for i, entry in enumerate(_list(mapping.get("maps"))):
        here = f"{where}.maps[{i}]"
        if entry.get("ns", OSCAL_NS) == OSCAL_NS:
            relationship = entry.get("relationship")
            _check(problems, f"{here}.relationship", relationship, RELATIONSHIPS, "relationship")
        rationale = entry.get("matching-rationale")
        _check(
            problems,
            f"{here}.matching-rationale",
            rationale,
            MATCHING_RATIONALES,
            "matching-rationale",
        )
        for side in ("sources", "targets"):
            for j, item in enumerate(_list(entry.get(side))):
                _check(
                    problems,
                    f"{here}.{side}[{j}].type",
                    item.get("type"),
                    ITEM_TYPES,
                    "subject type",
                )
