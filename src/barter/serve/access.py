"""How the desk opens the store: many readers at once, or one writer, within this process.

DuckDB refuses, inside one process, a read-only connection while a
read-write one to the same file is open (and the reverse) - and it says so
at once instead of waiting.  Between processes the store's own ``reading`` /
``writing`` retry on the file lock; within the server this gate makes
requests wait while an ingest from the page saves its batch.

Opening the file costs tens of milliseconds, more than most queries, so
readers share one read-only connection (each request gets its own cursor)
in a burst, and the gate closes it once the desk has been idle for
LINGER_SECONDS.  While it is open another process cannot write the file; its
``writing`` retries, and gets in at the first idle moment.  So that steady
traffic (a page polling) cannot keep that moment from coming, a connection
open longer than MAX_HOLD_SECONDS closes as soon as no request uses it, as if
each request opened its own.  A writer here closes it first.  Data is never stale: nothing can write the
file while the shared connection is open.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from barter.store import LOCK_WAIT_SECONDS, reading, writing

LINGER_SECONDS = 0.25
MAX_HOLD_SECONDS = 1.0


class StoreGate:
    """A readers-writer lock around one DuckDB file; a waiting writer goes before new readers."""

    def __init__(self, path: Path, wait: float = LOCK_WAIT_SECONDS, linger: float = LINGER_SECONDS) -> None:
        self.path = Path(path)
        self.wait = wait  # how long to retry while another process holds the file
        self.linger = linger
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._shared: contextlib.ExitStack | None = None  # holds the shared read-only connection open
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._idle_timer: threading.Timer | None = None
        self._opened_at = 0.0

    @contextlib.contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._condition:
            while self._writing or self._writers_waiting:
                self._condition.wait()
            if self._connection is None:
                self._open_shared()  # under the lock: other readers wait for it rather than open their own
            self._readers += 1
            cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._condition:
                self._readers -= 1
                if not self._readers:
                    self._when_idle()
                self._condition.notify_all()

    @contextlib.contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._condition:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._condition.wait()
            self._writers_waiting -= 1
            self._writing = True
            self._close_shared()
        try:
            with writing(self.path, wait=self.wait) as connection:
                yield connection
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()

    def close(self) -> None:
        """Release the shared connection now (the server is stopping)."""
        with self._condition:
            self._close_shared()

    def _open_shared(self) -> None:
        stack = contextlib.ExitStack()
        try:
            self._connection = stack.enter_context(reading(self.path, wait=self.wait))
        except BaseException:
            stack.close()
            raise
        self._shared = stack
        self._opened_at = time.monotonic()

    def _close_shared(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self._shared is not None:
            self._connection = None
            self._shared.close()
            self._shared = None

    def _when_idle(self) -> None:
        """Close the shared connection after ``linger`` seconds, unless a reader comes first."""
        held = time.monotonic() - self._opened_at
        if self._writers_waiting or self.linger <= 0 or held > MAX_HOLD_SECONDS:
            self._close_shared()
            return
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        self._idle_timer = threading.Timer(self.linger, self._close_if_still_idle)
        self._idle_timer.daemon = True
        self._idle_timer.start()

    def _close_if_still_idle(self) -> None:
        with self._condition:
            if not self._readers:
                self._close_shared()
