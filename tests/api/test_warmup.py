"""The warm-up ``serve`` starts, given the app: it has the app work out its routes and
compiles every template, besides the workspace's kept values (real workspace, the app and its
templates; the kept values themselves are checked in test_incremental_reports.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api.app import create_app
from api.settings import Settings
from api.warmup import prepare_routes, warm_up
from api.workspace import Workspace
from tests.conftest import initialised_data_dir


def test_warm_up_with_the_app_compiles_every_template(
    reference_template: Path, tmp_path: Path
) -> None:
    settings = Settings(data_dir=initialised_data_dir(reference_template, tmp_path / "data"))
    with Workspace.open(settings) as ws:
        app = create_app(ws, settings)
        env = app.state.templates.env
        names = set(env.list_templates())
        assert "review.html" in names and not env.cache
        warm_up(ws, app).join(timeout=300)
        assert {key[1] for key in env.cache} == names
        assert ws.evidence_index.builds == 1


def test_prepare_routes_answers_the_app_s_not_found(
    reference_template: Path, tmp_path: Path
) -> None:
    """The one request goes through every router to the app's own 404 (an app that failed
    it would show here, where the warm-up only logs that it stopped). Sent from a thread of
    its own, as the warm-up does: a browser test earlier in the same process may leave an
    event loop running in the main thread."""
    settings = Settings(data_dir=initialised_data_dir(reference_template, tmp_path / "data"))
    with Workspace.open(settings) as ws, ThreadPoolExecutor(1) as pool:
        assert pool.submit(prepare_routes, create_app(ws, settings)).result(timeout=120) == 404
