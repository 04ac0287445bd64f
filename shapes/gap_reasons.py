"""The words of the gap report: the coded reasons and fixes of one requirement's gap, its
waiting suggestions and re-reviews, and the plain-language ``reason`` made from them (see
:mod:`shapes.gaps`, which assembles the report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib.term import Node

from shapes.report import COUNTING, Fix, GapCode, Reason, local

Row = dict[str, Node]


@dataclass(frozen=True)
class Label:
    """A requirement's notation, title, kind and printed order."""

    notation: str
    label: str
    kind: str
    order: int


def _current(rows: list[Row], today: date) -> list[Row]:
    """Rows whose artefact's review date is on or after ``today``."""
    return [r for r in rows if "reviewDate" in r and str(r["reviewDate"]) >= today.isoformat()]


def notation_of(iri: Node, labels: dict[str, Label]) -> str:
    info = labels.get(str(iri))
    return info.notation if info else str(iri).rsplit("/", 1)[-1]


def number(row: Row, key: str) -> float:
    return float(str(row[key])) if key in row else 0.0


def document_title(row: Row) -> str:
    return str(row.get("title") or row.get("docId") or "?")


def explain(
    rows: list[Row], today: date, labels: dict[str, Label]
) -> tuple[list[Reason], list[Fix], dict[str, Any]]:
    """Coded reasons and fixes, and the waiting suggestions / re-reviews, for one requirement."""
    suggested = [r for r in rows if local(r["status"]) == "suggested"]
    review = [r for r in rows if local(r["status"]) == "needsReview"]
    counting = [r for r in rows if local(r["status"]) in COUNTING]
    expired = [
        r for r in counting if str(r.get("superseded")) != "true" and r not in _current([r], today)
    ]
    superseded = [r for r in counting if str(r.get("superseded")) == "true"]
    reasons: list[Reason] = []
    fixes: list[Fix] = []
    if expired:
        stale = _out_of_date(expired[:1])[0]
        reasons.append(Reason(code="out_of_date", data=stale))
        fixes.append(Fix(code="renew_document", data={k: stale[k] for k in ("document", "title")}))
    if review:
        titles = [document_title(r) for r in review]
        reasons.append(Reason(code="needs_review", data={"count": len(review), "titles": titles}))
        fixes.append(Fix(code="rereview_link", data={"link": str(review[0]["linkId"])}))
    if superseded and not review:
        reasons.append(
            Reason(code="superseded_only", data={"title": document_title(superseded[0])})
        )
    waiting: dict[str, Any] = {
        "suggestions": [_suggestion(r, labels) for r in suggested],
        "needs_review": [_suggestion(r, labels) for r in review],
        "out_of_date": _out_of_date(expired),
    }
    if suggested:
        count = int(number(suggested[0], "waiting"))
        waiting["suggestions_waiting"] = count
        best = {
            "count": count,
            "title": document_title(suggested[0]),
            "score": number(suggested[0], "score"),
        }
        reasons.append(Reason(code="suggestions_waiting", data=best))
        fixes.append(Fix(code="confirm_suggestion", data={"link": str(suggested[0]["linkId"])}))
    return reasons, fixes, waiting


_HEADS: dict[str, str] = {
    "no_current_evidence": "no confirmed, current evidence",
    "no_documented_information": "requires documented information; no confirmed artefact",
    "excluded_without_justification": "excluded without a justification",
    "no_crosswalk_evidence": "no confirmed or derived evidence",
}


def reason_text(code: GapCode, reasons: list[Reason]) -> str:
    """A gap's ``reason``: its code and coded reasons in plain words, ``; ``-separated.

    >>> reason_text("no_current_evidence", [Reason(code="superseded_only", data={"title": "P"})])
    'no confirmed, current evidence; evidence only on a superseded version of P'
    """
    return "; ".join([_HEADS[code], *(_reason_words(r) for r in reasons)])


def _reason_words(reason: Reason) -> str:
    d = reason.data
    if reason.code == "out_of_date":
        when = (
            f"review date {d['review_date']} passed" if d.get("review_date") else "no review date"
        )
        return f"evidence out of date: {d['title']} ({when})"
    if reason.code == "needs_review":
        return f"{d['count']} link(s) need re-review after a new version: " + ", ".join(d["titles"])
    if reason.code == "superseded_only":
        return f"evidence only on a superseded version of {d['title']}"
    more = ", …" if d["count"] > 1 else ""  # suggestions_waiting
    return f"{d['count']} suggestion(s) waiting: {d['title']} ({d['score']:.2f}){more}"


def _out_of_date(rows: list[Row]) -> list[dict[str, Any]]:
    """The documents whose evidence counts no more: their review date passed or is missing."""
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        document = str(r.get("docId", ""))
        seen.setdefault(
            document,
            {
                "document": document,
                "title": document_title(r),
                "review_date": str(r["reviewDate"]) if "reviewDate" in r else None,
            },
        )
    return list(seen.values())


def _suggestion(row: Row, labels: dict[str, Label]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "link": str(row["linkId"]),
        "document": str(row.get("docId", "")),
        "title": document_title(row),
        "score": round(number(row, "score"), 4),
    }
    if "from" in row:
        item["via"] = {
            "from": notation_of(row["from"], labels),
            "relationship": local(row.get("relationship", "")),
        }
    return item
