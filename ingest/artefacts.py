"""Artefacts and passages in the organisation graph (shapes in docs/dev/contracts.md).

:func:`artefact_graph` builds the triples of one document — the artefact and all its
passages — and :func:`write_artefact` adds them in a single store update, so a document is
either wholly in the graph or not at all. SPARQL used here lives in ``ingest/queries``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from ingest.passages import PassageRecord
from ontology.namespaces import AIMS, ORG, ORG_GRAPH
from ontology.query_files import load_query
from ontology.store import GraphStore


def artefact_iri(artefact_id: str) -> URIRef:
    return URIRef(f"{ORG}artefact/{artefact_id}")


def passage_iri(artefact_id: str, ordinal: int) -> URIRef:
    return URIRef(f"{ORG}artefact/{artefact_id}/passage/{ordinal}")


@dataclass
class ArtefactRecord:
    """Everything the graph says about one artefact, before it is written."""

    artefact_id: str
    sha256: str
    title: str
    artefact_type: str
    media_type: str
    byte_size: int
    file_name: str
    ingested_at: dt.datetime
    owner: str | None = None
    version: str | None = None
    effective_date: dt.date | None = None
    review_date: dt.date | None = None
    page_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    revision_of: URIRef | None = None
    uploaded_by: str | None = None
    #: SHA-256 of the extracted text's words (see :func:`content_hash`): a rendition of
    #: the same document in another format has the same one.
    content_hash: str | None = None

    @property
    def iri(self) -> URIRef:
        return artefact_iri(self.artefact_id)


def artefact_graph(
    record: ArtefactRecord,
    passages: list[PassageRecord],
    derived_from: dict[int, URIRef] | None = None,
) -> Graph:
    """Triples of one artefact and its passages; ``derived_from``: ordinal → older passage."""
    graph = Graph()
    subject = record.iri
    add = graph.add
    add((subject, RDF.type, AIMS.Artefact))
    add((subject, DCTERMS.identifier, Literal(record.artefact_id)))
    add((subject, DCTERMS.title, Literal(record.title)))
    add((subject, AIMS.artefactType, AIMS[record.artefact_type]))
    add((subject, DCTERMS.format, Literal(record.media_type)))
    add((subject, AIMS.byteSize, Literal(record.byte_size, datatype=XSD.integer)))
    add((subject, AIMS.sha256, Literal(record.sha256)))
    add((subject, AIMS.originalFileName, Literal(record.file_name)))
    add((subject, AIMS.ingestedAt, Literal(record.ingested_at.isoformat(), datatype=XSD.dateTime)))
    optional: list[tuple[URIRef, Literal | None]] = [
        (AIMS.owner, Literal(record.owner) if record.owner else None),
        (AIMS.versionLabel, Literal(record.version) if record.version else None),
        (AIMS.uploadedBy, Literal(record.uploaded_by) if record.uploaded_by else None),
        (AIMS.contentHash, Literal(record.content_hash) if record.content_hash else None),
        (AIMS.effectiveDate, _date(record.effective_date)),
        (AIMS.reviewDate, _date(record.review_date)),
        (
            AIMS.pageCount,
            Literal(record.page_count, datatype=XSD.integer) if record.page_count else None,
        ),
    ]
    for predicate, value in optional:
        if value is not None:
            add((subject, predicate, value))
    for warning in record.warnings:
        add((subject, AIMS.extractionWarning, Literal(warning)))
    if record.revision_of is not None:
        add((subject, PROV.wasRevisionOf, record.revision_of))
    for passage in passages:
        _add_passage(graph, record, passage, (derived_from or {}).get(passage.ordinal))
    return graph


def _date(value: dt.date | None) -> Literal | None:
    return Literal(value.isoformat(), datatype=XSD.date) if value else None


def _add_passage(
    graph: Graph, record: ArtefactRecord, passage: PassageRecord, older: URIRef | None
) -> None:
    subject = passage_iri(record.artefact_id, passage.ordinal)
    integer = XSD.integer
    graph.add((subject, RDF.type, AIMS.Passage))
    graph.add((subject, AIMS.inArtefact, record.iri))
    graph.add((subject, AIMS.text, Literal(passage.text)))
    graph.add((subject, AIMS.startOffset, Literal(passage.start, datatype=integer)))
    graph.add((subject, AIMS.endOffset, Literal(passage.end, datatype=integer)))
    graph.add((subject, AIMS.ordinal, Literal(passage.ordinal, datatype=integer)))
    graph.add((subject, AIMS.textHash, Literal(passage.text_hash)))
    if passage.section_path:
        graph.add((subject, AIMS.sectionPath, Literal(passage.section_path)))
    if passage.page is not None:
        graph.add((subject, AIMS.page, Literal(passage.page, datatype=integer)))
        graph.add((subject, AIMS.pageEnd, Literal(passage.page_end, datatype=integer)))
    if passage.row is not None:
        graph.add((subject, AIMS.rowStart, Literal(passage.row, datatype=integer)))
        graph.add((subject, AIMS.rowEnd, Literal(passage.row_end, datatype=integer)))
    if older is not None:
        graph.add((subject, PROV.wasDerivedFrom, older))


def write_artefact(store: GraphStore, graph: Graph) -> None:
    """Add one artefact's triples to the organisation graph in one update."""
    store.add(ORG_GRAPH, graph)


def find_by_sha256(store: GraphStore, sha256: str) -> tuple[URIRef, str, str] | None:
    """The IRI, id and title of the artefact with these bytes, if any."""
    rows = store.select(load_query("ingest", "artefact_by_sha256", sha256=Literal(sha256)))
    if not rows:
        return None
    row = rows[0]
    return URIRef(str(row["artefact"])), str(row["id"]), str(row.get("title", row["id"]))


def content_hash(text: str) -> str:
    """SHA-256 of a document's words, NFKC-normalised and case folded, one space apart.

    Markup, punctuation, bullets and line breaks fall away, so a PDF and the Markdown it was
    printed from hash alike (as long as the PDF adds no running headers or page numbers).

    >>> a = content_hash("# AI policy\\n\\n- Scope: all  systems.")
    >>> a == content_hash("AI Policy Scope all systems")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return hashlib.sha256(" ".join(_WORD.findall(folded)).encode("utf-8")).hexdigest()


_WORD = re.compile(r"\w+")


def find_by_content(store: GraphStore, digest: str) -> tuple[URIRef, str, str, str] | None:
    """The IRI, id, title and format of an artefact with this :func:`content_hash`, if any."""
    rows = store.select(load_query("ingest", "artefact_by_content", hash=Literal(digest)))
    if not rows:
        return None
    row = rows[0]
    title = str(row.get("title", row["id"]))
    return URIRef(str(row["artefact"])), str(row["id"]), title, str(row.get("format", ""))


def passage_hashes(store: GraphStore, artefact: URIRef) -> dict[str, tuple[URIRef, int]]:
    """textHash → (passage IRI, ordinal) of an artefact's passages (first wins)."""
    rows = store.select(load_query("ingest", "passages_of_artefact", artefact=artefact))
    found: dict[str, tuple[URIRef, int]] = {}
    for row in rows:
        found.setdefault(
            str(row["textHash"]), (URIRef(str(row["passage"])), int(str(row["ordinal"])))
        )
    return found


def artefact_digests(store: GraphStore) -> set[str]:
    """The SHA-256 of every artefact in the graph."""
    return {str(row["sha256"]) for row in store.select(load_query("ingest", "artefact_digests"))}
