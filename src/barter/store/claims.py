"""The claims part of the store: what extraction read from each document.

Saving a document's claims replaces whatever an earlier run stored for it,
so re-extracting is idempotent; ``extracted`` records which documents have
been read (with no claim as much as with many) so a run can skip them.
Every value is a bound parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import duckdb

from barter.records import Claim, Document, Evidence, Quantity, Source

CLAIM_COLUMNS = (
    "id, doc_id, giver, receiver, category, status, sources, evidence_start, evidence_end, evidence_text, "
    "item, predicate, sentence, quantity_low, quantity_high, quantity_unit, \"when\", when_basis, confidence, extractor"
)
_DOCUMENT_COLUMNS = "id, title, text, published, source, url, kind, origin, removed, duplicate_of"
STREAM_BATCH = 500


def save_claims(connection: duckdb.DuckDBPyConnection, doc_id: str, claims: Iterable[Claim], run_id: int | None) -> int:
    """Replace the claims stored for one document; the number stored."""
    connection.execute("DELETE FROM claims WHERE doc_id = ?", [doc_id])
    return _insert_claims(connection, [(doc_id, claims)], run_id)


def save_extraction(connection: duckdb.DuckDBPyConnection, results: Sequence[tuple[str, Iterable[Claim]]],
                    extractor: str, run_id: int | None) -> int:
    """``save_claims`` and ``mark_extracted`` for a batch of documents in three statements; the claims stored.

    One statement per document is what DuckDB is slowest at: a run of a
    hundred thousand feed entries spent its time here, not in extraction."""
    if not results:
        return 0
    ids = [doc_id for doc_id, _ in results]
    connection.execute("DELETE FROM claims WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    stored = _insert_claims(connection, results, run_id)
    _mark_read(connection, ids, extractor, run_id)
    return stored


def mark_extracted(connection: duckdb.DuckDBPyConnection, doc_id: str, extractor: str, run_id: int | None) -> None:
    """Record that a document has been read by this extractor."""
    _mark_read(connection, [doc_id], extractor, run_id)


def _insert_claims(connection: duckdb.DuckDBPyConnection, results: Sequence[tuple[str, Iterable[Claim]]],
                   run_id: int | None) -> int:
    """Insert each document's claims (each must name its document); the number inserted."""
    rows: dict[str, list[Any]] = {}
    for doc_id, claims in results:
        for claim in claims:
            if claim.doc_id != doc_id:
                raise ValueError(f"claim {claim.id} belongs to document {claim.doc_id}, not {doc_id}")
            rows[claim.id] = _row(claim, run_id)
    if rows:
        placeholders = ", ".join("?" for _ in range(21))
        connection.executemany(f"INSERT INTO claims ({CLAIM_COLUMNS}, run_id) VALUES ({placeholders})", list(rows.values()))
    return len(rows)


def _mark_read(connection: duckdb.DuckDBPyConnection, ids: Sequence[str], extractor: str, run_id: int | None) -> None:
    connection.execute(
        "INSERT INTO extracted (doc_id, extractor, run_id) SELECT unnest(?::VARCHAR[]), ?, ? "
        "ON CONFLICT (doc_id) DO UPDATE SET extractor = excluded.extractor, run_id = excluded.run_id",
        [list(ids), extractor, run_id],
    )


def documents_to_extract(connection: duckdb.DuckDBPyConnection, only_new: bool = True,
                         ids: Sequence[str] | None = None) -> Iterator[Document]:
    """Stored documents in id order, streamed in batches: original copies, or exactly ``ids``; ``only_new`` skips those read already."""
    last = ""
    while True:
        page = documents_after(connection, last, STREAM_BATCH, only_new=only_new, ids=ids)
        if not page:
            return
        yield from page
        last = page[-1].id


