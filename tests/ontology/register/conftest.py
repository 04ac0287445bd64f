"""Fixtures for the AI-system register tests: an embedded store with the real reference data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from ontology.namespaces import ORG_GRAPH
from ontology.store import EmbeddedStore
from tests.conftest import copy_reference

# One document (two versions: only v2 is current) with a passage naming "HireRank", a
# confirmed link to EU AI Act Art. 9 and one to ISO/IEC 42001 A.5.2; review date given per test.
ORG = """
@prefix aims: <https://w3id.org/aimsgraph/ns#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix org:  <https://w3id.org/aimsgraph/org/> .
<https://w3id.org/aimsgraph/org/artefact/doc1> a aims:Artefact ; dct:identifier "doc1" ; dct:title "HireRank risk file v1" .
<https://w3id.org/aimsgraph/org/artefact/doc2> a aims:Artefact ; dct:identifier "doc2" ; dct:title "HireRank risk file" ;
    prov:wasRevisionOf <https://w3id.org/aimsgraph/org/artefact/doc2-old> ; aims:reviewDate "REVIEW"^^xsd:date .
<https://w3id.org/aimsgraph/org/artefact/doc3> a aims:Artefact ; dct:identifier "doc3" ; dct:title "Canteen menu" .
<https://w3id.org/aimsgraph/org/passage/p1> a aims:Passage ; aims:inArtefact <https://w3id.org/aimsgraph/org/artefact/doc2> ;
    aims:text "The HireRank screening model is assessed for risk every quarter." .
<https://w3id.org/aimsgraph/org/passage/p2> a aims:Passage ; aims:inArtefact <https://w3id.org/aimsgraph/org/artefact/doc3> ; aims:text "Soup on Mondays." .
<https://w3id.org/aimsgraph/org/link/l1> a aims:EvidenceLink ; dct:identifier "l1" ; aims:evidenceArtefact <https://w3id.org/aimsgraph/org/artefact/doc2> ;
    aims:requirement <https://w3id.org/aimsgraph/std/euaiact/art-9> ; aims:status aims:confirmed .
<https://w3id.org/aimsgraph/org/link/l2> a aims:EvidenceLink ; dct:identifier "l2" ; aims:evidenceArtefact <https://w3id.org/aimsgraph/org/artefact/doc2> ;
    aims:requirement <https://w3id.org/aimsgraph/std/iso42001/A.5.2> ; aims:status aims:confirmed .
<https://w3id.org/aimsgraph/org/link/l3> a aims:EvidenceLink ; dct:identifier "l3" ; aims:evidenceArtefact <https://w3id.org/aimsgraph/org/artefact/doc2> ;
    aims:requirement <https://w3id.org/aimsgraph/std/iso42001/A.5.3> ; aims:status aims:suggested .
"""


@pytest.fixture
def store(tmp_path: Path, reference_template: Path) -> Iterator[EmbeddedStore]:
    """A copy of the reference store loaded once per session."""
    opened = copy_reference(reference_template, tmp_path / "oxigraph")
    yield opened
    opened.close()


def add_org(store: EmbeddedStore, review_date: str = "2999-01-01") -> None:
    store.add(ORG_GRAPH, Graph().parse(data=ORG.replace("REVIEW", review_date), format="turtle"))
