"""The AI-system pages through the TestClient: create and edit with CSRF, link a document,
obligations and gaps shown, bad input refused with a clear page and nothing written."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import ApiEnv
from tests.api.test_app_ui import SCRIPT, _client, _csrf


def test_create_edit_link_and_see_obligations(
    api_env: ApiEnv, sample_document: dict[str, Any]
) -> None:
    admin = _client(api_env, "admin")
    page = admin.get("/systems")
    assert page.status_code == 200 and "Add a system" in page.text
    form = {
        "csrf": _csrf(page.text),
        "id": "ui-sys",
        "name": f"Analytics {SCRIPT}",
        "aliases": "Northwind Analytics",
        "roles": ["provider"],
        "risk_class": "high-risk-annex-iii",
        "in_scope": "yes",
    }
    assert admin.post("/systems", data=form | {"csrf": "nope"}).status_code == 403
    done = admin.post("/systems", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/systems/ui-sys"
    shown = admin.get("/systems/ui-sys").text
    assert SCRIPT not in shown and "&lt;script&gt;" in shown
    assert "art-9" in shown and "missing" in shown and "art-26" not in shown
    doc_id = sample_document["result"]["document"]
    assert f'name="document" value="{doc_id}"' in shown  # the document names the alias
    viewer = _client(api_env, "viewer")
    assert "Link " not in viewer.get("/systems/ui-sys").text
    linked = admin.post(
        "/systems/ui-sys/links",
        data={"csrf": _csrf(shown), "document": doc_id},
        follow_redirects=False,
    )
    assert linked.status_code == 303
    assert "Unlink" in admin.get("/systems/ui-sys").text
    edit = {k: v for k, v in form.items() if k != "id"} | {
        "roles": ["deployer"],
        "csrf": _csrf(shown),
    }
    assert admin.post("/systems/ui-sys", data=edit, follow_redirects=False).status_code == 303
    assert "art-26" in admin.get("/systems/ui-sys").text
    dashboard = api_env.client.get("/api/dashboard", headers=api_env.headers("viewer")).json()
    row = next(r for r in dashboard["systems"] if r["id"] == "ui-sys")
    assert row["missing"] > 0 and not row["complete"]
    assert "/systems/ui-sys" in admin.get("/").text
    gaps = api_env.client.get("/api/validation", headers=api_env.headers("viewer")).json()
    mine = next(r for r in gaps["systems"] if r["id"] == "ui-sys")
    assert {"notation": "art-26", "status": "missing"}.items() <= next(
        g for g in mine["gaps"] if g["notation"] == "art-26"
    ).items()
    assert "Per AI system" in admin.get("/gaps").text


def test_bad_form_shows_the_problem_and_writes_nothing(api_env: ApiEnv) -> None:
    admin = _client(api_env, "admin")
    page = admin.get("/systems").text
    before = len(api_env.client.get("/api/systems", headers=api_env.headers("viewer")).json())
    bad = admin.post(
        "/systems", data={"csrf": _csrf(page), "name": "No roles", "risk_class": "minimal"}
    )
    assert bad.status_code == 422 and "roles" in bad.text
    assert (
        len(api_env.client.get("/api/systems", headers=api_env.headers("viewer")).json()) == before
    )
    assert admin.get("/systems/no-such-system").status_code == 404


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _inventory_xlsx(rows: list[list[str]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _system_ids(api_env: ApiEnv) -> set[str]:
    listed = api_env.client.get("/api/systems", headers=api_env.headers("viewer")).json()
    return {s["id"] for s in listed}


def test_inventory_form_lists_bad_rows_and_imports_a_good_file(api_env: ApiEnv) -> None:
    viewer = _client(api_env, "viewer")
    shown = viewer.get("/systems").text
    assert "Import an inventory" not in shown and "inventory-form" not in shown
    refused = viewer.post(
        "/systems/inventory/import",
        data={"csrf": _csrf(shown)},
        files={"file": ("inv.csv", b"name,roles,risk_class\nX,provider,minimal\n", "text/csv")},
    )
    assert refused.status_code == 403
    admin = _client(api_env, "admin")
    page = admin.get("/systems").text
    assert 'action="/systems/inventory/import"' in page and "Import an inventory" in page
    before = _system_ids(api_env)
    bad = (
        "name,roles,risk_class\nForm Alpha,provider,minimal\n"
        f"Form Beta,provider,scary\nForm Gamma,king,limited\n{SCRIPT},deployer,nope\n"
    )
    answer = admin.post(
        "/systems/inventory/import",
        data={"csrf": _csrf(page)},
        files={"file": ("inventory.csv", bad.encode(), "text/csv")},
    )
    assert answer.status_code == 422 and "text/html" in answer.headers["content-type"]
    problems = answer.context["problems"]  # type: ignore[attr-defined]
    assert {(p["row"], p["field"]) for p in problems} == {
        (2, "risk_class"),
        (3, "roles"),
        (4, "risk_class"),
    }
    assert "<h1>AI systems</h1>" in answer.text and "Nothing was imported" in answer.text
    assert "scary" in answer.text and "king" in answer.text and SCRIPT not in answer.text
    assert _system_ids(api_env) == before  # the good row was not written either
    not_a_sheet = admin.post(
        "/systems/inventory/import",
        data={"csrf": _csrf(page)},
        files={"file": ("inventory.txt", b"name\nX\n", "text/plain")},
    )
    assert not_a_sheet.status_code == 422 and ".csv or .xlsx" in not_a_sheet.text
    forged = admin.post(
        "/systems/inventory/import",
        data={"csrf": "nope"},
        files={"file": ("inventory.csv", b"name,roles,risk_class\nX,provider,minimal\n")},
    )
    assert forged.status_code == 403 and _system_ids(api_env) == before
    good = _inventory_xlsx(
        [
            ["id", "name", "roles", "risk_class", "aliases"],
            ["form-alpha", "Form Alpha", "provider", "minimal", "Alpha Bot"],
            ["form-beta", "Form Beta", "provider; deployer", "high-risk-annex-iii", ""],
        ]
    )
    done = admin.post(
        "/systems/inventory/import",
        data={"csrf": _csrf(page)},
        files={"file": ("register.xlsx", good, XLSX)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/systems?created=2&updated=0&unchanged=0"
    listed = admin.get(done.headers["location"])
    assert "Imported 2 new and 0 updated AI systems." in listed.text
    assert 'href="/systems/form-alpha"' in listed.text and "Form Beta" in listed.text
    assert _system_ids(api_env) == before | {"form-alpha", "form-beta"}
    again = admin.post(
        "/systems/inventory/import",
        data={"csrf": _csrf(page)},
        files={"file": ("register.xlsx", good, XLSX)},
        follow_redirects=False,
    )
    assert again.headers["location"] == "/systems?created=0&updated=0&unchanged=2"
    told = admin.get(again.headers["location"])
    assert "Imported 0 new and 0 updated AI systems; 2 unchanged." in told.text
    beta = api_env.client.get("/api/systems/form-beta", headers=api_env.headers("viewer")).json()
    assert beta["system"]["roles"] == ["provider", "deployer"] and beta["obligations"]
