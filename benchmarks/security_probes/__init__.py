"""Security probes: hostile requests against a real ``aimsgraph serve``, printing what was
tried and what happened.

    .venv/bin/python -m benchmarks.security_probes            # every probe module
    .venv/bin/python -m benchmarks.security_probes sparql     # one module

Each module of this package (``sparql.py``, …) has ``run(server) -> list[Outcome]``;
``__main__`` starts one server (:class:`benchmarks.security_probes.harness.LiveServer`)
and runs every module's probes against it. The tests drive the same probes
(``tests/api/test_sparql_isolation.py``). Figures only: nothing here passes or fails on
time; an outcome says whether the request was refused or harmless and whether the server
stayed up and answered ``/api/health`` meanwhile.
"""
