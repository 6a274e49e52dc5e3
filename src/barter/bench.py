"""Throughput figures: barter's extraction against bare spaCy on the same corpus.

Performance is shown by figures printed here, never asserted in tests.  A run
reads a corpus of documents in the shared shape (JSONL, optionally gzip),
streams it through barter's extraction (clean, gate, parse, frames) and
through the bare English pipeline (every component, ``nlp.pipe``, the same
number of processes), and reports docs/s, MB/s, claims/s and the peak memory
of the whole process tree.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from barter.records import Document


@dataclass(frozen=True)
class Throughput:
    label: str
    documents: int
    characters: int
    claims: int
    seconds: float
    peak_rss_bytes: int

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def mb_per_second(self) -> float:
        return self.characters / 1e6 / self.seconds if self.seconds else 0.0

    @property
    def claims_per_second(self) -> float:
        return self.claims / self.seconds if self.seconds else 0.0


def read_corpus(path: Path, limit: int | None = None, every: int = 1) -> Iterator[dict]:
    """Rows of a JSONL or JSONL.gz corpus, streamed: never the whole file in memory.

    ``every``: only every n-th row, so a sample spans the corpus (its first
    rows may be shorter or older than the rest)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        rows = (json.loads(line) for line in islice((line for line in lines if line.strip()), 0, None, every))
        yield from islice(rows, limit)


def as_document(row: dict) -> Document:
    """A corpus row as a Document, not yet cleaned (extraction cleans it, in its workers)."""
    published = None
    if row.get("published"):
        try:
            published = date.fromisoformat(str(row["published"])[:10])
        except ValueError:
            pass
    return Document(id=row["id"], text=row["text"], title=row.get("title") or "", published=published,
                    source=row.get("source") or "", url=row.get("url"))


