"""Two writes that take the same two rows in opposite order deadlock on Virtuoso: it refuses
one (SQLSTATE 40001) and rolls that request back whole, its earlier operations included, so
``RemoteStore.update`` may send it again; with its retries both writes land exactly once."""

from __future__ import annotations

import threading

import pytest

from ontology.errors import StoreError
from ontology.remote import RemoteStore
from tests.conftest import SparqlServer

GRAPH = "urn:aimsgraph:test:deadlock"
VALUE = "urn:aimsgraph:test:value"
X, Y = "urn:aimsgraph:test:x", "urn:aimsgraph:test:y"
FILLER = 3000  # rows between x and y, so their locks are on different pages


@pytest.fixture
def rows(virtuoso_server: SparqlServer) -> SparqlServer:
    """Rows x (0) and y (100000) in one graph, far apart in every index."""
    virtuoso_server.reset()
    with virtuoso_server.store() as store:
        store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{X}> <{VALUE}> 0 }} }}")
        for start in range(0, FILLER, 1000):
            filler = " ".join(
                f"<{X}-{n}> <{VALUE}> {n} ." for n in range(start, min(start + 1000, FILLER))
            )
            store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {filler} }} }}")
        store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{Y}> <{VALUE}> 100000 }} }}")
    return virtuoso_server


def _bump(row: str) -> str:
    return (
        f"DELETE {{ GRAPH <{GRAPH}> {{ <{row}> <{VALUE}> ?old }} }}"
        f" INSERT {{ GRAPH <{GRAPH}> {{ <{row}> <{VALUE}> ?new }} }}"
        f" WHERE {{ GRAPH <{GRAPH}> {{ <{row}> <{VALUE}> ?old }} BIND(?old + 1 AS ?new) }}"
    )


def _crossing_writes(server: SparqlServer, retries: int) -> list[StoreError]:
    """Two requests at once: bump x, pause (Virtuoso's bif:delay), bump y; and the other way
    round. Returns the errors they raised."""
    errors: list[StoreError] = []

    def write(store: RemoteStore, first: str, second: str) -> None:
        pause = (
            f"INSERT {{ GRAPH <{GRAPH}-pause> {{ <{first}-pause> <{VALUE}> ?slept }} }}"
            " WHERE { BIND(bif:delay(1.5) AS ?slept) }"
        )
        try:
            store.update(f"{_bump(first)} ;\n{pause} ;\n{_bump(second)}")
        except StoreError as error:
            errors.append(error)

    stores = [server.store(deadlock_retries=retries) for _ in range(2)]
    threads = [
        threading.Thread(target=write, args=(stores[0], X, Y)),
        threading.Thread(target=write, args=(stores[1], Y, X)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for store in stores:
        store.close()
    return errors


def _values(server: SparqlServer) -> tuple[int, int]:
    with server.store() as store:
        rows = store.select(
            f"SELECT ?row ?value WHERE {{ VALUES ?row {{ <{X}> <{Y}> }}"
            f" GRAPH <{GRAPH}> {{ ?row <{VALUE}> ?value }} }}"
        )
    found = {str(r["row"]): int(str(r["value"])) for r in rows}
    return found[X], found[Y]


#: Crossing writes deadlock only when both requests hold their first row at once, which a
#: loaded machine does not always arrange: try a few times before giving up.
TRIES = 5


def test_a_deadlock_victim_is_rolled_back_whole_and_sent_again(rows: SparqlServer) -> None:
    expected = (0, 100000)
    for _ in range(TRIES):
        errors = _crossing_writes(rows, retries=0)
        assert len(errors) <= 1, errors  # at most one of the two is the victim
        expected = (expected[0] + 2 - len(errors), expected[1] + 2 - len(errors))
        assert _values(rows) == expected  # a victim's first bump did not stay
        if errors:
            break
    else:
        pytest.skip(
            f"Virtuoso chose no deadlock victim in {TRIES} tries (the requests did not overlap)"
        )
    assert "40001" in errors[0].message and "Transaction deadlocked" in errors[0].message
    assert errors[0].hint is not None and "rolled the request back whole" in errors[0].hint
    assert _crossing_writes(rows, retries=3) == []
    assert _values(rows) == (expected[0] + 2, expected[1] + 2)  # both landed, each once
