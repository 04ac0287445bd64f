"""Review decisions on evidence links: confirm, reject, retarget, comment; one or many.

Every decision is an immutable PROV-O activity (``aims:ReviewDecision``) in the audit graph:
who (``prov:wasAssociatedWith`` a reviewer), when (``prov:endedAtTime``), what they saw
(``aims:sawStatus``, ``aims:sawVersion``), what they decided and why (``rdfs:comment``). The
link's current status follows from its latest decision and is written onto the link in the
org graph by the same SPARQL update that records the decision, so the two never disagree.

Concurrency is optimistic. Each decision raises the link's ``aims:linkVersion`` by one. A
caller that names the version it saw (``saw_version``) gets a :class:`ConflictError` when
someone decided in between; the update itself is a compare-and-set on the version, and in
this process decisions are serialised by a lock, so of two reviewers deciding the same
version exactly one wins. A caller that names no version decides on whatever is current
(the CLI always reads and passes the version; the HTTP API passes what the page showed).

Statuses a decision sets: confirm → confirmed, reject → rejected, comment → unchanged,
retarget → the link becomes rejected and a confirmed link from the same artefact to the
new requirement is created (or confirmed, if it existed), citing the same passages, with
``prov:wasDerivedFrom`` the original and the decision ``prov:generated`` it. Derived links
follow their source and cannot be decided directly.
"""

from __future__ import annotations

import difflib
import re
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from mapping.evidence.links import link_id
from mapping.evidence.links import link_id_of as link_id_of
from mapping.evidence.links import link_iri as link_iri
from ontology.errors import AimsgraphError, ConflictError, InputError, NotFoundError
from ontology.namespaces import AIMS, ORG, STANDARDS, requirement_iri, standard_iri
from ontology.query_files import combine_updates, load_query
from ontology.reviewers import reviewer_iri as reviewer_iri
from ontology.reviewers import stripped
from ontology.store import GraphStore

DECISIONS = ("confirm", "reject", "retarget", "comment")
_STATUS_AFTER = {"confirm": "confirmed", "reject": "rejected", "retarget": "rejected"}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class LinkState:
    """What a reviewer sees of a link before deciding."""

    id: str
    iri: str
    status: str
    version: int
    artefact: str
    requirement: str
    derived_from: str | None = None


