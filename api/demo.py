"""``make demo``: a data directory with the reference, sample documents, suggestions and
tokens, then the server.

    python -m api.demo --data-dir demo-data --corpus ../shared/corpus --host 127.0.0.1 --port 8000

Steps, each idempotent so a re-run picks up where the last one stopped: open (or create) the
data directory; load the reference graph; ingest a sample of the corpus folder (or, where it
is absent, the short policies shipped in ``api/demo_docs/``) and suggest their evidence;
create a reviewer and an admin token; print the URL and the tokens; serve.

The demo keeps its two tokens in plain text in ``DATA_DIR/demo-tokens.json`` (mode 0600) so
that a re-run can print them again; real deployments create tokens with
``aimsgraph token create`` and never store them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from api.auth import TokenStore
from api.settings import Settings
from api.workspace import Workspace
from ingest.pipeline import IngestOptions
from ingest.worker import ReaderWorker
from ontology.errors import AimsgraphError
from ontology.reference import load_reference

DEMO_DOCS = Path(__file__).resolve().parent / "demo_docs"
SUPPORTED = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx"}
DEMO_ROLES = (("reviewer", "Demo Reviewer"), ("admin", "Demo Admin"))


@dataclass
class DemoSetup:
    """What the demo prepared."""

    documents: list[dict[str, object]] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)


def sample_documents(corpus: Path | None, count: int) -> list[Path]:
    """``count`` documents of the corpus (smallest first, for a quick start), else the samples."""
    if corpus is not None and corpus.is_dir():
        files = [
            p
            for p in corpus.iterdir()
            if p.is_file() and p.suffix.lower() in SUPPORTED and p.name != "INDEX.md"
        ]
        chosen = sorted(files, key=lambda p: (p.stat().st_size, p.name))[:count]
        if chosen:
            return sorted(chosen)
    return sorted(DEMO_DOCS.glob("*.md"))


def ingest_samples(
    ws: Workspace, paths: Sequence[Path], report: bool = True
) -> list[dict[str, object]]:
    """Ingest each path through the workspace's ingest; failures are reported, not fatal."""
    done: list[dict[str, object]] = []
    with ReaderWorker() as worker:
        options = IngestOptions(
            max_bytes=ws.settings.max_upload_bytes, worker=worker, uploaded_by="demo"
        )
        outcome = ws.ingest(paths, options)
    for failure in outcome.failures:
        print(f"  skipped {failure.file}: {failure.message}", file=sys.stderr)
    for document in outcome.documents:
        done.append({"id": document.id, "title": document.title, "status": document.status})
        if report:
            print(f"  {document.status:9} {document.id}  {document.title}", file=sys.stderr)
    return done


def demo_tokens(data_dir: Path) -> dict[str, str]:
    """The demo's reviewer and admin tokens: reused while valid, created otherwise."""
    tokens = TokenStore.for_data_dir(data_dir)
    path = data_dir / "demo-tokens.json"
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    for role, name in DEMO_ROLES:
        principal = tokens.verify(known.get(role, ""))
        if principal is None or principal.role.value != role:
            # a demo token whose secret was lost (names are unique): replace it
            for record in tokens.list():
                if record.name.casefold() == name.casefold():
                    tokens.revoke(record.id)
            known[role] = tokens.create(name, role)[1]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(known, out, indent=2)
    return known


def prepare(ws: Workspace, corpus: Path | None, count: int = 4) -> DemoSetup:
    """Everything but serving: reference, sample documents with suggestions, tokens."""
    print("loading the reference graph …", file=sys.stderr)
    load_reference(ws.store)
    paths = sample_documents(corpus, count)
    source = "corpus" if corpus is not None and paths and paths[0].parent == corpus else "samples"
    print(
        f"ingesting {len(paths)} documents from the {source} and suggesting evidence …",
        file=sys.stderr,
    )
    documents = ingest_samples(ws, paths)
    return DemoSetup(documents, demo_tokens(ws.data_dir))


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m api.demo",
        description="Prepare a demo data directory (reference, documents, tokens) and serve it.",
    )
    parser.add_argument("--data-dir", type=Path, default=Path("demo-data"))
    parser.add_argument("--corpus", type=Path, default=None, help="Folder of documents to sample.")
    parser.add_argument(
        "--sample", type=int, default=4, help="How many corpus documents to ingest."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="Prepare, print, and exit.")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the demo data directory, print how to sign in, and serve."""
    args = _arguments(argv)
    settings = Settings.from_env(data_dir=args.data_dir)
    try:
        with Workspace.open(settings) as ws:
            setup = prepare(ws, args.corpus.resolve() if args.corpus else None, args.sample)
            url = f"http://{args.host}:{args.port}/"
            print(f"\naimsgraph demo: {len(setup.documents)} documents in {ws.data_dir}")
            print(f"open {url} and sign in with a token:")
            for role, token in setup.tokens.items():
                print(f"  {role:8} {token}")
            print(
                f"SPARQL endpoint: {url}sparql (send 'Authorization: Bearer <token>')\n", flush=True
            )
            if not args.no_serve:
                _serve(ws, settings, args.host, args.port)
    except AimsgraphError as error:
        print(f"error: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"hint: {error.hint}", file=sys.stderr)
        return 2
    return 0


def _serve(ws: Workspace, settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(ws, settings), host=host, port=port, log_level="info")


if __name__ == "__main__":
    sys.exit(main())
