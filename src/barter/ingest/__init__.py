"""INGEST: files, directories and URLs in, Documents (or Rejects) out.

    read_inputs(["news/", "feed.xml.gz", "https://..."], Limits())
        -> Document, Document, Reject, Document, ...

One module per format (text, html, tabular, feeds, warc), bytes-to-text in
decode, http(s) in fetch.  This module finds the inputs, tells their format
(by extension once ``.gz`` is stripped, by content where the content says
otherwise), opens them (gzip or not) and streams their documents: nothing
here holds a directory or a whole JSONL file in memory.  Every problem is a
Reject naming the input, and the next input is read.

``ingest`` is the whole stage as the command runs it: read, clean, store in
batches, record the run and its rejects.
"""

from __future__ import annotations

import gzip
import io
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

from barter.ingest.decode import BINARY, byte_order_mark_encoding, decode, looks_binary
from barter.ingest.errors import Unreadable
from barter.ingest.feeds import read_feed
from barter.ingest.fetch import fetch, is_url, megabytes
from barter.ingest.html import parse_html
from barter.ingest.tabular import parse_columns, read_csv, read_jsonl
from barter.ingest.text import parse_text
from barter.ingest.warc import read_warc
from barter.records import Document, Reject, RunCounts

__all__ = ["Limits", "ingest", "read_inputs", "sniff_format", "parse_columns", "Unreadable"]

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 4096
DEFAULT_BATCH_SIZE = 200
PAUSE_BETWEEN_BATCHES = 0.05  # seconds; see ingest()

EXTENSION_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
}
MEDIA_TYPE_FORMATS: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/json": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/csv": "csv",
    "text/plain": "text",
    "application/warc": "warc",
}

EMPTY_FILE = "is empty; check that it was written completely"
TRUNCATED_GZIP = "the gzip data is truncated or corrupt ({problem}); re-download or re-compress it"


@dataclass(frozen=True)
class Limits:
    """What one run will read at most.  None means no limit."""

    max_bytes: int | None = 50_000_000  # per file read whole, or URL, as stored and once decompressed; streamed formats cap each record
    max_documents: int | None = None  # per run
    timeout: float = 20.0  # seconds per URL
    max_text_chars: int | None = 2_000_000  # per document: longer ones are rejected, never cut
    columns: Mapping[str, str] = field(default_factory=dict)  # our field -> the input's column


def read_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    limits: Limits = Limits(),
    on_input: Callable[[str], None] | None = None,
) -> Iterator[Document | Reject]:
    """Every document in ``inputs`` (files, directories read recursively, http(s) URLs), in order.

    ``on_input`` is told each file or URL as its reading starts (for a progress bar).
    """
    documents = 0
    for item in inputs:
        for result in _read_input(str(item), limits, on_input):
            if isinstance(result, Document):
                too_long = _too_long(result, limits)
                if too_long:
                    yield too_long
                    continue
                if limits.max_documents is not None and documents >= limits.max_documents:
                    yield Reject(
                        result.origin,
                        f"stopped here at the limit of {limits.max_documents:,} documents per run; "
                        "raise --max-docs to read the rest",
                    )
                    return
                documents += 1
            yield result


