"""The gap report as an OSCAL ``plan-of-action-and-milestones``.

Input is the gap report's JSON (:meth:`shapes.report.GapReport.to_json`; the caller runs the
shapes). Per gap of each standard:

* one **risk**: status ``open``, the reason as its statement, a remediation of lifecycle
  ``recommendation`` saying what would close it, props for the standard, notation, kind
  and the suggestions waiting for a reviewer;
* one **POA&M item** pointing at the risk, titled by the requirement.

Each issue (an artefact without owner or review date, a decision without reviewer or time)
is an item and a risk too. ``system-id`` names the AI management system. A report with
nothing open still needs one item (OSCAL asks for at least one): it says so. UUIDs derive
from the requirement's IRI, so the item for a gap keeps its UUID from one export to the
next until the gap closes; timestamps are the report's assessment date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.exchange.oscal.common import finish, metadata, one_line, props, timestamp, uuid_for
from ontology.namespaces import BASE, ORG, STANDARDS, requirement_iri
from ontology.requirements import check_standard


def export_poam(report: Mapping[str, Any], standard: str | None = None) -> dict[str, Any]:
    """The POA&M of a gap report (only ``standard``'s gaps where one is given)."""
    if standard is not None:
        check_standard(standard)
    assessed = timestamp(str(report["assessed_on"]))
    risks: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for key, section in report.get("standards", {}).items():
        if standard is not None and key != standard:
            continue
        label = str(section.get("label", key))
        for gap in section.get("gaps", []):
            risk, item = _gap(key, label, gap)
            risks.append(risk)
            items.append(item)
    if standard is None:
        for issue in report.get("issues", []):
            risk, item = _issue(issue)
            risks.append(risk)
            items.append(item)
    body: dict[str, Any] = {
        "metadata": metadata(
            "AI management system: plan of action and milestones",
            assessed,
            str(report["assessed_on"]),
            props=props(("conforms", "yes" if report.get("conforms") else "no")),
        ),
        "system-id": {"identifier-type": f"{BASE}oscal", "id": f"{ORG}aims"},
    }
    if risks:
        body["risks"] = risks
    body["poam-items"] = items or [_nothing_open(str(report["assessed_on"]), standard)]
    return finish("plan-of-action-and-milestones", body)


def _gap(
    standard: str, label: str, gap: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    notation = str(gap["notation"])
    iri = str(requirement_iri(standard, notation))
    title = one_line(f"{label} {notation}: {gap.get('label') or notation}", 500)
    waiting = int(gap.get("suggestions_waiting", 0) or 0)
    facts = props(
        ("standard", standard),
        ("notation", notation),
        ("kind", gap.get("kind")),
        ("suggestions-waiting", waiting),
        ("needs-review", len(gap.get("needs_review", []) or [])),
    )
    return _pair(iri, title, str(gap["reason"]), str(gap["fix"]), facts)


def _issue(issue: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    kind = str(issue.get("kind", "artefact"))
    ident = str(issue.get("id", ""))
    reason = str(issue.get("reason", "incomplete"))
    subject = f"{ORG}{'artefact' if kind == 'artefact' else 'decision'}/{ident}#{reason}"
    title = one_line(f"{kind.capitalize()} {issue.get('title') or ident}: {reason}", 500)
    facts = props(("issue-kind", kind), ("id", ident))
    return _pair(subject, title, reason, str(issue.get("fix", "")), facts)


def _pair(
    iri: str, title: str, reason: str, fix: str, facts: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    risk_uuid = uuid_for(f"{iri}#risk")
    risk: dict[str, Any] = {
        "uuid": risk_uuid,
        "title": title,
        "description": reason,
        "statement": f"{reason}. What would close it: {fix}" if fix else reason,
        "props": facts,
        "status": "open",
    }
    if fix:
        risk["remediations"] = [
            {
                "uuid": uuid_for(f"{iri}#remediation"),
                "lifecycle": "recommendation",
                "title": "What would close it",
                "description": fix,
            }
        ]
    item: dict[str, Any] = {
        "uuid": uuid_for(f"{iri}#poam-item"),
        "title": title,
        "description": reason,
        "props": facts,
        "related-risks": [{"risk-uuid": risk_uuid}],
    }
    if fix:
        item["remarks"] = fix
    return risk, item


def _nothing_open(assessed_on: str, standard: str | None) -> dict[str, Any]:
    scope = standard or ", ".join(STANDARDS)
    return {
        "uuid": uuid_for(f"{ORG}aims#nothing-open"),
        "title": "No open gaps",
        "description": f"The gap report of {assessed_on} found no gaps ({scope}).",
    }
