"""Verify evidence links with a language model, checking every quote.

For one link the model sees the requirement (our own words and its typical evidence) and the
link's cited passages, numbered, and answers with a verdict, a passage number, a quote and a
reason. The code then checks the answer: a passage number outside the list, or a quote that
is not verbatim (whitespace aside) in that passage, makes the verdict ``unverifiable`` —
what the model said is kept as ``model_verdict`` for the record, never shown as a finding.

A verdict is written only once the model has answered with well-formed JSON; an endpoint
that is down, slow, refusing or talking nonsense raises an :class:`LlmError` and writes
nothing. Verdicts are cached by (model, prompt template, temperature, requirement text,
passage IRIs and text hashes): asking again returns the recorded one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rdflib import URIRef

from ingest.passages import normalised_text_hash
from mapping.llm.client import LlmClient
from mapping.llm.prompt import SCHEMA, TEMPLATE_HASH, TEMPLATE_VERSION, RequirementBrief, messages
from mapping.llm.quotes import locate_quote
from mapping.llm.verdicts import Verdict, cached_verdict, write_verdict
from ontology.query_files import load_query
from ontology.store import GraphStore

#: Most passages of a link shown to the model, and most characters of each.
MAX_PASSAGES = 3
MAX_PASSAGE_CHARS = 1200


@dataclass(frozen=True)
class LinkToVerify:
    """An evidence link with what the model needs: its requirement and cited passages."""

    link: str
    link_id: str
    requirement: RequirementBrief
    passages: list[tuple[str, str]]  # (passage IRI, text), best first


def link_to_verify(store: GraphStore, entry: dict[str, Any]) -> LinkToVerify:
    """From one entry of the evidence listing (``mapping.evidence.listing``)."""
    req = URIRef(entry.get("requirement") or _requirement_of(entry))
    rows = store.select(load_query("mapping", "requirement_brief", req=req))
    row = rows[0] if rows else {}
    brief = RequirementBrief(
        notation=str(row.get("notation", entry["notation"])),
        label=str(row.get("label", entry.get("label") or "")),
        definition=str(row.get("definition", "")),
        evidence=str(row.get("evidence", "")),
    )
    seen: dict[str, str] = {}
    for p in entry.get("passages", []):
        if p.get("passage") and p["passage"] not in seen:
            seen[p["passage"]] = p["text"]
    passages = list(seen.items())[:MAX_PASSAGES]
    return LinkToVerify(entry["link"], entry["id"], brief, passages)


def _requirement_of(entry: dict[str, Any]) -> str:
    from ontology.namespaces import requirement_iri

    return str(requirement_iri(entry["standard"], entry["notation"]))


def cache_key(item: LinkToVerify, model: str, temperature: float) -> str:
    """What makes two verifications the same question to the same model."""
    parts = [
        model,
        TEMPLATE_VERSION,
        TEMPLATE_HASH,
        repr(temperature),
        item.link,
        item.requirement.text(),
        [[iri, normalised_text_hash(text)] for iri, text in item.passages],
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _now() -> str:
    """Now, to the millisecond: two checks of one link within a second still order."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def verify_link(
    store: GraphStore,
    client: LlmClient,
    item: LinkToVerify,
    *,
    temperature: float = 0.0,
    use_cache: bool = True,
    write: bool = True,
) -> Verdict:
    """The checked verdict on one link: the cached one, or the model's (then recorded)."""
    model = client.model_name()
    key = cache_key(item, model, temperature)
    if use_cache:
        found = cached_verdict(store, key)
        if found is not None:
            return found
    if not item.passages:
        return _no_passages(item, client, model, key, temperature)
    started = _now()
    prompt = messages(item.requirement, [t for _, t in item.passages], max_chars=MAX_PASSAGE_CHARS)
    answer = client.chat_json(prompt, SCHEMA, temperature=temperature)
    verdict = judge(item, answer.data)
    verdict.update(model=answer.model, key=key, started=started, ended=_now())
    result = _verdict(item, client, temperature, verdict)
    if write:
        write_verdict(store, result)
    return result


def judge(item: LinkToVerify, answer: dict[str, Any]) -> dict[str, Any]:
    """Check the model's answer against the passages it was shown.

    The verdict stands only when the passage number is one of them and the quote is in
    that passage; otherwise it becomes ``unverifiable`` and the reason says why.
    """
    number = int(answer["passage"])
    quote = str(answer["quote"])
    out: dict[str, Any] = {
        "model_verdict": answer["verdict"],
        "passage_number": number,
        "quote": quote,
        "reason": str(answer["reason"]).strip().splitlines()[0] if answer["reason"] else "",
        "passage": None,
        "span": None,
    }
    if not 1 <= number <= len(item.passages):
        out["verdict"] = "unverifiable"
        out["reason"] = f"the model cited passage {number}, but only 1–{len(item.passages)} exist"
        return out
    iri, text = item.passages[number - 1]
    out["passage"] = iri
    out["span"] = locate_quote(quote, text)
    if out["span"] is None:
        out["verdict"] = "unverifiable"
        out["reason"] = f"the quote is not in passage {number}; the model said: {out['reason']}"
    else:
        out["verdict"] = answer["verdict"]
    return out


def _verdict(
    item: LinkToVerify, client: LlmClient, temperature: float, v: dict[str, Any]
) -> Verdict:
    span = v["span"]
    return Verdict(
        link=item.link,
        link_id=item.link_id,
        verdict=v["verdict"],
        passage=v["passage"],
        passage_number=v["passage_number"],
        quote=v["quote"],
        quote_verified=span is not None,
        quote_start=span[0] if span else None,
        quote_end=span[1] if span else None,
        reason=v["reason"],
        model=v["model"],
        endpoint=client.endpoint.url,
        template=TEMPLATE_VERSION,
        template_hash=TEMPLATE_HASH,
        temperature=temperature,
        model_verdict=v["model_verdict"],
        key=v["key"],
        started=v["started"],
        ended=v["ended"],
        used=[iri for iri, _ in item.passages],
    )


def _no_passages(
    item: LinkToVerify, client: LlmClient, model: str, key: str, temperature: float
) -> Verdict:
    now = _now()
    fields = {"model_verdict": None, "passage_number": None, "quote": "", "passage": None}
    fields |= {"span": None, "verdict": "unverifiable", "model": model, "key": key}
    fields |= {"reason": "the link cites no passage to check", "started": now, "ended": now}
    return _verdict(item, client, temperature, fields)


Progress = Callable[[str, float], None]


def verify_many(
    store: GraphStore,
    client: LlmClient,
    items: Sequence[LinkToVerify],
    *,
    temperature: float = 0.0,
    progress: Progress | None = None,
) -> list[Verdict]:
    """Verify ``items`` with the endpoint's concurrency, in order; the first endpoint
    failure stops the run (verdicts already recorded stay: each is whole on its own)."""
    done = 0

    def one(item: LinkToVerify) -> Verdict:
        return verify_link(store, client, item, temperature=temperature, write=False)

    out: list[Verdict] = []
    with ThreadPoolExecutor(max_workers=client.endpoint.concurrency) as pool:
        for verdict in pool.map(one, items):
            if not verdict.cached and verdict.model_verdict is not None:
                write_verdict(store, verdict)  # writes stay on this thread, one at a time
            out.append(verdict)
            done += 1
            if progress is not None:
                progress(f"verified {done} of {len(items)}", done / max(1, len(items)))
    return out
