# ruff: noqa: E501  (Turtle test data reads best one statement a line)
"""Crafted organisation and reference data, written exactly as contracts.md describes.

Unit tests of review, propagation, revisions, SoA and completeness build on this small,
fully known graph, so every count they assert is worked out by hand.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import Graph

from ontology.namespaces import AUDIT_GRAPH, ORG_GRAPH, crosswalk_graph, standard_graph
from ontology.store import GraphStore

PREFIXES = """
@prefix aims: <https://w3id.org/aimsgraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix std:  <https://w3id.org/aimsgraph/std/> .
@prefix s42:  <https://w3id.org/aimsgraph/std/iso42001/> .
@prefix s27:  <https://w3id.org/aimsgraph/std/iso27001/> .
@prefix act:  <https://w3id.org/aimsgraph/std/euaiact/> .
@prefix cw:   <https://w3id.org/aimsgraph/crosswalk/> .
"""

ISO42001 = (
    PREFIXES
    + """
std:iso42001 a aims:Standard, skos:ConceptScheme ; skos:notation "iso42001" .
s42:A.5 a aims:ControlObjective ; skos:notation "A.5" ; aims:kind "objective" ; skos:inScheme std:iso42001 ; aims:order 50 ;
    skos:prefLabel "Assessing impacts of AI systems"@en .
s42:A.5.2 a aims:Control ; skos:notation "A.5.2" ; aims:kind "control" ; skos:inScheme std:iso42001 ; aims:order 52 ;
    skos:prefLabel "Impact assessment process"@en ; skos:broader s42:A.5 .
s42:A.5.3 a aims:Control ; skos:notation "A.5.3" ; aims:kind "control" ; skos:inScheme std:iso42001 ; aims:order 53 ;
    skos:prefLabel "Documentation of impact assessments"@en ; skos:broader s42:A.5 .
s42:A.6.2.4 a aims:Control ; skos:notation "A.6.2.4" ; aims:kind "control" ; skos:inScheme std:iso42001 ; aims:order 64 ;
    skos:prefLabel "Verification and validation"@en .
s42:4.3 a aims:Clause ; skos:notation "4.3" ; aims:kind "clause" ; skos:inScheme std:iso42001 ; aims:order 3 ;
    skos:prefLabel "Scope"@en ; aims:requiresDocumentedInformation true .
s42:7.5.1 a aims:Clause ; skos:notation "7.5.1" ; aims:kind "clause" ; skos:inScheme std:iso42001 ; aims:order 20 ;
    skos:prefLabel "Documented information, general"@en ; aims:requiresDocumentedInformation true .
s42:5.1 a aims:Clause ; skos:notation "5.1" ; aims:kind "clause" ; skos:inScheme std:iso42001 ; aims:order 8 ;
    skos:prefLabel "Leadership"@en .
"""
)

ISO27001 = (
    PREFIXES
    + """
std:iso27001 a aims:Standard, skos:ConceptScheme ; skos:notation "iso27001" .
s27:A.5.9 a aims:Control ; skos:notation "A.5.9" ; aims:kind "control" ; skos:inScheme std:iso27001 ; aims:order 9 ;
    skos:prefLabel "Inventory"@en .
s27:A.5.10 a aims:Control ; skos:notation "A.5.10" ; aims:kind "control" ; skos:inScheme std:iso27001 ; aims:order 10 ;
    skos:prefLabel "Acceptable use"@en .
s27:A.8.1 a aims:Control ; skos:notation "A.8.1" ; aims:kind "control" ; skos:inScheme std:iso27001 ; aims:order 81 ;
    skos:prefLabel "Endpoint devices"@en .
s27:A.8.2 a aims:Control ; skos:notation "A.8.2" ; aims:kind "control" ; skos:inScheme std:iso27001 ; aims:order 82 ;
    skos:prefLabel "Privileged access"@en .
"""
)

EUAIACT = (
    PREFIXES
    + """
std:euaiact a aims:Standard, skos:ConceptScheme ; skos:notation "euaiact" .
act:art-9 a aims:Article ; skos:notation "art-9" ; aims:kind "article" ; skos:inScheme std:euaiact ; aims:order 9 ;
    skos:prefLabel "Risk management system"@en .
