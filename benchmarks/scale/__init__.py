"""Scale benchmark: what each page and listing costs as the library grows.

    python -m benchmarks.scale [--sizes 10,100,1000] [--work scale-work] [--cap 30]

Builds libraries of each size from the real corpus (``../shared/corpus``) and variants of its
documents (:mod:`benchmarks.scale.corpus`) through the workspace's ingest, suggestions
included, and decides a share of the links through the review operation
(:mod:`benchmarks.scale.library`; built libraries are kept under ``--work`` and reused or
grown). Then times every page and listing a user hits through the FastAPI app
(:mod:`benchmarks.scale.pages`) and prints, per page, the median time at each size, the growth
exponent between sizes and the targets, and the ingest rate per size
(:mod:`benchmarks.scale.report`). Figures only: nothing here passes or fails on time.
"""