class DecisionOutcome(BaseModel):
    """One recorded decision and where it left the link (``aimsgraph review``,
    ``POST /api/reviews``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    decision_id: str
    decision_iri: str
    link_id: str
    decision: str = Field(description="confirm, reject, retarget, comment or undo.")
    reviewer: str
    time: str
    saw_status: str
    saw_version: int
    status: str = Field(description="The link's status now.")
    version: int = Field(description="The link's version now.")
    comment: str | None = None
    retarget_link_id: str | None = None


class BulkOutcome(BaseModel):
    """A decision on many links: what was decided and what failed, each link on its own."""

    model_config = ConfigDict(extra="forbid")

    decided: list[DecisionOutcome] = Field(default_factory=list)
    failed: list[dict[str, str]] = Field(
        default_factory=list,
        description="What failed: ``link`` (``decision`` for an undo), ``error``, ``message``.",
    )


#: The id of the link from ``artefact`` to ``requirement`` (an alias of the one owner).
link_id_for = link_id


def get_link(store: GraphStore, link: str) -> LinkState:
    """The current state of a link; :class:`NotFoundError` when there is none."""
    link_id = link_id_of(link)
    rows = store.select(load_query("mapping", "review_link_state", id=Literal(link_id)))
    if not rows:
        raise NotFoundError(
            f"no evidence link {link_id}", hint="list links with `aimsgraph suggestions`"
        )
    row = rows[0]
    return LinkState(
        id=link_id,
        iri=str(row["link"]),
        status=_local(row["status"]),
        version=int(row["version"]),  # type: ignore[call-overload]
        artefact=str(row["artefact"]),
        requirement=str(row["requirement"]),
        derived_from=str(row["derivedFrom"]) if "derivedFrom" in row else None,
    )


#: What a notation may hold (``A.6.2.4``, ``4.1``, ``art-9``): nothing that could end an IRI.
_NOTATION = re.compile(r"[A-Za-z0-9][\w.\-]*")


def resolve_requirement(store: GraphStore, target: str) -> URIRef:
    """A requirement IRI from an IRI, ``standard:notation`` or a bare ISO/IEC 42001 notation.

    Raises :class:`NotFoundError` naming the closest notations of that standard.
    """
    standard, notation = "iso42001", target.strip()
    if target.startswith("http"):
        standard, notation = (
            target.split("/std/", 1)[-1].split("/", 1) if "/std/" in target else ("", target)
        )
    elif ":" in target and target.split(":", 1)[0] in STANDARDS:
        standard, notation = target.split(":", 1)
    if standard not in STANDARDS or not _NOTATION.fullmatch(notation):  # never into a query
        raise NotFoundError(
            f"no requirement {target!r}",
            hint="give a notation such as A.6.2.4, standard:notation (iso27001:5.1) or its IRI",
        )
    iri = requirement_iri(standard, notation)
    if store.ask(load_query("mapping", "requirement_known", requirement=iri)):
        return iri
    rows = store.select(load_query("mapping", "scheme_notations", scheme=standard_iri(standard)))
    close = difflib.get_close_matches(notation, [str(r["n"]) for r in rows], n=3, cutoff=0.6)
    raise NotFoundError(
        f"no requirement {target!r} in {standard or 'any standard'}", suggestions=close
    )


def decide(
    store: GraphStore,
    link_id: str,
    decision: str,
    reviewer: str,
    comment: str | None = None,
    saw_version: int | None = None,
    retarget_to: str | None = None,
    *,
    now: datetime | None = None,
    propagate: bool = True,
) -> DecisionOutcome:
    """Record ``decision`` on one link by ``reviewer``; return where the link now stands.

    Raises :class:`ConflictError` when ``saw_version`` is not the link's current version
    (or a concurrent decision won), :class:`NotFoundError` for an unknown link or
    requirement, and :class:`InputError` for a decision that does not apply.
    """
    result, artefact = _decide_one(
        store, link_id, decision, reviewer, comment, saw_version, retarget_to, now
    )
    if propagate:
        _propagate(store, [artefact])
    return result


def decide_many(
    store: GraphStore,
    link_ids: Sequence[str],
    decision: str,
    reviewer: str,
    comment: str | None = None,
    saw_versions: dict[str, int] | None = None,
    retarget_to: str | None = None,
    *,
    now: datetime | None = None,
) -> BulkOutcome:
    """The same decision on many links, written all at once.

    Each link is checked first (unknown, derived, decided since ``saw_versions``, a blank
    id: listed in ``failed`` with the reason); the decisions on all the others are then
    recorded by *one* SPARQL update, so a crash or kill leaves all of them or none.
    """
    _check_decision(decision, reviewer, retarget_to)
    target = (
        resolve_requirement(store, retarget_to) if decision == "retarget" and retarget_to else None
    )
    who, versions = stripped(reviewer), saw_versions or {}
    outcome = BulkOutcome()
    with _LOCK:
        states = _checked_states(store, link_ids, versions, target, outcome)
        planned = [_plan(store, state, decision, who, comment, target, now) for state in states]
        with store.declaring(state.artefact for state in states):
            _write_planned(store, states, planned, outcome)
    if outcome.decided:
        _propagate(store, [state.artefact for state in states])
    return outcome


def _write_planned(
    store: GraphStore,
    states: list[LinkState],
    planned: list[tuple[str, DecisionOutcome]],
    outcome: BulkOutcome,
) -> None:
    """Write a bulk decision in one update, then check each link's decision won."""
    if planned:
        store.update(combine_updates(*[update for update, _ in planned]))
    for (_, result), state in zip(planned, states, strict=True):
        try:
            _check_won(store, state, URIRef(result.decision_iri))
            outcome.decided.append(result)
        except AimsgraphError as error:
            outcome.failed.append({"link": state.id, "error": error.code, "message": str(error)})


