"""The verbatim-quote check: is what the model quoted really in the passage, and where?

Only whitespace is forgiven (a run of spaces, tabs or line breaks matches any other run,
and the quote's own leading and trailing whitespace is ignored); every other character must
be the passage's own, in order. A quote too short to mean anything is never "found".
"""

from __future__ import annotations

import re

#: Fewest non-space characters a quote needs before it counts as evidence.
MIN_QUOTE_CHARS = 12

_SPACE = re.compile(r"\s+")


def _squeezed(text: str) -> tuple[str, list[int]]:
    """``text`` with each whitespace run made one space, and each character's source offset."""
    out: list[str] = []
    offsets: list[int] = []
    for match in re.finditer(r"\s+|\S+", text):
        if match.group().isspace():
            out.append(" ")
            offsets.append(match.start())
        else:
            out.append(match.group())
            offsets.extend(range(match.start(), match.end()))
    return "".join(out), offsets


def locate_quote(quote: str, passage: str) -> tuple[int, int] | None:
    """Character offsets ``(start, end)`` of ``quote`` in ``passage``, or ``None``.

    >>> locate_quote("risk   owners\\nare named", "Every risk owners are named here.")
    (6, 27)
    >>> locate_quote("risk owners are appointed", "Every risk owners are named here.") is None
    True
    """
    wanted = _SPACE.sub(" ", quote.strip())
    if len(wanted.replace(" ", "")) < MIN_QUOTE_CHARS:
        return None
    text, offsets = _squeezed(passage)
    at = text.find(wanted)
    if at < 0:
        return None
    last = at + len(wanted) - 1
    return offsets[at], offsets[last] + 1
