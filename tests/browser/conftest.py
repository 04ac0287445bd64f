"""Browser tests: a real server (uvicorn in a thread) and Debian's Chromium driven by Playwright.

Never runs `playwright install`: the browser is the system's ``chromium``; the tests skip
with a reason where it is absent. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from api.settings import Settings
from api.workspace import Workspace
from tests.api.shared_model import share_model
from tests.conftest import ROOT, free_port, initialised_data_dir

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class Site:
    url: str
    tokens: dict[str, str]
    workspace: Workspace


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory, reference_template: Path) -> Iterator[Site]:
    import uvicorn

    data_dir = initialised_data_dir(reference_template, tmp_path_factory.mktemp("browser-data"))
    settings = Settings(data_dir=data_dir)
    workspace = share_model(Workspace.open(settings))
    app = create_app(workspace, settings)
    tokens = {
        role: app.state.tokens.create(f"{role.title()} Browser", role)[1]
        for role in ("viewer", "reviewer", "admin")
    }
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield Site(f"http://127.0.0.1:{port}", tokens, workspace)
    server.should_exit = True
    thread.join(timeout=30)
    workspace.close()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Chromium for the browser files, closed after them: Playwright's sync API runs an
    event loop in the main thread, and a later test's ``asyncio.run`` would find it (under
    ``make test`` the browser files may run before others on their worker)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium); browser tests skipped"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, site: Site, role: str) -> None:
    page.goto(f"{site.url}/")
    assert "/signin" in page.url
    page.get_by_label("Access token").fill(site.tokens[role])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site.url}/")
