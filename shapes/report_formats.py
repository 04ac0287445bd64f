"""Renderings of a :class:`~shapes.report.GapReport`: text, Markdown, HTML and JSON.

One data value, four renderings. The "to close" column is the report's ``fix`` wording, which
the faces fill in from the coded ``fixes`` (:mod:`api.gap_fixes`); the core's own report
leaves it empty. Every string that comes from the graph (titles, labels,
reasons) is escaped in HTML; Markdown escapes table-breaking characters.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

from ontology.errors import InputError

if TYPE_CHECKING:
    from shapes.report import GapReport, StandardReport

FORMATS = ("text", "markdown", "html", "json")


def render(report: GapReport, fmt: str) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False)
    if fmt == "text":
        return render_text(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    raise InputError(f"unknown report format {fmt!r}", hint="use " + ", ".join(FORMATS))


def _verdict(report: GapReport) -> str:
    return "complete" if report.conforms else "incomplete"


def _headline(std: StandardReport) -> str:
    label = std.label
    return (
        f"{label}: coverage {std.coverage:.0%} ({std.covered}/{std.in_scope}), "
        f"{len(std.gaps)} gap(s)"
    )


def _through_children(std: StandardReport) -> list[tuple[str, str]]:
    """(group, children) for each group evidenced through its children."""
    return [
        (g.notation, ", ".join(g.rolled_up_from)) for g in std.groups if g.status == "evidenced"
    ]


def render_text(report: GapReport) -> str:
    lines = [f"AIMS completeness on {report.assessed_on}: {_verdict(report)}", ""]
    for std in report.standards.values():
        lines.append(_headline(std))
        for gap in std.gaps:
            lines.append(f"  {gap.notation}: {gap.reason}")
            if gap.fix:
                lines.append(f"      to close: {gap.fix}")
        for item in std.evidence:
            paths = [e for e in item["evidence"] if "path" in e]
            for e in paths:
                p = e["path"]
                lines.append(
                    f"  {item['notation']}: derived from {p['from']} ({p['relationship']}) "
                    f"via {e['title']} [{e['status']}]"
                )
        for group, children in _through_children(std):
            lines.append(f"  {group}: evidenced through its children {children}")
        lines.append("")
    if report.issues:
        lines.append(f"Issues ({len(report.issues)}):")
        for issue in report.issues:
            lines.append(f"  {issue.kind} {issue.title}: {issue.reason} — {issue.fix}")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: GapReport) -> str:
    lines = [
        f"# AIMS gap report — {report.assessed_on}",
        "",
        f"**Verdict:** {_verdict(report)}",
        "",
    ]
    lines += ["| standard | coverage | covered | in scope | gaps |", "|---|---|---|---|---|"]
    for std in report.standards.values():
        label = _md(std.label)
        lines.append(
            f"| {label} | {std.coverage:.0%} | {std.covered} | {std.in_scope} | {len(std.gaps)} |"
        )
    for std in report.standards.values():
        lines += ["", f"## {_md(std.label)}", ""]
        if std.gaps:
            lines += ["| requirement | reason | to close |", "|---|---|---|"]
            for gap in std.gaps:
                name = _md(f"{gap.notation} {gap.label}".strip())
                lines.append(f"| {name} | {_md(gap.reason)} | {_md(gap.fix)} |")
        else:
            lines.append("No gaps.")
        derived = [(i, e) for i in std.evidence for e in i["evidence"] if "path" in e]
        if derived:
            lines += ["", "Evidence through crosswalks:", ""]
            for item, e in derived:
                p = e["path"]
                lines.append(
                    f"- {_md(item['notation'])} ← {_md(p['from'])} ({_md(p['relationship'])}): "
                    f"{_md(e['title'])} ({e['status']})"
                )
        rolled = _through_children(std)
        if rolled:
            lines += ["", "Groups evidenced through their children:", ""]
            lines += [f"- {_md(group)} ← {_md(children)}" for group, children in rolled]
    if report.issues:
        lines += ["", "## Issues", "", "| kind | item | problem | to fix |", "|---|---|---|---|"]
        for i in report.issues:
            lines.append(f"| {i.kind} | {_md(i.title)} | {_md(i.reason)} | {_md(i.fix)} |")
    return "\n".join(lines) + "\n"


def render_html(report: GapReport) -> str:
    """A standalone HTML page; every value is escaped."""
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>AIMS gap report {e(report.assessed_on)}</title></head><body>",
        f"<h1>AIMS gap report — {e(report.assessed_on)}</h1>",
        f'<p class="verdict {e(_verdict(report))}">Verdict: {e(_verdict(report))}</p>',
    ]
    for key, std in report.standards.items():
        parts.append(f'<section id="{e(key)}"><h2>{e(_headline(std))}</h2>')
        if std.gaps:
            parts.append("<table><tr><th>requirement</th><th>reason</th><th>to close</th></tr>")
            for gap in std.gaps:
                parts.append(
                    f"<tr><td>{e(gap.notation)} {e(gap.label)}</td><td>{e(gap.reason)}</td>"
                    f"<td>{e(gap.fix)}</td></tr>"
                )
            parts.append("</table>")
        derived = [(i, x) for i in std.evidence for x in i["evidence"] if "path" in x]
        if derived:
            parts.append("<h3>Evidence through crosswalks</h3><ul>")
            for item, x in derived:
                p = x["path"]
                parts.append(
                    f"<li>{e(item['notation'])} ← {e(p['from'])} ({e(p['relationship'])}): "
                    f"{e(x['title'])} ({e(x['status'])})</li>"
                )
            parts.append("</ul>")
        rolled = _through_children(std)
        if rolled:
            parts.append("<h3>Groups evidenced through their children</h3><ul>")
            parts += [f"<li>{e(group)} ← {e(children)}</li>" for group, children in rolled]
            parts.append("</ul>")
        parts.append("</section>")
    if report.issues:
        parts.append('<section id="issues"><h2>Issues</h2><ul>')
        for i in report.issues:
            parts.append(f"<li>{e(i.kind)} {e(i.title)}: {e(i.reason)} — {e(i.fix)}</li>")
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
