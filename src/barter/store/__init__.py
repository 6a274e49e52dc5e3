"""The embedded store: one DuckDB file, its schema created and migrated here.

DuckDB lets one process write a file, or many read it, not both at once.  So
writers hold the file only for the length of one batch (``writing``) and
readers open it read-only for one query at a time (``reading``), both retrying
for a while when the other holds it.  That is what lets an analyst read the
ledger while an ingest runs.

Every statement binds its parameters; no text from an article is ever
formatted into SQL.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

DEFAULT_DB = Path("barter.duckdb")
LOCK_WAIT_SECONDS = 30.0

# Each migration brings the schema from version N-1 to N.  Never edit one that
# has shipped: add the next.
MIGRATIONS: tuple[str, ...] = (
    # 1: documents, runs, rejects, claims
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        title VARCHAR,
        text VARCHAR NOT NULL,
        published DATE,
        source VARCHAR,
        url VARCHAR,
        kind VARCHAR NOT NULL DEFAULT 'article',
        origin VARCHAR,
        removed JSON,
        duplicate_of VARCHAR,
        minhash BLOB,
        run_id INTEGER,
        ingested_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE SEQUENCE run_ids START 1;
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY DEFAULT nextval('run_ids'),
        command VARCHAR NOT NULL,
        inputs JSON,
        started_at TIMESTAMP DEFAULT current_timestamp,
        finished_at TIMESTAMP,
        counts JSON
    );
    CREATE TABLE rejects (
        run_id INTEGER,
        input VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        rejected_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE claims (
        id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        giver VARCHAR NOT NULL,
        receiver VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        sources JSON,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        evidence_text VARCHAR NOT NULL,
        item VARCHAR,
        predicate VARCHAR,
        sentence VARCHAR,
        quantity_low DOUBLE,
        quantity_high DOUBLE,
        quantity_unit VARCHAR,
        "when" VARCHAR,
        when_basis VARCHAR,
        confidence DOUBLE,
        extractor VARCHAR,
        run_id INTEGER
    );
    CREATE INDEX claims_doc ON claims (doc_id);
    CREATE INDEX claims_pair ON claims (giver, receiver, category);
    CREATE TABLE extracted (
        doc_id VARCHAR PRIMARY KEY,
        extractor VARCHAR,
        run_id INTEGER
    );
    """,
    # 2: the ledger, rebuilt from claims by `barter resolve`
    """
    CREATE TABLE ledger_entries (
        id VARCHAR PRIMARY KEY,
        giver VARCHAR NOT NULL,
        receiver VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        items JSON,
        claim_ids JSON,
        outlets INTEGER,
        asserted_by JSON,
        denied_by JSON,
        standing VARCHAR,
        quantity_low DOUBLE,
        quantity_high DOUBLE,
        quantity_unit VARCHAR,
        first_date VARCHAR,
        last_date VARCHAR,
        flags JSON
    );
    CREATE INDEX ledger_pair ON ledger_entries (giver, receiver);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class StoreBusy(RuntimeError):
    """The database file stayed locked by another process for too long."""


def _is_lock_error(error: Exception) -> bool:
    message = str(error).lower()
    return "lock" in message or "conflicting" in message or "being used by another" in message


def _connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            connection = duckdb.connect(str(path), read_only=read_only)
            # DuckDB's own progress bar would write into the terminal of whoever embeds barter.
            connection.execute("SET enable_progress_bar = false")
            return connection
        except duckdb.Error as error:  # IOException when another process holds the file
            if not _is_lock_error(error) or time.monotonic() > deadline:
                if _is_lock_error(error):
                    raise StoreBusy(
                        f"{path}: the database is busy in another process; try again when it finishes"
                    ) from error
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)  # a writer lets go only briefly between batches


def migrate(connection: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema up to SCHEMA_VERSION; returns the version it was at."""
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    current = row[0] or 0
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"the database was written by a newer barter (schema {current}, this one knows {SCHEMA_VERSION}): upgrade barter"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN TRANSACTION")
        connection.execute(MIGRATIONS[version - 1])
        connection.execute("INSERT INTO schema_version VALUES (?)", [version])
        connection.execute("COMMIT")
    return current


@contextlib.contextmanager
def writing(path: Path | str = DEFAULT_DB, wait: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one batch: migrated, committed on success, then released."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(path, read_only=False, wait=wait)
    try:
        migrate(connection)
        connection.execute("BEGIN TRANSACTION")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    finally:
        connection.close()


@contextlib.contextmanager
def reading(path: Path | str = DEFAULT_DB, wait: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; a missing database reads as an empty, fully migrated one."""
    path = Path(path)
    if not path.exists():
        with writing(path, wait=wait):
            pass
    connection = _connect(path, read_only=True, wait=wait)
    try:
        version = connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    except duckdb.Error:
        version = 0
    if version != SCHEMA_VERSION:
        connection.close()
        with writing(path, wait=wait):
            pass
        connection = _connect(path, read_only=True, wait=wait)
    try:
        yield connection
    finally:
        connection.close()
