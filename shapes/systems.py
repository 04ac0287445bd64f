"""Per-AI-system completeness with SHACL (``shapes/systems.ttl``).

Every AI system in the AIMS scope must have each ISO/IEC 42001 impact-assessment control
(A.5.2-A.5.5) evidenced for that system by a current, unexpired artefact that covers it.
Non-conformance is data: the result is a :class:`~shapes.validation.ValidationReport` whose
violations name the system (focus) and the control (value).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import BNode, Literal
from rdflib.namespace import RDF, XSD

from ontology.namespaces import AIMS, ORG_GRAPH, standard_graph
from ontology.store import GraphStore
from shapes.validation import ValidationReport, graph_from_store, validate_graph

SHAPES = Path(__file__).with_name("systems.ttl")


def validate_systems(store: GraphStore, *, today: date | None = None) -> ValidationReport:
    """Validate the org graph's AI systems against the per-system shapes on ``today``."""
    data = graph_from_store(store, [ORG_GRAPH, standard_graph("iso42001")])
    context = BNode()
    data.add((context, RDF.type, AIMS.ValidationContext))
    day = (today or date.today()).isoformat()
    data.add((context, AIMS.assessmentDate, Literal(day, datatype=XSD.date)))
    return validate_graph(data, SHAPES)
