"""EUC-TW, the Unix encoding of Traditional Chinese (CNS 11643), which Python has no codec for.

Its bytes look like every other East Asian EUC: a detector reads them as Korean or
Simplified Chinese and gets characters no one wrote. :mod:`ingest.encoding` tries this
decoder only where the detected encoding still reads as a mess.

Encoding: ASCII bytes stand for themselves; two bytes 0xA1–0xFE are a cell of CNS 11643
plane 1; 0x8E, 0xA1–0xB0 (the plane), then two bytes 0xA1–0xFE are a cell of that plane.
Planes 1 and 2 (all of Big5's characters, 13,517) come from ``ingest/cns11643.json`` (made
by ``tools/cns11643_table.py``); a cell of another plane, or an unassigned one, decodes to
U+FFFD.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

_SIDE = 94


@cache
def _planes() -> dict[int, str]:
    data = json.loads((resources.files("ingest") / "cns11643.json").read_text(encoding="utf-8"))
    return {1: data["plane1"], 2: data["plane2"]}


def _cell(plane: int, row: int, col: int) -> str:
    table = _planes().get(plane)
    if table is None:
        return "\ufffd"
    return table[(row - 0xA1) * _SIDE + (col - 0xA1)]


def decode_euc_tw(data: bytes) -> str | None:
    """``data`` decoded as EUC-TW, or None where its bytes are not EUC-TW at all."""
    out: list[str] = []
    i, size = 0, len(data)
    while i < size:
        byte = data[i]
        if byte < 0x80:
            out.append(chr(byte))
            i += 1
        elif 0xA1 <= byte <= 0xFE and i + 1 < size and 0xA1 <= data[i + 1] <= 0xFE:
            out.append(_cell(1, byte, data[i + 1]))
            i += 2
        elif (
            byte == 0x8E
            and i + 3 < size
            and 0xA1 <= data[i + 1] <= 0xB0
            and all(0xA1 <= b <= 0xFE for b in data[i + 2 : i + 4])
        ):
            out.append(_cell(data[i + 1] - 0xA0, data[i + 2], data[i + 3]))
            i += 4
        else:
            return None
    return "".join(out)
