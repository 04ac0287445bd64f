"""Requirements of the reference standards: list them, look one up, walk its crosswalks.

Notations repeat across standards ("4.1" and "A.5.2" exist in ISO/IEC 42001 and 27001), so
every lookup names its standard; :data:`DEFAULT_STANDARD` is ISO/IEC 42001. The dictionaries
returned here are what the CLI and API print as JSON (``notation``, ``standard``, ``kind``,
``label`` …); other packages add keys (e.g. ``coverage``) without changing these.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any

from rdflib import URIRef
from rdflib.term import Literal, Node

from ontology.errors import InputError, NotFoundError
from ontology.namespaces import STANDARDS, requirement_iri
from ontology.query_files import load_query
from ontology.store import GraphStore, Row

DEFAULT_STANDARD = "iso42001"
KINDS = ("clause", "objective", "control", "article")
#: Evidence statuses counted per requirement by :func:`list_requirements`.
#: The link statuses counted per requirement (`evidence` in `controls --format json`).
EVIDENCE_COUNTS = ("confirmed", "carriedOver", "derived", "needsReview", "suggested")


def check_standard(standard: str) -> str:
    """``standard`` if it is one of :data:`~ontology.namespaces.STANDARDS`, else InputError."""
    if standard not in STANDARDS:
        raise InputError(
            f"unknown standard {standard!r}", hint="use one of: " + ", ".join(STANDARDS)
        )
    return standard


def check_kind(kind: str) -> str:
    """``kind`` if it is one of :data:`KINDS`, else InputError."""
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}", hint="use one of: " + ", ".join(KINDS))
    return kind


def normalise_notation(notation: str, standard: str) -> str:
    """The notation as the reference prints it: ``a.6.2.4`` → ``A.6.2.4``, ``Art. 9`` → ``art-9``.

    >>> normalise_notation(" a.6.2.4 ", "iso42001")
    'A.6.2.4'
    >>> normalise_notation("Article 9", "euaiact")
    'art-9'
    """
    text = notation.strip()
    if standard == "euaiact":
        match = re.fullmatch(r"(?i)(?:art(?:icle)?\.?\s*-?\s*)?(\d+)", text)
        return f"art-{match.group(1)}" if match else text
    return re.sub(r"^a\.", "A.", text)


def _python(value: Node | None) -> Any:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


def _evidence_counts(store: GraphStore, standard: str | None) -> dict[str, dict[str, int]]:
    """``{requirement IRI: {status: links}}`` from the org graph's evidence links."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.select(load_query("ontology", "requirement-evidence", standard=standard)):
        counts[str(row["requirement"])][str(row["status"])] = int(_python(row["links"]))
    return counts


def _requirement(row: Row) -> dict[str, Any]:
    return {
        "notation": str(row["notation"]),
        "standard": str(row["standard"]),
        "kind": str(row["kind"]),
        "label": _python(row.get("label")),
        "iri": str(row["requirement"]),
        "order": _python(row.get("order")),
        "broader": _python(row.get("broader")),
        "requiresDocumentedInformation": bool(_python(row.get("documented"))),
    }


def list_requirements(
    store: GraphStore,
    standard: str | None = DEFAULT_STANDARD,
    kind: str | None = None,
    *,
    with_evidence: bool = True,
) -> list[dict[str, Any]]:
    """Requirements of ``standard`` (None: every standard) in printed order.

    With ``with_evidence`` each carries ``evidence``: counts of confirmed and suggested
    evidence links (0 before any ingest).
    """
    if standard is not None:
        check_standard(standard)
    if kind is not None:
        check_kind(kind)
    query = load_query("ontology", "requirements", standard=standard, kind=kind)
    items = [_requirement(row) for row in store.select(query)]
    if with_evidence:
        counts = _evidence_counts(store, standard)
        for item in items:
            found = counts.get(item["iri"], {})
            item["evidence"] = {status: found.get(status, 0) for status in EVIDENCE_COUNTS}
    return items


def _not_found(store: GraphStore, notation: str, standard: str) -> NotFoundError:
    """ "no such requirement", with close matches and the standards that do have it."""
    known = [r["notation"] for r in list_requirements(store, standard, with_evidence=False)]
    close = difflib.get_close_matches(notation, known, n=5, cutoff=0.6)
    safe = re.fullmatch(r"[\w.\-]+", notation) is not None  # never put odd text in a query
    elsewhere = [
        other
        for other in STANDARDS
        if other != standard
        and safe
        and store.ask(
            load_query(
                "ontology", "requirement-exists", requirement=requirement_iri(other, notation)
            )
        )
    ]
    hints = []
    if close:
        hints.append("did you mean " + ", ".join(close) + "?")
    if elsewhere:
        hints.append(f"{notation} exists in {', '.join(elsewhere)}: name that standard")
    if not known:
        hints.append("the reference graph is empty: run `aimsgraph init`")
    return NotFoundError(
        f"no such requirement: {notation} in {standard}",
        hint="; ".join(hints)
        or f"list the notations of {standard} with `aimsgraph controls --standard {standard}`"
        f" or GET /api/requirements?standard={standard}",
        suggestions=close,
    )


def find_requirement(
    store: GraphStore, notation: str, standard: str = DEFAULT_STANDARD
) -> dict[str, Any]:
    """The requirement ``notation`` of ``standard``; NotFoundError with close matches."""
    check_standard(standard)
    wanted = normalise_notation(notation, standard)
    # found from its notation (bound first): a lookup costs one requirement, not the standard
    query = load_query("ontology", "requirements", standard=standard, notation=wanted)
    for row in store.select(query):
        return _requirement(row)  # the first in printed order, as listing them gives
    raise _not_found(store, wanted, standard)


def _neighbour(row: Row) -> dict[str, Any]:
    return {
        "notation": str(row["notation"]),
        "standard": str(row["standard"]),
        "kind": _python(row.get("kind")),
        "label": _python(row.get("label")),
        "relationship": str(row["relationship"]),
        "direction": str(row["direction"]),
        "rationale": _python(row.get("rationale")),
        "strength": _python(row.get("strength")),
        "status": _python(row.get("status")),
        "source": sorted(str(row.get("sources", "")).split()),  # GROUP_CONCAT has no order
        "comment": _python(row.get("comment")),
        "mapping": str(row["mapping"]),
        "iri": str(row["other"]),
    }


def crosswalk_neighbours(
    store: GraphStore,
    notation: str,
    standard: str = DEFAULT_STANDARD,
    to_standard: str | None = None,
) -> list[dict[str, Any]]:
    """Every crosswalk edge touching a requirement, both directions, strongest first.

    ``relationship`` reads from the given requirement's side; ``direction`` says whether
    the stored edge starts (outgoing) or ends (incoming) there; ``source`` lists the
    edge's ``dct:source`` IRIs.
    """
    requirement = find_requirement(store, notation, standard)
    if to_standard is not None:
        check_standard(to_standard)
    query = load_query(
        "ontology",
        "crosswalk-neighbours",
        requirement=URIRef(requirement["iri"]),
        toStandard=to_standard,
    )
    return [_neighbour(row) for row in store.select(query)]
