"""Evidence links (suggested, confirmed, carried over, derived…), crosswalk neighbours of a
requirement (:class:`EvidenceOperations`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from api.operations.base import Result
from api.operations.requirements import CrosswalkNeighbour
from api.operations.state import WorkspaceBase

if TYPE_CHECKING:
    from mapping.evidence.index_snapshot import LinkRow


class CitedPassage(Result):
    """A passage an evidence link cites."""

    text: str
    page: int | None = None
    section: str = ""
    rank: int | None = None
    passage: str | None = Field(default=None, description="The passage's IRI.")


class RolledUpGroup(Result):
    """A group clause (``6.1``, ``A.6``) and the requirements under it that are evidenced."""

    notation: str
    status: Literal["evidenced", "partly", "none"] = Field(
        description="evidenced: every child that counts is; partly: some are; none: none are."
    )
    rolled_up_from: list[str] = Field(
        default_factory=list, description="The requirements under it whose evidence counts."
    )
    missing: list[str] = Field(
        default_factory=list, description="The requirements under it that are not evidenced."
    )


class LinkVerdict(Result):
    """A link's newest machine-drafted check, in brief: a hint for whoever decides, never a
    decision (the link's status is untouched by it)."""

    verdict: str = Field(description="supports, partly, does_not_support or unverifiable.")
    quote_verified: bool = Field(description="The model's quote was found verbatim.")
    model: str = Field(description="The model id the endpoint reported.")
    ended: str = Field(description="When the check ended (xsd:dateTime).")
    activity: str = Field(description="The aims:Verification activity's IRI.")
    reason: str = Field(default="", description="The model's one-line reason.")
    doubts: bool = Field(description="The verdict is does_not_support or partly: flagged.")
    machine_drafted: bool = True


class EvidenceLink(Result):
    """One evidence link, as ``aimsgraph suggestions`` and ``GET /api/suggestions`` list it."""

    id: str = Field(description="16 hex digits.")
    document: str
    document_title: str | None = None
    notation: str
    standard: str
    label: str | None = None
    status: str = Field(description="suggested, confirmed, rejected, derived, needsReview …")
    score: float | None = None
    method: str | None = None
    model: str | None = None
    ranking_model: str | None = Field(
        default=None, description="Version of the fusion model that ranked it (see `model`)."
    )
    generated_at: str | None = None
    version: int = 0
    link: str = Field(description="The link's IRI.")
    passages: list[CitedPassage] = Field(default_factory=list)
    groups: list[RolledUpGroup] = Field(
        default_factory=list,
        description="The link's requirement if it is a group, then the groups above it, "
        "nearest first, each rolled up over the document's links that are not rejected.",
    )
    verdict: LinkVerdict | None = Field(
        default=None, description="The link's newest language-model check, if it has one."
    )


class EvidenceOperations(WorkspaceBase):
    """The evidence links, listed and counted, and a requirement's crosswalk."""

    def suggestions(
        self,
        *,
        document: str | None = None,
        control: str | None = None,
        status: str | None = None,
        standard: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        verdict: str | None = None,
    ) -> list[EvidenceLink]:
        """Evidence links, best first, filtered by document, requirement, status, standard
        and the latest language-model verdict (``none``: never checked; as the review queue
        filters); ``limit`` of them from ``offset``, each with its latest verdict in brief."""
        from api.operations.verification import verdict_briefs
        from mapping.evidence.listing import described_rows, list_suggestions

        filters = {"document": document, "control": control, "status": status, "standard": standard}
        if verdict:
            page = _by_verdict(self, filters, verdict)[
                offset : None if limit is None else offset + limit
            ]
            rows = described_rows(self.store, page, self.evidence_index)
        else:
            # One document's links are found from the document (cheap); the others are
            # ordered in the evidence index rather than over every link of the store.
            index = None if document else self.evidence_index
            rows = list_suggestions(self.store, **filters, limit=limit, offset=offset, index=index)
        briefs = verdict_briefs(self, [row["link"] for row in rows])
        return [
            EvidenceLink.model_validate(row | {"verdict": briefs.get(row["link"])}) for row in rows
        ]

    def count_suggestions(
        self,
        *,
        document: str | None = None,
        control: str | None = None,
        status: str | None = None,
        standard: str | None = None,
        verdict: str | None = None,
    ) -> int:
        """How many evidence links pass these filters (an aggregate query, or a count in
        the evidence index)."""
        from mapping.evidence.listing import count_suggestions

        filters = {"document": document, "control": control, "status": status, "standard": standard}
        if verdict:
            return len(_by_verdict(self, filters, verdict))
        return count_suggestions(
            self.store,
            document=document,
            control=control,
            status=status,
            standard=standard,
            index=None if document else self.evidence_index,
        )

    def more_suggestions(
        self, document: str, *, count: int = 5, standard: str = "iso42001"
    ) -> list[EvidenceLink]:
        """ "More" for a reviewer: the next ``count`` requirements down one document's ranking
        become ``suggested`` links (nothing existing changes); returns them, best first."""
        from mapping.evidence.suggest import more_suggestions as write_more

        with self.lock:
            written = write_more(
                self.store,
                self.index,
                self.embedder,
                document,
                count=count,
                standard=standard,
                learning=self.learning,
            )
        order = {s.id: rank for rank, s in enumerate(written)}
        links = self.suggestions(document=document, status="suggested")
        return sorted((link for link in links if link.id in order), key=lambda link: order[link.id])

    def crosswalk(
        self, notation: str, standard: str = "iso42001", to: str | None = None
    ) -> list[CrosswalkNeighbour]:
        """Every typed mapping touching the requirement, both directions, strongest first."""
        from ontology.requirements import crosswalk_neighbours

        rows = crosswalk_neighbours(self.store, notation, standard, to)
        return [CrosswalkNeighbour.model_validate(row) for row in rows]

    def suggest_counterparts(
        self, notation: str, standard: str, targets: list[str], top_k: int = 5
    ) -> list[dict[str, Any]]:
        """Counterparts in each of ``targets`` proposed by the embedding model, not yet
        curated (``aimsgraph crosswalk --suggest``), ``top_k`` per standard."""
        from mapping.evidence.counterparts import suggest_counterparts as propose

        found: list[dict[str, Any]] = []
        for target in targets:
            found += propose(
                self.store, self.embedder, notation, target, top_k, from_standard=standard
            )
        return found


def _by_verdict(ws: WorkspaceBase, filters: dict[str, str | None], verdict: str) -> list[LinkRow]:
    """The listing's rows for ``filters`` (from the evidence index, in its order) whose
    link's latest verdict is ``verdict``: the review queue's rule
    (:func:`~api.operations.verification.by_latest_verdict`), so both filter alike."""
    from api.operations.verification import by_latest_verdict
    from mapping.evidence.listing import indexed_rows

    rows = indexed_rows(ws.evidence_index, **filters)
    key = ("listing", *filters.values())
    return by_latest_verdict(ws, rows, lambda row: row.link, verdict, None, key)