def _checked_states(
    store: GraphStore,
    link_ids: Sequence[str],
    versions: dict[str, int],
    target: URIRef | None,
    outcome: BulkOutcome,
) -> list[LinkState]:
    """The links a bulk decision may decide; the others go to ``outcome.failed``."""
    states: dict[str, LinkState] = {}
    for position, raw in enumerate(link_ids, start=1):
        if not raw.strip():
            message = f"item {position} of the request is a blank link id"
            outcome.failed.append({"link": raw, "error": "blank_id", "message": message})
            continue
        try:
            key = link_id_of(raw.strip())
            if key not in states:
                states[key] = _checked_state(store, key, versions.get(key), target)
        except AimsgraphError as error:
            outcome.failed.append({"link": raw, "error": error.code, "message": str(error)})
    return list(states.values())


def _decide_one(
    store: GraphStore,
    link: str,
    decision: str,
    reviewer: str,
    comment: str | None,
    saw_version: int | None,
    retarget_to: str | None,
    now: datetime | None,
) -> tuple[DecisionOutcome, str]:
    """The decision and the artefact whose crosswalk derivations it may change."""
    _check_decision(decision, reviewer, retarget_to)
    target = (
        resolve_requirement(store, retarget_to) if decision == "retarget" and retarget_to else None
    )
    with _LOCK:
        state = _checked_state(store, link, saw_version, target)
        result = _record(store, state, decision, stripped(reviewer), comment, target, now)
    return result, state.artefact


def _checked_state(
    store: GraphStore, link: str, saw_version: int | None, target: URIRef | None
) -> LinkState:
    """The link's state where ``decision`` may be recorded on it; else raise why not."""
    state = get_link(store, link)
    if state.status == "derived":
        raise InputError(
            f"link {state.id} is derived through a crosswalk and follows its source",
            hint=f"decide the source link {state.derived_from} instead",
        )
    if saw_version is not None and saw_version != state.version:
        raise _conflict(state, saw_version)
    if target is not None and str(target) == state.requirement:
        raise InputError("retarget to the requirement the link already has", hint="pick another")
    return state


def _record(
    store: GraphStore,
    state: LinkState,
    decision: str,
    reviewer: str,
    comment: str | None,
    target: URIRef | None,
    now: datetime | None,
    undone: tuple[URIRef, str] | None = None,
) -> DecisionOutcome:
    """Write the decision (and a retarget's new link, or what an undo undoes) in one update;
    check it won. ``undone``: the decision an undo undoes and the status it puts back."""
    update, result = _plan(store, state, decision, reviewer, comment, target, now, undone)
    with store.declaring([state.artefact]):  # the evidence index refreshes that artefact
        store.update(update)
        _check_won(store, state, URIRef(result.decision_iri))
    return result


def _check_won(store: GraphStore, state: LinkState, node: URIRef) -> None:
    """Raise a conflict where the decision ``node`` did not land or lost a race."""
    if not store.ask(load_query("mapping", "decision_recorded", decision=node)):
        raise _conflict(get_link(store, state.id), state.version)
    if not _won_race(store, URIRef(state.iri), node):
        raise _conflict(get_link(store, state.id), state.version)