def input_files(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """The files and URLs ``read_inputs`` will open, in its order (directories walked, nothing read)."""
    for item in inputs:
        item = str(item)
        if not is_url(item) and Path(item).is_dir():
            yield from (str(path) for path in _walk(Path(item)))
        else:
            yield item


def sniff_format(name: str, head: bytes, media_type: str = "") -> str:
    """The format of an input: its content where that is unmistakable, else its media type, else its name.

    ``head`` is the first few kilobytes, decompressed.
    """
    by_content = _format_by_content(head)
    if by_content:
        return by_content
    if media_type in MEDIA_TYPE_FORMATS:
        return MEDIA_TYPE_FORMATS[media_type]
    by_name = _format_by_name(name)
    if by_name:
        return by_name
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "text"


def _format_by_name(name: str) -> str | None:
    suffixes = [suffix.lower() for suffix in PurePosixPath(name).suffixes]
    while suffixes and suffixes[-1] in (".gz", ".gzip"):
        suffixes.pop()
    return EXTENSION_FORMATS.get(suffixes[-1]) if suffixes else None


def _format_by_content(head: bytes) -> str | None:
    if head.startswith(b"WARC/"):
        return "warc"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if not start.startswith(b"<"):
        return None
    feed_at = min((start.find(tag) for tag in (b"<rss", b"<feed", b"<rdf:rdf") if tag in start), default=-1)
    html_at = min((start.find(tag) for tag in (b"<html", b"<!doctype html") if tag in start), default=-1)
    if feed_at >= 0 and (html_at < 0 or feed_at < html_at):
        return "feed"
    if html_at >= 0:
        return "html"
    return None


def _refuse_at_a_glance(file_format: str, head: bytes) -> None:
    """One line for a whole input that is plainly wrong, rather than one per line of it."""
    if file_format != "warc" and looks_binary(head) and not byte_order_mark_encoding(head):
        raise Unreadable(BINARY)
    if file_format == "jsonl" and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        raise Unreadable("is a JSON array, not JSON lines; write one object per line (e.g. jq -c '.[]')")


def _too_long(document: Document, limits: Limits) -> Reject | None:
    if limits.max_text_chars is None or len(document.text) <= limits.max_text_chars:
        return None
    return Reject(
        document.origin,
        f"its text of {len(document.text):,} characters is over the limit of {limits.max_text_chars:,}; "
        "split it or raise --max-chars",
    )


def _read_input(item: str, limits: Limits, on_input: Callable[[str], None] | None) -> Iterator[Document | Reject]:
    if is_url(item):
        if on_input:
            on_input(item)
        yield from _read_url(item, limits)
        return
    path = Path(item)
    if path.is_dir():
        for file in _walk(path):
            if on_input:
                on_input(str(file))
            yield from _read_file(file, limits)
    elif path.is_file():
        if on_input:
            on_input(item)
        yield from _read_file(path, limits)
    elif "://" in item:
        yield Reject(item, "is not an http(s) URL; give an http:// or https:// address, or a path")
    elif not path.exists():
        yield Reject(item, "no such file or directory; check the path")
    else:
        yield Reject(item, "is not a regular file or a directory; give a file or a directory")


def _walk(directory: Path) -> Iterator[Path]:
    """Files under ``directory``, sorted, hidden ones (".name") left out."""
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(name for name in directories if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


STREAMED_FORMATS = ("jsonl", "csv", "warc")


def _read_file(path: Path, limits: Limits) -> Iterator[Document | Reject]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise Unreadable(EMPTY_FILE)
        with path.open("rb") as raw:
            compressed = raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw  # type: ignore[assignment]
            head = stream.read(SNIFF_BYTES)
            stream.seek(0)
            file_format = sniff_format(path.name, head)
            # line and record formats are streamed, each record under its own caps, so a corpus may
            # be larger than memory; a format read whole is refused above the size limit, unread
            if limits.max_bytes and size > limits.max_bytes and file_format not in STREAMED_FORMATS:
                raise Unreadable(
                    f"is {megabytes(size)}, over the size limit of {megabytes(limits.max_bytes)}; "
                    "split it or raise --max-bytes"
                )
            if not head.strip():
                raise Unreadable(EMPTY_FILE)
            _refuse_at_a_glance(file_format, head)
            if file_format == "warc":
                raw.seek(0)  # warcio undoes the per-record gzip of .warc.gz itself
                stream = raw
            yield from _read_stream(stream, file_format, origin, limits, path.name)
    except Unreadable as problem:
        yield Reject(origin, problem.reason)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield Reject(origin, TRUNCATED_GZIP.format(problem=_first_line(error)))
    except OSError as error:
        yield Reject(origin, f"could not be read ({error.strerror or error}); check that it exists and is readable")


def _read_url(url: str, limits: Limits) -> Iterator[Document | Reject]:
    try:
        fetched = fetch(url, limits.timeout, limits.max_bytes)
        content = fetched.content
        compressed = content.startswith(GZIP_MAGIC)
        head = _gunzipped_head(content) if compressed else content[:SNIFF_BYTES]
        if not head.strip():
            raise Unreadable("answered with an empty page; check the URL")
        name = urlsplit(fetched.url).path
        # A gzipped answer's media type names the wrapping, not what is inside.
        file_format = sniff_format(name, head, "" if compressed else fetched.media_type)
        _refuse_at_a_glance(file_format, head)
        if compressed and file_format != "warc":  # warcio undoes a WARC's gzip itself
            content = _gunzip(content, limits)
        yield from _read_stream(io.BytesIO(content), file_format, url, limits, name, url=fetched.url, charset=fetched.charset)
    except Unreadable as problem:
        yield Reject(url, problem.reason)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield Reject(url, TRUNCATED_GZIP.format(problem=_first_line(error)))


def _gunzipped_head(content: bytes) -> bytes:
    """The first few kilobytes inside gzipped bytes (zlib.error when they are not gzip)."""
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content[:65536], SNIFF_BYTES)


def _gunzip(content: bytes, limits: Limits) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
        return _read_whole(stream, limits)  # type: ignore[arg-type]


def _read_stream(
    stream: BinaryIO,
    file_format: str,
    origin: str,
    limits: Limits,
    name: str,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[Document | Reject]:
    """The documents of one opened input, by format."""
    if file_format == "jsonl":
        yield from read_jsonl(stream, origin, limits.columns, _max_line_bytes(limits))
    elif file_format == "csv":
        delimiter = "\t" if _format_suffix(name) == ".tsv" else ","
        yield from read_csv(stream, origin, limits.columns, delimiter, _max_line_bytes(limits))
    elif file_format == "warc":
        yield from read_warc(stream, origin, limits.max_bytes)
    elif file_format == "feed":
        yield from read_feed(_read_whole(stream, limits), origin, url)
    elif file_format == "html":
        yield parse_html(decode(_read_whole(stream, limits), declared=charset), origin, url=url)
    else:
        document = parse_text(decode(_read_whole(stream, limits), declared=charset), origin)
        yield document if document.url or not url else _with_url(document, url)


def _read_whole(stream: BinaryIO, limits: Limits) -> bytes:
    """All of a stream for the formats read whole, refusing to inflate past the size limit."""
    data = stream.read(limits.max_bytes + 1 if limits.max_bytes else -1)
    if limits.max_bytes and len(data) > limits.max_bytes:
        raise Unreadable(
            f"decompresses to over the size limit of {megabytes(limits.max_bytes)}; split it or raise --max-bytes"
        )
    return data


def _max_line_bytes(limits: Limits) -> int:
    # A line holds one article of at most max_text_chars characters, each at most 4 bytes, plus its fields.
    chars = limits.max_text_chars or 2_000_000
    return chars * 4 + 1_000_000


def _format_suffix(name: str) -> str:
    suffixes = [suffix.lower() for suffix in PurePosixPath(name).suffixes if suffix.lower() not in (".gz", ".gzip")]
    return suffixes[-1] if suffixes else ""


def _with_url(document: Document, url: str) -> Document:
    from dataclasses import replace

    from barter.ingest.fetch import host_of

    return replace(document, url=url, source=document.source or host_of(url))


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# --- the stage as the command runs it ------------------------------------------------


@dataclass
class IngestResult:
    """What ``ingest`` did: its run's id and counts."""

    run_id: int
    counts: RunCounts


def ingest(
    inputs: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str],
    limits: Limits = Limits(),
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_reject: Callable[[Reject], None] | None = None,
    on_input: Callable[[str], None] | None = None,
    on_batch: Callable[[RunCounts], None] | None = None,
    pause_between_batches: float = PAUSE_BETWEEN_BATCHES,
) -> IngestResult:
    """Read ``inputs``, clean each document, store them in ``db`` batch by batch; record the run and rejects.

    The database is held only while a batch is written, and left alone for
    ``pause_between_batches`` seconds after each, so others can read it
    while a long ingest runs.
    """
    from barter.clean import NearDuplicates, clean, minhash_signature
    from barter.store import reading, writing
    from barter.store.documents import (
        finish_run,
        near_duplicates_index,
        record_reject,
        save_documents,
        start_run,
        stored_ids,
        stored_signatures,
    )

    names = [str(item) for item in inputs]
    db = Path(db)
    with writing(db) as connection:
        run_id = start_run(connection, "ingest", names)
        # Known ids skip cleaning and hashing: a re-run of a big corpus costs reading, little more.
        known = stored_ids(connection)
    counts = RunCounts()
    documents: list[Document] = []
    signatures: dict[str, bytes] = {}
    rejects: list[Reject] = []
    index: NearDuplicates | None = None

    def near_copies() -> NearDuplicates:
        # Built when the first new document needs it, from signatures read
        # under a read-only connection: building is slow, and others may read
        # (not write) meanwhile.  A run of known documents never builds it.
        nonlocal index
        if index is None:
            with reading(db) as connection:
                rows = stored_signatures(connection)
            index = near_duplicates_index(rows)
        return index

    def flush() -> None:
        if not documents and not rejects:
            return
        near = near_copies() if signatures else None
        with writing(db) as connection:
            saved = save_documents(connection, documents, run_id, near, signatures)
            for reject in rejects:
                record_reject(connection, run_id, reject)
        # A reader waiting for the file gets it now: without a pause the next
        # batch would take it back within milliseconds.
        time.sleep(pause_between_batches)
        counts.read += saved.read
        counts.stored += saved.stored
        counts.unchanged += saved.unchanged
        counts.duplicates += saved.duplicates
        documents.clear()
        signatures.clear()
        rejects.clear()
        if on_batch:
            on_batch(counts)

    for result in read_inputs(names, limits, on_input):
        if isinstance(result, Reject):
            counts.rejected += 1
            rejects.append(result)
            if on_reject:
                on_reject(result)
        else:
            if result.id in known:
                documents.append(result)  # save_documents counts it unchanged
            else:
                documents.append(clean(result))
                signatures[result.id] = minhash_signature(result.text)  # outside the write lock
                known.add(result.id)
        if len(documents) + len(rejects) >= batch_size:
            flush()
    flush()
    with writing(db) as connection:
        finish_run(connection, run_id, counts)
    return IngestResult(run_id=run_id, counts=counts)
