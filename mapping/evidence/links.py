"""Evidence-link identity, in one place: a link's id and IRI, and the artefact IRI it hangs on.

A link from an artefact to a requirement has the id ``sha256("<artefact IRI>|<requirement
IRI>")[:16]`` (docs/dev/contracts.md), so suggesting, carrying over and propagating the same
pair always meet the same link. Everything else (``mapping.evidence.suggest``, ``mapping.evidence.review``,
``mapping.evidence.revisions``) imports these names from here.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from ingest.artefacts import artefact_iri as artefact_term
from ontology.errors import InputError
from ontology.namespaces import ORG

_LINK_ID = re.compile(r"^[0-9a-f]{16}$")


def link_id(artefact_iri: str, requirement_iri: str) -> str:
    """The evidence link id: first 16 hex of sha256("<artefact IRI>|<requirement IRI>")."""
    return hashlib.sha256(f"{artefact_iri}|{requirement_iri}".encode()).hexdigest()[:16]


def link_iri(link: str) -> URIRef:
    """The IRI of the link with id ``link``."""
    return URIRef(f"{ORG}link/{link}")


def link_id_of(link: str) -> str:
    """The 16-hex identifier of a link given by id or by IRI (``…/org/link/<id>``)."""
    value = link.strip().rstrip("/").rsplit("/", 1)[-1].lower()
    if not _LINK_ID.match(value):
        raise InputError(
            f"not an evidence link id: {link!r}",
            hint="use the 16-hex id shown by `aimsgraph suggestions` or the link's IRI",
        )
    return value


def artefact_iri(artefact: str) -> str:
    """The IRI of an artefact given its id (an IRI is returned as it is), as text.

    The term itself is :func:`ingest.artefacts.artefact_iri`; this accepts either form.
    """
    return artefact if artefact.startswith("http") else str(artefact_term(artefact))
