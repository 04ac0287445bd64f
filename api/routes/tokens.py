"""Access tokens: create, list, revoke (admins only)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from api.auth import Admin, TokenStore
from api.schemas import TokenCreate, TokenCreated, TokenInfo, errors

router = APIRouter(prefix="/tokens", tags=["tokens"])


def _tokens(request: Request) -> TokenStore:
    store: TokenStore = request.app.state.tokens
    return store


@router.get("", response_model=list[TokenInfo], responses=errors(), summary="List tokens")
def list_tokens(request: Request, _: Admin) -> list[TokenInfo]:
    """Every token's id, name, role and creation time (never the secret)."""
    return [TokenInfo(**r.public()) for r in _tokens(request).list()]


@router.post(
    "",
    response_model=TokenCreated,
    status_code=status.HTTP_201_CREATED,
    responses=errors(),
    summary="Create a token",
)
def create_token(request: Request, body: TokenCreate, _: Admin) -> TokenCreated:
    """A new token; the secret in ``token`` is shown this once."""
    record, secret = _tokens(request).create(body.name, body.role)
    return TokenCreated(**record.public(), token=secret)


@router.delete(
    "/{token_id}", response_model=TokenInfo, responses=errors(), summary="Revoke a token"
)
def revoke_token(request: Request, token_id: str, _: Admin) -> TokenInfo:
    """Revoke a token at once; its browser sessions end with it."""
    return TokenInfo(**_tokens(request).revoke(token_id).public())
