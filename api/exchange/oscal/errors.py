"""The error an OSCAL import raises, below :class:`ontology.errors.InputError`::

    InputError
    └── OscalImportError       an OSCAL file that cannot be imported (lists every problem)
"""

from __future__ import annotations

from ontology.errors import InputError


class OscalImportError(InputError):
    """An OSCAL mapping-collection that cannot be imported; nothing was written.

    ``problems`` lists every problem found (``path: what is wrong``); the message names the
    first few.
    """

    code = "bad_oscal"

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        shown = problems[:5]
        more = f" (and {len(problems) - len(shown)} more)" if len(problems) > len(shown) else ""
        super().__init__(
            "cannot import the mapping-collection: " + "; ".join(shown) + more,
            hint=hint
            or "fix the file and import it again; nothing was written "
            "(`aimsgraph oscal export --model mapping-collection` shows the expected shape)",
        )
        self.problems = problems
