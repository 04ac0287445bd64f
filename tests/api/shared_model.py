"""The embedding model, loaded once per test process and shared by every test workspace.

Like a workspace's, it keeps the vectors of the packaged reference texts in the per-user
model cache (``~/.cache/aimsgraph/models/reference-vectors.sqlite``, keyed by model version),
so the ~690 requirement texts are embedded once per machine, not once per scorer build.
Passage vectors are not cached: each test embeds its documents afresh.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from api.workspace import Workspace

if TYPE_CHECKING:
    from mapping.retrieval.embedder import Embedder


@cache
def shared_embedder() -> Embedder:
    from mapping.retrieval.embedder import default_model_cache_dir, load_embedder

    return load_embedder(reference_cache_dir=default_model_cache_dir())


def share_model(workspace: Workspace) -> Workspace:
    """Give ``workspace`` the process's one loaded model instead of loading its own."""
    workspace.__dict__["embedder"] = shared_embedder()
    return workspace
