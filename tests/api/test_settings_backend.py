"""The embedding backend and model cache settings: defaults, environment, CLI, workspace."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from api.cli import cli
from api.cli.context import CliContext
from api.settings import EMBEDDING_BACKENDS, Settings
from api.workspace import Workspace
from mapping.retrieval.embedder import BACKENDS, DEFAULT_BACKEND
from ontology.errors import InputError


def test_defaults_are_the_embedder_s() -> None:
    settings = Settings.from_env({})
    assert settings.embedding_backend == DEFAULT_BACKEND == "onnx-int8"
    assert settings.model_cache_dir is None
    assert set(EMBEDDING_BACKENDS) == set(BACKENDS)


def test_environment_picks_backend_and_model_cache(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"AIMSGRAPH_EMBEDDING_BACKEND": "torch", "AIMSGRAPH_MODEL_CACHE": str(tmp_path)}
    )
    assert settings.embedding_backend == "torch"
    assert settings.model_cache_dir == tmp_path


def test_unknown_backend_is_refused_with_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_env({"AIMSGRAPH_EMBEDDING_BACKEND": "onnx-int4"})
    assert "onnx-int4" in caught.value.message
    assert caught.value.hint and all(name in caught.value.hint for name in EMBEDDING_BACKENDS)


def test_cli_option_sets_the_backend(tmp_path: Path) -> None:
    seen: list[str] = []

    @cli.command("backend-probe", hidden=True)
    @click.pass_obj
    def backend_probe(context: CliContext) -> None:
        seen.append(context.settings.embedding_backend)

    try:
        ok = CliRunner().invoke(cli, ["--embedding-backend", "torch-int8", "backend-probe"])
        assert ok.exit_code == 0, ok.output
        assert seen == ["torch-int8"]
        bad = CliRunner().invoke(cli, ["--embedding-backend", "fast", "backend-probe"])
        assert bad.exit_code == 2 and "fast" in bad.output
    finally:
        cli.commands.pop("backend-probe")


@pytest.mark.parametrize(
    ("backend", "label"),
    [("onnx-int8", "all-MiniLM-L6-v2+onnx-int8"), ("torch", "all-MiniLM-L6-v2")],
)
def test_workspace_loads_the_chosen_backend(tmp_path: Path, backend: str, label: str) -> None:
    """The workspace hands the setting to the embedder, whose name then says the backend."""
    settings = Settings(data_dir=tmp_path / "data", embedding_backend=backend)
    with Workspace.open(settings) as ws:
        assert ws.embedder.model_name == label
        assert ws.embedder.cache is not None


def test_model_cache_follows_xdg_and_the_explicit_setting_wins(tmp_path: Path) -> None:
    xdg = Settings.from_env({"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert xdg.model_cache_dir == tmp_path / "xdg" / "aimsgraph" / "models"
    explicit = Settings.from_env(
        {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "AIMSGRAPH_MODEL_CACHE": str(tmp_path / "m")}
    )
    assert explicit.model_cache_dir == tmp_path / "m"
    assert Settings.from_env({}).model_cache_dir is None
