"""Build the curated crosswalk graphs from the candidate tables and the curators' decisions.

Reads every candidate row in ``../shared/reference/crosswalk-candidates/`` and requires a
decision for each one (``tools/crosswalk_iso27001_data.py``, ``tools/crosswalk_euaiact_data.py``):
typed and kept, kept as an unconfirmed candidate, examined and marked not related, or dropped
(the reference is not a requirement of the target standard). Adds the curators' own edges,
checks that every end exists in the fact CSVs, that each ordered pair has one edge and that
every ISO/IEC 42001 Annex A control ends with a typed edge or a recorded reason, then writes::

    ontology/reference/crosswalk-iso42001-iso27001.ttl
    ontology/reference/crosswalk-iso42001-euaiact.ttl

Run from the repository root and commit the result::

    .venv/bin/python -m tools.build_crosswalks            # rebuild and print the counts
    .venv/bin/python -m tools.build_crosswalks --check    # verify the committed files
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tools import crosswalk_euaiact_data as act
from tools import crosswalk_iso27001_data as iso
from tools.crosswalk_decisions import FINOS, PRACTITIONER, TEAM, Decision
from tools.ttl_writer import (
    OUT_DIR,
    PREFIXES,
    SHARED_REFERENCE,
    comment_block,
    integer,
    iri,
    plain,
    read_fact_csv,
    subject_block,
    text,
)

STD = "https://w3id.org/aimsgraph/std/"
CROSSWALK = "https://w3id.org/aimsgraph/crosswalk/"
CANDIDATES = "crosswalk-candidates"
SKOS_MATCH = {
    "equal": "skos:exactMatch",
    "subsetOf": "skos:broadMatch",
    "supersetOf": "skos:narrowMatch",
    "intersectsWith": "skos:relatedMatch",
}


@dataclass
class Edge:
    """One ordered pair with its decision and every source that cited it."""

    source: str
    target: str
    decision: Decision
    sources: list[str] = field(default_factory=list)


@dataclass
class Crosswalk:
    """The edges, reasons and dropped candidates of one crosswalk file."""

    pair: str
    target_standard: str
    edges: dict[tuple[str, str], Edge] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    dropped: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, source: str, target: str, decision: Decision, origin: str) -> None:
        """Record a decided pair; a second full decision for the same pair is an error."""
        key = (source, target)
        if decision.relationship == "same":
            if key not in self.edges:
                raise SystemExit(f"{self.pair}: {source}->{target} corroborates a missing edge")
            self.edges[key].sources.append(origin)
            return
        if key in self.edges:
            raise SystemExit(f"{self.pair}: duplicate decision for {source}->{target}")
        self.edges[key] = Edge(source, target, decision, [origin])


def candidate_rows(reference: Path, name: str) -> list[dict[str, str]]:
    return read_fact_csv(reference / CANDIDATES / name)


def decide(table: dict[tuple[str, str], Decision], key: tuple[str, str], name: str) -> Decision:
    if key not in table:
        raise SystemExit(f"{name}: candidate {key} has no curation decision")
    return table[key]


def article_notation(ref: str) -> str | None:
    """``Art. 17`` / ``Article 17`` -> ``art-17``; anything else (recital, directive) -> None."""
    match = re.fullmatch(r"Art(?:icle|\.)\s*(\d+)", ref.strip())
    return f"art-{match.group(1)}" if match else None


def iso27001_crosswalk(reference: Path) -> Crosswalk:
    """Harmonized Structure clause pairs plus the Annex A practitioner table and additions."""
    cw = Crosswalk("iso42001-iso27001", "iso27001")
    for row in candidate_rows(reference, "iso42001--iso27001-clauses-harmonized-structure.csv"):
        clause = row["clause"]
        if row["relationship"].startswith("none"):
            cw.reasons[clause] = iso.HS_NO_COUNTERPART[clause]
            continue
        cw.add(clause, clause, iso.hs_decision(clause), TEAM)
    name = "iso42001--iso27001-annexA-practitioner.csv"
    rows = candidate_rows(reference, name)
    for row in rows:
        key = (row["iso42001_control"], row["iso27001_ref"])
        decision = decide(iso.ANNEX_A, key, name)
        target = key[1].removeprefix("Clause ").strip()
        cw.add(key[0], target, decision, PRACTITIONER)
    unused = set(iso.ANNEX_A) - {(r["iso42001_control"], r["iso27001_ref"]) for r in rows}
    if unused:
        raise SystemExit(f"{name}: decisions for rows that do not exist: {sorted(unused)}")
    for (source, target), decision in iso.ADDED.items():
        cw.add(source, target, decision, TEAM)
    cw.reasons.update(iso.NO_COUNTERPART)
    return cw


def add_practitioner_act(cw: Crosswalk, reference: Path) -> None:
    name = "iso42001--eu-ai-act-practitioner.csv"
    rows = candidate_rows(reference, name)
    for row in rows:
        key = (row["iso42001_control"], row["eu_ai_act_ref_as_published"])
        decision = decide(act.PRACTITIONER_ROWS, key, name)
        target = article_notation(key[1])
        if decision.relationship == "drop" or target is None:
            if decision.relationship != "drop" or target is not None:
                raise SystemExit(f"{name}: {key} must be dropped exactly when not an article")
            cw.dropped.append((key[0], key[1], "practitioner", decision.comment))
            continue
        cw.add(key[0], target, decision, PRACTITIONER)
    published = {(r["iso42001_control"], r["eu_ai_act_ref_as_published"]) for r in rows}
    if unused := set(act.PRACTITIONER_ROWS) - published:
        raise SystemExit(f"{name}: decisions for rows that do not exist: {sorted(unused)}")


def add_finos_act(cw: Crosswalk, reference: Path) -> None:
    name = "iso42001--eu-ai-act-finos-cocitation.csv"
    rows = candidate_rows(reference, name)
    for row in rows:
        key = (row["iso42001_control"], row["eu_ai_act_article"])
        target = article_notation(key[1])
        if target is None:
            raise SystemExit(f"{name}: {key} is not an article reference")
        cw.add(key[0], target, decide(act.FINOS_ROWS, key, name), FINOS)
    if unused := set(act.FINOS_ROWS) - {
        (r["iso42001_control"], r["eu_ai_act_article"]) for r in rows
    }:
        raise SystemExit(f"{name}: decisions for rows that do not exist: {sorted(unused)}")


def euaiact_crosswalk(reference: Path) -> Crosswalk:
    """Practitioner table, then FINOS co-citations (merged where they repeat), then additions."""
    cw = Crosswalk("iso42001-euaiact", "euaiact")
    add_practitioner_act(cw, reference)
    add_finos_act(cw, reference)
    for (source, number), decision in act.ADDED.items():
        cw.add(source, f"art-{number}", decision, TEAM)
    cw.reasons.update(act.NO_COUNTERPART)
    return cw


@dataclass(frozen=True)
class Universe:
    """Known notations and printed order of each standard, from the fact CSVs."""

    order: dict[str, dict[str, int]]
    controls: list[str]

    @classmethod
    def from_reference(cls, reference: Path) -> Universe:
        iso42 = read_fact_csv(reference / "iso42001-2023.csv")
        iso27 = read_fact_csv(reference / "iso27001-2022.csv")
        arts = read_fact_csv(reference / "eu-ai-act-2024-1689-articles.csv")
        return cls(
            order={
                "iso42001": {r["ref_id"]: i for i, r in enumerate(iso42)},
                "iso27001": {r["ref_id"]: i for i, r in enumerate(iso27)},
                "euaiact": {f"art-{r['article']}": int(r["article"]) for r in arts},
            },
            controls=[r["ref_id"] for r in iso42 if r["kind"] == "control"],
        )


def check(cw: Crosswalk, universe: Universe) -> None:
    """Both ends exist; every Annex A control has a typed edge or a reason, not both."""
    for source, target in cw.edges:
        if source not in universe.order["iso42001"]:
            raise SystemExit(f"{cw.pair}: unknown ISO/IEC 42001 notation {source}")
        if target not in universe.order[cw.target_standard]:
            raise SystemExit(f"{cw.pair}: unknown {cw.target_standard} notation {target}")
    typed = {s for (s, _), e in cw.edges.items() if e.decision.relationship != "notRelated"}
    for control in universe.controls:
        if (control in typed) == (control in cw.reasons):
            state = "both an edge and a reason" if control in typed else "neither edge nor reason"
            raise SystemExit(f"{cw.pair}: control {control} has {state}")
    if stray := sorted(set(cw.reasons) & typed):
        raise SystemExit(f"{cw.pair}: requirements with a reason and a typed edge: {stray}")


def mapping_block(cw: Crosswalk, edge: Edge) -> str:
    d = edge.decision
    props = [
        ("aims:mappingSource", iri(f"{STD}iso42001/{edge.source}")),
        ("aims:mappingTarget", iri(f"{STD}{cw.target_standard}/{edge.target}")),
        ("aims:relationship", f"aims:{d.relationship}"),
        ("aims:rationale", f"aims:{d.rationale}"),
        ("aims:strength", integer(d.strength)),
        ("dct:source", ", ".join(iri(s) for s in edge.sources)),
        ("aims:curationStatus", f"aims:{d.status}"),
        ("rdfs:comment", text(d.comment)),
    ]
    return subject_block(
        f"{CROSSWALK}{cw.pair}/{edge.source}--{edge.target}", ["aims:Mapping"], props
    )


def sorted_edges(cw: Crosswalk, universe: Universe) -> list[Edge]:
    src, tgt = universe.order["iso42001"], universe.order[cw.target_standard]
    return sorted(cw.edges.values(), key=lambda e: (src[e.source], tgt[e.target]))


def render(cw: Crosswalk, universe: Universe, header: list[str]) -> str:
    """The Turtle document: mappings, then SKOS matches, then no-mapping reasons."""
    edges = sorted_edges(cw, universe)
    blocks = [comment_block(header), PREFIXES]
    blocks += [mapping_block(cw, e) for e in edges]
    matches = [
        f"{iri(STD + 'iso42001/' + e.source)} {SKOS_MATCH[e.decision.relationship]} "
        f"{iri(STD + cw.target_standard + '/' + e.target)} ."
        for e in edges
        if e.decision.relationship in SKOS_MATCH
    ]
    blocks.append(
        "# SKOS match triples materialised from the typed mappings above.\n"
        + "\n".join(matches)
        + "\n"
    )
    order = universe.order["iso42001"]
    reasons = [
        f"{iri(STD + 'iso42001/' + n)} aims:noMappingReason {plain(r)} ."
        for n, r in sorted(cw.reasons.items(), key=lambda kv: order[kv[0]])
    ]
    blocks.append(
        "# Requirements with no typed edge to this standard, and why.\n" + "\n".join(reasons) + "\n"
    )
    return "\n".join(blocks)


HEADERS = {
    "iso42001-iso27001": [
        "Crosswalk ISO/IEC 42001:2023 -> ISO/IEC 27001:2022 (graph crosswalk/iso42001-iso27001).",
        "GENERATED by tools/build_crosswalks.py from the curation tables under tools/.",
        "NIST IR 8477 relationships. Sources: Harmonized Structure clause correspondence",
        "(aimsgraph team); Annex A candidates from Ankit Uniyal, iso-42001-ai-governance-toolkit",
        "(MIT licence, (c) 2026 Ankit Uniyal), reviewed and typed by aimsgraph. See",
        "docs/crosswalks.md for method, counts, dropped candidates and credits.",
    ],
    "iso42001-euaiact": [
        "Crosswalk ISO/IEC 42001:2023 -> EU AI Act, Regulation (EU) 2024/1689",
        "(graph crosswalk/iso42001-euaiact). GENERATED by tools/build_crosswalks.py.",
        "NIST IR 8477 relationships. Sources: Ankit Uniyal, iso-42001-ai-governance-toolkit",
        "(MIT licence, (c) 2026 Ankit Uniyal); FINOS AI Governance Framework co-citations",
        "(CC BY 4.0, FINOS); aimsgraph team additions. See docs/crosswalks.md.",
    ],
}


def summary(cw: Crosswalk) -> str:
    counts = Counter((e.decision.relationship, e.decision.status) for e in cw.edges.values())
    lines = [
        f"{cw.pair}: {len(cw.edges)} edges, {len(cw.reasons)} no-mapping reasons, "
        f"{len(cw.dropped)} dropped"
    ]
    lines += [f"  {rel:<15} {status:<9} {n}" for (rel, status), n in sorted(counts.items())]
    lines += [f"  dropped {s} -> {t} ({origin}): {why}" for s, t, origin, why in cw.dropped]
    return "\n".join(lines)


def build_all(reference: Path) -> dict[str, tuple[Crosswalk, str]]:
    """pair -> (crosswalk, Turtle text), for both crosswalk files."""
    universe = Universe.from_reference(reference)
    result = {}
    for cw in (iso27001_crosswalk(reference), euaiact_crosswalk(reference)):
        check(cw, universe)
        result[cw.pair] = (cw, render(cw, universe, HEADERS[cw.pair]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=SHARED_REFERENCE,
        help="folder holding the fact CSVs (default ../shared/reference)",
    )
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="where to write the files")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a committed file differs from a fresh build"
    )
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"reference folder {args.reference} not found; pass --reference DIR", file=sys.stderr)
        return 2
    stale = 0
    for pair, (cw, content) in build_all(args.reference).items():
        out = args.out_dir / f"crosswalk-{pair}.ttl"
        if args.check:
            same = out.is_file() and out.read_text(encoding="utf-8") == content
            stale += not same
            print(f"{out}: {'up to date' if same else 'STALE, rebuild it'}")
        else:
            out.write_text(content, encoding="utf-8")
            print(summary(cw))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