def _tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            parent, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakMemory:
    """Samples the process tree's resident memory in a thread and keeps the peak."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss(os.getpid()))


class _Counted:
    """Counts documents and characters as an iterable is consumed."""

    def __init__(self, rows: Iterable[dict]) -> None:
        self.rows, self.documents, self.characters = rows, 0, 0

    def __iter__(self) -> Iterator[dict]:
        for row in self.rows:
            self.documents += 1
            self.characters += len(row["text"])
            yield row


def measure_barter(path: Path, limit: int | None, workers: int, batch_size: int = 256, gate: bool = True,
                   model: bool = True) -> Throughput:
    from barter.extract import ExtractConfig, extract_documents

    config = ExtractConfig(workers=workers, batch_size=batch_size, gate=gate, clean=True, model=model)
    counted = _Counted(read_corpus(path, limit))
    claims = 0
    with PeakMemory() as memory:
        started = time.perf_counter()
        for _, found in extract_documents((as_document(row) for row in counted), config):
            claims += len(found)
        seconds = time.perf_counter() - started
    label = "barter clean+extract" + ("" if gate else " (no gate)") + ("" if model else " (rules alone)")
    return Throughput(label, counted.documents, counted.characters, claims, seconds, memory.peak)


def measure_bare_spacy(path: Path, limit: int | None, workers: int, pipeline: str, batch_size: int = 64,
                       every: int = 1) -> Throughput:
    """The baseline: the English pipeline with every component, as shipped."""
    import spacy

    nlp = spacy.load(pipeline)
    counted = _Counted(read_corpus(path, limit, every))
    with PeakMemory() as memory:
        started = time.perf_counter()
        for _ in nlp.pipe((row["text"] for row in counted), n_process=workers, batch_size=batch_size):
            pass
        seconds = time.perf_counter() - started
    label = f"bare spaCy {pipeline}" + (f" (every {every}th)" if every > 1 else "")
    return Throughput(label, counted.documents, counted.characters, 0, seconds, memory.peak)


@dataclass(frozen=True)
class QueryTiming:
    name: str
    median_ms: float
    worst_ms: float
    rows: int


def store_queries(count: int) -> tuple[tuple[str, str, list], ...]:
    """The queries the ledger, the API and the dashboard run, with parameters an analyst would give."""
    return (
        ("ledger of a pair", "SELECT * FROM ledger_entries WHERE (giver = ? AND receiver = ?) OR (giver = ? AND receiver = ?)",
         ["RUS", "PRK", "PRK", "RUS"]),
        ("claims of a pair, one category, first page",
         "SELECT * FROM claims WHERE giver = ? AND receiver = ? AND category = ? ORDER BY id LIMIT 50", ["PRK", "RUS", "arms"]),
        ("claims of one document", "SELECT * FROM claims WHERE doc_id = ?", [f"doc:{count // 14:016d}"]),
        ("one claim by id", "SELECT * FROM claims WHERE id = ?", [f"claim:{count // 2:016d}"]),
        ("claims per category of a pair",
         "SELECT category, count(*) FROM claims WHERE giver = ? AND receiver = ? GROUP BY category", ["RUS", "PRK"]),
    )


def fill_claims(connection, count: int) -> None:
    """Generate ``count`` claims over 30 states, 12 categories and 5 statuses, in one SQL statement."""
    from barter.records import CATEGORIES, STATUSES

    states = ["RUS", "PRK", "CHN", "IRN", "USA", "UKR", "KOR", "JPN", "BLR", "SYR", "IND", "TUR", "ISR", "DEU", "FRA",
              "GBR", "POL", "BRA", "ZAF", "EGY", "SAU", "ARE", "QAT", "PAK", "VNM", "IDN", "MEX", "CAN", "AUS", "NGA"]
    connection.execute(
        """
        INSERT INTO claims (id, doc_id, giver, receiver, category, status, sources, evidence_start, evidence_end,
                            evidence_text, item, predicate, sentence, "when", confidence, extractor)
        SELECT printf('claim:%016d', i), printf('doc:%016d', i // 7),
               list_extract(?::VARCHAR[], (1 + hash(i) % 30)::BIGINT),
               list_extract(?::VARCHAR[], (1 + (hash(i) % 30 + 1 + hash(i + 1) % 29) % 30)::BIGINT),
               list_extract(?::VARCHAR[], (1 + hash(i + 2) % 12)::BIGINT),
               list_extract(?::VARCHAR[], 1 + i % 5),
               '[]', 0, 10, 'generated', 'item', 'sent', 'generated sentence',
               printf('%04d-%02d', 2017 + i % 9, 1 + i % 12), 1.0, 'bench'
        FROM range(?) AS t(i)
        """,
        [states, states, list(CATEGORIES), list(STATUSES), count],
    )


def summarise_ledger(connection) -> None:
    """Entries per pair, category and year: the shape resolve gives the ledger, built in bulk."""
    connection.execute(
        """
        INSERT INTO ledger_entries (id, giver, receiver, category, items, claim_ids, outlets, asserted_by, denied_by,
                                    standing, first_date, last_date, flags)
        SELECT printf('entry:%s-%s-%s-%s', giver, receiver, category, left("when", 4)), giver, receiver, category,
               '[]', '[]', count(DISTINCT doc_id), '[]', '[]', 'asserted', min("when"), max("when"), '[]'
        FROM claims GROUP BY giver, receiver, category, left("when", 4)
        """
    )


def measure_store(path: Path, count: int, repeats: int = 7) -> list[QueryTiming]:
    """Fill a fresh store with generated claims, rebuild indexes, and time the queries analysts run."""
    import statistics

    from barter.store import reading, writing
    from barter.store.maintenance import cluster_claims

    if path.exists():
        path.unlink()
    with writing(path) as connection:
        fill_claims(connection, count)
        summarise_ledger(connection)
    with writing(path) as connection:
        cluster_claims(connection)
    timings = []
    with reading(path) as connection:
        for name, sql, parameters in store_queries(count):
            samples, rows = [], 0
            for _ in range(repeats):
                started = time.perf_counter()
                rows = len(connection.execute(sql, parameters).fetchall())
                samples.append((time.perf_counter() - started) * 1000)
            timings.append(QueryTiming(name, statistics.median(samples), max(samples), rows))
    return timings
