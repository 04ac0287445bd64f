"""What ``serve`` keeps on disk between runs, so a restarted server serves its first pages at
once: the evidence index (every link's listing row), the dashboard, the SoA rows and the gap
report's state (so its first update after a decision is one, not a full validation), as they
were when the server last had them current.

One JSON file, ``DATA_DIR/kept/state.json``, written whole to a temporary file and renamed
over the old one (never half-written), after the warm-up and when the server stops. It
carries the store's *stamp* (:meth:`ontology.store.GraphStore.stamp`): a token in the store
that the process writing the file sets (:meth:`~ontology.store.GraphStore.seal`) and that
every later write replaces before it writes, in this process or any other (a CLI ``ingest``
or ``review`` while the server is down, a restored backup). On start the file is used only
when its stamp is the store's (and it was written by this code: a digest of the modules,
queries and shapes that give it meaning, :func:`code_stamp`), so a stale copy is never served; a missing, damaged or
foreign file is ignored (logged) and the warm-up builds everything from the graph as before.

Only the embedded store keeps a stamp. On a remote SPARQL store other programs may write
without replacing aimsgraph's revision token, and a restart is when an instance picks such
writes up, so there nothing is kept: each start builds from the graph.

Plain JSON, no pickle: the file lives in the user's data directory, but reading it runs no
code, and every field is checked before use (:func:`mapping.evidence.index_file.read_index`,
pydantic for the dashboard and SoA rows).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from ontology.atomic import write_atomically

if TYPE_CHECKING:
    from api.workspace import Workspace

log = logging.getLogger(__name__)
#: Changed whenever what the file holds changes shape: an older file is then ignored.
FORMAT = 1
KEPT_DIR = "kept"
KEPT_FILE = "state.json"
#: What a kept file holds when complete (:func:`load_kept` tells which it gave).
KEPT_VALUES = frozenset({"index", "dashboard", "soa", "gaps"})


def kept_path(ws: Workspace) -> Path:
    return ws.data_dir / KEPT_DIR / KEPT_FILE


def save_kept(ws: Workspace) -> bool:
    """:func:`write_kept`, with a failure (a full disk, a store error) logged, not raised:
    keeping is an optimisation, and the old file no longer matches the store anyway."""
    from ontology.errors import StoreError

    try:
        return write_kept(ws)
    except (OSError, StoreError, ValueError) as error:  # pydantic's serialisation errors too
        log.warning("could not keep the state for the next start: %s", error)
        return False


def write_kept(ws: Workspace) -> bool:
    """Write what the workspace holds current now (the index, refreshed first; the
    dashboard, SoA and gap state where they are current with it) under a fresh stamp; False
    when nothing is built yet, the store keeps no stamp or it moved on meanwhile (nothing
    written: the old file no longer matches)."""
    state = ws.evidence_index.kept_state()
    if state is None:  # nothing built yet: nothing to keep
        return False
    snapshot, index, memos, evolved = state
    today = date.today()
    payload = _values_data(
        memos.get(("dashboard", today)), evolved.get(("soa", today)), evolved.get(("gaps", today))
    )
    payload.update(format=FORMAT, day=today.isoformat(), index=index, code=code_stamp())
    stamp = ws.store.seal(snapshot.revision)  # last: a failure above leaves the store unsealed
    if stamp is None:
        return False
    payload["stamp"] = stamp
    write_atomically(kept_path(ws), json.dumps(payload, separators=(",", ":")).encode())
    return True


def _values_data(dashboard: Any, soa: Any, gaps: Any) -> dict[str, Any]:
    """The dashboard, the SoA state and the gap state (each None where not current)."""
    from mapping.evidence.soa import EvidenceRef, SoaRow

    out: dict[str, Any] = {"dashboard": None, "soa": None, "gaps": None}
    if dashboard is not None:
        out["dashboard"] = dashboard.model_dump(mode="json", exclude_computed_fields=True)
    if soa is not None:
        rows, evidence, _ = soa
        out["soa"] = {
            "rows": TypeAdapter(dict[str, SoaRow]).dump_python(
                rows, mode="json", exclude_computed_fields=True
            ),
            "evidence": TypeAdapter(dict[str, list[EvidenceRef]]).dump_python(
                evidence, mode="json", exclude_computed_fields=True
            ),
        }
    if gaps is not None:
        out["gaps"] = _gaps_data(gaps)
    return out


def load_kept(ws: Workspace) -> frozenset[str]:
    """Start the workspace's evidence index (and dashboard, SoA, gap state) from the kept
    file when it matches the store; what was taken (of :data:`KEPT_VALUES`), empty when
    there is no file or it is stale, foreign or damaged (then nothing is taken)."""
    revision = ws.store.revision()  # read first: a write after it makes what is taken stale
    stamp = ws.store.stamp()
    path = kept_path(ws)
    if stamp is None or not path.exists():
        return frozenset()
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            log.info("kept state at %s is of another format: ignored", path)
            return frozenset()
        if data.get("code") != code_stamp():
            log.info("kept state at %s was kept by other code: ignored", path)
            return frozenset()
        if data.get("stamp") != stamp:
            log.info("kept state at %s is older than the store: ignored", path)
            return frozenset()
        return _adopt(ws, data, revision)
    except (OSError, ValueError, TypeError, KeyError, ValidationError, RecursionError) as error:
        reason = str(error).splitlines()[0][:200]
        log.warning("kept state at %s is unreadable (%s): ignored, rebuilt", path, reason)
        return frozenset()


def _adopt(ws: Workspace, data: dict[str, Any], revision: str) -> frozenset[str]:
    from api.operations.assessment import Dashboard
    from mapping.evidence.index_file import read_index
    from mapping.evidence.soa import EvidenceRef, SoaRow, with_evidence

    index = read_index(data.get("index"))
    day = date.fromisoformat(str(data.get("day")))
    memos: dict[object, Any] = {}
    evolved: dict[object, Any] = {}
    if day == date.today():  # both depend on the day (review dates, overdue evidence)
        if data.get("dashboard") is not None:
            memos[("dashboard", day)] = Dashboard.model_validate(data["dashboard"])
        if data.get("soa") is not None:
            rows = TypeAdapter(dict[str, SoaRow]).validate_python(data["soa"]["rows"])
            evidence = TypeAdapter(dict[str, list[EvidenceRef]]).validate_python(
                data["soa"]["evidence"]
            )
            evolved[("soa", day)] = (rows, evidence, with_evidence(rows, evidence))
        if data.get("gaps") is not None:
            evolved[("gaps", day)] = _read_gaps(data["gaps"])
    if not ws.evidence_index.adopt(index, revision, memos, evolved):
        return frozenset()
    names: dict[object, str] = {
        ("dashboard", day): "dashboard",
        ("soa", day): "soa",
        ("gaps", day): "gaps",
    }
    return frozenset({"index"} | {names[key] for key in (*memos, *evolved)})


def _gaps_data(kept: Any) -> dict[str, Any]:
    from shapes.state_file import state_data

    return {
        "state": state_data(kept.state),
        "systems": kept.systems,
        "covering": sorted(kept.covering),
    }


def _read_gaps(data: Any) -> Any:
    from api.operations.assessment import _KeptReport  # the dashboard's own kept value
    from shapes.state_file import read_state

    systems = TypeAdapter(list[dict[str, Any]]).validate_python(data["systems"])
    covering = TypeAdapter(set[str]).validate_python(data["covering"])
    return _KeptReport(read_state(data["state"]), systems, covering)


#: The packages whose code, queries and shapes give a kept value its meaning: a copy kept by
#: other code (an upgrade, a checkout) is ignored rather than read in a sense it never had.
_MEANING = ("api", "mapping", "shapes", "ontology")
_SOURCES = frozenset({".py", ".rq", ".ttl"})


@cache
def code_stamp() -> str:
    """A digest of every module, query and shapes file of the packages in :data:`_MEANING`
    (about 300 files: some 25 ms, once per process)."""
    digest = hashlib.sha256()
    for name in _MEANING:
        spec = importlib.util.find_spec(name)
        roots = list(spec.submodule_search_locations or []) if spec is not None else []
        for root in map(Path, roots):
            for path in sorted(root.rglob("*")):
                if path.suffix in _SOURCES and path.is_file():
                    digest.update(f"{name}/{path.relative_to(root)}".encode() + b"\0")
                    digest.update(path.read_bytes())
    return digest.hexdigest()
