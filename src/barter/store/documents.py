"""The documents part of the store: documents, the runs that brought them, and what was rejected.

Saving is idempotent: a document whose id is already stored is left as it
is and counted as unchanged.  A new document that is a near-copy of a stored
one (syndication) is stored too, with ``duplicate_of`` naming the first copy,
and counted as a duplicate.  Every value is a bound parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from typing import Any

import duckdb

from barter.clean import NearDuplicates, minhash_signature
from barter.records import Document, Reject, RunCounts, Span

_COLUMNS = ("id", "title", "text", "published", "source", "url", "kind", "origin", "removed", "duplicate_of", "minhash", "run_id")
_ROWS_PER_INSERT = 100
_READ_COLUMNS = "id, title, text, published, source, url, kind, origin, removed, duplicate_of"


def start_run(connection: duckdb.DuckDBPyConnection, command: str, inputs: Sequence[str]) -> int:
    """Record that a run began; its id."""
    row = connection.execute(
        "INSERT INTO runs (command, inputs) VALUES (?, ?) RETURNING id", [command, json.dumps(list(inputs))]
    ).fetchone()
    assert row is not None  # RETURNING always gives the row
    return int(row[0])


def finish_run(connection: duckdb.DuckDBPyConnection, run_id: int, counts: RunCounts) -> None:
    connection.execute(
        "UPDATE runs SET finished_at = current_timestamp, counts = ? WHERE id = ?",
        [json.dumps(asdict(counts)), run_id],
    )


def record_reject(connection: duckdb.DuckDBPyConnection, run_id: int | None, reject: Reject) -> None:
    connection.execute("INSERT INTO rejects (run_id, input, reason) VALUES (?, ?, ?)", [run_id, reject.input, reject.reason])


def stored_signatures(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, bytes]]:
    """(id, MinHash bytes) of every stored first copy, in the order they were stored."""
    rows = connection.execute(
        "SELECT id, minhash FROM documents WHERE minhash IS NOT NULL AND duplicate_of IS NULL "
        "ORDER BY ingested_at, run_id, id"
    ).fetchall()
    return [(doc_id, bytes(signature)) for doc_id, signature in rows]


def near_duplicates_index(source: duckdb.DuckDBPyConnection | Iterable[tuple[str, bytes]]) -> NearDuplicates:
    """An index of every stored first copy (from a connection, or from ``stored_signatures``): build it once per run."""
    index = NearDuplicates()
    signatures = stored_signatures(source) if isinstance(source, duckdb.DuckDBPyConnection) else source
    for doc_id, signature in signatures:
        index.add(doc_id, signature)
    return index


def stored_ids(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """Every stored document id."""
    return {row[0] for row in connection.execute("SELECT id FROM documents").fetchall()}


def save_documents(
    connection: duckdb.DuckDBPyConnection,
    documents: Iterable[Document],
    run_id: int | None,
    index: NearDuplicates | None = None,
    signatures: Mapping[str, bytes] | None = None,
) -> RunCounts:
    """Store the documents not stored yet; counts read, stored, unchanged and duplicates.

    ``index`` carries the near-duplicate index across a run's batches; without
    one it is built from the store.  ``signatures`` (document id -> MinHash
    bytes) may be computed beforehand, so the write lock is not held for it.
    """
    documents = list(documents)
    counts = RunCounts(read=len(documents))
    if not documents:
        return counts
    stored = _stored_ids(connection, [document.id for document in documents])
    rows: list[list[Any]] = []
    for document in documents:
        if document.id in stored:
            counts.unchanged += 1
            continue
        stored.add(document.id)
        if index is None:  # only now: building it is the slow part of a re-run
            index = near_duplicates_index(connection)
        signature = (signatures or {}).get(document.id) or minhash_signature(document.text)
        first = index.first_copy(signature)
        if first is not None and first != document.id:
            document = replace(document, duplicate_of=first)
            counts.duplicates += 1
        else:
            index.add(document.id, signature)
            counts.stored += 1
        rows.append(_row(document, signature, run_id))
    _insert(connection, rows)
    return counts


def get_document(connection: duckdb.DuckDBPyConnection, doc_id: str) -> Document | None:
    row = connection.execute(f"SELECT {_READ_COLUMNS} FROM documents WHERE id = ?", [doc_id]).fetchone()
    return _document(row) if row else None


def list_documents(
    connection: duckdb.DuckDBPyConnection,
    limit: int = 50,
    offset: int = 0,
    source: str | None = None,
    kind: str | None = None,
    originals_only: bool = False,
) -> list[Document]:
    """Stored documents, newest publication first (undated last), optionally of one outlet or kind."""
    where, parameters = _filters(source, kind, originals_only)
    rows = connection.execute(
        f"SELECT {_READ_COLUMNS} FROM documents {where} ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*parameters, limit, offset],
    ).fetchall()
    return [_document(row) for row in rows]


def count_documents(
    connection: duckdb.DuckDBPyConnection,
    source: str | None = None,
    kind: str | None = None,
    originals_only: bool = False,
) -> int:
    where, parameters = _filters(source, kind, originals_only)
    row = connection.execute(f"SELECT count(*) FROM documents {where}", parameters).fetchone()
    return int(row[0]) if row else 0


def list_rejects(connection: duckdb.DuckDBPyConnection, run_id: int | None = None) -> list[Reject]:
    """What was rejected, in the order it was recorded (of one run, or all)."""
    if run_id is None:
        rows = connection.execute("SELECT input, reason FROM rejects ORDER BY rowid").fetchall()
    else:
        rows = connection.execute(
            "SELECT input, reason FROM rejects WHERE run_id = ? ORDER BY rowid", [run_id]
        ).fetchall()
    return [Reject(input=input_, reason=reason) for input_, reason in rows]


def run_counts(connection: duckdb.DuckDBPyConnection, run_id: int) -> RunCounts | None:
    """The counts a finished run recorded; None while it runs or when there is no such run."""
    row = connection.execute("SELECT counts FROM runs WHERE id = ?", [run_id]).fetchone()
    if not row or row[0] is None:
        return None
    return RunCounts(**json.loads(row[0]))


def _filters(source: str | None, kind: str | None, originals_only: bool) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    parameters: list[Any] = []
    if source is not None:
        conditions.append("source = ?")
        parameters.append(source)
    if kind is not None:
        conditions.append("kind = ?")
        parameters.append(kind)
    if originals_only:
        conditions.append("duplicate_of IS NULL")
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), parameters


def _insert(connection: duckdb.DuckDBPyConnection, rows: list[list[Any]]) -> None:
    # One multi-row INSERT per chunk: DuckDB's executemany costs milliseconds a row.
    row_placeholders = "(" + ", ".join("?" for _ in _COLUMNS) + ")"
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        connection.execute(
            f"INSERT INTO documents ({', '.join(_COLUMNS)}) VALUES {', '.join([row_placeholders] * len(chunk))} "
            "ON CONFLICT DO NOTHING",
            [value for row in chunk for value in row],
        )


def _stored_ids(connection: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    rows = connection.execute("SELECT id FROM documents WHERE list_contains(?, id)", [ids]).fetchall()
    return {row[0] for row in rows}


def _row(document: Document, signature: bytes, run_id: int | None) -> list[Any]:
    removed = json.dumps([asdict(span) for span in document.removed])
    return [
        document.id,
        document.title,
        document.text,
        document.published,
        document.source,
        document.url,
        document.kind,
        document.origin,
        removed,
        document.duplicate_of,
        signature,
        run_id,
    ]


def _document(row: Sequence[Any]) -> Document:
    doc_id, title, text, published, source, url, kind, origin, removed, duplicate_of = row
    spans = tuple(Span(**span) for span in json.loads(removed)) if removed else ()
    return Document(
        id=doc_id,
        text=text,
        title=title or "",
        published=published,
        source=source or "",
        url=url,
        kind=kind,
        origin=origin or "",
        removed=spans,
        duplicate_of=duplicate_of,
    )
