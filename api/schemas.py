"""Request and response models of the JSON API, kept apart from storage.

Response models name the keys the CLI's JSON promises (docs/api.md) and allow more: the
core functions may add fields freely, and integrators should ignore keys they do not know.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A response object whose listed keys are stable and which may carry more."""

    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, forbidden.")
    message: str = Field(description="What went wrong, naming the thing concerned.")
    hint: str | None = Field(default=None, description="What to do about it.")


class ErrorBody(BaseModel):
    """The one body every failure answers with."""

    error: ErrorDetail

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "error": {
                    "code": "not_found",
                    "message": "no such document 'abc123def456'",
                    "hint": "list documents with GET /api/documents",
                }
            }
        }
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in {
        401: "No token, or an unknown or revoked one.",
        403: "The token's role may not do this.",
        404: "The thing named does not exist.",
        422: "The request is malformed.",
    }.items()
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error responses of a route: the common ones plus ``statuses``."""
    extra = {
        409: "Someone decided this link since you saw it.",
        413: "The upload is larger than the limit.",
        415: "The content is not a supported document type.",
        503: "The store is unavailable or the query ran too long.",
    }
    table = dict(ERROR_RESPONSES)
    for status in statuses:
        table[status] = {"model": ErrorBody, "description": extra.get(status, "Error.")}
    return table


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    version: str
    store: str = Field(description="embedded: PATH or remote: URL")


class Me(BaseModel):
    name: str = Field(description="The token's name: the reviewer identity in the audit graph.")
    role: Literal["viewer", "reviewer", "admin"]
    token_id: str


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=64, examples=["Alice Reviewer"])
    role: Literal["viewer", "reviewer", "admin"] = Field(examples=["reviewer"])


class TokenInfo(BaseModel):
    id: str
    name: str
    role: str
    created: str


class TokenCreated(TokenInfo):
    token: str = Field(description="The bearer token; shown once, stored only as a hash.")


class JobInfo(Open):
    id: str
    kind: str = Field(examples=["ingest"])
    status: Literal["queued", "running", "done", "failed"]
    stage: str
    progress: float = Field(ge=0, le=1)
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class Decision(BaseModel):
    """One reviewer decision on an evidence link."""

    link: str = Field(description="The link's 16-hex id or IRI.", examples=["3f2a9c0d1b7e4a55"])
    decision: Literal["confirm", "reject", "retarget", "comment"]
    comment: str | None = Field(default=None, max_length=4000)
    saw_version: int | None = Field(
        default=None, ge=0, description="The link version the reviewer saw; a newer one gives 409."
    )
    retarget_to: str | None = Field(
        default=None,
        description="For retarget: notation, standard:notation or IRI.",
        examples=["A.6.2.5"],
    )


class BulkDecision(BaseModel):
    links: list[str] = Field(min_length=1, max_length=1000)
    decision: Literal["confirm", "reject", "retarget", "comment"]
    comment: str | None = Field(default=None, max_length=4000)
    saw_versions: dict[str, int] | None = None
    retarget_to: str | None = None


class BulkUndo(BaseModel):
    decisions: list[str] = Field(
        min_length=1, max_length=1000, description="Ids of the confirms or rejects to undo."
    )


class MatchRequest(BaseModel):
    text: str = Field(
        min_length=1, max_length=20000, examples=["We test every model before release."]
    )
    standard: Literal["iso42001", "iso27001", "euaiact"] = "iso42001"
    top_k: int = Field(default=10, ge=1, le=100)


class SoaUpdate(BaseModel):
    """One Statement of Applicability row to set."""

    applicable: bool
    justification: str | None = Field(default=None, max_length=4000)
    implementation_status: (
        Literal["implemented", "partially-implemented", "planned", "not-implemented"] | None
    ) = Field(default=None, examples=["implemented"], description="Only for applicable controls.")
