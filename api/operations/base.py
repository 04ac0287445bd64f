"""What every operation shares: the result base model and the progress callback."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

#: ``report(stage, fraction)``: what an operation is doing, for a progress display.
Progress = Callable[[str, float], None]


def quiet(stage: str, fraction: float) -> None:
    """The default progress report: none."""


class Result(BaseModel):
    """An operation's result: the listed keys are the contract; a newer core may add more.

    A result is at once the route's ``response_model``, the page's template context and the
    CLI's JSON (``result.model_dump(mode="json")``).
    """

    model_config = ConfigDict(extra="allow")