act:art-10 a aims:Article ; skos:notation "art-10" ; aims:kind "article" ; skos:inScheme std:euaiact ; aims:order 10 ;
    skos:prefLabel "Data and data governance"@en .
act:art-99 a aims:Article ; skos:notation "art-99" ; aims:kind "article" ; skos:inScheme std:euaiact ; aims:order 99 ;
    skos:prefLabel "Penalties"@en .
"""
)

#: Edges (42001 -> other): A.5.2 equal A.5.9; A.5.2 subsetOf A.5.10; A.5.3 supersetOf A.8.1;
#: A.5.3 intersectsWith art-9; A.6.2.4 subsetOf art-10 (so art-10 evidence derives into
#: A.6.2.4); A.6.2.4 equal A.8.2 but only a candidate edge (so: a suggestion).
CROSSWALK_27001 = (
    PREFIXES
    + """
cw:m1 a aims:Mapping ; aims:mappingSource s42:A.5.2 ; aims:mappingTarget s27:A.5.9 ;
    aims:relationship aims:equal ; aims:strength 9 ; aims:curationStatus aims:curated .
cw:m2 a aims:Mapping ; aims:mappingSource s42:A.5.2 ; aims:mappingTarget s27:A.5.10 ;
    aims:relationship aims:subsetOf ; aims:strength 6 ; aims:curationStatus aims:curated .
cw:m3 a aims:Mapping ; aims:mappingSource s42:A.5.3 ; aims:mappingTarget s27:A.8.1 ;
    aims:relationship aims:supersetOf ; aims:strength 8 ; aims:curationStatus aims:curated .
cw:m6 a aims:Mapping ; aims:mappingSource s42:A.6.2.4 ; aims:mappingTarget s27:A.8.2 ;
    aims:relationship aims:equal ; aims:strength 5 ; aims:curationStatus aims:candidate .
"""
)

CROSSWALK_AIACT = (
    PREFIXES
    + """
cw:m4 a aims:Mapping ; aims:mappingSource s42:A.5.3 ; aims:mappingTarget act:art-9 ;
    aims:relationship aims:intersectsWith ; aims:strength 5 ; aims:curationStatus aims:curated .
cw:m5 a aims:Mapping ; aims:mappingSource s42:A.6.2.4 ; aims:mappingTarget act:art-10 ;
    aims:relationship aims:subsetOf ; aims:strength 7 ; aims:curationStatus aims:curated .
