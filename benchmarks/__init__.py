"""Benchmarks: each module prints figures (never a pass/fail on time).

Run one with ``.venv/bin/python -m benchmarks.<name>``, e.g. ``benchmarks.sparql_bench``.
"""
