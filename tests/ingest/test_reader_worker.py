"""One reader process shared by threads: a server reads an upload in its job while the
upload form asks for the file's earlier versions, both through the workspace's one worker.
Each caller must get the answer to its own document."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ingest.readers import ReaderLimits
from ingest.sniff import MARKDOWN
from ingest.worker import ReaderWorker


def _document(n: int) -> bytes:
    lines = [f"# Policy number {n}", ""]
    lines += [f"Paragraph {i} of policy {n}: " + "risk owners review " * 400 for i in range(30)]
    return "\n\n".join(lines).encode()


def test_threads_sharing_one_worker_each_get_their_own_document() -> None:
    with ReaderWorker(timeout_s=120) as worker:

        def read(n: int) -> str:
            extraction = worker.read(_document(n), MARKDOWN, f"p{n}.md", ReaderLimits())
            return extraction.blocks[0].text

        with ThreadPoolExecutor(max_workers=6) as pool:
            titles = list(pool.map(read, range(24)))
    assert titles == [f"Policy number {n}" for n in range(24)]
