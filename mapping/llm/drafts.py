"""Drafted SoA justifications, built only from confirmed evidence and kept as drafts until
an admin accepts one.

The model is shown the control (our own words) and its **confirmed** evidence links' cited
passages, numbered, and writes a short justification citing them by number. A draft that
cites nothing, or a number outside the list, is refused (nothing written): a draft never
rests on invented evidence. A control without confirmed evidence gets no draft.

A draft is an ``aims:JustificationDraft`` (a ``prov:Activity``) in ``…/graph/llm`` with its
text, the links it cites (``prov:used``), the model, endpoint, prompt template and hash,
and ``aims:draftStatus`` ``draft``. Accepting it sets the SoA row's justification through
:func:`mapping.evidence.soa.set_soa` — an ``aims:ApplicabilityChange`` in the audit graph
naming the admin — and marks the draft ``accepted``.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from mapping.evidence.listing import list_suggestions
from mapping.evidence.soa import list_soa, set_soa
from mapping.llm.client import LlmClient
from mapping.llm.errors import LlmAnswerError
from mapping.llm.verdicts import LLM_GRAPH
from ontology.errors import ConflictError, InputError, NotFoundError
from ontology.namespaces import AIMS, ORG
from ontology.query_files import load_query
from ontology.store import GraphStore

DRAFT_TEMPLATE_VERSION = "soa-justification-1"
DRAFT_PROMPT = """Control {notation}: {label}
What it asks: {definition}

Confirmed evidence from the organisation's documents:
{evidence}

