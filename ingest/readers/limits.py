"""Bounds the readers enforce on hostile input (zip bombs, deep nesting)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderLimits:
    """Safety limits for parsing; defaults suit policy documents with room to spare."""

    #: Largest total uncompressed size of a DOCX's zip members.
    max_unzipped_bytes: int = 200 * 1024 * 1024
    #: Largest ratio of uncompressed to compressed size of any one zip member.
    max_compression_ratio: float = 100.0
    #: Most members a DOCX zip may hold.
    max_zip_members: int = 5000
    #: Deepest element nesting accepted in HTML.
    max_html_depth: int = 256
