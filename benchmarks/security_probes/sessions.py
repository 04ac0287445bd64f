"""Session, identity and bookkeeping probes.

- A session cookie replayed after sign-out, and after its token is revoked: refused (401).
- ``/signin?message=<text>``: the attacker's text is not on the page.
- 404, 422 and 413 answers: carry the security headers.
- A second token named like a live one ("Анна Петрова", then "анна петрова"): refused (409).
- "Анна Петрова" and "李雷" each confirm a link: each link's history names its own reviewer.
- A bulk decision with blank ids: the blanks are reported, the rest decided.
- An inventory with formula-like values exported to CSV and imported back: no value
  gains a ``'``.
"""

from __future__ import annotations

import csv
import io
import re

import httpx

from benchmarks.security_probes.harness import LiveServer, Outcome

HEADERS = ("x-content-type-options", "x-frame-options", "referrer-policy", "cache-control")


def run(server: LiveServer) -> list[Outcome]:
    return [
        _signed_out_cookie(server),
        _revoked_token_cookie(server),
        _signin_message(server),
        _error_headers(server),
        _duplicate_name(server),
        _unicode_reviewers(server),
        _bulk_blanks(server),
        _csv_round_trip(server),
    ]


def _outcome(probe: str, tried: str, answer: str, ok: bool, server: LiveServer) -> Outcome:
    return Outcome(probe, tried, answer, ok, server_alive=server.alive())


def _sign_in(server: LiveServer, token: str) -> httpx.Client:
    client = httpx.Client(base_url=server.base, timeout=60)
    page = client.get("/signin")
    presession = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert presession is not None
    client.post("/signin", data={"token": token, "csrf": presession.group(1)})
    return client


def _replay(server: LiveServer, cookie: str) -> int:
    with httpx.Client(base_url=server.base, timeout=30) as client:
        client.cookies.set("aimsgraph_session", cookie)
        return client.get("/api/me").status_code


def _signed_out_cookie(server: LiveServer) -> Outcome:
    client = _sign_in(server, server.tokens["viewer"])
    try:
        cookie = client.cookies.get("aimsgraph_session") or ""
        before = _replay(server, cookie)
        page = client.get("/")
        csrf = re.search(r'data-csrf="([^"]+)"', page.text)
        client.post("/signout", data={"csrf": csrf.group(1) if csrf else ""})
    finally:
        client.close()
    after = _replay(server, cookie)
    answer = f"cookie before sign-out {before}, replayed after {after}"
    return _outcome("sessions", "replay a cookie after sign-out", answer, after == 401, server)


def _revoked_token_cookie(server: LiveServer) -> Outcome:
    with server.client("admin") as admin:
        made = admin.post(
            "/api/tokens", json={"name": "Probe Short Lived", "role": "viewer"}
        ).json()
        client = _sign_in(server, made["token"])
        cookie = client.cookies.get("aimsgraph_session") or ""
        client.close()
        admin.delete(f"/api/tokens/{made['id']}")
    after = _replay(server, cookie)
    return _outcome(
        "sessions", "replay a cookie after its token is revoked", f"{after}", after == 401, server
    )


def _signin_message(server: LiveServer) -> Outcome:
    bait = "<b>Your account is locked: call +1 555 0100</b>"
    page = httpx.get(f"{server.base}/signin", params={"message": bait}, timeout=30).text
    shown = bait in page or "+1 555 0100" in page
    return _outcome(
        "sessions",
        "/signin?message=<attacker text>",
        "text shown" if shown else "not shown",
        not shown,
        server,
    )


def _error_headers(server: LiveServer) -> Outcome:
    with server.client("viewer") as client:
        answers = {
            "404": client.get("/api/no-such-route"),
            "422": client.get("/api/audit", params={"page": "zero"}),
            "413": client.post("/api/match", content=b"x" * (2 * 1024 * 1024)),
        }
    missing = [
        f"{status} lacks {name}"
        for status, answer in answers.items()
        for name in HEADERS
        if name not in answer.headers
    ]
    got = ", ".join(f"{k}->{v.status_code}" for k, v in answers.items())
    return _outcome(
        "headers",
        "404, 422 and 413 answers",
        f"{got}; {'; '.join(missing) or 'all headers set'}",
        not missing,
        server,
    )


