"""How the faces word what would close a gap: the CLI's commands and the web UI's links.

The core's gap report (:mod:`shapes.report`) says what would close each gap as coded
``fixes`` (``confirm_suggestion`` with its link, ``justify_exclusion`` with its control …)
and why each document or decision is incomplete as an ``Issue`` code. This module turns
the codes into each face's wording, once, for the report every face shows:

* ``fix`` — the CLI's sentence, with the ``aimsgraph`` commands to run (also in the JSON
  that ``aimsgraph validate --format json`` and ``GET /api/validation`` return);
* ``actions`` — the web UI's buttons, each a link to the page where it is done (the API's
  links too).

Nothing here matches prose: a reworded reason changes no button.
"""

from __future__ import annotations

from urllib.parse import quote

from shapes.report import Action, Fix, Gap, GapReport, Issue

#: Most counterpart links offered per crosswalked gap.
MAX_COUNTERPART_ACTIONS = 3


class Wording:
    """The wording of a report's gaps and issues, by what each says (its standard and its
    content less the wording): a report brought up to date after a decision words again only
    the gaps and issues that changed (:func:`word_again`)."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[str, list[Action]]] = {}

    def take(self, key: str, previous: Wording) -> tuple[str, list[Action]] | None:
        """What this or ``previous`` worded under ``key``, kept here too (None: neither)."""
        found = self.known.get(key) or previous.known.get(key)
        if found is not None:
            self.known[key] = found
        return found


_WORDING = {"fix", "actions"}


def word_report(report: GapReport) -> GapReport:
    """``report`` with every gap's and issue's ``fix`` and ``actions`` filled in (in place)."""
    word_again(report, Wording())
    return report


def word_again(report: GapReport, previous: Wording) -> Wording:
    """Fill in ``report``'s wording as :func:`word_report` does, taking that of the gaps and
    issues ``previous`` worded already; the wording ``report`` now uses."""
    used = Wording()
    for standard, entry in report.standards.items():
        for gap in entry.gaps:
            key = standard + " " + gap.model_dump_json(exclude=_WORDING)
            found = used.take(key, previous)
            if found is None:
                found = used.known[key] = (gap_fix_text(gap), gap_actions(standard, gap))
            gap.fix, gap.actions = found[0], list(found[1])
    for issue in report.issues:
        if issue.fix:  # worded already: an issue taken over from the report before
            continue
        key = "issue " + issue.model_dump_json(exclude=_WORDING)
        found = used.take(key, previous)
        if found is None:
            found = used.known[key] = (issue_fix_text(issue), issue_actions(issue))
        issue.fix, issue.actions = found[0], list(found[1])
    return used


def gap_fix_text(gap: Gap) -> str:
    """The CLI's words for closing ``gap``: its fixes, ``; ``-separated."""
    return "; ".join(fix_text(f) for f in gap.fixes)


def fix_text(fix: Fix) -> str:
    """One fix as the CLI says it (with the command to run where there is one).

    >>> fix_text(Fix(code="confirm_suggestion", data={"link": "1e14ca38edeb4b21"}))
    'confirm one: aimsgraph review confirm 1e14ca38edeb4b21'
    """
    d = fix.data
    exclude = f"aimsgraph soa set {d.get('notation')} --excluded --justification '...'"
    if fix.code == "renew_document":
        return f"review {d['title']} and ingest the reviewed version with a new review date"
    if fix.code == "rereview_link":
        return f"re-review: aimsgraph review confirm {d['link']}"
    if fix.code == "confirm_suggestion":
        return f"confirm one: aimsgraph review confirm {d['link']}"
    if fix.code == "ingest_or_exclude":
        return f"ingest a document that evidences it, or exclude it: {exclude}"
    if fix.code == "ingest_documented_information":
        return "ingest the documented information and confirm its link"
    if fix.code == "justify_exclusion":
        return exclude
    then = "derived automatically" if d["automatic"] else "then confirm the crosswalk suggestion"
    return f"confirm evidence for ISO/IEC 42001 {', '.join(d['counterparts'])} ({then})"


def issue_fix_text(issue: Issue) -> str:
    """The CLI's words for settling ``issue``."""
    if issue.code in ("no_owner", "no_review_date"):
        what = "owner" if issue.code == "no_owner" else "review date"
        return f"ingest {issue.title} again with its {what} (--owner / --review-date)"
    return "decisions are written by `aimsgraph review`; repair or re-record this one"


def _path(*parts: str) -> str:
    return "/" + "/".join(quote(p, safe="") for p in parts)


def gap_actions(standard: str, gap: Gap) -> list[Action]:
    """The web UI's ways to close ``gap`` of ``standard``: review what waits, renew stale
    documents, upload evidence, decide the SoA row, evidence the 42001 counterparts."""
    notation = gap.notation
    page = _path("requirements", standard, notation)
    actions: list[Action] = []
    count = (gap.suggestions_waiting or len(gap.suggestions)) + len(gap.needs_review)
    if count:
        label = f"Review the {count} suggestion(s) for {notation}"
        actions.append(Action(kind="review", label=label, href=page + "#evidence"))
    for stale in gap.out_of_date:
        document = str(stale["document"])
        label = f"Set a new review date on {stale['title']}"
        href = _path("documents", document) + "#edit"
        actions.append(Action(kind="review_date", label=label, href=href, document=document))
    if gap.code == "excluded_without_justification":
        href = f"/soa#row-{quote(notation)}"
        actions.append(Action(kind="justify", label=f"Justify excluding {notation}", href=href))
        return actions
    for counterpart in gap.counterparts[:MAX_COUNTERPART_ACTIONS]:
        label = f"Evidence ISO/IEC 42001 {counterpart}"
        href = _path("requirements", "iso42001", counterpart) + "#evidence"
        actions.append(Action(kind="counterpart", label=label, href=href))
    if standard == "iso42001":
        what = "documented information" if gap.kind == "clause" else "evidence"
        label = f"Upload {what} for {notation}"
        actions.append(Action(kind="upload", label=label, href="/documents#upload-form"))
        if gap.kind == "control":
            label = f"Record an SoA decision for {notation}"
            actions.append(Action(kind="soa", label=label, href=f"/soa#row-{quote(notation)}"))
    return actions


def issue_actions(issue: Issue) -> list[Action]:
    """The web UI's way to settle a document-level issue of the gap report."""
    if issue.kind != "artefact":
        return [Action(kind="audit", label="See the decision in the audit log", href="/audit")]
    what = "owner" if issue.code == "no_owner" else "review date"
    return [
        Action(
            kind="owner" if issue.code == "no_owner" else "review_date",
            label=f"Set the {what} of {issue.title or issue.id}",
            href=_path("documents", issue.id) + "#edit",
            document=issue.id,
        )
    ]
