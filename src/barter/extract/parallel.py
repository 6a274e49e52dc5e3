"""Extraction on several cores: whole documents to worker processes.

spaCy's own ``n_process`` parallelises only the parser; the gate, the frames
and the attribute functions would still run in one process, and on news
feeds they are most of the work (the gate lets ~5 % of text reach the
parser).  So each worker runs the whole single-process extractor on chunks of
documents, with the pipeline loaded once per worker, and only records
(Document in, Claim out) cross between processes.  Results come back in input
order, and at most ``IN_FLIGHT`` chunks per worker are held at once, so memory
stays bounded however long the stream.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice

from barter.records import Claim, Document

CHUNK_DOCUMENTS = 64
IN_FLIGHT = 3

_worker_config = None


def _start_worker(config) -> None:
    global _worker_config
    from barter.extract.pipeline import load_pipeline

    _worker_config = replace(config, workers=1)
    load_pipeline(_worker_config.pipeline)  # once per worker, before the first chunk


def _extract_chunk(documents: list[Document]) -> list[tuple[str, list[Claim]]]:
    from barter.extract import extract_documents

    return [(document.id, claims) for document, claims in extract_documents(documents, _worker_config)]


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


def extract_in_workers(documents: Iterable[Document], config) -> Iterator[tuple[Document, list[Claim]]]:
    """Each document with its claims, in input order, read by ``config.workers`` processes."""
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(config.workers, initializer=_start_worker, initargs=(config,)) as pool:
        pending: deque = deque()
        for chunk in _chunks(documents, CHUNK_DOCUMENTS):
            pending.append((chunk, pool.apply_async(_extract_chunk, (chunk,))))
            if len(pending) >= config.workers * IN_FLIGHT:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())


def _collect(chunk: list[Document], result) -> Iterator[tuple[Document, list[Claim]]]:
    claims_by_id = dict(result.get())
    for document in chunk:
        yield document, claims_by_id.get(document.id, [])
