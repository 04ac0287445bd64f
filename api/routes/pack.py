"""The audit pack, one ZIP for an auditor (viewers): ``ws.audit_pack``."""

from __future__ import annotations

import secrets
import shutil

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.auth import Viewer
from api.dependencies import WorkspaceDep
from api.schemas import errors

router = APIRouter(prefix="/audit-pack", tags=["export"])


@router.get(
    "",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}}, **errors()},
    summary="Download the audit pack",
)
def audit_pack(ws: WorkspaceDep, _: Viewer) -> FileResponse:
    """A ZIP with the Statement of Applicability, the gap report, every confirmed piece of
    evidence with its passages and reviewer, the audit log, the OSCAL exports and the
    original of every document cited, with a manifest of SHA-256 sums (docs/user-guide.md)."""
    folder = ws.data_dir / "exports" / secrets.token_hex(8)
    folder.mkdir(parents=True)
    try:
        pack = ws.audit_pack(folder / "audit-pack.zip")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    stamp = pack.generated_at[:10]
    return FileResponse(
        pack.path,
        media_type="application/zip",
        filename=f"aimsgraph-audit-pack-{stamp}.zip",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
