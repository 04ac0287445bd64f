"""Reach a core function by its dotted name, with a clear 501 while it is not installed.

The packages behind the API are built in parallel; a route names the function it fronts
(docs/dev/contracts.md) and this resolves it at call time, so one missing part does not
stop the app from starting.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ontology.errors import AimsgraphError


class FeatureUnavailableError(AimsgraphError):
    code = "not_implemented"
    status = 501


def core(dotted: str) -> Callable[..., Any]:
    """The function ``package.module.name``; :class:`FeatureUnavailableError` if absent."""
    module_name, _, name = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
        function: Callable[..., Any] = getattr(module, name)
    except (ImportError, AttributeError) as error:
        raise FeatureUnavailableError(
            f"{dotted} is not available in this installation ({error})",
            hint="upgrade aimsgraph; this part of the API needs it",
        ) from error
    return function
