"""What the ranking learned from the organisation's decisions (dashboard tile, ``aimsgraph
model``); the learning itself is :mod:`mapping.evidence.learning`."""

from __future__ import annotations

from pydantic import Field

from api.operations.base import Result
from api.operations.state import WorkspaceBase


class RankingModel(Result):
    """The fusion model suggestions are ranked with."""

    version: str = Field(description="Recorded on every suggestion as aims:rankingModel.")
    learned: bool = Field(description="Adapted to this organisation's decisions (else shipped).")
    decisions: int = Field(description="Review decisions the ranking learned from.")
    documents: int = Field(description="Decided documents those decisions are on.")
    refitted: str | None = Field(description="When it was last refitted (UTC), if ever.")
    refit_seconds: float | None = Field(description="How long that refit took.")
    levers: str = Field(description="What adapts: neighbours, prior, refit (weights).")


class LearningOperations(WorkspaceBase):
    """The ranking model and what it learned (the learning itself is the base's)."""

    def ranking_model(self, *, refit: bool = False) -> RankingModel:
        """The ranking model's status; with ``refit``, refit it on the decisions first."""
        status = self.refit() if refit else self.learning_status()
        return RankingModel(
            version=status.version,
            learned=status.learned,
            decisions=status.decisions,
            documents=status.documents,
            refitted=status.refitted,
            refit_seconds=status.seconds,
            levers=status.levers,
        )
