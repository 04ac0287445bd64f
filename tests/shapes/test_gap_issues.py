"""The gap report's issues are taken over by the next report only while what they are made
of (the artefacts' names, the issue shapes' results) stays the same; otherwise made again,
as :func:`shapes.gap_issues.issues_of` makes them."""

from __future__ import annotations

from shapes.gap_issues import issues_of, kept_issues
from shapes.report import ShapeResult

OWNER = "https://w3id.org/aimsgraph/ns#owner"
TIME = "http://www.w3.org/ns/prov#endedAtTime"


def _results() -> list[ShapeResult]:
    return [
        ShapeResult("ArtefactOwnerShape", "urn:doc:1", None, OWNER, "no owner"),
        ShapeResult("ApplicableControlEvidenceShape", "urn:soa:1", "urn:req:1", None, "none"),
        ShapeResult("DecisionAttributionShape", "urn:dec:1", None, TIME, "no time"),
    ]


def test_the_same_inputs_take_the_kept_issues_over() -> None:
    names = {"urn:doc:1": ("doc-1", "Policy")}
    first = kept_issues(names, _results(), None)
    assert first.issues == issues_of(names, _results())
    assert [i.code for i in first.issues] == ["no_owner", "no_time"]
    # a gap's result changed, not an issue's: the same issues, not made again
    other_gap = _results()[:1] + _results()[2:]
    assert kept_issues(names, other_gap, first) is first


def test_changed_inputs_make_the_issues_again() -> None:
    names = {"urn:doc:1": ("doc-1", "Policy")}
    first = kept_issues(names, _results(), None)
    more = [*_results(), ShapeResult("DecisionAttributionShape", "urn:dec:2", None, TIME, "x")]
    again = kept_issues(names, more, first)
    assert again is not first
    assert again.issues == issues_of(names, more)
    assert len(again.issues) == len(first.issues) + 1
    renamed = {"urn:doc:1": ("doc-1", "Policy, v2")}
    retitled = kept_issues(renamed, _results(), first)
    assert retitled is not first and retitled.issues[0].title == "Policy, v2"
