"""Retrieval: embedder, vector index, BM25, requirement descriptors and statements, scoring, learned fusion, ranking and ``match``."""
