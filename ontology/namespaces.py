"""IRIs of the vocabulary, the reference data, the organisation data and the named graphs."""

from __future__ import annotations

from typing import Final

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE: Final = "https://w3id.org/aimsgraph/"
AIMS: Final = Namespace(BASE + "ns#")
STD: Final = Namespace(BASE + "std/")
ORG: Final = Namespace(BASE + "org/")
GRAPH: Final = Namespace(BASE + "graph/")
AIRO: Final = Namespace("https://w3id.org/airo#")
DPV: Final = Namespace("https://w3id.org/dpv#")
ELI_AI_ACT: Final = URIRef("http://data.europa.eu/eli/reg/2024/1689/oj")

STANDARDS: Final = ("iso42001", "iso27001", "euaiact")

VOCABULARY_GRAPH: Final = URIRef(GRAPH + "vocabulary")
ORG_GRAPH: Final = URIRef(GRAPH + "org")
AUDIT_GRAPH: Final = URIRef(GRAPH + "audit")

PREFIXES: Final[dict[str, str]] = {
    "aims": str(AIMS),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "airo": str(AIRO),
    "dpv": str(DPV),
    "std42001": str(STD) + "iso42001/",
    "std27001": str(STD) + "iso27001/",
    "euaiact": str(STD) + "euaiact/",
}


def standard_iri(standard: str) -> URIRef:
    """The concept-scheme IRI of a standard (``iso42001``, ``iso27001``, ``euaiact``)."""
    return URIRef(STD + standard)


def requirement_iri(standard: str, notation: str) -> URIRef:
    """The IRI of a requirement: ``…/std/<standard>/<notation>`` (``A.6.2.4``, ``art-9``)."""
    return URIRef(f"{STD}{standard}/{notation}")


def standard_graph(standard: str) -> URIRef:
    return URIRef(f"{GRAPH}std/{standard}")


def crosswalk_graph(pair: str) -> URIRef:
    """Named graph of one crosswalk, ``pair`` like ``iso42001-iso27001``."""
    return URIRef(f"{GRAPH}crosswalk/{pair}")


def sparql_prefixes() -> str:
    """PREFIX lines for every prefix in :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
