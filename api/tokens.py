"""Access tokens: the roles, who a token names (:class:`Principal`) and the token store
(``data_dir/tokens.json``), shared by the server and the CLI.

No web framework here: the CLI's ``token`` commands and its reviewer lookup load this module
alone. :mod:`api.auth` builds sessions, CSRF and the request dependencies on it (and
re-exports these names).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from ontology.errors import ConflictError, InputError, NotFoundError
from ontology.reviewers import Actor

_TOKEN = re.compile(r"^agt_([0-9a-f]{8})_([A-Za-z0-9_-]{20,})$")
_NAME = re.compile(r"^[\w .@'-]{1,64}$")


class Role(StrEnum):
    """What a token may do; each role includes the ones before it."""

    viewer = "viewer"
    reviewer = "reviewer"
    admin = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {role: n for n, role in enumerate(Role)}


@dataclass(frozen=True)
class Principal:
    """Who is asking: the token's id, name (the reviewer identity) and role."""

    token_id: str
    name: str
    role: Role
    via: str = "bearer"  # "bearer" or "session"

    def can(self, role: Role) -> bool:
        return self.role.rank >= role.rank

    @property
    def actor(self) -> Actor:
        """Who this is in the audit graph: the token, shown by its name."""
        return Actor.of_token(self.token_id, self.name)

    def allows(self, role: str) -> bool:
        """``can`` by role name (for templates)."""
        return self.can(Role(role))


@dataclass(frozen=True)
class TokenRecord:
    """A stored token: everything but the secret, which is kept only as a salted hash."""

    id: str
    name: str
    role: str
    created: str
    salt: str
    hash: str

    def public(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "role": self.role, "created": self.created}


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def validate_name(name: str) -> str:
    """A token name: 1–64 letters (any script), digits, spaces and ``.@'-_``; it names the
    reviewer, kept as given (NFC-normalised)."""
    cleaned = unicodedata.normalize("NFC", name.strip())
    if not _NAME.match(cleaned):
        raise InputError(
            f"invalid token name {name!r}",
            hint="use 1-64 letters, digits, spaces or . @ ' - _ (e.g. the reviewer's name)",
        )
    return cleaned


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", name.strip()).casefold()


def _check_unique(name: str, records: Iterable[TokenRecord]) -> None:
    """Refuse a second token with the name of a live one: a name must point at one person."""
    key = _name_key(name)
    for record in records:
        if _name_key(record.name) == key:
            raise ConflictError(
                f"a token named {record.name!r} already exists (id {record.id})",
                hint="choose another name (e.g. add a surname or team), or revoke that token first",
            )


def parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InputError(
            f"unknown role {role!r}", hint="use one of: viewer, reviewer, admin"
        ) from None


class TokenStore:
    """Tokens of one data directory, shared by the server and the CLI (file-locked)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: tuple[float, dict[str, TokenRecord]] | None = None

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> TokenStore:
        return cls(Path(data_dir) / "tokens.json")

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path.with_suffix(".lock"), "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self) -> dict[str, TokenRecord]:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return {}
        if self._cache is not None and self._cache[0] == mtime:
            return self._cache[1]
        data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        records = {t["id"]: TokenRecord(**t) for t in data.get("tokens", [])}
        self._cache = (mtime, records)
        return records

    def _write(self, records: dict[str, TokenRecord]) -> None:
        payload = json.dumps({"tokens": [asdict(r) for r in records.values()]}, indent=2)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tokens-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        self._cache = None

    def create(self, name: str, role: str) -> tuple[TokenRecord, str]:
        """A new token; the returned secret string is shown once and never stored."""
        clean_name, clean_role = validate_name(name), parse_role(role)
        with self._exclusive():
            records = dict(self._read())
            _check_unique(clean_name, records.values())
            token_id = secrets.token_hex(4)
            while token_id in records:
                token_id = secrets.token_hex(4)
            secret = secrets.token_urlsafe(32)
            salt = secrets.token_hex(16)
            record = TokenRecord(
                id=token_id,
                name=clean_name,
                role=clean_role.value,
                created=datetime.now(UTC).isoformat(timespec="seconds"),
                salt=salt,
                hash=_digest(salt, secret),
            )
            records[token_id] = record
            self._write(records)
        return record, f"agt_{token_id}_{secret}"

    def list(self) -> list[TokenRecord]:
        return sorted(self._read().values(), key=lambda r: r.created)

    def get(self, token_id: str) -> TokenRecord | None:
        return self._read().get(token_id)

    def actor_named(self, name: str) -> Actor:
        """The identity of a reviewer named ``name`` without a token in hand (the CLI): the
        token of that name where there is one, so the CLI and the UI credit one person."""
        key = _name_key(name)
        record = next((r for r in self._read().values() if _name_key(r.name) == key), None)
        return Actor.of_token(record.id, record.name) if record else Actor(name)

    def revoke(self, token_id: str) -> TokenRecord:
        with self._exclusive():
            records = dict(self._read())
            record = records.pop(token_id, None)
            if record is None:
                raise NotFoundError(
                    f"no such token {token_id!r}", hint="list tokens with `aimsgraph token list`"
                )
            self._write(records)
        return record

    def verify(self, token: str) -> Principal | None:
        """The principal of a presented token, or None where it is unknown or revoked."""
        match = _TOKEN.match(token.strip())
        if match is None:
            return None
        record = self.get(match.group(1))
        if record is None:
            return None
        if not hmac.compare_digest(record.hash, _digest(record.salt, match.group(2))):
            return None
        return Principal(record.id, record.name, Role(record.role))
