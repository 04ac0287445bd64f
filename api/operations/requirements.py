"""Requirements: the list with evidence counts, one requirement with its evidence,
crosswalk neighbours and derivation paths, and the texts a reviewer reads."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase
from mapping.evidence.propagation import DerivationPath


class Requirement(Result):
    """A clause, control objective, control or article, as ``aimsgraph controls`` lists it."""

    notation: str = Field(examples=["A.6.2.4"])
    standard: str = Field(description="iso42001, iso27001 or euaiact.")
    kind: str = Field(description="clause, objective, control or article.")
    label: str | None = None
    iri: str
    order: int | None = None
    broader: str | None = None
    evidence: dict[str, int] = Field(
        default_factory=dict, description="Counts of evidence links per status."
    )


class CrosswalkNeighbour(Result):
    """A requirement of another standard reached over one typed crosswalk edge."""

    notation: str
    standard: str
    kind: str | None = None
    label: str | None = None
    relationship: str
    direction: str
    rationale: str | None = None
    strength: float | None = None
    status: str | None = None
    source: list[str] = Field(default_factory=list)
    comment: str | None = None
    mapping: str
    iri: str


class EvidenceBasis(Result):
    """What a link was made from: the link it follows and, over a crosswalk, the mapping."""

    kind: str = Field(description="crosswalk, carry-over or retarget.")
    source_link: str | None = Field(default=None, description="Id of the link it follows.")
    source_status: str | None = None
    source_document: str | None = None
    source_title: str | None = None
    source_notation: str | None = Field(default=None, examples=["A.6.2.4"])
    source_standard: str | None = None
    source_label: str | None = None
    decided_by: str | None = Field(default=None, description="Who last decided the source.")
    decided_at: str | None = None
    mapping: str | None = Field(default=None, description="The crosswalk mapping's IRI.")
    relationship: str | None = Field(
        default=None, description="As walked: <source requirement> <relationship> <this one>."
    )
    stated_relationship: str | None = None
    direction: str | None = None
    rationale: str | None = None
    strength: float | None = None
    curation: str | None = None
    comment: str | None = None


class RequirementEvidence(Result):
    """One evidence link of a requirement with its basis and why it scored."""

    id: str
    document: str
    document_title: str | None = None
    notation: str
    standard: str
    label: str | None = None
    status: str
    score: float | None = None
    method: str | None = None
    model: str | None = None
    generated_at: str | None = None
    version: int = 0
    link: str
    passages: list[dict[str, Any]] = Field(default_factory=list)
    basis: EvidenceBasis | None = Field(
        default=None, description="Set for links made from another link (crosswalk …)."
    )
    why: str = Field(default="", description="Why it has its confidence, in one sentence.")


class RequirementDetail(Result):
    """One requirement with everything its page and ``GET /api/requirements/{n}`` show."""

    notation: str
    standard: str
    kind: str
    label: str | None = None
    iri: str
    order: int | None = None
    broader: str | None = None
    definition: str | None = Field(default=None, description="Our own-words description.")
    typicalEvidence: str | None = None
    crosswalk: list[CrosswalkNeighbour] = Field(default_factory=list)
    evidence: list[RequirementEvidence] = Field(
        default_factory=list,
        description="Its evidence links (as /api/suggestions lists them) with basis and why.",
    )
    derived: list[DerivationPath] = Field(
        default_factory=list,
        description="Paths by which evidence was derived onto it (the first ``limit``).",
    )
    evidence_total: int = Field(default=0, description="How many evidence links it has.")
    evidence_counts: dict[str, int] = Field(
        default_factory=dict, description="Its evidence links per status (all, not the page)."
    )
    evidence_offset: int = Field(default=0, description="Where ``evidence`` starts.")
    evidence_limit: int | None = Field(
        default=None, description="The most ``evidence`` holds (None: all of them)."
    )
    derived_total: int = Field(default=0, description="How many derivation paths it has.")


#: Evidence links (and derivation paths) a requirement's page shows at once.
EVIDENCE_PAGE = 50


class RequirementOperations(WorkspaceBase):
    """The requirements of the standards, each with its evidence."""

    def requirements(
        self, standard: str | None = "iso42001", kind: str | None = None
    ) -> list[Requirement]:
        """Requirements of ``standard`` (None: all) with their evidence counts, in printed order.

        The counts are the evidence index's (what requirement-evidence.rq counts, without
        walking every link per request); the requirements, reference data, are kept across
        decisions (any other write reads them again)."""
        from ontology.requirements import EVIDENCE_COUNTS, check_kind, check_standard
        from ontology.requirements import list_requirements as read_requirements

        if standard is not None:
            check_standard(standard)
        if kind is not None:
            check_kind(kind)
        kept = self.evidence_index.evolve(
            ("requirements", standard, kind),
            lambda: read_requirements(self.store, standard, kind, with_evidence=False),
            lambda known, _: known,
        )
        counts = self.evidence_index.snapshot().counts(standard, current_only=True)
        out = []
        for item in kept:
            found = counts.get(item["iri"], {})
            evidence = {status: found.get(status, 0) for status in EVIDENCE_COUNTS}
            out.append(Requirement.model_validate(item | {"evidence": evidence}))
        return out

    def requirement(
        self,
        notation: str,
        standard: str = "iso42001",
        *,
        limit: int | None = EVIDENCE_PAGE,
        offset: int = 0,
    ) -> RequirementDetail:
        """A requirement with ``limit`` (None: all) of its evidence links from ``offset`` (best
        first), the counts of all of them, its crosswalk neighbours and its first derivation
        paths."""
        from mapping.evidence.basis import explain, link_basis
        from mapping.evidence.listing import list_suggestions
        from mapping.evidence.propagation import count_derivation_paths, derivation_paths
        from ontology import requirements as core

        item: dict[str, Any] = dict(core.find_requirement(self.store, notation, standard))
        item.update(self.requirement_text(item["iri"]))
        item["crosswalk"] = core.crosswalk_neighbours(self.store, item["notation"], standard)
        links = list_suggestions(
            self.store,
            control=item["notation"],
            standard=standard,
            limit=limit,
            offset=offset,
            index=self.evidence_index,  # ordered and paged in memory; groups from the index too
        )
        bases = link_basis(self.store, [link["link"] for link in links])
        item["evidence"] = [
            link | {"basis": bases.get(link["link"]), "why": explain(link, bases.get(link["link"]))}
            for link in links
        ]
        counts = self.evidence_index.snapshot().counts(standard).get(item["iri"], {})
        item |= {"evidence_counts": counts, "evidence_total": sum(counts.values())}
        item |= {"evidence_offset": offset, "evidence_limit": limit}
        made = self._crosswalk_made(item["notation"], standard, item["iri"])
        item["derived"] = derivation_paths(self.store, item["iri"], limit=limit, links=made)
        item["derived_total"] = count_derivation_paths(self.store, item["iri"], links=made)
        return RequirementDetail.model_validate(item)

    def _crosswalk_made(self, notation: str, standard: str, iri: str) -> list[str]:
        """The links onto requirement ``iri`` that came by a crosswalk, from the evidence
        index (its rows of the requirement, kept with the index): the derivation paths are
        then read for those links alone, not found among every link of the requirement."""
        from mapping.evidence.listing import indexed_rows

        rows = indexed_rows(self.evidence_index, control=notation, standard=standard)
        return [r.link for r in rows if r.requirement == iri and r.via is not None]

    def requirement_text(self, iri: str) -> dict[str, str | None]:
        """The definition and typical evidence of a requirement (for reviewers to read)."""
        from rdflib import URIRef

        from ontology.query_files import load_query

        rows = self.store.select(load_query("api", "requirement_text", requirement=URIRef(iri)))
        row = rows[0] if rows else {}
        return {
            key: str(row[key]) if key in row else None for key in ("definition", "typicalEvidence")
        }

    def requirement_has_link(self, notation: str, standard: str, link_id: str) -> bool:
        """Whether link ``link_id`` is evidence of ``notation`` of ``standard`` (on any page)."""
        from mapping.evidence.listing import requirement_has_link as has_link

        return has_link(self.store, notation, standard, link_id)
