"""``python -m benchmarks.browser_pages URL TOKEN``: time the pages a reviewer opens, in
real Chromium (Debian's ``chromium``, headless), against a running ``aimsgraph serve``.

Prints the wall time from navigation to the page's ``load`` event, each page opened three
times (the first in a fresh server process pays the evidence index's build or a report's
first run). Never asserts a time. Loopback servers only, e.g. a scale library::

    aimsgraph --data-dir scale-work/lib-01000 serve --port 8765 &
    python -m benchmarks.browser_pages http://127.0.0.1:8765 "$TOKEN"
"""

from __future__ import annotations

import argparse
import shutil
import time
from urllib.parse import urlsplit

from playwright.sync_api import Page, sync_playwright

#: The flags the browser tests use (no sandbox in containers, no network beyond the server).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = [
    ("review queue", "/review"),
    ("review queue, 3rd page", "/review?i=120"),
    ("dashboard", "/"),
    ("gap report", "/gaps"),
    ("SoA", "/soa"),
    ("audit log", "/audit"),
    ("documents", "/documents"),
]


def _sign_in(page: Page, url: str, token: str) -> None:
    page.goto(url + "/")
    page.get_by_label("Access token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(url + "/")


def _time(page: Page, url: str) -> float:
    started = time.perf_counter()
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        raise SystemExit(f"{url}: HTTP {response.status if response else 'no answer'}")
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser_pages", description=__doc__)
    parser.add_argument("url", help="the server, e.g. http://127.0.0.1:8765 (loopback only)")
    parser.add_argument("token", help="a viewer (or higher) access token")
    args = parser.parse_args(argv)
    url = args.url.rstrip("/")
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"{url}: only a loopback server may be measured")
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        _sign_in(page, url, args.token)
        print(f"{'page':24s} {'1st':>9s} {'2nd':>9s} {'3rd':>9s}")
        for name, path in PAGES:
            runs = [_time(page, url + path) for _ in range(3)]
            print(f"{name:24s} " + " ".join(f"{ms:6.0f} ms" for ms in runs))
        browser.close()


if __name__ == "__main__":
    main()
