"""The crosswalks as an OSCAL 1.2 ``mapping-collection``.

One ``mapping`` per pair of standards (``iso42001`` → ``iso27001``, ``iso42001`` →
``euaiact``, and any pair imported), its source and target resources the two catalogs
(:mod:`api.exchange.oscal.catalog`, by the standard's IRI). One ``map`` per ``aims:Mapping``:

* ``relationship`` from ``aims:relationship``
  (:func:`~api.exchange.oscal.allowed_values.to_oscal_relationship`), ``matching-rationale``
  from ``aims:rationale``;
* ``confidence-score`` percentage = ``aims:strength`` / 10;
* props: our relationship, the strength and the curation status (curated or candidate);
  links: the edge's ``dct:source`` IRIs; remarks: the curator's comment.

Candidate edges are exported too, marked so; a mapping whose edges are all curated has
status ``complete``, otherwise ``not-complete``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

from api.exchange.oscal.allowed_values import to_oscal_relationship
from api.exchange.oscal.common import (
    control_id,
    finish,
    latest,
    metadata,
    prop,
    props,
    uuid_for,
)
from mapping.errors import ReferenceMissingError
from ontology.namespaces import crosswalk_graph, standard_iri
from ontology.query_files import load_query
from ontology.requirements import check_standard
from ontology.store import GraphStore, Row

_DESCRIPTION = (
    "Typed crosswalk edges between the requirements of ISO/IEC 42001:2023, ISO/IEC "
    "27001:2022 and the EU AI Act, as curated in aimsgraph (NIST IR 8477 set-theory "
    "relationships). Candidate edges have not been reviewed yet and say so in their "
    "curation-status prop."
)


def export_mapping_collection(store: GraphStore, standard: str | None = None) -> dict[str, Any]:
    """Every crosswalk edge (only the pairs involving ``standard`` where one is given)."""
    if standard is not None:
        check_standard(standard)
    by_pair: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in store.select(load_query("api", "oscal_crosswalk")):
        pair = (str(row["fromStandard"]), str(row["toStandard"]))
        if standard is None or standard in pair:
            by_pair[pair].append(row)
    if not by_pair:
        raise ReferenceMissingError(
            "the graph holds no crosswalk edges" + (f" involving {standard}" if standard else ""),
            hint="run `aimsgraph init` to load the packaged crosswalks",
        )
    mappings = [_mapping(pair, rows) for pair, rows in sorted(by_pair.items())]
    every = [row for rows in by_pair.values() for row in rows]
    curated = all(str(row.get("status", "")) == "curated" for row in every)
    issued = _issued(store, {s for pair in by_pair for s in pair})
    version = hashlib.sha256(json.dumps(mappings, sort_keys=True).encode()).hexdigest()[:12]
    body: dict[str, Any] = {
        "metadata": metadata(
            "aimsgraph crosswalks" + (f" involving {standard}" if standard else ""),
            latest([*issued, *(str(row["created"]) for row in every if "created" in row)]),
            f"crosswalks-{version}",
            props=[prop("edges", len(every))],
        ),
        "provenance": {
            "method": "human",
            "matching-rationale": "semantic",
            "status": "complete" if curated else "not-complete",
            "mapping-description": _DESCRIPTION,
        },
        "mappings": mappings,
    }
    return finish("mapping-collection", body)


def _issued(store: GraphStore, standards: set[str]) -> list[str]:
    """The issue dates of the standards (the only dates reference data carries)."""
    if not standards:
        return []
    schemes = [standard_iri(s) for s in sorted(standards)]
    rows = store.select(load_query("api", "standards_issued", scheme=schemes))
    return [str(row["issued"]) for row in rows]


def _resource(standard: str) -> dict[str, Any]:
    return {
        "type": "catalog",
        "href": str(standard_iri(standard)),
        "props": [prop("standard", standard)],
    }


def _mapping(pair: tuple[str, str], rows: list[Row]) -> dict[str, Any]:
    source, target = pair
    curated = all(str(row.get("status", "")) == "curated" for row in rows)
    return {
        "uuid": uuid_for(str(crosswalk_graph(f"{source}-{target}"))),
        "method": "human",
        "status": "complete" if curated else "not-complete",
        "source-resource": _resource(source),
        "target-resource": _resource(target),
        "maps": [_map(row) for row in rows],
        "props": [prop("edges", len(rows))],
    }


def _map(row: Row) -> dict[str, Any]:
    relationship = str(row["relationship"])
    rationale = str(row["rationale"]) if "rationale" in row else None
    entry: dict[str, Any] = {"uuid": uuid_for(str(row["mapping"]))}
    if rationale:
        entry["matching-rationale"] = rationale
    entry["relationship"] = to_oscal_relationship(relationship, rationale)
    entry["sources"] = [{"type": "control", "id-ref": control_id(str(row["fromNotation"]))}]
    entry["targets"] = [{"type": "control", "id-ref": control_id(str(row["toNotation"]))}]
    if "strength" in row:
        entry["confidence-score"] = {"percentage": round(float(str(row["strength"])) / 10, 2)}
    entry["props"] = props(
        ("relationship", relationship),
        ("strength", str(row["strength"]) if "strength" in row else None),
        ("curation-status", str(row["status"]) if "status" in row else None),
    )
    entry["props"].append(prop("iri", str(row["mapping"])))
    # GROUP_CONCAT has no order, and engines differ: sort, so every engine gives one file.
    sources = sorted(set(str(row.get("sources", "")).split()))
    if sources:
        entry["links"] = [{"href": s, "rel": "reference"} for s in sources]
    if "comment" in row:
        entry["remarks"] = str(row["comment"])
    return entry
