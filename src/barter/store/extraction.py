"""Extraction into the store: streamed, committed in batches, resumable.

A year of news does not fit in memory, and a run of hours gets interrupted.
So documents are paged out of the store by id (no connection is held between
pages), read by one extraction stream (one worker pool for the whole run,
``barter.extract.parallel``), and each batch of results is written in one
transaction together with the mark that its documents were read.

An interrupted run loses at most the batches in flight; the next run skips
every document marked read, and because saving a document's claims replaces
what was stored for it, nothing is duplicated.  Memory stays bounded by the
page size, the batches in flight and the write batch, whatever the store holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from barter.records import Claim, Document

__all__ = ["ExtractionTally", "extract_stored", "WRITE_BATCH", "PAGE"]

PAGE = 500  # documents read from the store at a time
WRITE_BATCH = 200  # documents whose claims are written in one transaction
EXTRACTOR_MARK = "rules"  # what `extracted` records; each claim names its own extractor (rules or rules+model)


@dataclass
class ExtractionTally:
    documents: int = 0
    with_claims: int = 0
    claims: int = 0
    categories: Counter = field(default_factory=Counter)

    def add(self, claims: list[Claim]) -> None:
        self.documents += 1
        self.with_claims += bool(claims)
        self.claims += len(claims)
        self.categories.update(claim.category for claim in claims)


def extract_stored(db: Path, config, run_id: int | None, *, redo: bool = False,
                   on_claims: Callable[[Document, list[Claim]], None] | None = None,
                   on_batch: Callable[[ExtractionTally], None] | None = None) -> ExtractionTally:
    """Read every stored original not read yet (every one with ``redo``) and store its claims."""
    from barter.extract import extract_documents
    from barter.store import writing
    from barter.store.claims import save_extraction

    tally = ExtractionTally()
    done: list[tuple[Document, list[Claim]]] = []

    def flush() -> None:
        with writing(db) as connection:
            save_extraction(connection, [(document.id, claims) for document, claims in done], EXTRACTOR_MARK, run_id)
        done.clear()
        if on_batch:
            on_batch(tally)

    for document, claims in extract_documents(_pending(db, redo), config):
        done.append((document, claims))
        tally.add(claims)
        if on_claims:
            on_claims(document, claims)
        if len(done) >= WRITE_BATCH:
            flush()
    if done:
        flush()
    return tally


def _pending(db: Path, redo: bool) -> Iterator[Document]:
    """Stored originals in id order, a page at a time, each page read under its own short connection."""
    from barter.store import reading
    from barter.store.claims import documents_after

    last = ""
    while True:
        with reading(db) as connection:
            page = documents_after(connection, last, PAGE, only_new=not redo)
        if not page:
            return
        yield from page
        last = page[-1].id
