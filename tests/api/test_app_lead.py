"""The compliance lead's pages and operations through the TestClient, on a workspace of their
own (these tests confirm, reject and edit the SoA): crosswalk suggestions with their basis,
the gap report's fix actions, SoA inline validation, tokens, error pages, search, audit."""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.schemas import Decision, SoaUpdate
from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from tests.api.conftest import DEMO_DOCS
from tests.api.shared_model import share_model
from tests.conftest import initialised_data_dir


@dataclass
class Lead:
    app: FastAPI
    ws: Workspace
    tokens: dict[str, str]
    document: str

    def api(self, role: str = "viewer") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def browser(self, role: str) -> TestClient:
        """A client signed in through the sign-in form (a session cookie, like a browser)."""
        client = TestClient(self.app)
        page = client.get("/signin")
        presession = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        client.post("/signin", data={"token": self.tokens[role], "csrf": presession})
        return client


def csrf(page: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def lead(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Iterator[Lead]:
    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("lead-data"))
    settings = Settings(data_dir=data_dir)
    ws = share_model(Workspace.open(settings))
    report = ws.ingest([DEMO_DOCS / "ai-policy.md"], IngestOptions(parse_timeout_s=None))
    app = create_app(ws, settings)
    tokens = {
        role: app.state.tokens.create(f"{role.title()} Lead", role)[1]
        for role in ("viewer", "reviewer", "admin")
    }
    with TestClient(app):
        yield Lead(app, ws, tokens, report.documents[0].id)
    ws.close()


def crosswalked_suggestion(lead: Lead) -> tuple[dict[str, Any], dict[str, Any]]:
    """Confirm 42001 suggestions of the policy until one makes a crosswalk link elsewhere;
    returns (the confirmed 42001 link, a crosswalk-made link of another standard)."""
    for link in lead.ws.review_queue(lead.document, "iso42001"):
        made = {
            x.id
            for s in ("iso27001", "euaiact")
            for x in lead.ws.suggestions(document=lead.document, standard=s)
        }
        lead.ws.decide(Decision(link=link.id, decision="confirm"), "Lead Tester")
        for standard in ("iso27001", "euaiact"):
            for other in lead.ws.suggestions(document=lead.document, standard=standard):
                if other.id not in made and other.method == "crosswalk":
                    return link.model_dump(), other.model_dump()
    raise AssertionError("no confirmation of the policy made a crosswalk link")


@pytest.fixture(scope="module")
def crosswalked(lead: Lead) -> tuple[dict[str, Any], dict[str, Any]]:
    return crosswalked_suggestion(lead)


def test_requirement_json_gives_each_crosswalk_link_its_basis(
    lead: Lead, crosswalked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    source, made = crosswalked
    client = TestClient(lead.app)
    detail = client.get(
        f"/api/requirements/{made['notation']}",
        params={"standard": made["standard"]},
        headers=lead.api(),
    ).json()
    [entry] = [e for e in detail["evidence"] if e["id"] == made["id"]]
    basis = entry["basis"]
    assert basis["kind"] == "crosswalk"
    assert (basis["source_link"], basis["source_notation"]) == (source["id"], source["notation"])
    assert basis["source_standard"] == "iso42001" and basis["source_status"] == "confirmed"
    assert basis["decided_by"] == "Lead Tester"
    assert basis["relationship"] in {"equal", "subsetOf", "supersetOf", "intersectsWith"}
    assert basis["mapping"].startswith("https://")
    assert entry["passages"], "a crosswalk-made link cites its source's passages"
    assert {p["text"] for p in entry["passages"]} <= {p["text"] for p in source["passages"]} | {
        p["text"] for p in lead.ws.document(lead.document).model_dump()["passage_list"]
    }
    assert source["notation"] in entry["why"] and f"{entry['score']:.2f}" in entry["why"]
    direct = [e for e in detail["evidence"] if e["basis"] is None]
    assert all(e["why"].startswith("Confidence") for e in direct)


def test_requirement_page_shows_the_basis_and_decides_in_place(
    lead: Lead, crosswalked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    source, made = crosswalked
    client = lead.browser("reviewer")
    url = f"/requirements/{made['standard']}/{made['notation']}"
    page = client.get(url).text
    card = page[page.index(f'id="link-{made["id"]}"') :]
    card = card[: card.index("</article>")]
    assert f"/requirements/iso42001/{source['notation']}" in card
    assert source["id"] in card and "Lead Tester" in card
    assert 'class="basis-relationship"' in card and 'class="basis-rationale"' in card
    assert "<blockquote" in card and "Why it scored" in card
    form = {"csrf": csrf(page), "decision": "confirm", "saw_version": str(made["version"])}
    done = client.post(f"{url}/links/{made['id']}", data=form, follow_redirects=False)
    assert done.status_code == 303 and "decided=confirm" in done.headers["location"]
    after = client.get(done.headers["location"]).text
    assert 'id="decision-notice"' in after and "confirmed" in after
    again = client.post(f"{url}/links/{made['id']}", data=form)
    assert again.status_code == 409  # the version it saw is gone: refused, not overwritten


def test_deciding_from_a_requirement_page_refuses_bad_input(
    lead: Lead, crosswalked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    source, _ = crosswalked
    client = lead.browser("reviewer")
    url = f"/requirements/iso42001/{source['notation']}"
    token = csrf(client.get(url).text)
    wrong = client.post(f"{url}/links/{source['id']}", data={"csrf": token, "decision": "burn"})
    assert wrong.status_code == 422 and "unknown decision" in wrong.text
    other = client.post(
        "/requirements/iso42001/A.2.2/links/" + source["id"],
        data={"csrf": token, "decision": "reject"},
    )
    assert other.status_code == 422 and "is not evidence of" in other.text
    forged = client.post(f"{url}/links/{source['id']}", data={"decision": "reject"})
    assert forged.status_code == 403
    viewer = lead.browser("viewer")
    page = viewer.get(url).text
    assert 'class="buttons decide"' not in page
    assert (
        viewer.post(
            f"{url}/links/{source['id']}", data={"csrf": csrf(page), "decision": "reject"}
        ).status_code
        == 403
    )


@pytest.fixture(scope="module")
def twin_document(lead: Lead) -> str:
    """A second copy of the policy (one line more, another title): its requirements get a
    second link each, so a requirement's evidence has more than one page of one."""
    text = (DEMO_DOCS / "ai-policy.md").read_text(encoding="utf-8")
    text = re.sub("risk register", "risk log", text, flags=re.IGNORECASE)  # search finds one
    source = lead.ws.data_dir / "ai-policy-copy.md"
    source.write_text(text + "\nThis copy is kept by the records office.\n", encoding="utf-8")
    options = IngestOptions(parse_timeout_s=None, title="AI policy (records copy)")
    return lead.ws.ingest([source], options).documents[0].id


def busiest_requirement(lead: Lead) -> str:
    """The ISO/IEC 42001 notation with the most evidence links in the library."""
    listing = [x.notation for x in lead.ws.suggestions(standard="iso42001", limit=5000)]
    return max(set(listing), key=listing.count)


def test_requirement_pages_its_evidence_with_counts_of_all(lead: Lead, twin_document: str) -> None:
    """One page of a requirement's links (best first), the counts of all of them, and the
    next page carrying on where the first stopped; the same links as the full listing."""
    client = TestClient(lead.app)
    notation = busiest_requirement(lead)
    everything = lead.ws.suggestions(control=notation, standard="iso42001")
    url = f"/api/requirements/{notation}"
    first = client.get(url, params={"limit": 1}, headers=lead.api())
    detail = first.json()
    assert int(first.headers["X-Total-Count"]) == detail["evidence_total"] == len(everything)
    statuses = [x.status for x in everything]
    assert detail["evidence_counts"] == {s: statuses.count(s) for s in set(statuses)}
    assert [e["id"] for e in detail["evidence"]] == [everything[0].id]
    paged = []
    for offset in range(len(everything)):
        page = client.get(url, params={"limit": 1, "offset": offset}, headers=lead.api()).json()
        paged += [e["id"] for e in page["evidence"]]
    assert len(everything) >= 2 and paged == [x.id for x in everything]
    past = client.get(url, params={"offset": len(everything)}, headers=lead.api()).json()
    assert past["evidence"] == [] and past["evidence_total"] == len(everything)
    html = lead.browser("viewer").get(f"/requirements/iso42001/{notation}").text
    assert 'id="evidence-summary"' in html and f"{len(everything)} evidence link(s)" in html


def test_requirement_page_offers_more_links_past_its_first_page(
    lead: Lead, twin_document: str
) -> None:
    notation = busiest_requirement(lead)
    detail = lead.ws.requirement(notation, "iso42001", limit=1)
    assert detail.evidence_total >= 2, "two documents evidence the busiest requirement"
    client = lead.browser("viewer")
    page = client.get(f"/requirements/iso42001/{notation}").text
    assert ("More links" in page) == (detail.evidence_total > 50)
    second = client.get(f"/requirements/iso42001/{notation}", params={"offset": 1}).text
    assert "Previous links" in second
    shown = lead.ws.requirement(notation, "iso42001", offset=1)
    assert [e.id for e in shown.evidence] == [
        x.id for x in lead.ws.suggestions(control=notation, standard="iso42001")
    ][1:51]


@pytest.fixture(scope="module")
def stale_document(lead: Lead) -> str:
    """A document with no owner and a review date in the past, one of its links confirmed."""
    path = DEMO_DOCS / "model-lifecycle-procedure.md"
    text = path.read_text(encoding="utf-8").split("---", 2)[-1]  # without its front matter
    source = lead.ws.data_dir / "lifecycle-undated.md"
    source.write_text(text, encoding="utf-8")
    options = IngestOptions(parse_timeout_s=None, review_date="2020-01-31", title="Old lifecycle")
    document = lead.ws.ingest([source], options).documents[0].id
    best = lead.ws.review_queue(document, "iso42001")[0]
    lead.ws.decide(Decision(link=best.id, decision="confirm"), "Lead Tester")
    return document


def test_every_gap_has_fix_actions_in_the_report(lead: Lead, stale_document: str) -> None:
    report = TestClient(lead.app).get("/api/validation", headers=lead.api()).json()
    gaps = [(s, g) for s, entry in report["standards"].items() for g in entry["gaps"]]
    assert gaps and all(g["actions"] for _, g in gaps)
    assert all(a["href"].startswith("/") for _, g in gaps for a in g["actions"])
    controls = [g for s, g in gaps if s == "iso42001" and g["kind"] == "control"]
    kinds = {a["kind"] for a in controls[0]["actions"]}
    assert {"upload", "soa"} <= kinds
    soa = next(a for a in controls[0]["actions"] if a["kind"] == "soa")
    assert soa["href"] == f"/soa#row-{controls[0]['notation']}"
    waiting = next(g for _, g in gaps if g["suggestions"])
    review = next(a for a in waiting["actions"] if a["kind"] == "review")
    assert review["href"].endswith(f"/{waiting['notation']}#evidence")
    stale = [g for _, g in gaps if any(d["document"] == stale_document for d in g["out_of_date"])]
    assert stale, "the confirmed evidence of the out-of-date document is reported"
    renew = [a for a in stale[0]["actions"] if a["kind"] == "review_date"]
    assert renew[0]["href"] == f"/documents/{stale_document}#edit"
    assert renew[0]["document"] == stale_document
    crosswalked = [g for s, g in gaps if s != "iso42001" and g["counterparts"]]
    assert any(a["kind"] == "counterpart" for a in crosswalked[0]["actions"])
    [issue] = [i for i in report["issues"] if i["id"] == stale_document]
    assert issue["reason"] == "no owner"
    assert issue["actions"][0]["href"] == f"/documents/{stale_document}#edit"


def test_gap_page_offers_buttons_not_commands(lead: Lead, stale_document: str) -> None:
    page = lead.browser("viewer").get("/gaps").text
    assert "aimsgraph soa set" not in page and "aimsgraph review" not in page
    assert f'href="/documents/{stale_document}#edit"' in page
    for role in ("viewer", "reviewer"):  # the anchor the link goes to is there for both
        target = lead.browser(role).get(f"/documents/{stale_document}").text
        assert 'id="edit"' in target, role
    assert 'class="action action-soa" href="/soa#row-' in page
    assert 'id="issues"' in page and "Old lifecycle" in page


def test_a_gap_is_closed_from_its_review_action(lead: Lead) -> None:
    client = lead.browser("reviewer")
    report = client.get("/api/validation", headers=lead.api()).json()
    gap = next(
        g
        for g in report["standards"]["iso42001"]["gaps"]
        if g["kind"] == "control"
        and g["suggestions"]
        and g["suggestions"][0]["document"] == lead.document  # current: it will count
    )
    action = next(a for a in gap["actions"] if a["kind"] == "review")
    page = client.get(action["href"].split("#")[0]).text
    best = gap["suggestions"][0]["link"]
    version = re.search(rf'links/{best}".*?name="saw_version" value="(\d+)"', page, re.S).group(1)  # type: ignore[union-attr]
    form = {"csrf": csrf(page), "decision": "confirm", "saw_version": version}
    client.post(f"{action['href'].split('#')[0]}/links/{best}", data=form)
    after = client.get("/api/validation", headers=lead.api()).json()
    assert gap["notation"] not in {g["notation"] for g in after["standards"]["iso42001"]["gaps"]}


def test_soa_exclusion_without_justification_is_refused_inline(lead: Lead) -> None:
    client = lead.browser("admin")
    token = csrf(client.get("/soa").text)
    form = {"csrf": token, "applicable": "no", "justification": "", "implementation_status": ""}
    refused = client.post("/soa/A.10.3", data=form, follow_redirects=False)
    assert refused.status_code == 422
    page = refused.text
    assert 'aria-label="Main"' in page, "inside the layout, with the navigation"
    assert "--justification" not in page
    row = page[page.index('id="row-A.10.3"') :]
    row = row[: row.index("</tr>")]
    assert 'class="invalid"' in page and 'aria-invalid="true"' in row
    assert "needs a justification" in row
    assert '<option value="no" selected>' in row, "the choice made is kept"
    rows = TestClient(lead.app).get("/api/soa", headers=lead.api()).json()
    assert next(r for r in rows if r["notation"] == "A.10.3")["applicable"] is True

    saved = client.post(
        "/soa/A.10.3",
        data=form | {"justification": "We build no AI system with third parties"},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].startswith("/soa?saved=A.10.3")
    notice = client.get(saved.headers["location"]).text
    assert 'id="soa-saved"' in notice and "Saved A.10.3" in notice
    assert "We build no AI system with third parties" in notice
    assert 'id="soa-saved"' not in client.get("/soa").text


def test_soa_editor_refuses_a_status_on_an_exclusion_and_unknown_rows(lead: Lead) -> None:
    client = lead.browser("admin")
    token = csrf(client.get("/soa").text)
    form = {
        "csrf": token,
        "applicable": "no",
        "justification": "Not ours",
        "implementation_status": "planned",
    }
    refused = client.post("/soa/A.10.4", data=form)
    assert refused.status_code == 422 and "has no implementation status" in refused.text
    assert 'value="Not ours"' in refused.text
    bogus = client.post("/soa/A.10.4", data=form | {"implementation_status": "maybe"})
    assert bogus.status_code == 422 and "Unknown implementation status" in bogus.text
    missing = client.post("/soa/A.99", data=form | {"implementation_status": ""})
    assert missing.status_code == 404 and 'aria-label="Main"' in missing.text


def test_creating_a_token_redirects_and_shows_it_once(lead: Lead) -> None:
    client = lead.browser("admin")
    token = csrf(client.get("/tokens").text)
    before = len(lead.app.state.tokens.list())
    created = client.post(
        "/tokens",
        data={"csrf": token, "name": "Once Only", "role": "viewer"},
        follow_redirects=False,
    )
    assert created.status_code == 303 and created.headers["location"].startswith("/tokens?notice=")
    page = client.get(created.headers["location"])
    secret = re.search(r'id="new-token">(agt_[^<]+)<', page.text).group(1)  # type: ignore[union-attr]
    assert page.headers["cache-control"] == "no-store"
    assert lead.app.state.tokens.verify(secret).name == "Once Only"  # type: ignore[union-attr]
    reload = client.get(created.headers["location"]).text
    assert "new-token" not in reload and secret not in reload
    assert len(lead.app.state.tokens.list()) == before + 1, "a reload creates no second token"
    other = lead.browser("admin")  # the URL alone reveals nothing to anyone else
    assert "new-token" not in other.get(created.headers["location"]).text


def test_revoking_a_token_asks_first(lead: Lead) -> None:
    client = lead.browser("admin")
    record, secret = lead.app.state.tokens.create("Leaving Soon", "viewer")
    listing = client.get("/tokens").text
    assert f'href="/tokens/{record.id}/revoke"' in listing
    ask = client.get(f"/tokens/{record.id}/revoke").text
    assert 'id="confirm-revoke"' in ask and "Leaving Soon" in ask
    unconfirmed = client.post(f"/tokens/{record.id}/revoke", data={"csrf": csrf(ask)})
    assert unconfirmed.status_code == 200 and 'id="confirm-revoke"' in unconfirmed.text
    assert lead.app.state.tokens.verify(secret) is not None
    done = client.post(
        f"/tokens/{record.id}/revoke",
        data={"csrf": csrf(ask), "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Revoked the token of Leaving Soon" in client.get(done.headers["location"]).text
    assert lead.app.state.tokens.verify(secret) is None
    gone = client.get(f"/tokens/{record.id}/revoke")
    assert gone.status_code == 404 and 'aria-label="Main"' in gone.text
    assert lead.browser("reviewer").get(f"/tokens/{record.id}/revoke").status_code == 403


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no/such/page", 404),
        ("/documents/ffffffffffff", 404),
        ("/tokens", 403),
        ("/review?i=x", 422),
    ],
)
def test_error_pages_keep_the_navigation(lead: Lead, path: str, status: int) -> None:
    response = lead.browser("reviewer").get(path)
    assert response.status_code == status
    assert 'aria-label="Main"' in response.text and 'href="/gaps"' in response.text
    assert "Reviewer Lead" in response.text and 'id="error"' in response.text


def test_error_pages_for_signed_out_visitors_have_no_navigation(lead: Lead) -> None:
    response = TestClient(lead.app).get("/no/such/page")
    assert response.status_code == 404 and 'aria-label="Main"' not in response.text


def test_search_finds_documents_passages_and_requirements(lead: Lead) -> None:
    client = TestClient(lead.app)
    found = client.get("/api/search", params={"q": "Responsible AI"}, headers=lead.api()).json()
    assert lead.document in {d["id"] for d in found["documents"]}
    text = client.get("/api/search", params={"q": "RISK  register"}, headers=lead.api()).json()
    passage = text["passages"][0]
    assert passage["match"].lower() == "risk register" and text["query"] == "risk register"
    assert passage["document"] == lead.document
    assert "risk register" in (passage["before"] + passage["match"] + passage["after"]).lower()
    by_notation = client.get("/api/search", params={"q": "A.6.2"}, headers=lead.api()).json()
    assert by_notation["requirements"][0]["notation"].startswith("A.6.2")
    assert "iso42001" in {r["standard"] for r in by_notation["requirements"]}
    words = client.get("/api/search", params={"q": "impact assessment"}, headers=lead.api())
    assert {r["standard"] for r in words.json()["requirements"]} >= {"iso42001"}


def test_search_pages_through_passages(lead: Lead) -> None:
    client = TestClient(lead.app)
    first = client.get("/api/search", params={"q": "ai", "limit": 3}, headers=lead.api()).json()
    assert len(first["passages"]) == 3 and first["more"]["passages"]
    second = client.get(
        "/api/search", params={"q": "ai", "limit": 3, "offset": 3}, headers=lead.api()
    ).json()
    assert second["offset"] == 3
    assert not {p["passage"] for p in first["passages"]} & {
        p["passage"] for p in second["passages"]
    }


@pytest.mark.parametrize(
    "hostile",
    [
        '" } } ; DROP ALL ; #',
        '\\" . } INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
        '""" ) } UNION { ?s ?p ?o } #',
        "policy' || true || '",
    ],
)
def test_search_text_is_bound_never_spliced(lead: Lead, hostile: str) -> None:
    before = lead.ws.store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    response = TestClient(lead.app).get("/api/search", params={"q": hostile}, headers=lead.api())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == " ".join(hostile.split()).lower()
    assert body["documents"] == [] and body["passages"] == [] and body["requirements"] == []
    after = lead.ws.store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert before == after


def test_search_refuses_bad_input(lead: Lead) -> None:
    client = TestClient(lead.app)
    blank = client.get("/api/search", params={"q": "   "}, headers=lead.api())
    assert blank.status_code == 422 and blank.json()["error"]["message"] == "nothing to search for"
    long = client.get("/api/search", params={"q": "x" * 201}, headers=lead.api())
    assert long.status_code == 422 and long.json()["error"]["code"] == "invalid_request"
    paged = client.get("/api/search", params={"q": "ai", "offset": -1}, headers=lead.api())
    assert paged.status_code == 422
    assert client.get("/api/search", params={"q": "ai"}).status_code == 401


def test_search_page_and_box(lead: Lead) -> None:
    client = lead.browser("viewer")
    home = client.get("/").text
    assert 'role="search"' in home and 'action="/search"' in home
    page = client.get("/search", params={"q": "<b>risk</b>"}).text
    assert "<b>risk</b>" not in page and "&lt;b&gt;risk&lt;/b&gt;" in page
    page = client.get("/search", params={"q": "risk register"}).text
    assert 'id="search-summary"' in page and "<mark>" in page
    assert f'href="/documents/{lead.document}' in page
    assert "<mark>" not in client.get("/search").text


def test_audit_log_lists_what_happened_newest_first(
    lead: Lead, crosswalked: tuple[dict[str, Any], dict[str, Any]], stale_document: str
) -> None:
    client = TestClient(lead.app)
    lead.ws.set_soa_row("A.10.2", SoaUpdate(applicable=False, justification="No suppliers"))
    events = client.get("/api/audit", params={"per_page": 200}, headers=lead.api()).json()
    times = [e["time"] for e in events["events"]]
    assert times == sorted(times, reverse=True)
    kinds = {e["kind"] for e in events["events"]}
    assert {"decision", "upload", "soa"} <= kinds
    source, _ = crosswalked
    [confirmed] = [
        e for e in events["events"] if e["kind"] == "decision" and e["link"] == source["id"]
    ]
    assert confirmed["who"] == "Lead Tester" and confirmed["decision"] == "confirm"
    assert confirmed["notation"] == source["notation"] and confirmed["document"] == lead.document
    [row] = [e for e in events["events"] if e["kind"] == "soa" and e["notation"] == "A.10.2"]
    assert row["status"] == "excluded" and row["comment"] == "No suppliers"
    uploads = client.get("/api/audit", params={"kind": "upload"}, headers=lead.api()).json()
    assert {e["kind"] for e in uploads["events"]} == {"upload"}
    assert {lead.document, stale_document} <= {e["document"] for e in uploads["events"]}


def test_audit_log_keeps_every_soa_setting_and_who_made_it(lead: Lead) -> None:
    client = TestClient(lead.app)
    body = {"applicable": False, "justification": "Staff use no AI systems"}
    assert client.put("/api/soa/A.9.3", json=body, headers=lead.api("admin")).status_code == 200
    browser = lead.browser("admin")
    form = {
        "csrf": csrf(browser.get("/soa").text),
        "applicable": "yes",
        "justification": "",
        "implementation_status": "planned",
    }
    assert browser.post("/soa/A.9.3", data=form, follow_redirects=False).status_code == 303
    events = client.get(
        "/api/audit", params={"kind": "soa", "per_page": 200}, headers=lead.api()
    ).json()["events"]
    settings = {(e["status"], e["who"], e["comment"]) for e in events if e["notation"] == "A.9.3"}
    assert settings == {
        ("excluded", "Admin Lead", "Staff use no AI systems"),
        ("planned", "Admin Lead", None),
    }, "both settings are kept, each with the admin's token name"
    rows = client.get("/api/soa", headers=lead.api()).json()
    row = next(r for r in rows if r["notation"] == "A.9.3")
    assert (row["implementation_status"], row["set_by"]) == ("planned", "Admin Lead")
    page = lead.browser("viewer").get("/soa").text
    shown = page[page.index('id="row-A.9.3"') :]
    assert "set by Admin Lead" in shown[: shown.index("</tr>")]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "soa.csv"
        lead.ws.export_soa("csv", target)
        exported = next(r for r in csv.DictReader(target.open()) if r["notation"] == "A.9.3")
    assert exported["set_by"] == "Admin Lead" and exported["set_at"].startswith("20")


def test_an_upload_records_who_uploaded_it(lead: Lead) -> None:
    client = TestClient(lead.app)
    text = "# Supplier AI register\n\nWe keep a register of AI suppliers and review it yearly.\n"
    files = {"file": ("supplier-register.md", text.encode(), "text/markdown")}
    done = client.post("/api/documents?wait=true", files=files, headers=lead.api("reviewer"))
    assert done.json()["result"]["status"] == "new", done.text
    document = done.json()["result"]["document"]
    detail = client.get(f"/api/documents/{document}", headers=lead.api()).json()
    assert detail["uploaded_by"] == "Reviewer Lead"
    uploads = client.get("/api/audit", params={"kind": "upload"}, headers=lead.api()).json()
    [event] = [e for e in uploads["events"] if e["document"] == document]
    assert event["who"] == "Reviewer Lead"
    page = lead.browser("viewer").get(f"/documents/{document}").text
    uploaded = page[page.index('id="uploaded"') :]
    assert "by Reviewer Lead" in uploaded[: uploaded.index("</dd>")]


def test_documents_page_by_page_with_their_total(lead: Lead, stale_document: str) -> None:
    """The listing describes only its page: pages of one, joined, are the whole listing in
    the same order, and the total comes from a count."""
    client = TestClient(lead.app)
    whole = [d.id for d in lead.ws.documents()]
    assert stale_document in whole and len(whole) >= 2
    paged = []
    for offset in range(len(whole) + 1):
        answer = client.get(
            "/api/documents", params={"limit": 1, "offset": offset}, headers=lead.api()
        )
        assert int(answer.headers["X-Total-Count"]) == len(whole)
        paged += [d["id"] for d in answer.json()]
    assert paged == whole
    page = lead.browser("viewer").get("/documents", params={"offset": 1}).text
    assert f"All documents ({len(whole)})" in page and "Previous documents" in page
    assert f'id="doc-{whole[0]}"' not in page and f'id="doc-{whole[1]}"' in page
    # the order is kept between writes: an upload is listed and counted at once
    note = lead.ws.data_dir / "newest.md"
    note.write_text("# Newest\n\nModels are retrained every quarter by the ML team.\n")
    done = lead.ws.ingest([note], IngestOptions(parse_timeout_s=None), suggest=False)
    newest = done.documents[0].id
    answer = client.get("/api/documents", params={"limit": 500}, headers=lead.api())
    assert int(answer.headers["X-Total-Count"]) == len(whole) + 1
    assert newest in [d["id"] for d in answer.json()]
    lead.ws.delete_document(newest)
    answer = client.get("/api/documents", params={"limit": 500}, headers=lead.api())
    assert [d["id"] for d in answer.json()] == whole, "and a deletion at once"


def test_audit_log_pages_and_keeps_deletions(lead: Lead) -> None:
    client = TestClient(lead.app)
    note = lead.ws.data_dir / "short-lived.md"
    note.write_text("# Short-lived\n\nAI incidents are logged by the on-call engineer.\n")
    doc = lead.ws.ingest([note], IngestOptions(parse_timeout_s=None), suggest=False)
    lead.ws.delete_document(doc.documents[0].id)
    gone = client.get("/api/audit", params={"kind": "deletion"}, headers=lead.api()).json()
    assert doc.documents[0].id in {e["document"] for e in gone["events"]}
    first = client.get("/api/audit", params={"per_page": 2}, headers=lead.api()).json()
    second = client.get("/api/audit", params={"per_page": 2, "page": 2}, headers=lead.api()).json()
    assert len(first["events"]) == 2 and first["more"]
    assert not {e["event"] for e in first["events"]} & {e["event"] for e in second["events"]}
    assert first["events"][-1]["time"] >= second["events"][0]["time"]
    bad = client.get("/api/audit", params={"kind": "gossip"}, headers=lead.api())
    assert bad.status_code == 422
    assert client.get("/api/audit", params={"page": 0}, headers=lead.api()).status_code == 422
    assert client.get("/api/audit").status_code == 401


def test_audit_page(lead: Lead) -> None:
    client = lead.browser("viewer")
    page = client.get("/audit").text
    assert 'id="audit"' in page and 'aria-current="page">All' in page
    assert "Lead Tester" in page
    decisions = client.get("/audit", params={"kind": "decision"}).text
    assert 'class="event-upload"' not in decisions and 'class="event-decision"' in decisions
    bad = client.get("/audit", params={"kind": "gossip"})
    assert bad.status_code == 422 and 'aria-label="Main"' in bad.text


def test_audit_pack_download(lead: Lead, stale_document: str) -> None:
    import hashlib
    import io as _io
    import zipfile

    client = TestClient(lead.app)
    assert client.get("/api/audit-pack").status_code == 401
    response = client.get("/api/audit-pack", headers=lead.api())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert "aimsgraph-audit-pack-" in response.headers["content-disposition"]
    with zipfile.ZipFile(_io.BytesIO(response.content)) as pack:
        originals = [n for n in pack.namelist() if n.startswith("documents/")]
        assert any(n.startswith(f"documents/{stale_document}-") for n in originals)
        for name in originals:  # each original is the file its id was made from
            digest = hashlib.sha256(pack.read(name)).hexdigest()
            assert digest.startswith(name.split("/", 1)[1].split("-", 1)[0])
        evidence = pack.read("evidence.csv").decode()
        assert "Lead Tester" in evidence, "who confirmed the stale document's link"
    assert not any((lead.ws.data_dir / "exports").glob("*/*")), "the served copy is removed"
    page = lead.browser("viewer").get("/soa").text
    assert 'href="/api/audit-pack"' in page
    assert lead.browser("viewer").get("/api/audit-pack").status_code == 200, "a signed-in browser"
