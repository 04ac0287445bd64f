"""The security probe script finds every probe module, and the SPARQL probes hold what
they promise (sizes past the limits, SERVICE aimed at the given address)."""

from __future__ import annotations

from benchmarks.security_probes.__main__ import probe_modules
from benchmarks.security_probes.sparql import DEEP, service_queries
from ontology.query_safety import MAX_NESTING, MAX_QUERY_BYTES, scan


def test_every_probe_module_is_found() -> None:
    assert "sparql" in probe_modules()
    assert "harness" not in probe_modules()


def test_deep_probes_are_past_the_limits() -> None:
    for query in DEEP.values():
        too_big = len(query.encode()) > MAX_QUERY_BYTES
        too_deep = query.count("{") > MAX_NESTING or query.count("(") > MAX_NESTING
        assert too_big or too_deep


def test_service_probes_aim_at_the_listener() -> None:
    for query in service_queries("http://127.0.0.1:1/x").values():
        assert "http://127.0.0.1:1/x" in query
        assert scan(query.replace("\\u0053", "S")).depth >= 1
