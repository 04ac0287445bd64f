"""After a decision the gap report validates the touched requirements over a small data graph:
the touched artefacts' links plus, per requirement and shape, one untouched artefact whose
links still count (:func:`shapes.incremental._witnesses`), not every link of the requirement.
Here a requirement keeps evidence from one document while a decision on another document's
link to it is undone: the report must still count it, exactly as a validation from scratch
does (an ISO/IEC 42001 clause that requires documented information, and an Annex A control,
whose shape also asks for a current review date).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.api.test_incremental_reports import Library, _same_as_from_scratch
from tests.conftest import initialised_data_dir

_DOCUMENTED = """
PREFIX aims: <https://w3id.org/aimsgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation WHERE {
  ?clause aims:requiresDocumentedInformation true ;
          skos:inScheme <https://w3id.org/aimsgraph/std/iso42001> ; skos:notation ?notation .
}
"""


@pytest.fixture(scope="module")
def library(
    tmp_path_factory: pytest.TempPathFactory, reference_template: Path
) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("incremental-witness")
    data_dir = initialised_data_dir(reference_template, root / "data")
    ws = share_model(Workspace.open(Settings(data_dir=data_dir)))
    app = create_app(ws)
    _, token = app.state.tokens.create("Witness Admin", "admin")
    with TestClient(app) as client:
        yield Library(ws, client, token)
    ws.close()


def _gap_notations(report: dict[str, Any]) -> set[str]:
    return {gap["notation"] for gap in report["standards"]["iso42001"]["gaps"]}


def test_evidence_of_an_untouched_document_still_counts_after_a_decision(
    library: Library, tmp_path: Path
) -> None:
    lib = library
    policy = lib.upload(DEMO_DOCS / "ai-policy.md")  # reviewed until 2027
    procedure = lib.upload(DEMO_DOCS / "model-lifecycle-procedure.md")
    # past its review date: its evidence does not count for an Annex A control, but does
    # for a clause's documented information (whose shape asks for no review date)
    text = (DEMO_DOCS / "ai-incident-and-supplier-procedure.md").read_text(encoding="utf-8")
    stale_text = re.sub(r"(?m)^review_date: .*$", "review_date: 2020-01-31", text)
    assert stale_text != text
    (tmp_path / "stale-procedure.md").write_text(stale_text, encoding="utf-8")
    stale = lib.upload(tmp_path / "stale-procedure.md")
    _same_as_from_scratch(lib, updated=False)  # the first read works everything out
    documented = {row["notation"] for row in lib.ws.store.select_text(_DOCUMENTED)}
    waiting = [i for i in lib.queue(policy) if i["standard"] == "iso42001"]
    clause = next(i for i in waiting if i["notation"] in documented)
    control = next(i for i in waiting if i["notation"].startswith("A."))
    late = next(
        i
        for i in lib.queue(stale)
        if i["notation"] in documented - {clause["notation"]} and i["standard"] == "iso42001"
    )
    for link in (clause, control, late):
        lib.decide(link, "confirm")
    report, _ = _same_as_from_scratch(lib, updated=True)
    evidenced = {clause["notation"], control["notation"], late["notation"]}
    assert evidenced.isdisjoint(_gap_notations(report))
    for target in sorted(evidenced):
        other = next(i for i in lib.queue(procedure) if i["notation"] != target)
        done = lib.decide(other, "retarget", retarget_to=target, comment="same requirement")
        _same_as_from_scratch(lib, updated=True, dashboard_first=True)
        # the procedure's link to the requirement rejected: only the other document's
        # (untouched) link is left to evidence it
        moved = _link(lib, procedure, done["retarget_link_id"] or done["link_id"])
        assert moved["notation"] == target and moved["status"] == "confirmed"
        lib.decide(moved, "reject", comment="not this one after all")
        report, _ = _same_as_from_scratch(lib, updated=True, dashboard_first=True)
        assert target not in _gap_notations(report)


def _link(lib: Library, document: str, link_id: str) -> dict[str, Any]:
    listing = lib.call("GET", "/api/suggestions", params={"document": document, "limit": 5000})
    items = listing["items"] if isinstance(listing, dict) else listing
    return next(i for i in items if i["id"] == link_id)