def _duplicate_name(server: LiveServer) -> Outcome:
    with server.client("admin") as admin:
        statuses = [
            admin.post("/api/tokens", json={"name": name, "role": "reviewer"}).status_code
            for name in ("Probe Анна Петрова", "probe анна петрова")
        ]
    return _outcome(
        "identity",
        "two tokens named 'Probe Анна Петрова' / 'probe анна петрова'",
        f"{statuses[0]} then {statuses[1]}",
        statuses[1] == 409,
        server,
    )


def _suggested(server: LiveServer, count: int) -> list[dict[str, object]]:
    with server.client("viewer") as client:
        links = client.get("/api/suggestions", params={"status": "suggested"}).json()
    if len(links) < count:
        with server.client("reviewer", timeout=600) as client:
            text = (
                b"# AI policy\n\n## Risk\n\nWe assess AI risks every year and treat them.\n\n"
                b"## Testing\n\nEvery model is verified and validated before release.\n"
            )
            client.post("/api/documents?wait=true", files={"file": ("probe.md", text)})
        with server.client("viewer") as client:
            links = client.get("/api/suggestions", params={"status": "suggested"}).json()
    return list(links)


def _unicode_reviewers(server: LiveServer) -> Outcome:
    names = ("Анна Петрова", "李雷")
    links = _suggested(server, len(names))[: len(names)]
    shown = []
    with server.client("admin") as admin:
        for name, link in zip(names, links, strict=False):
            token = admin.post("/api/tokens", json={"name": name, "role": "reviewer"}).json()
            auth = {"Authorization": f"Bearer {token['token']}"}
            body = {"link": link["id"], "decision": "confirm"}
            httpx.post(f"{server.base}/api/reviews", json=body, headers=auth, timeout=120)
            history = admin.get(f"/api/reviews/{link['id']}").json()
            shown.append(history[-1]["reviewer"] if history else None)
    ok = len(links) == len(names) and list(names) == shown
    return _outcome(
        "identity",
        f"{' and '.join(names)} each confirm a link",
        f"histories show {shown}",
        ok,
        server,
    )


def _bulk_blanks(server: LiveServer) -> Outcome:
    links = _suggested(server, 1)[:1]
    body = {"links": ["", *[link["id"] for link in links], "  "], "decision": "reject"}
    with server.client("reviewer", timeout=120) as client:
        outcome = client.post("/api/reviews/bulk", json=body).json()
    blanks = [f for f in outcome.get("failed", []) if f.get("error") == "blank_id"]
    answer = f"{len(outcome.get('decided', []))} decided, {len(blanks)} blank ids reported"
    return _outcome("bulk", "a bulk reject with two blank ids", answer, len(blanks) == 2, server)


def _csv_round_trip(server: LiveServer) -> Outcome:
    text = (
        "id,name,purpose,owner,risk_class,roles\n"
        'probe-calc,"=SUM(A1)","-drops rows","@team",minimal,provider\n'
    )
    with server.client("admin") as admin:
        admin.post("/api/systems/import", params={"format": "csv"}, content=text.encode())
        first = admin.get("/api/systems/export", params={"format": "csv"}).text
        admin.post("/api/systems/import", params={"format": "csv"}, content=first.encode())
        again = admin.get("/api/systems/export", params={"format": "csv"}).text
        system = admin.get("/api/systems/probe-calc").json().get("system", {})
    row = next(r for r in csv.DictReader(io.StringIO(again)) if r["id"] == "probe-calc")
    ok = first == again and system.get("name") == "=SUM(A1)" and row["name"] == "'=SUM(A1)"
    return _outcome(
        "inventory CSV",
        "export, import back, export again (=SUM, -x, @x values)",
        f"name after round trip {system.get('name')!r}; exports equal: {first == again}",
        ok,
        server,
    )
