"""One-time notices for post-redirect-get: what a form's answer page must show once.

A form that creates something secret (a new access token) cannot put it in the redirect's
URL. It leaves the secret here under a random key, bound to whoever posted, and redirects to
``…?notice=<key>``; the page takes it out (so a reload shows it no more and creates nothing)
and another user holding the URL gets nothing. Kept in memory for a few minutes: a notice
is lost with a restart, never written to disk.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

#: How long an unread notice is kept.
NOTICE_TTL_S = 300.0


class OneTimeNotices:
    """Notices each read at most once, by the principal that left them."""

    def __init__(self, ttl_s: float = NOTICE_TTL_S) -> None:
        self.ttl_s = ttl_s
        self._items: dict[str, tuple[float, str, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def leave(self, owner: str, payload: dict[str, Any]) -> str:
        """Keep ``payload`` for ``owner`` (a token id); returns the key to redirect with."""
        key = secrets.token_urlsafe(16)
        with self._lock:
            now = time.monotonic()
            self._items = {k: v for k, v in self._items.items() if v[0] > now}
            self._items[key] = (now + self.ttl_s, owner, payload)
        return key

    def take(self, owner: str, key: str | None) -> dict[str, Any] | None:
        """The payload left under ``key`` by ``owner``, removed; None if gone or not theirs.

        >>> notices = OneTimeNotices()
        >>> key = notices.leave("t1", {"secret": "s"})
        >>> notices.take("t2", key), notices.take("t1", key), notices.take("t1", key)
        (None, {'secret': 's'}, None)
        """
        if not key:
            return None
        with self._lock:
            item = self._items.get(key)
            if item is None or item[1] != owner:
                return None
            del self._items[key]
        expires, _, payload = item
        return payload if expires > time.monotonic() else None