def _plan(
    store: GraphStore,
    state: LinkState,
    decision: str,
    reviewer: str,
    comment: str | None,
    target: URIRef | None,
    now: datetime | None,
    undone: tuple[URIRef, str] | None = None,
) -> tuple[str, DecisionOutcome]:
    """The update recording a decision, and the result it gives once written."""
    decision_id = str(uuid.uuid4())
    node = URIRef(f"{ORG}decision/{decision_id}")
    time = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    new_status = undone[1] if undone else _STATUS_AFTER.get(decision, state.status)
    new_id = link_id_for(state.artefact, str(target)) if target is not None else None
    update = _decision_update(state, node, decision, reviewer, comment, new_status, time)
    if target is not None and new_id is not None:
        update = combine_updates(update, _retarget_update(state, node, target, new_id, time))
    if undone is not None:
        undo = load_query("mapping", "review_undo", decision=node, undone=undone[0])
        update = combine_updates(update, undo)
    return update, DecisionOutcome(
        decision_id=decision_id,
        decision_iri=str(node),
        link_id=state.id,
        decision=decision,
        reviewer=reviewer,
        time=time,
        saw_status=state.status,
        saw_version=state.version,
        status=new_status,
        version=state.version + 1,
        comment=comment or None,
        retarget_link_id=new_id,
    )


def _decision_update(
    state: LinkState,
    node: URIRef,
    decision: str,
    reviewer: str,
    comment: str | None,
    new_status: str,
    time: str,
) -> str:
    """The compare-and-set update of one decision (one form for every store)."""
    return load_query(
        "mapping",
        "review_decide",
        link=URIRef(state.iri),
        decision=node,
        decisionType=AIMS[decision],
        reviewer=reviewer_iri(reviewer),
        reviewerName=Literal(str(reviewer)),
        time=Literal(time, datatype=XSD.dateTime),
        sawVersion=Literal(state.version),
        sawStatus=AIMS[state.status],
        newStatus=AIMS[new_status],
        newVersion=Literal(state.version + 1),
        commentText=Literal(comment or ""),
    )


def _retarget_update(state: LinkState, node: URIRef, target: URIRef, new_id: str, time: str) -> str:
    return load_query(
        "mapping",
        "review_retarget",
        link=URIRef(state.iri),
        newLink=link_iri(new_id),
        newId=Literal(new_id),
        requirement=target,
        decision=node,
        time=Literal(time, datatype=XSD.dateTime),
    )


def _check_decision(decision: str, reviewer: str, retarget_to: str | None) -> None:
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r}", hint="use " + ", ".join(DECISIONS))
    if not reviewer or not reviewer.strip():
        raise InputError("a decision needs a reviewer", hint="pass --reviewer NAME")
    if decision == "retarget" and not retarget_to:
        raise InputError("retarget needs the requirement to move to", hint="pass --to NOTATION")


def _won_race(store: GraphStore, link: URIRef, node: URIRef) -> bool:
    """Whether ``node`` is the link's only latest decision; settle an interleaving if not.

    Updates on one embedded store are serialised (and this process holds ``_LOCK``), but a
    remote endpoint shared by several processes may run two compare-and-set updates on the
    same snapshot. Then both decisions land; every party picks the same winner (the
    smallest decision IRI) and the loser withdraws its own, which never took effect.
    """
    rows = store.select(load_query("mapping", "review_race_decisions", link=link))
    if len(rows) <= 1:
        return True
    winner = min(rows, key=lambda r: str(r["decision"]))
    if winner["decision"] == node:
        return True
    mine = next((r for r in rows if r["decision"] == node), None)
    if mine is not None:
        none = URIRef("urn:aimsgraph:none")
        store.update(
            load_query(
                "mapping",
                "review_race_withdraw",
                link=link,
                decision=node,
                status=mine.get("status", none),
                keepStatus=winner.get("status", none),
            )
        )
    return False


def _conflict(state: LinkState, saw_version: int) -> ConflictError:
    return ConflictError(
        f"link {state.id} was decided by someone else: you saw version {saw_version}, "
        f"it is now at version {state.version} ({state.status})",
        hint="reload the link, read the latest decision, and decide again if still needed",
    )


