"""The store's revision: a token that changes with every write, so what is built from the
graph (the evidence-link index of :mod:`mapping.evidence.index`) can be kept in memory and
known to be current with one tiny read.

The embedded store counts its writes in process (one process owns it, by its lock file). A
write may *declare its scope* (:meth:`Revisions.declaring`): the IRIs of the artefacts whose
evidence links are all it changes; :meth:`Revisions.changes_since` then tells a reader
which scopes changed since the revision it holds, so it refreshes those alone. A write that
declares nothing is recorded as unscoped (``None``): everything may have changed.

The remote store's revision is a random token in :data:`REVISION_GRAPH` that every write
request rewrites; it cannot tell its own writes from another instance's, so any change
there reads as unscoped.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from rdflib import URIRef

from ontology.namespaces import AIMS, BASE

#: The graph holding a remote store's revision token: outside ``…/graph/``, so exports,
#: validation and the SPARQL examples never see it.
REVISION_GRAPH = URIRef(BASE + "revision")
#: The subject and predicate of the token triple.
REVISION_NODE = URIRef(BASE + "revision#store")
REVISION_PROPERTY = AIMS.storeRevision

#: A change and what it touched: a frozenset of artefact IRIs, or None (anything).
Scope = frozenset[str] | None


class Revisions:
    """An in-process write counter with a bounded log of each write's declared scope.

    Thread-safe; the declared scope is per thread, so a write in another thread is never
    mistaken for a declared one.
    """

    def __init__(self, keep: int = 512) -> None:
        self._epoch = uuid.uuid4().hex[:12]
        self._count = 0
        self._log: OrderedDict[int, Scope] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()
        self._local = threading.local()

    def current(self) -> str:
        """The revision now: ``<epoch>-<writes>`` (the epoch differs per opened store)."""
        return f"{self._epoch}-{self._count}"

    @contextlib.contextmanager
    def declaring(self, scope: Iterable[str]) -> Iterator[None]:
        """Writes in this block (in this thread) change only the evidence links of the
        artefacts ``scope`` names (IRIs), and nothing a revision-keyed value depends on
        except through them."""
        previous: Scope = getattr(self._local, "scope", None)
        added = frozenset(str(s) for s in scope)
        self._local.scope = added if previous is None else previous | added
        try:
            yield
        finally:
            self._local.scope = previous

    def bump(self) -> None:
        """Record one write (after it is visible), with the scope declared in this thread."""
        scope: Scope = getattr(self._local, "scope", None)
        with self._lock:
            self._count += 1
            self._log[self._count] = scope
            while len(self._log) > self._keep:
                self._log.popitem(last=False)

    def changes_since(self, revision: str) -> list[Scope] | None:
        """The scopes of the writes after ``revision`` (empty: none), or None when they are
        not all known (another store's revision, or older than the log keeps)."""
        epoch, _, count = revision.partition("-")
        if epoch != self._epoch or not count.isdigit():
            return None
        since = int(count)
        with self._lock:
            if since == self._count:
                return []
            wanted = range(since + 1, self._count + 1)
            if since > self._count or any(n not in self._log for n in wanted):
                return None
            return [self._log[n] for n in wanted]


def revision_update(token: str) -> str:
    """The operations that set a remote store's revision token to ``token``, to append to a
    write request (two operations: Virtuoso's DELETE … INSERT … WHERE inserts nothing when
    its WHERE finds no old token)."""
    triple = f"<{REVISION_NODE}> <{REVISION_PROPERTY}>"
    return (
        f"DELETE WHERE {{ GRAPH <{REVISION_GRAPH}> {{ {triple} ?old }} }} ;\n"
        f'INSERT DATA {{ GRAPH <{REVISION_GRAPH}> {{ {triple} "{token}" }} }}'
    )


def revision_query() -> str:
    """The query that reads a remote store's revision token."""
    return (
        f"SELECT ?token WHERE {{ GRAPH <{REVISION_GRAPH}> "
        f"{{ <{REVISION_NODE}> <{REVISION_PROPERTY}> ?token }} }}"
    )
