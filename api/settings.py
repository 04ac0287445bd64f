"""Settings, declared once: the same list feeds the CLI options, the environment and the docs.

Only ``api/`` reads the environment; lower layers get explicit parameters.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ontology.errors import InputError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
#: The embedding backends (mapping.retrieval.embedder.BACKENDS; repeated so settings import no model code).
EMBEDDING_BACKENDS = ("onnx-int8", "torch", "torch-int8")
DEFAULT_EMBEDDING_BACKEND = "onnx-int8"


def _meta(env: str, help_text: str) -> dict[str, str]:
    return {"env": env, "help": help_text}


@dataclass(frozen=True)
class Settings:
    """Everything an aimsgraph process can be configured with."""

    data_dir: Path = field(
        default=Path("./aimsgraph-data"),
        metadata=_meta(
            "AIMSGRAPH_DATA_DIR", "Directory holding the embedded store, vectors and originals."
        ),
    )
    shared_dir: Path | None = field(
        default=None,
        metadata=_meta(
            "AIMSGRAPH_SHARED_DIR",
            "Folder that several instances on one remote store share: originals, the embedding "
            "cache, tokens and the session key live there; default: the data directory.",
        ),
    )
    store_url: str | None = field(
        default=None,
        metadata=_meta(
            "AIMSGRAPH_STORE",
            "SPARQL 1.1 query URL of a remote store; default: the embedded store.",
        ),
    )
    store_update_url: str | None = field(
        default=None,
        metadata=_meta(
            "AIMSGRAPH_STORE_UPDATE",
            "SPARQL update URL of the remote store; default: the query URL with /query replaced "
            "by /update (oxigraph serve, Fuseki), else the query URL itself (Virtuoso).",
        ),
    )
    store_timeout_s: float = field(
        default=60.0,
        metadata=_meta(
            "AIMSGRAPH_STORE_TIMEOUT",
            "Seconds to wait for a remote store's answer before reporting 'no answer'.",
        ),
    )
    store_batch_triples: int = field(
        default=1000,
        metadata=_meta(
            "AIMSGRAPH_STORE_BATCH",
            "Most triples per INSERT DATA sent to a remote store (Virtuoso refuses a few thousand).",
        ),
    )
    model: str = field(
        default=DEFAULT_MODEL,
        metadata=_meta(
            "AIMSGRAPH_MODEL",
            "Sentence-transformers model name or path; default: the bundled all-MiniLM-L6-v2.",
        ),
    )
    embedding_backend: str = field(
        default=DEFAULT_EMBEDDING_BACKEND,
        metadata=_meta(
            "AIMSGRAPH_EMBEDDING_BACKEND",
            "How the model runs: onnx-int8 (int8 ONNX: about 3x faster than torch, ranking quality within noise), torch (PyTorch float32) or torch-int8.",
        ),
    )
    model_cache_dir: Path | None = field(
        default=None,
        metadata=_meta(
            "AIMSGRAPH_MODEL_CACHE",
            "Directory for built model files (the ONNX export) and the vectors of the packaged reference texts; default: $XDG_CACHE_HOME/aimsgraph/models or ~/.cache/aimsgraph/models.",
        ),
    )
    max_upload_bytes: int = field(
        default=50 * 1024 * 1024,
        metadata=_meta(
            "AIMSGRAPH_MAX_UPLOAD_BYTES",
            "Largest file accepted by ingest, upload and OSCAL import, in bytes.",
        ),
    )
    max_body_bytes: int = field(
        default=1024 * 1024,
        metadata=_meta(
            "AIMSGRAPH_MAX_BODY_BYTES",
            "Largest request body of any other route (JSON, forms, SPARQL), in bytes; a larger one gets 413 before it is read.",
        ),
    )
    sparql_timeout_s: float = field(
        default=10.0,
        metadata=_meta(
            "AIMSGRAPH_SPARQL_TIMEOUT",
            "Time limit of one query on the /sparql endpoint, in seconds.",
        ),
    )
    sparql_result_limit: int = field(
        default=10_000,
        metadata=_meta(
            "AIMSGRAPH_SPARQL_RESULT_LIMIT", "Most rows the /sparql endpoint returns for one query."
        ),
    )

    llm_url: str | None = field(
        default=None,
        metadata=_meta(
            "AIMSGRAPH_LLM_URL",
            "Base URL (ending in /v1) of an OpenAI-compatible chat endpoint that verifies "
            "suggestions (optional; loopback only unless AIMSGRAPH_LLM_ALLOW_REMOTE); "
            "default: none, and every feature works without one.",
        ),
    )
    llm_model: str | None = field(
        default=None,
        metadata=_meta(
            "AIMSGRAPH_LLM_MODEL",
            "Model name to ask the endpoint for; default: the first one GET /v1/models lists.",
        ),
    )
    llm_api_key_env: str | None = field(
        default=None,
        metadata=_meta(
            "AIMSGRAPH_LLM_API_KEY_ENV",
            "Name of the environment variable holding the endpoint's API key (never the key "
            "itself); default: no key.",
        ),
    )
    llm_timeout_s: float = field(
        default=120.0,
        metadata=_meta(
            "AIMSGRAPH_LLM_TIMEOUT", "Seconds to wait for one answer of the language model."
        ),
    )
    llm_concurrency: int = field(
        default=1,
        metadata=_meta(
            "AIMSGRAPH_LLM_CONCURRENCY", "Most requests sent to the language model at once."
        ),
    )
    llm_allow_remote: bool = field(
        default=False,
        metadata=_meta(
            "AIMSGRAPH_LLM_ALLOW_REMOTE",
            "1 to allow a language-model endpoint on another machine: the requirement and the "
            "cited document text are then sent to it.",
        ),
    )

    def __post_init__(self) -> None:
        if self.max_upload_bytes <= 0:
            raise InputError("max_upload_bytes must be positive")
        if self.max_body_bytes <= 0:
            raise InputError("max_body_bytes must be positive")
        if self.store_timeout_s <= 0 or self.store_batch_triples <= 0:
            raise InputError("store_timeout_s and store_batch_triples must be positive")
        if self.sparql_timeout_s <= 0:
            raise InputError("sparql_timeout_s must be positive")
        if self.sparql_result_limit <= 0:
            raise InputError("sparql_result_limit must be positive")
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise InputError(
                f"unknown embedding backend {self.embedding_backend!r}",
                hint=f"choose one of {', '.join(EMBEDDING_BACKENDS)} "
                "(AIMSGRAPH_EMBEDDING_BACKEND / --embedding-backend)",
            )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from the environment, with explicit overrides (e.g. CLI options) winning."""
        env = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = f.metadata["env"]
            if overrides.get(f.name) is not None:
                values[f.name] = overrides[f.name]
            elif name in env and env[name] != "":
                values[f.name] = _coerce(f.type, env[name], name)
        if values.get("model_cache_dir") is None and env.get("XDG_CACHE_HOME"):
            # The per-user cache honours XDG here, where the environment is read.
            values["model_cache_dir"] = Path(env["XDG_CACHE_HOME"]) / "aimsgraph" / "models"
        for name in ("data_dir", "model_cache_dir", "shared_dir"):
            if values.get(name) is not None:
                values[name] = Path(values[name])
        return cls(**values)


def _coerce(kind: Any, raw: str, name: str) -> Any:
    text = str(kind)
    if text == "bool":
        if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
            raise InputError(f"environment variable {name}={raw!r} is not 1 or 0")
        return raw.lower() in {"1", "true", "yes"}
    try:
        if "int" in text and "str" not in text:
            return int(raw)
        if "float" in text:
            return float(raw)
    except ValueError:
        raise InputError(f"environment variable {name}={raw!r} is not a number") from None
    return raw


def settings_table() -> list[dict[str, str]]:
    """Name, environment variable, default and help of every setting (for docs and --help)."""
    return [
        {
            "name": f.name,
            "env": f.metadata["env"],
            "default": str(f.default),
            "help": f.metadata["help"],
        }
        for f in fields(Settings)
    ]