def _propagate(store: GraphStore, artefacts: list[str]) -> None:
    from mapping.evidence.propagation import propagate_evidence

    with store.declaring(artefacts):  # it redoes those artefacts' crosswalk links only
        propagate_evidence(store, artefacts=artefacts)


def _local(term: Any) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


#: The decisions a reviewer may undo (a retarget is undone by deciding its new link).
UNDOABLE = ("confirm", "reject")
_DECISION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def undo(
    store: GraphStore, decision_id: str, reviewer: str, *, now: datetime | None = None
) -> DecisionOutcome:
    """Undo a confirm or reject: an ``undo`` decision puts the link back to the status the
    undone decision found, and points to it (``prov:wasInformedBy``); both stay in the trail.

    Only a link's latest decision can be undone: :class:`ConflictError` when someone decided
    the link since, :class:`NotFoundError` for an unknown decision, :class:`InputError` for
    a decision of another kind.
    """
    if not reviewer or not reviewer.strip():
        raise InputError("an undo needs a reviewer", hint="pass --reviewer NAME")
    with _LOCK:
        state, comment, undone = _undo_target(store, decision_id)
        result = _record(store, state, "undo", stripped(reviewer), comment, None, now, undone)
    _propagate(store, [state.artefact])
    return result


def undo_many(
    store: GraphStore, decision_ids: Sequence[str], reviewer: str, *, now: datetime | None = None
) -> tuple[list[DecisionOutcome], list[dict[str, str]]]:
    """Undo several decisions in one update (all or none after a crash); those that cannot
    be undone (unknown, of another kind, decided since) are returned as failures."""
    if not reviewer or not reviewer.strip():
        raise InputError("an undo needs a reviewer", hint="pass --reviewer NAME")
    done: list[DecisionOutcome] = []
    failed: list[dict[str, str]] = []
    with _LOCK:
        planned = []
        for decision_id in dict.fromkeys(decision_ids):
            try:
                state, comment, undone = _undo_target(store, decision_id)
            except AimsgraphError as error:
                failed.append({"decision": decision_id, "error": error.code, "message": str(error)})
                continue
            who = stripped(reviewer)
            planned.append((state, _plan(store, state, "undo", who, comment, None, now, undone)))
        with store.declaring(state.artefact for state, _ in planned):
            if planned:
                parts = [update for _, (update, _) in planned]
                store.update(combine_updates(*parts))
            for state, (_, result) in planned:
                try:
                    _check_won(store, state, URIRef(result.decision_iri))
                    done.append(result)
                except AimsgraphError as error:
                    failed.append(
                        {"decision": result.decision_id, "error": error.code, "message": str(error)}
                    )
    if done:
        _propagate(store, [state.artefact for state, _ in planned])
    return done, failed


def _undo_target(store: GraphStore, decision_id: str) -> tuple[LinkState, str, tuple[URIRef, str]]:
    """The link a decision's undo applies to, its comment, and (decision, status to restore);
    raise why it cannot be undone."""
    key = decision_id.strip().rsplit("/", 1)[-1]
    valid = _DECISION_ID.fullmatch(key) is not None  # nothing else goes into the query
    node = URIRef(f"{ORG}decision/{key if valid else 'none'}")
    rows = store.select(load_query("mapping", "review_undo_target", decision=node)) if valid else []
    if not rows:
        raise NotFoundError(
            f"no decision {decision_id!r} on an evidence link",
            hint="decision ids are listed in a link's history",
        )
    row = rows[0]
    kind = _local(row["type"])
    if kind not in UNDOABLE:
        raise InputError(
            f"a {kind} decision cannot be undone", hint="decide the link again instead"
        )
    state = get_link(store, str(row["linkId"]))
    if str(row.get("latest", "")) != str(node):
        raise ConflictError(
            f"the {kind} of link {state.id} is no longer its latest decision: it was "
            f"decided since and is now {state.status}",
            hint="read the link's history and decide it again if needed",
        )
    return state, f"undoes the {kind} {key}", (node, _local(row["sawStatus"]))
