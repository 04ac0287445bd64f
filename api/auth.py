"""Access control: bearer tokens with roles, browser sessions, CSRF tokens.

Tokens look like ``agt_<id>_<secret>``. Only a salted SHA-256 of the secret is kept, in
``data_dir/tokens.json`` (written atomically, mode 0600), so a copy of the data directory
does not leak working tokens. Roles nest: a *viewer* reads; a *reviewer* also uploads and
decides suggestions; an *admin* also edits the Statement of Applicability, manages tokens
and deletes. The token is the reviewer identity the audit graph records (its id, as
``…/reviewer/token-<id>``, labelled with its name as given, Unicode kept); token names are
unique (compared without regard to case), so a name shown for a decision names one token.

The web UI signs in with a token and then carries an HttpOnly, SameSite=Strict session
cookie ``aimsgraph_session`` = ``<token id>.<issued>-<random>.<hmac>``, signed with a key kept in
``data_dir/session.key``; revoking the token ends its sessions, and signing out ends that
session for good: its signature is kept in ``data_dir/sessions-ended.json`` until the
cookie would have expired anyway. Every state-changing request
authenticated by the cookie must carry the session's CSRF token (form field ``csrf`` or
header ``X-CSRF-Token``); bearer-token requests need none (a browser never sends them on
its own).

The tokens themselves (roles, the token store) are :mod:`api.tokens`, which needs no web
framework; the names are re-exported here.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from api.errors import AuthError, PermissionDeniedError
from api.tokens import Principal as Principal
from api.tokens import Role as Role
from api.tokens import TokenRecord as TokenRecord
from api.tokens import TokenStore as TokenStore
from api.tokens import parse_role as parse_role
from api.tokens import validate_name as validate_name

SESSION_COOKIE = "aimsgraph_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_MAX_AGE_S = 12 * 3600
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class SessionSigner:
    """Signs session cookies and derives CSRF tokens with a key kept in the data directory;
    remembers the sessions signed out (in ``ended_path``) until they would have expired."""

    def __init__(
        self, key: bytes, max_age_s: int = SESSION_MAX_AGE_S, ended_path: Path | None = None
    ) -> None:
        self._key = key
        self.max_age_s = max_age_s
        self._ended = EndedSessions(ended_path) if ended_path else None

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> SessionSigner:
        path = Path(data_dir) / "session.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        return cls(path.read_bytes(), ended_path=Path(data_dir) / "sessions-ended.json")

    def _sign(self, text: str) -> str:
        mac = hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")

    def issue(self, token_id: str) -> str:
        # a random part after the time: two sessions of one token begun in the same second
        # are two sessions (signing one out must not end the other, nor a sign-in right after)
        body = f"{token_id}.{int(time.time())}-{secrets.token_hex(8)}"
        return f"{body}.{self._sign(body)}"

    def token_id(self, cookie: str) -> str | None:
        """The token id of a valid, unexpired session cookie."""
        parts = cookie.split(".")
        issued = parts[1].partition("-")[0] if len(parts) == 3 else ""
        if not issued.isdigit():
            return None
        body = f"{parts[0]}.{parts[1]}"
        if not hmac.compare_digest(parts[2], self._sign(body)):
            return None
        if time.time() - int(issued) > self.max_age_s:
            return None
        if self._ended is not None and self._ended.contains(parts[2]):
            return None
        return parts[0]

    def end(self, cookie: str) -> None:
        """Sign ``cookie``'s session out for good (a no-op for an invalid cookie)."""
        if self._ended is None or self.token_id(cookie) is None:
            return
        _, issued, mac = cookie.split(".")
        self._ended.add(mac, int(issued.partition("-")[0]) + self.max_age_s)

    def csrf(self, cookie: str) -> str:
        return self._sign("csrf:" + cookie)


class EndedSessions:
    """Signatures of signed-out session cookies with the time each would have expired,
    kept in a JSON file (written atomically, pruned of what has expired on each write)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: tuple[float, dict[str, int]] = (-1.0, {})

    def _load(self) -> dict[str, int]:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return {}
        if self._cache[0] != mtime:
            self._cache = (mtime, json.loads(self.path.read_text(encoding="utf-8") or "{}"))
        return self._cache[1]

    def contains(self, mac: str) -> bool:
        return mac in self._load()

    def add(self, mac: str, expires: int) -> None:
        with self._lock:
            now = int(time.time())
            ended = {m: t for m, t in self._load().items() if t > now} | {mac: expires}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".sessions-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(ended, out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
            self._cache = (-1.0, {})


def _presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    if scheme.lower() == "basic" and value:  # SPARQL clients: any user name, token as password
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            decoded = base64.b64decode(value.strip()).decode("utf-8")
            return decoded.partition(":")[2] or None
    return None


def session_principal(request: Request) -> Principal | None:
    """The principal of the browser session, if the request carries a valid cookie."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    token_id = request.app.state.sessions.token_id(cookie)
    record = request.app.state.tokens.get(token_id) if token_id else None
    if record is None:
        return None
    return Principal(record.id, record.name, Role(record.role), via="session")


def csrf_token(request: Request) -> str:
    """The CSRF token of the current session ('' when signed out)."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    return request.app.state.sessions.csrf(cookie) if cookie else ""


def check_csrf(request: Request, presented: str | None) -> None:
    expected = csrf_token(request)
    if not expected or not presented or not hmac.compare_digest(expected, presented):
        raise PermissionDeniedError(
            "missing or invalid CSRF token",
            hint="reload the page and submit the form again",
        )


def authenticate(request: Request) -> Principal:
    """The principal of a request (bearer token, HTTP Basic password, or session cookie)."""
    token = _presented_token(request)
    if token is not None:
        tokens: TokenStore = request.app.state.tokens
        principal = tokens.verify(token)
        if principal is None:
            raise AuthError(
                "unknown or revoked token",
                hint="create one with `aimsgraph token create --role viewer --name NAME`",
            )
        return principal
    principal = session_principal(request)
    if principal is None:
        raise AuthError(
            "authentication required",
            hint="send 'Authorization: Bearer <token>' or sign in at /signin",
        )
    if request.method not in _SAFE_METHODS and request.url.path.startswith("/api"):
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return principal


def require(role: Role) -> Callable[[Request], Principal]:
    """A dependency admitting principals with at least ``role``."""

    def dependency(request: Request) -> Principal:
        principal = authenticate(request)
        if not principal.can(role):
            raise PermissionDeniedError(
                f"the {principal.role.value} role may not do this; it needs {role.value}",
                hint="ask an admin for a token with that role",
            )
        request.state.principal = principal
        return principal

    dependency.__name__ = f"require_{role.value}"
    return dependency


Viewer = Annotated[Principal, Depends(require(Role.viewer))]
Reviewer = Annotated[Principal, Depends(require(Role.reviewer))]
Admin = Annotated[Principal, Depends(require(Role.admin))]
