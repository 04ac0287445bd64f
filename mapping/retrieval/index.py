"""The FAISS index of passage vectors, keyed to passage IRIs and rebuildable from the graph.

One file, ``vectors/index.npz``, holds the serialised FAISS index (inner product over
L2-normalised vectors, i.e. cosine), the passage IRIs, their integer ids and the model the
vectors came from. It is written to a temporary file and renamed over the old one, so a crash
leaves either the old or the new index, never half of one. The graph is the source of truth:
:meth:`VectorIndex.reconcile` embeds passages that lack a vector and drops vectors whose
passage is gone (or all of them when the model changed).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import faiss
import numpy as np
from rdflib import URIRef

from mapping.errors import VectorIndexError
from ontology.query_files import load_query
from ontology.store import GraphStore

if TYPE_CHECKING:
    from mapping.retrieval.embedder import Embedder, Vectors

INDEX_FILE = "index.npz"


def iri_id(iri: str) -> int:
    """A stable positive 63-bit id for a passage IRI."""
    return int.from_bytes(hashlib.sha256(iri.encode("utf-8")).digest()[:8], "big") >> 1


@dataclass(frozen=True)
class ReconcileResult:
    """What :meth:`VectorIndex.reconcile` changed."""

    added: int
    removed: int
    total: int


class VectorIndex:
    """Passage vectors in FAISS with the IRI of each; add, remove, search, save."""

    def __init__(self, directory: Path, dimension: int) -> None:
        self.directory = Path(directory)
        self.dimension = dimension
        self.model = ""
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        self._iris: dict[int, str] = {}
        #: Held by every read and write: the API reads while its job thread adds.
        self.lock = threading.RLock()

    @classmethod
    def open(cls, directory: Path, dimension: int) -> VectorIndex:
        """The index stored in ``directory`` (an empty one when there is none yet)."""
        index = cls(directory, dimension)
        path = index.directory / INDEX_FILE
        if path.exists():
            index._load(path)
        return index

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                loaded = faiss.deserialize_index(np.array(data["faiss"]))
                ids = [int(i) for i in data["ids"]]
                iris = [str(s) for s in data["iris"]]
                self.model = str(data["model"])
        except (OSError, ValueError, KeyError, RuntimeError) as error:
            raise VectorIndexError(
                f"the vector index {path} is unreadable: {error}",
                hint="delete the file; it is rebuilt from the graph on the next start",
            ) from error
        if loaded.d != self.dimension:
            raise VectorIndexError(
                f"the vector index {path} holds {loaded.d}-dimensional vectors, "
                f"the model gives {self.dimension}",
                hint="delete the vectors folder to rebuild it for the current model",
            )
        self._index = loaded
        self._iris = dict(zip(ids, iris, strict=True))

    def __len__(self) -> int:
        return len(self._iris)

    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str) and iri_id(iri) in self._iris

    @property
    def iris(self) -> list[str]:
        return sorted(self._iris.values())

    def add(self, iris: Sequence[str], vectors: Vectors) -> None:
        """Add or replace the vectors of ``iris``."""
        with self.lock:
            if len(iris) != len(vectors):
                raise ValueError("one vector per IRI")
            if not iris:
                return
            self.remove(iris)
            ids = np.array([iri_id(i) for i in iris], dtype=np.int64)
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
            self._iris.update(zip(ids.tolist(), iris, strict=True))

    def remove(self, iris: Iterable[str]) -> int:
        """Drop the vectors of ``iris``; return how many were present."""
        with self.lock:
            ids = [iri_id(i) for i in iris if iri_id(i) in self._iris]
            if ids:
                self._index.remove_ids(np.array(ids, dtype=np.int64))
                for i in ids:
                    del self._iris[i]
            return len(ids)

    def vectors(self, iris: Sequence[str]) -> Vectors:
        """The stored vectors of ``iris`` (each must be present), one row each."""
        with self.lock:
            out = np.zeros((len(iris), self.dimension), dtype=np.float32)
            for row, iri in enumerate(iris):
                out[row] = self._index.reconstruct(iri_id(iri))
            return out

    def search(self, query: Vectors, k: int) -> list[list[tuple[str, float]]]:
        """For each query row, the ``k`` nearest passages as (IRI, cosine), best first."""
        with self.lock:
            if len(self) == 0:
                return [[] for _ in range(len(query))]
            scores, ids = self._index.search(np.ascontiguousarray(query, dtype=np.float32), k)
            return [
                [(self._iris[int(i)], float(s)) for s, i in zip(srow, irow, strict=True) if i >= 0]
                for srow, irow in zip(scores, ids, strict=True)
            ]

    def save(self) -> None:
        """Write the index atomically (temporary file, fsync, rename)."""
        with self.lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            ids = np.array(list(self._iris), dtype=np.int64)
            iris = np.array([self._iris[i] for i in ids.tolist()], dtype=str)
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".index-", suffix=".npz")
            try:
                with os.fdopen(handle, "wb") as out:
                    np.savez(
                        out,
                        faiss=faiss.serialize_index(self._index),
                        ids=ids,
                        iris=iris,
                        model=np.array(self.model),
                    )
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temp, self.directory / INDEX_FILE)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise

    def reconcile(self, store: GraphStore, embedder: Embedder) -> ReconcileResult:
        """Make the index match the graph's passages for ``embedder``'s model; save if changed."""
        removed = 0
        key = vector_key(embedder)
        with self.lock:
            if self.model and self.model != key:
                removed = len(self)
                self._index.reset()
                self._iris.clear()
            self.model = key
        texts = passage_texts(store)
        orphans = [iri for iri in self._iris.values() if iri not in texts]
        removed += self.remove(orphans)
        missing = [iri for iri in sorted(texts) if iri not in self]
        for start in range(0, len(missing), 256):
            chunk = missing[start : start + 256]
            self.add(chunk, embedder.encode([texts[i] for i in chunk]))
        if removed or missing:
            self.save()
        return ReconcileResult(added=len(missing), removed=removed, total=len(self))

    def ensure(self, texts: dict[str, str], embedder: Embedder) -> int:
        """Embed and add those passages of ``texts`` (IRI → text) not yet indexed; save."""
        self.model = self.model or vector_key(embedder)
        missing = [iri for iri in texts if iri not in self]
        if missing:
            self.add(missing, embedder.encode([texts[i] for i in missing]))
            self.save()
        return len(missing)


#: Whether the text a passage is matched by starts with its section path (the headings
#: above it), which gives short passages their document context.
SECTION_CONTEXT = True


def vector_key(embedder: Embedder) -> str:
    """What the index's vectors depend on: the model version and the matching-text recipe."""
    return f"{embedder.cache_key}|{'section+text' if SECTION_CONTEXT else 'text'}"


def matching_text(text: str, section: str | None) -> str:
    """The text a passage is embedded and matched by: its section path, then its text."""
    if SECTION_CONTEXT and section:
        return f"{section}\n{text}"
    return text


def passage_texts(store: GraphStore, artefact_iris: Sequence[str] | None = None) -> dict[str, str]:
    """IRI → matching text of the graph's passages (of the given artefacts only, when named)."""
    artefacts = None
    if artefact_iris is not None:
        if not artefact_iris:
            return {}
        artefacts = [URIRef(a) for a in artefact_iris]
    rows = store.select(load_query("mapping", "passage_texts", artefact=artefacts))
    return {
        str(r["p"]): matching_text(str(r["text"]), str(r["section"]) if "section" in r else None)
        for r in rows
    }


def describe(index: VectorIndex) -> dict[str, Any]:
    """A small summary of the index, for status pages."""
    return {"vectors": len(index), "dimension": index.dimension, "model": index.model}