Write a short justification (two or three sentences) for the Statement of Applicability
saying why this control is applicable and how the evidence above shows it is addressed.
Use only the evidence above; cite the numbers of the items you rely on.
Answer with a JSON object: "justification" (text) and "cites" (list of item numbers)."""
DRAFT_TEMPLATE_HASH = hashlib.sha256(DRAFT_PROMPT.encode()).hexdigest()
DRAFT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "justification": {"type": "string"},
        "cites": {"type": "array", "items": {"type": "integer"}},
    },
    "required": ["justification", "cites"],
    "additionalProperties": False,
}
MAX_ITEMS = 5
MAX_CHARS = 600


class JustificationDraft(BaseModel):
    """One drafted justification of an SoA row (machine-drafted until accepted): the JSON of
    ``aimsgraph soa draft``, the API and the SoA page."""

    model_config = ConfigDict(extra="forbid")

    id: str
    notation: str
    text: str
    cites: list[str] = Field(description="IRIs of the confirmed evidence links it rests on.")
    model: str
    endpoint: str
    template: str
    template_hash: str
    created: str
    status: str = Field(
        default="draft", description="draft, or accepted once an admin accepted it."
    )
    accepted_by: str | None = None
    accepted_at: str | None = None
    machine_drafted: bool = True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def draft_justification(store: GraphStore, client: LlmClient, notation: str) -> JustificationDraft:
    """Draft the justification of one applicable Annex A control from its confirmed evidence."""
    row = next((r for r in list_soa(store) if r.notation == notation.strip()), None)
    if row is None:
        raise NotFoundError(
            f"no Annex A control {notation!r} in the SoA", hint="use a notation like A.2.2"
        )
    if not row.applicable:
        raise InputError(
            f"{row.notation} is excluded: an exclusion's justification is not drafted",
            hint="write it yourself (aimsgraph soa set … --excluded --justification …)",
        )
    evidence = _confirmed(store, row.notation)
    if not evidence:
        raise InputError(
            f"{row.notation} has no confirmed evidence: a draft is built only from confirmed "
            "evidence",
            hint="confirm evidence in the review queue first",
        )
    answer = client.chat_json(_messages(store, row.notation, row.label, evidence), DRAFT_SCHEMA)
    cites = _checked_cites(answer.data, len(evidence))
    draft = JustificationDraft(
        id=uuid.uuid4().hex[:12],
        notation=row.notation,
        text=str(answer.data["justification"]).strip(),
        cites=[evidence[n - 1]["link"] for n in cites],
        model=answer.model,
        endpoint=client.endpoint.url,
        template=DRAFT_TEMPLATE_VERSION,
        template_hash=DRAFT_TEMPLATE_HASH,
        created=_now(),
    )
    _write(store, draft)
    return draft


def _confirmed(store: GraphStore, notation: str) -> list[dict[str, Any]]:
    found = list_suggestions(store, control=notation, status="confirmed", standard="iso42001")
    return [e for e in found if e.get("passages")][:MAX_ITEMS]


def _messages(
    store: GraphStore, notation: str, label: str, evidence: list[dict[str, Any]]
) -> list[dict[str, str]]:
    from ontology.namespaces import requirement_iri

    rows = store.select(
        load_query("mapping", "requirement_brief", req=requirement_iri("iso42001", notation))
    )
    definition = str(rows[0].get("definition", "")) if rows else ""
    items = "\n\n".join(
        f"[{n}] {e.get('document_title') or e['document']}: {e['passages'][0]['text'][:MAX_CHARS]}"
        for n, e in enumerate(evidence, start=1)
    )
    text = DRAFT_PROMPT.format(
        notation=notation, label=label, definition=definition or "(none)", evidence=items
    )
    return [{"role": "user", "content": text}]


def _checked_cites(data: dict[str, Any], count: int) -> list[int]:
    cites = data.get("cites")
    numbers = [c for c in cites if isinstance(c, int)] if isinstance(cites, list) else []
    if not numbers or any(not 1 <= n <= count for n in numbers):
        raise LlmAnswerError(
            f"the draft cites {cites!r}, not items 1–{count} of the confirmed evidence",
            hint="a draft must rest on the evidence shown; try again or write it yourself",
        )
    if not str(data.get("justification", "")).strip():
        raise LlmAnswerError("the model drafted an empty justification")
    return sorted(set(numbers))


def _write(store: GraphStore, draft: JustificationDraft) -> None:
    node = URIRef(f"{ORG}soa-draft/{draft.id}")
    g = Graph()
    g.add((node, RDF.type, AIMS.JustificationDraft))
    g.add((node, RDF.type, PROV.Activity))
    g.add((node, AIMS.draftFor, URIRef(f"{ORG}soa/{draft.notation}")))
    for link in draft.cites:
        g.add((node, PROV.used, URIRef(link)))
    for prop, value in (
        (AIMS.draftText, draft.text),
        (AIMS.draftStatus, "draft"),
        (AIMS.llmModel, draft.model),
        (AIMS.endpoint, draft.endpoint),
        (AIMS.promptTemplate, draft.template),
        (AIMS.promptTemplateHash, draft.template_hash),
    ):
        g.add((node, prop, Literal(value)))
    g.add((node, PROV.endedAtTime, Literal(draft.created, datatype=XSD.dateTime)))
    store.add(LLM_GRAPH, g)


def list_drafts(store: GraphStore, notation: str | None = None) -> list[JustificationDraft]:
    """Drafts, newest first (optionally one control's)."""
    row = URIRef(f"{ORG}soa/{notation.strip()}") if notation else None
    out: dict[str, JustificationDraft] = {}
    for r in store.select(load_query("mapping", "soa_drafts", row=row)):
        ident = str(r["draft"]).rsplit("/", 1)[-1]
        if ident in out:
            if "used" in r:
                out[ident].cites.append(str(r["used"]))
            continue
        out[ident] = JustificationDraft(
            id=ident,
            notation=str(r["row"]).rsplit("/", 1)[-1],
            text=str(r["text"]),
            cites=[str(r["used"])] if "used" in r else [],
            model=str(r["model"]),
            endpoint=str(r["endpoint"]),
            template=str(r["template"]),
            template_hash=str(r["templateHash"]),
            created=str(r["created"]),
            status=str(r["status"]),
            accepted_by=str(r["acceptedBy"]) if "acceptedBy" in r else None,
            accepted_at=str(r["acceptedAt"]) if "acceptedAt" in r else None,
        )
    return list(out.values())


def accept_draft(store: GraphStore, draft_id: str, by: str) -> JustificationDraft:
    """Make the draft the row's justification (an audit event naming ``by``)."""
    draft = next((d for d in list_drafts(store) if d.id == draft_id.strip()), None)
    if draft is None:
        raise NotFoundError(f"no justification draft {draft_id!r}", hint="list them first")
    if draft.status != "draft":
        raise ConflictError(f"draft {draft.id} was already {draft.status}")
    row = next(r for r in list_soa(store) if r.notation == draft.notation)
    set_soa(
        store,
        draft.notation,
        applicable=row.applicable,
        justification=draft.text,
        status=row.implementation_status,
        by=by,
    )
    now = _now()
    store.update(
        load_query(
            "mapping",
            "soa_draft_accept",
            draft=URIRef(f"{ORG}soa-draft/{draft.id}"),
            by=Literal(by),
            time=Literal(now, datatype=XSD.dateTime),
        )
    )
    draft.status, draft.accepted_by, draft.accepted_at = "accepted", by, now
    return draft
