"""Write ``ingest/cns11643.json``: CNS 11643 planes 1 and 2 → Unicode, for EUC-TW text.

Python has no EUC-TW codec; GNU libc's ``iconv`` has one. This asks iconv for every cell of
the two planes (bytes 0xA1–0xFE twice; plane 2 behind the 0x8E 0xA2 prefix), one cell per
line so that a cell iconv cannot map leaves an empty line and the rows stay aligned. A cell
iconv repeats an earlier character for is unassigned (U+FFFD); plane 1 maps 5,867 cells and
plane 2 7,650 (its full set of Han characters).

    python tools/cns11643_table.py      # needs the iconv program (Debian: libc-bin)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "ingest" / "cns11643.json"
CELLS = range(0xA1, 0xFF)


def plane(prefix: bytes) -> list[str]:
    cells = [prefix + bytes([row, col]) for row in CELLS for col in CELLS]
    done = subprocess.run(
        ["iconv", "-c", "-f", "EUC-TW", "-t", "UTF-8"],
        input=b"\n".join(cells) + b"\n",
        capture_output=True,
        check=True,
    )
    lines = done.stdout.decode("utf-8").split("\n")[: len(cells)]
    return [line if len(line) == 1 else "\ufffd" for line in lines]


def main() -> None:
    seen: set[str] = set()
    planes = []
    for prefix in (b"", b"\x8e\xa2"):
        chars = []
        for char in plane(prefix):
            chars.append("\ufffd" if char in seen else char)
            seen.add(char)
        planes.append("".join(chars))
    about = (
        "CNS 11643 planes 1 and 2 to Unicode, for decoding EUC-TW. Row-major, 94 x 94 cells"
        " per plane (bytes 0xA1-0xFE twice); U+FFFD marks an unassigned cell. Generated once"
        " from GNU libc 2.36 iconv (EUC-TW to UTF-8, one cell at a time) by"
        " tools/cns11643_table.py."
    )
    data = {"about": about, "plane1": planes[0], "plane2": planes[1]}
    TARGET.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