def documents_after(connection: duckdb.DuckDBPyConnection, after: str, limit: int, only_new: bool = True,
                    ids: Sequence[str] | None = None) -> list[Document]:
    """One page of ``documents_to_extract``: the first ``limit`` whose id sorts after ``after``.

    A caller that writes between pages (a long extraction run) pages with this
    and holds no connection in between."""
    from barter.store.documents import _document

    # named documents are read even when they are a syndicated copy: the caller asked for them
    conditions = ["d.duplicate_of IS NULL"] if ids is None else ["TRUE"]
    parameters: list[Any] = []
    if only_new:
        conditions.append("d.id NOT IN (SELECT doc_id FROM extracted)")
    if ids is not None:
        conditions.append("list_contains(?, d.id)")
        parameters.append(list(ids))
    where = " AND ".join(conditions)
    rows = connection.execute(
        f"SELECT {', '.join('d.' + c.strip() for c in _DOCUMENT_COLUMNS.split(','))} FROM documents d "
        f"WHERE {where} AND d.id > ? ORDER BY d.id LIMIT ?",
        [*parameters, after, limit],
    ).fetchall()
    return [_document(row) for row in rows]


def list_claims(connection: duckdb.DuckDBPyConnection, doc_id: str | None = None, giver: str | None = None,
                receiver: str | None = None, category: str | None = None, limit: int = 100, offset: int = 0) -> list[Claim]:
    """Stored claims, filtered by any of document, giver, receiver and category."""
    conditions, parameters = [], []
    for column, value in (("doc_id", doc_id), ("giver", giver), ("receiver", receiver), ("category", category)):
        if value is not None:
            conditions.append(f"{column} = ?")
            parameters.append(value)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    rows = connection.execute(
        f"SELECT {CLAIM_COLUMNS} FROM claims {where} ORDER BY doc_id, evidence_start, id LIMIT ? OFFSET ?",
        [*parameters, limit, offset],
    ).fetchall()
    return [claim_from_row(row) for row in rows]


def get_claim(connection: duckdb.DuckDBPyConnection, claim_id: str) -> Claim | None:
    row = connection.execute(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id = ?", [claim_id]).fetchone()
    return claim_from_row(row) if row else None


def count_claims(connection: duckdb.DuckDBPyConnection) -> int:
    return int(connection.execute("SELECT count(*) FROM claims").fetchone()[0])


def claim_from_row(row: Sequence[Any]) -> Claim:
    (_id, doc_id, giver, receiver, category, status, sources, start, end, text,
     item, predicate, sentence, q_low, q_high, q_unit, when, when_basis, confidence, extractor) = row
    quantity = Quantity(q_low, q_high if q_high is not None else q_low, q_unit or "") if q_low is not None else None
    return Claim(
        doc_id=doc_id, giver=giver, receiver=receiver, category=category, status=status,
        evidence=Evidence(start, end, text), sources=_sources(sources), item=item or "",
        predicate=predicate or "", sentence=sentence or "", quantity=quantity, when=when,
        when_basis=when_basis, confidence=confidence if confidence is not None else 1.0,
        extractor=extractor or "rules",
    )


def _sources(raw: Any) -> tuple[Source, ...]:
    """Sources as stored: {"code", "name"} objects, or bare codes written by other tools."""
    items = json.loads(raw) if isinstance(raw, str) else (raw or [])
    sources = []
    for item in items:
        if isinstance(item, str):
            sources.append(Source(name=item, code=item))
        elif isinstance(item, dict):
            sources.append(Source(name=item.get("name") or item.get("code") or "", code=item.get("code")))
    return tuple(sources)


def _row(claim: Claim, run_id: int | None) -> list[Any]:
    quantity = claim.quantity
    return [
        claim.id, claim.doc_id, claim.giver, claim.receiver, claim.category, claim.status,
        json.dumps([{"code": s.code, "name": s.name} for s in claim.sources]),
        claim.evidence.start, claim.evidence.end, claim.evidence.text,
        claim.item, claim.predicate, claim.sentence,
        quantity.low if quantity else None, quantity.high if quantity else None, quantity.unit if quantity else None,
        claim.when, claim.when_basis, claim.confidence, claim.extractor, run_id,
    ]
