"""The embedding model, loaded once per test process and shared by every test workspace."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from api.workspace import Workspace

if TYPE_CHECKING:
    from mapping.retrieval.embedder import Embedder


@cache
def shared_embedder() -> Embedder:
    from mapping.retrieval.embedder import load_embedder

    return load_embedder()


def share_model(workspace: Workspace) -> Workspace:
    """Give ``workspace`` the process's one loaded model instead of loading its own."""
    workspace.__dict__["embedder"] = shared_embedder()
    return workspace
