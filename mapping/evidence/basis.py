"""The basis of an evidence link: what a reviewer needs to judge it without the CLI.

A link the matcher made stands on its cited passages and their scores. A link made from
another link stands on that link: a crosswalk-made link on the ISO/IEC 42001 evidence it
follows and the mapping it walked (``queries/link_basis.rq``); a carried-over link on the
previous version's link; a re-targeted link on the suggestion a reviewer moved. :func:`explain`
says in one sentence why the link has the number it shows: a matcher's confidence is a
calibrated probability (docs/mapping.md, Confidence); a crosswalk-made link's number is the
mapping's strength out of 10, divided by 10, and is said to be so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from ontology.query_files import load_query
from ontology.store import GraphStore

#: Mapping relationships as a reviewer reads them: "<source> is a subset of <target>".
RELATIONSHIPS = {
    "equal": "is equal to",
    "subsetOf": "is a subset of",
    "supersetOf": "is a superset of",
    "intersectsWith": "intersects with",
    "notRelated": "is not related to",
}
STANDARD_NAMES = {"iso42001": "ISO/IEC 42001", "iso27001": "ISO/IEC 27001", "euaiact": "EU AI Act"}
_REVERSED = {"subsetOf": "supersetOf", "supersetOf": "subsetOf"}


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _basis(row: dict[str, Any]) -> dict[str, Any]:
    def text(name: str) -> str | None:
        return str(row[name]) if name in row else None

    stated = _local(row["stated"]) if "stated" in row else None
    walked = stated
    if stated is not None and str(row.get("direction")) == "incoming":
        walked = _REVERSED.get(stated, stated)
    return {
        "kind": str(row["kind"]),
        "source_link": text("sourceId"),
        "source_status": _local(row["sourceStatus"]) if "sourceStatus" in row else None,
        "source_document": text("sourceDoc"),
        "source_title": text("sourceTitle"),
        "source_notation": text("fromNotation"),
        "source_standard": text("fromStandard"),
        "source_label": text("fromLabel"),
        "decided_by": text("reviewer"),
        "decided_at": text("decidedAt"),
        "mapping": text("mapping"),
        "relationship": walked,
        "stated_relationship": stated,
        "direction": text("direction"),
        "rationale": _local(row["rationale"]) if "rationale" in row else None,
        "strength": float(str(row["strength"])) if "strength" in row else None,
        "curation": _local(row["curation"]) if "curation" in row else None,
        "comment": text("comment"),
    }


def link_basis(store: GraphStore, links: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Link IRI → the link it was made from and the mapping it followed (only for links
    made from another; the matcher's own links have no entry)."""
    wanted = sorted(set(links))
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 200):
        chunk = wanted[start : start + 200]
        links = [URIRef(link) for link in chunk]
        for row in store.select(load_query("mapping", "link_basis", link=links)):
            out.setdefault(str(row["link"]), _basis(dict(row)))
    return out


def explain(link: dict[str, Any], basis: dict[str, Any] | None) -> str:
    """Why ``link`` (as :func:`mapping.evidence.listing.list_suggestions` lists it) has its score."""
    score = link.get("score")
    shown = f"{float(score):.2f}" if score is not None else "none"
    if basis and basis["kind"] == "crosswalk":
        standard = STANDARD_NAMES.get(basis["source_standard"] or "", basis["source_standard"])
        source = f"{standard or ''} {basis['source_notation'] or '?'}".strip()
        edge = RELATIONSHIPS.get(basis["relationship"] or "", basis["relationship"] or "?")
        status = basis["source_status"] or "?"
        strength = basis["strength"]
        weight = (
            f"its {shown} is the mapping's strength, {strength:g} of 10, not a probability"
            if strength is not None
            else f"the mapping states no strength, so it shows {shown} (not a probability)"
        )
        curated = "curated" if (basis["curation"] or "curated") == "curated" else "candidate"
        return (
            f"Evidence {status} for {source} carried over a {curated} crosswalk "
            f"({source} {edge} this requirement); {weight}."
        )
    if basis and basis["kind"] == "carry-over":
        source = f"link {basis['source_link']} of the previous version"
        if link.get("status") == "needsReview":
            return (
                f"Carried over from {source} ({basis['source_status'] or '?'}) to be decided "
                "again: the text it cited changed or is gone in this version."
            )
        return (
            f"Carried over from {source} ({basis['source_status'] or '?'}): the text it "
            "cited is still in this version."
        )
    if basis and basis["kind"] == "retarget":
        who = f" by {basis['decided_by']}" if basis.get("decided_by") else ""
        return (
            f"Re-targeted{who} from a suggestion for {basis['source_notation'] or '?'}; "
            "it cites the same passages."
        )
    passages = link.get("passages") or []
    scored = [p for p in passages if p.get("score") is not None]
    method = link.get("method") or "the matcher"
    if not scored:
        return (
            f"Confidence {shown} from {method}: the calibrated chance that a reviewer confirms it."
        )
    best = max(scored, key=lambda p: float(p["score"]))
    return (
        f"Confidence {shown} from {method}: the calibrated chance that a reviewer confirms it. "
        f"Its {len(passages)} cited passage(s) are ranked by their own similarity "
        f"(best {float(best['score']):.2f}), a different scale."
    )