"""
)

ORG = "https://w3id.org/aimsgraph/org/"
STD = "https://w3id.org/aimsgraph/std/"


def load_mini_reference(store: GraphStore) -> None:
    """Load the crafted reference data into the same graphs `init` uses."""
    for graph, text in (
        (standard_graph("iso42001"), ISO42001),
        (standard_graph("iso27001"), ISO27001),
        (standard_graph("euaiact"), EUAIACT),
        (crosswalk_graph("iso42001-iso27001"), CROSSWALK_27001),
        (crosswalk_graph("iso42001-euaiact"), CROSSWALK_AIACT),
    ):
        store.add(graph, Graph().parse(data=text, format="turtle"))


def req(notation: str, standard: str = "iso42001") -> str:
    return f"{STD}{standard}/{notation}"


def link_id(artefact_iri: str, requirement: str) -> str:
    return hashlib.sha256(f"{artefact_iri}|{requirement}".encode()).hexdigest()[:16]


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


@dataclass
class Artefact:
    id: str
    iri: str
    passages: list[str]


def add_artefact(
    store: GraphStore,
    key: str,
    passages: list[str],
    *,
    title: str | None = None,
    owner: str | None = "Jane Roe",
    review_date: str | None = "2030-01-01",
    revision_of: Artefact | None = None,
) -> Artefact:
    """An artefact with its passages; a revision links passages with equal text."""
    aid = hashlib.sha256(key.encode()).hexdigest()[:12]
    iri = f"{ORG}artefact/{aid}"
    lines = [
        f'<{iri}> a aims:Artefact ; dct:identifier "{aid}" ; dct:title "{title or key}" ;',
        '    aims:artefactType aims:policy ; aims:sha256 "x" .',
    ]
    if owner:
        lines.append(f'<{iri}> aims:owner "{owner}" .')
    if review_date:
        lines.append(f'<{iri}> aims:reviewDate "{review_date}"^^xsd:date .')
    if revision_of:
        lines.append(f"<{iri}> prov:wasRevisionOf <{revision_of.iri}> .")
    old_by_hash = {}
    if revision_of:
        old_by_hash = {
            text_hash(t): p
            for t, p in zip(_texts(store, revision_of), revision_of.passages, strict=True)
        }
    piris = []
    for ordinal, text in enumerate(passages):
        piri = f"{iri}/passage/{ordinal}"
        piris.append(piri)
        h = text_hash(text)
        lines.append(
            f'<{piri}> a aims:Passage ; aims:inArtefact <{iri}> ; aims:text "{text}" ; aims:page {ordinal + 1} ;'
            f' aims:sectionPath "Policy > {ordinal + 1}" ; aims:ordinal {ordinal} ; aims:textHash "{h}" .'
        )
        if h in old_by_hash:
            lines.append(f"<{piri}> prov:wasDerivedFrom <{old_by_hash[h]}> .")
    store.add(ORG_GRAPH, Graph().parse(data=PREFIXES + "\n".join(lines), format="turtle"))
    return Artefact(aid, iri, piris)


def _texts(store: GraphStore, artefact: Artefact) -> list[str]:
    rows = store.select(
        f"SELECT ?p ?t WHERE {{ ?p <https://w3id.org/aimsgraph/ns#inArtefact> <{artefact.iri}> ;"
        f" <https://w3id.org/aimsgraph/ns#text> ?t }}"
    )
    by = {str(r["p"]): str(r["t"]) for r in rows}
    return [by[p] for p in artefact.passages]


def add_link(
    store: GraphStore,
    artefact: Artefact,
    requirement: str,
    *,
    passages: list[int] | None = None,
    score: float = 0.7,
    status: str = "suggested",
) -> str:
    """A suggested link as mapping/evidence/suggest.py writes it; returns its id."""
    lid = link_id(artefact.iri, requirement)
    iri = f"{ORG}link/{lid}"
    lines = [
        f'<{iri}> a aims:EvidenceLink ; dct:identifier "{lid}" ; aims:evidenceArtefact <{artefact.iri}> ;',
        f"    aims:requirement <{requirement}> ; aims:status aims:{status} ; aims:score {score} ;",
        '    aims:method "dense+bm25" ; aims:model "all-MiniLM-L6-v2" ; aims:linkVersion 0 ;',
        '    prov:generatedAtTime "2026-01-01T00:00:00Z"^^xsd:dateTime .',
    ]
    for rank, index in enumerate(passages or [0], start=1):
        piri = artefact.passages[index]
        lines.append(f"<{iri}> aims:evidencePassage <{piri}> ; aims:support <{iri}/s{rank}> .")
        lines.append(
            f"<{iri}/s{rank}> a aims:Support ; aims:passage <{piri}> ; aims:rank {rank} ; aims:score {score} ."
        )
    store.add(ORG_GRAPH, Graph().parse(data=PREFIXES + "\n".join(lines), format="turtle"))
    return lid


def statuses(store: GraphStore) -> dict[tuple[str, str], str]:
    """(artefact IRI, requirement IRI) -> status of every link, for compact assertions."""
    rows = store.select(
        "PREFIX aims: <https://w3id.org/aimsgraph/ns#> SELECT ?a ?r ?s WHERE { GRAPH <"
        + str(ORG_GRAPH)
        + "> { ?l a aims:EvidenceLink ; aims:evidenceArtefact ?a ; aims:requirement ?r ; aims:status ?s } }"
    )
    return {(str(r["a"]), str(r["r"])): str(r["s"]).rsplit("#", 1)[-1] for r in rows}


__all__ = ["AUDIT_GRAPH", "ORG_GRAPH"]
