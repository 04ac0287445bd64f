"""Every change to the record is an event with who, when, before and after, and the audit
log (JSON and page), the audit pack and OSCAL say the same: a re-target names its target and
the link it creates, a carry-over is written against the new version's link and credits the
person it rests on, a metadata edit and an SoA setting keep the value before. The SoA refuses
*implemented* without current evidence or a justification, and counts documents."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.schemas import Decision
from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir


@dataclass
class Trail:
    app: FastAPI
    ws: Workspace
    tokens: dict[str, str]
    document: str

    def api(self, role: str = "viewer") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def browser(self, role: str) -> TestClient:
        client = TestClient(self.app)
        page = client.get("/signin")
        presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        client.post("/signin", data={"token": self.tokens[role], "csrf": presession})
        return client

    def events(self, kind: str) -> list[dict[str, Any]]:
        answer = TestClient(self.app).get(
            "/api/audit", params={"kind": kind, "per_page": 200}, headers=self.api()
        )
        assert answer.status_code == 200, answer.text
        events: list[dict[str, Any]] = answer.json()["events"]
        return events

    def pack(self) -> dict[str, list[dict[str, str]]]:
        answer = TestClient(self.app).get("/api/audit-pack", headers=self.api())
        assert answer.status_code == 200, answer.text
        with zipfile.ZipFile(io.BytesIO(answer.content)) as pack:
            return {
                name: list(csv.DictReader(io.StringIO(pack.read(name).decode())))
                for name in ("audit-log.csv", "evidence.csv")
            } | {"oscal": [json.loads(pack.read("oscal/assessment-results.json"))]}


def csrf(page: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def trail(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Iterator[Trail]:
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("trail-data"))
    settings = Settings(data_dir=data_dir)
    ws = share_model(Workspace.open(settings))
    report = ws.ingest(
        [DEMO_DOCS / "ai-policy.md"],
        IngestOptions(parse_timeout_s=None, review_date="2999-12-31", owner="Risk Office"),
    )
    app = create_app(ws, settings)
    tokens = {
        role: app.state.tokens.create(f"{role.title()} Trail", role)[1]
        for role in ("viewer", "reviewer", "admin")
    }
    with TestClient(app):
        yield Trail(app, ws, tokens, report.documents[0].id)
    ws.close()


def test_a_retarget_names_its_target_and_the_link_it_creates(trail: Trail) -> None:
    first, second = trail.ws.review_queue(trail.document, "iso42001")[:2]
    target = next(
        n for n in ("A.2.2", "A.2.3", "A.2.4") if n not in (first.notation, second.notation)
    )
    browser = trail.browser("reviewer")
    form = {
        "csrf": csrf(browser.get("/review").text),
        "saw_version": str(first.version),
        "decision": "retarget",
        "retarget_to": target,
        "comment": "wrong control",
    }
    assert browser.post(f"/review/{first.id}", data=form, follow_redirects=False).status_code == 303
    [event] = [e for e in trail.events("decision") if e["link"] == first.id]
    assert (event["decision"], event["who"], event["target"]) == (
        "retarget",
        "Reviewer Trail",
        target,
    )
    assert (event["before"], event["after"]) == ("suggested", "rejected")
    created = event["created_link"]
    assert created and created != first.id
    made = {link.id: link for link in trail.ws.suggestions(document=trail.document)}
    assert made[created].notation == target and made[created].status == "confirmed"
    assert [h.type for h in trail.ws.history(created)] == ["retarget"], "the new link's trail"
    page = trail.browser("viewer").get("/audit", params={"kind": "decision"}).text
    row = page[page.index(f"<code>{first.id}</code>") :]
    row = row[: row.index("</tr>")]
    assert f"→ {target}" in page and f"created link <code>{created}</code>" in row
    pack = trail.pack()
    [logged] = [r for r in pack["audit-log.csv"] if r["link"] == first.id]
    assert (logged["target"], logged["created_link"], logged["who"]) == (
        target,
        created,
        "Reviewer Trail",
    )
    assert (logged["before"], logged["after"]) == ("suggested", "rejected")
    decided = trail.ws.history(first.id)[-1].time
    assert logged["time"] == event["time"] == decided, "when: the same instant everywhere"
    assert event["time"][:19].replace("T", " ") in page
    [evidence] = [r for r in pack["evidence.csv"] if r["link"] == created]
    assert evidence["confirmed_by"] == "Reviewer Trail"
    assert evidence["confirmed_at"] == decided


def test_a_metadata_edit_is_logged_with_before_and_after(trail: Trail) -> None:
    client = TestClient(trail.app)
    body = {"review_date": "2998-01-31", "owner": "Risk Office"}  # the owner does not change
    answer = client.patch(
        f"/api/documents/{trail.document}", json=body, headers=trail.api("reviewer")
    )
    assert answer.status_code == 200, answer.text
    events = [e for e in trail.events("metadata") if e["document"] == trail.document]
    assert [(e["field"], e["before"], e["after"], e["who"]) for e in events] == [
        ("review_date", "2999-12-31", "2998-01-31", "Reviewer Trail")
    ], "one event per field that changed"
    assert events[0]["time"] >= trail.ws.document(trail.document).ingested_at
    browser = trail.browser("reviewer")
    page = browser.get(f"/documents/{trail.document}").text
    form = {
        "csrf": csrf(page),
        "title": "AI policy (trail)",
        "type": "",
        "owner": "",
        "version": "",
        "effective_date": "",
        "review_date": "2998-01-31",
    }
    browser.post(f"/documents/{trail.document}/edit", data=form, follow_redirects=False)
    changed = {e["field"]: e for e in trail.events("metadata") if e["document"] == trail.document}
    assert changed["owner"]["before"] == "Risk Office" and changed["owner"]["after"] is None
    assert changed["title"]["after"] == "AI policy (trail)"
    page = trail.browser("viewer").get("/audit", params={"kind": "metadata"}).text
    assert "review date</span> changed" in page and "2999-12-31" in page
    logged = [r for r in trail.pack()["audit-log.csv"] if r["kind"] == "metadata"]
    assert {(r["field"], r["before"], r["after"]) for r in logged} >= {
        ("review_date", "2999-12-31", "2998-01-31"),
        ("owner", "Risk Office", ""),
    }


def test_an_soa_setting_keeps_the_row_before_it(trail: Trail) -> None:
    client = TestClient(trail.app)
    first = {"applicable": False, "justification": "No third parties"}
    then = {
        "applicable": True,
        "justification": "Suppliers arrive",
        "implementation_status": "planned",
    }
    for body in (first, then):
        answer = client.put("/api/soa/A.10.3", json=body, headers=trail.api("admin"))
        assert answer.status_code == 200, answer.text
    events = [e for e in trail.events("soa") if e["notation"] == "A.10.3"]
    assert [(e["before"], e["before_comment"], e["after"], e["comment"]) for e in events] == [
        ("excluded", "No third parties", "planned", "Suppliers arrive"),
        ("applicable", None, "excluded", "No third parties"),
    ]
    logged = [r for r in trail.pack()["audit-log.csv"] if r["notation"] == "A.10.3"]
    assert [(r["before"], r["after"], r["who"], r["time"]) for r in logged] == [
        ("excluded", "planned", "Admin Trail", events[0]["time"]),
        ("applicable", "excluded", "Admin Trail", events[1]["time"]),
    ]
    assert events[0]["time"] > events[1]["time"]
    page = trail.browser("viewer").get("/audit", params={"kind": "soa"}).text
    assert "No third parties" in page[page.index("A.10.3") :]


def test_implemented_needs_current_evidence_or_a_justification(trail: Trail) -> None:
    client = TestClient(trail.app)
    bare = {"applicable": True, "implementation_status": "implemented"}
    refused = client.put("/api/soa/A.9.4", json=bare, headers=trail.api("admin"))
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "soa_row_refused" and "no current evidence" in error["message"]
    browser = trail.browser("admin")
    form = {
        "csrf": csrf(browser.get("/soa").text),
        "applicable": "yes",
        "justification": "",
        "implementation_status": "implemented",
    }
    page = browser.post("/soa/A.9.4", data=form)
    assert page.status_code == 422
    row = page.text[page.text.index('id="row-A.9.4"') :]
    row = row[: row.index("</tr>")]
    assert "Implemented needs current evidence" in row and 'aria-invalid="true"' in row
    assert "<option selected>implemented</option>" in row, "the choice is kept"
    assert 'class="notice error"' in page.text and 'id="main"' in page.text
    justified = bare | {"justification": "Shown by the 2026 internal audit report"}
    assert (
        client.put("/api/soa/A.9.4", json=justified, headers=trail.api("admin")).status_code == 200
    )
    # with current confirmed evidence, no justification is needed
    link = next(
        x for x in trail.ws.review_queue(trail.document, "iso42001") if x.notation.startswith("A.")
    )
    trail.ws.decide(Decision(link=link.id, decision="confirm"), "Human Reviewer")
    answer = client.put(f"/api/soa/{link.notation}", json=bare, headers=trail.api("admin"))
    assert answer.status_code == 200, answer.text
    row = answer.json()
    assert row["evidence_count"] == 1 and row["evidence_passage_count"] >= 1


def test_evidence_is_counted_and_exported_once_per_document(trail: Trail) -> None:
    rows = TestClient(trail.app).get("/api/soa", headers=trail.api()).json()
    for row in rows:
        documents = {ref["document_id"] for ref in row["evidence"]}
        assert row["evidence_count"] == len(documents)
    exported = TestClient(trail.app).get("/api/soa/export", headers=trail.api()).text
    for line in csv.DictReader(io.StringIO(exported)):
        cited = [c for c in line["evidence"].split("; ") if c.endswith("]")]
        assert len(cited) == len(set(cited)) == int(line["evidence_count"]), line["notation"]


def test_a_carry_over_is_logged_on_the_new_link_and_credits_the_person(
    trail: Trail, tmp_path: Path
) -> None:
    from rdflib import URIRef
    from rdflib.namespace import PROV

    from ingest.artefacts import artefact_iri
    from mapping.evidence.review import link_id_for
    from mapping.evidence.revisions import carry_over_revision
    from ontology.namespaces import requirement_iri

    ws = trail.ws  # a document of its own: the module's document is not superseded
    source = (DEMO_DOCS / "model-lifecycle-procedure.md").read_text()
    first = tmp_path / "lifecycle.md"
    first.write_text(source)
    old = (
        ws.ingest(
            [first],
            IngestOptions(parse_timeout_s=None, title="Lifecycle v1", review_date="2999-12-31"),
        )
        .documents[0]
        .id
    )
    link = next(
        x for x in ws.review_queue(old, "iso42001") if x.notation.startswith("A.")
    )  # an Annex A control: the SoA and OSCAL cite it too
    ws.decide(Decision(link=link.id, decision="confirm"), "Carried Person")
    copy = tmp_path / "lifecycle-v2.md"
    # the same passages and one new section (the same text alone would be a rendition)
    added = "\n\n## Review of this procedure\n\nIts owner reviews this procedure every year.\n"
    copy.write_text(source + added)
    new = (
        ws.ingest(
            [copy],
            IngestOptions(parse_timeout_s=None, title="Lifecycle v2", review_date="2999-12-31"),
        )
        .documents[0]
        .id
    )
    old_iri, new_iri = artefact_iri(old), artefact_iri(new)
    ws.store.update(
        f"INSERT DATA {{ GRAPH <https://w3id.org/aimsgraph/graph/org> "
        f"{{ {URIRef(new_iri).n3()} {PROV.wasRevisionOf.n3()} {URIRef(old_iri).n3()} }} }}"
    )
    carried = carry_over_revision(ws.store, str(new_iri))
    new_link = link_id_for(str(new_iri), str(requirement_iri(link.standard, link.notation)))
    assert new_link in carried.carried_over, carried
    old_trail = [h.type for h in ws.history(link.id)]
    assert "carryOver" not in old_trail, "the old link's trail ends with the person"
    events = [e for e in trail.events("decision") if e["decision"] == "carryOver"]
    [event] = [e for e in events if e["link"] == new_link]
    assert event["document"] == new and event["who"] == "aimsgraph"
    assert event["informed_by_who"] == "Carried Person" and event["after"] == "carriedOver"
    assert not [e for e in events if e["link"] == link.id]
    pack = trail.pack()
    rows = {r["link"]: r for r in pack["evidence.csv"]}
    assert rows[new_link]["confirmed_by"] == "Carried Person"
    assert rows[new_link]["carried_over_by"].startswith("aimsgraph")
    assert rows[link.id]["confirmed_by"] == "Carried Person"
    assert rows[link.id]["superseded_by"] == new and not rows[new_link]["superseded_by"]
    assert "aimsgraph" not in {r["confirmed_by"] for r in pack["evidence.csv"]}
    [logged] = [r for r in pack["audit-log.csv"] if r["link"] == new_link]
    assert logged["informed_by_who"] == "Carried Person"
    oscal = json.dumps(pack["oscal"][0])
    assert "Carried Person" in oscal


# Errors stay in the form: a refused decision comes back in the queue's layout (422) with
# what was typed kept and the problem beside its field.


def test_a_mistyped_retarget_keeps_the_comment(trail: Trail) -> None:
    item = trail.ws.review_queue(trail.document, "iso42001")[0]
    browser = trail.browser("reviewer")
    form = {
        "csrf": csrf(browser.get("/review").text),
        "saw_version": str(item.version),
        "decision": "retarget",
        "retarget_to": "A.6.2.99",
        "comment": "Covered by the lifecycle section",
    }
    page = browser.post(f"/review/{item.id}", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert 'aria-label="Main"' in page.text, "in the layout, not an error page"
    assert ">Covered by the lifecycle section</textarea>" in page.text
    assert 'value="A.6.2.99" aria-invalid="true"' in page.text
    assert 'id="retarget-error"' in page.text and "A.6.2.99" in page.text
    assert f'data-link="{item.id}"' in page.text, "the same item is shown"
    assert trail.ws.history(item.id) == [], "nothing was recorded"


def test_a_bulk_confirm_with_nothing_ticked_says_so_in_the_page(trail: Trail) -> None:
    browser = trail.browser("reviewer")
    form = {
        "csrf": csrf(browser.get("/review").text),
        "decision": "confirm",
        "reason": "covered by the policy",
    }
    page = browser.post("/review-bulk", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert 'aria-label="Main"' in page.text and 'id="bulk-error"' in page.text
    assert "Nothing was confirmed: tick the items" in page.text
    assert 'value="covered by the policy"' in page.text, "the reason is kept"


def test_more_suggestions_says_what_it_did(trail: Trail) -> None:
    browser = trail.browser("reviewer")
    page = browser.get("/review", params={"document": trail.document}).text
    form = {"csrf": csrf(page), "document": trail.document, "standard": "iso42001"}
    answer = browser.post("/review-more", data=form)
    assert answer.status_code == 200
    notice = answer.text[answer.text.index('id="more-notice"') :]
    notice = notice[: notice.index("</p>")]
    assert "more suggestion" in notice or "No more suggestions" in notice
    if "below the usual confidence cut" not in notice:
        assert "min_score=0" not in str(answer.url), "the cut stays unless said otherwise"


def test_dashboard_tiles_count_what_coverage_counts(trail: Trail, tmp_path: Path) -> None:
    ws = trail.ws
    text = "# Model monitoring\n\nWe monitor deployed AI models for drift and log incidents.\n"
    (tmp_path / "undated.md").write_text(text)
    undated = ws.ingest([tmp_path / "undated.md"], IngestOptions(parse_timeout_s=None))
    document = undated.documents[0].id
    link = next(x for x in ws.review_queue(document, "iso42001") if x.notation.startswith("A."))
    ws.decide(Decision(link=link.id, decision="confirm"), "Human Reviewer")
    board = TestClient(trail.app).get("/api/dashboard", headers=trail.api()).json()
    report = ws.gaps()
    counted = {
        e["notation"]
        for e in report.standards["iso42001"].evidence
        if e["notation"].startswith("A.")
    }
    assert sum(g["counted"] for g in board["annex_a"]) == len(counted)
    if link.notation not in counted:  # confirmed only from the undated document
        group = next(g for g in board["annex_a"] if link.notation.startswith(g["group"] + "."))
        assert group["confirmed"] > group["counted"]
        page = trail.browser("viewer").get("/").text
        assert "confirmed, not counting" in page
    page = trail.browser("viewer").get("/").text
    assert page.count('class="scope-note"') == 3, "each standard's scope is explained"


def test_the_kept_order_follows_decisions_and_matches_a_fresh_read(trail: Trail) -> None:
    """The audit log's order is kept across decisions (merging only their decisions) and
    read whole after other writes; either way it is the order audit_page.rq gives."""
    from mapping.record.audit_log import audit_log
    from mapping.record.audit_order import read_order

    ws, kept = trail.ws, trail.ws.audit_order
    ws.audit()  # the order is now kept
    builds, merges = kept.builds, kept.merges
    first, second = ws.review_queue(trail.document, "iso42001")[:2]
    done = ws.decide(Decision(link=first.id, decision="confirm"), "Order Reviewer")
    ws.decide(Decision(link=second.id, decision="reject"), "Order Reviewer")
    ws.undo_decision(done.decision_id, "Order Reviewer")
    for kind in (None, "decision"):
        through_app = (
            TestClient(trail.app)
            .get(
                "/api/audit",
                params={"per_page": 5, **({"kind": kind} if kind else {})},
                headers=trail.api(),
            )
            .json()
        )
        fresh = audit_log(ws.store, kind, 1, 5)  # audit_page.rq, every event ordered
        assert through_app == fresh.model_dump(mode="json")
    assert (kept.builds, kept.merges) == (builds, merges + 1), "merged, not read whole"
    assert kept.current() == read_order(ws.store)
    logged = {e.event for e in kept.current() if e.kind == "decision"}
    assert done.decision_iri in logged, "the undone confirm stays in the log"
