"""The FastAPI application: JSON API under ``/api``, SPARQL at ``/sparql``, the web UI.

:func:`create_app` builds an app for one open :class:`~api.workspace.Workspace`; nothing
happens at import time. The workspace and the app's services (tokens, sessions, the job
runner, the SPARQL service, templates) sit on ``app.state`` and reach routes through typed
dependencies (:mod:`api.dependencies`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.auth import SessionSigner, TokenStore
from api.errors import install_error_handlers
from api.guards import install_guards
from api.jobs import JobRunner
from api.settings import Settings
from api.sparql_endpoint import SparqlService
from api.uploads import FORM_SLACK
from api.workspace import Workspace
from ingest.worker import ReaderWorker

WEB_DIR = Path(__file__).resolve().parent / "web"

DESCRIPTION = """
aimsgraph maps an organisation's policy documents to ISO/IEC 42001 clauses and Annex A
controls, carries confirmed evidence across crosswalks to ISO/IEC 27001:2022 and the EU AI
Act, and reports what is missing.

**Authentication.** Every route but `/api/health` needs a token:
`Authorization: Bearer agt_…` (create one with `aimsgraph token create --role viewer --name N`).
Roles nest: *viewer* reads; *reviewer* also uploads and decides; *admin* also edits the
Statement of Applicability, manages tokens and deletes.

**Errors.** Every failure answers with one body:
`{"error": {"code": "not_found", "message": "…", "hint": "…"}}`.

**SPARQL.** A read-only SPARQL 1.1 Protocol endpoint is at `/sparql` (GET, POST form,
POST `application/sparql-query`).
"""

TAGS = [
    {"name": "documents", "description": "Upload, list and read artefacts and their passages."},
    {"name": "jobs", "description": "Background ingest and suggestion jobs with progress."},
    {"name": "suggestions", "description": "Evidence links suggested by the mapper."},
    {"name": "reviews", "description": "Reviewer decisions on evidence links."},
    {"name": "requirements", "description": "Clauses, controls and articles with coverage."},
    {"name": "crosswalk", "description": "Typed mappings between standards."},
    {"name": "match", "description": "Rank requirements for a free text."},
    {"name": "soa", "description": "The Statement of Applicability."},
    {
        "name": "systems",
        "description": "The register of AI systems, their documents and obligations.",
    },
    {"name": "validation", "description": "The completeness (gap) report."},
    {"name": "search", "description": "Search documents, passages and requirements."},
    {"name": "audit", "description": "The audit log: decisions, uploads, deletions, SoA."},
    {"name": "export", "description": "The whole graph as RDF."},
    {
        "name": "oscal",
        "description": "OSCAL 1.2 catalogs, mapping-collection, assessment results, POA&M.",
    },
    {"name": "tokens", "description": "Access tokens (admins)."},
    {"name": "sparql", "description": "SPARQL 1.1 Protocol (read-only)."},
]


def _version() -> str:
    try:
        return version("aimsgraph")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


def _templates(app: FastAPI) -> object:
    from api.web.render import make_templates

    return make_templates(WEB_DIR / "templates")


def _notices() -> object:
    from api.web.notices import OneTimeNotices

    return OneTimeNotices()


def create_app(workspace: Workspace, settings: Settings | None = None) -> FastAPI:
    """An app serving ``workspace``; ``settings`` default to the workspace's own."""
    settings = settings or workspace.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.sparql.warm()
        yield
        app.state.jobs.shutdown()
        app.state.sparql.shutdown()
        app.state.reader.close()

    app = FastAPI(
        title="aimsgraph",
        version=_version(),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    workspace.sweep_uploads()
    app.state.workspace = workspace
    app.state.settings = settings
    app.state.tokens = TokenStore.for_data_dir(workspace.shared_dir)
    app.state.sessions = SessionSigner.for_data_dir(workspace.shared_dir)
    app.state.jobs = JobRunner(lock=workspace.lock)
    app.state.reader = ReaderWorker()
    app.state.sparql = SparqlService(settings.sparql_timeout_s, settings.sparql_result_limit)
    app.state.templates = _templates(app)
    app.state.notices = _notices()
    install_error_handlers(app)
    _include_routes(app)
    _install_docs(app)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    install_guards(app, settings.max_upload_bytes, settings.max_body_bytes, FORM_SLACK)
    return app


def _install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from files installed with the package (no CDN)."""
    from fastapi.openapi.docs import get_swagger_ui_html

    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - the dependency is declared
        swagger_ui_path = None
    if swagger_ui_path:
        app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
    assets = "/docs-assets" if swagger_ui_path else "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="aimsgraph API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon-32x32.png",
        )


def _include_routes(app: FastAPI) -> None:
    from api.routes import (
        audit,
        backup,
        crosswalk,
        dashboard,
        documents,
        drafts,
        export,
        jobs,
        match,
        meta,
        oscal,
        pack,
        requirements,
        reviews,
        search,
        soa,
        sparql,
        suggestions,
        systems,
        tokens,
        validation,
        verification,
        views,
    )
    from api.web import lead_pages, pages, review_pages, system_pages, verify_pages

    for module in (
        meta,
        dashboard,
        documents,
        jobs,
        suggestions,
        verification,
        reviews,
        requirements,
        crosswalk,
        match,
        drafts,
        soa,
        systems,
        validation,
        export,
        oscal,
        tokens,
        backup,
        search,
        audit,
        pack,
        views,
    ):
        app.include_router(module.router, prefix="/api")
    app.include_router(sparql.router)
    app.include_router(pages.router)
    app.include_router(review_pages.router)
    app.include_router(system_pages.router)
    app.include_router(lead_pages.router)
    app.include_router(verify_pages.router)
