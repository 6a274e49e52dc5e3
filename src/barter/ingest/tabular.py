"""Row formats: JSONL and CSV with the columns id, title, published, source, url, text.

Rows are read one at a time (a corpus of a hundred thousand articles never
sits in memory) and decoded line by line, so one bad line is rejected with
its number while the others go on.  Other column names are mapped with
``--columns text=body,published=date``.  A row's own ``id`` is kept (the
evaluation contract names documents by it); a row without one gets the id of
its text.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from barter.ingest.dates import parse_date
from barter.ingest.decode import decode
from barter.ingest.errors import Unreadable
from barter.ingest.fetch import host_of
from barter.records import Document, Reject, document_id

DOCUMENT_FIELDS: tuple[str, ...] = ("id", "title", "published", "source", "url", "text")
# Texts are capped by characters after reading; this cap keeps one runaway
# line from being read into memory first.
DEFAULT_MAX_LINE_BYTES = 16_000_000

# The csv module refuses fields over 128 kB by default; articles are longer.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def parse_columns(spec: str | None) -> dict[str, str]:
    """``"text=body,published=date"`` -> ``{"text": "body", "published": "date"}``; ValueError when malformed."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        ours, equals, theirs = part.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not equals or not theirs:
            raise ValueError(f"{part.strip()!r} is not FIELD=COLUMN (e.g. text=body)")
        if ours not in DOCUMENT_FIELDS:
            raise ValueError(f"{ours!r} is not a document field (one of {', '.join(DOCUMENT_FIELDS)})")
        mapping[ours] = theirs
    return mapping


def document_from_row(row: Mapping[str, Any], origin: str, columns: Mapping[str, str] | None = None) -> Document:
    """One row as a Document; raises Unreadable when it has no usable text."""
    columns = columns or {}

    def field(name: str) -> Any:
        return row.get(columns.get(name, name))

    text = field("text")
    text_column = columns.get("text", "text")
    if text is None:
        raise Unreadable(f"has no {text_column!r} field; name it text or map it with --columns text=NAME")
    if not isinstance(text, str):
        raise Unreadable(f"its {text_column!r} field is not a string; give the article text as a string")
    if not text.strip():
        raise Unreadable(f"its {text_column!r} field is empty; give the article text or drop the row")
    given_id = field("id")
    url = _string(field("url")) or None
    return Document(
        id=str(given_id).strip() if _string(given_id) else document_id(text),
        text=text,
        title=_string(field("title")),
        published=parse_date(field("published")),
        source=_string(field("source")) or host_of(url),
        url=url,
        origin=origin,
    )


def read_jsonl(
    stream: BinaryIO,
    origin: str,
    columns: Mapping[str, str] | None = None,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[Document | Reject]:
    """One Document per JSON line; a bad line becomes a Reject naming ``origin#line``."""
    for number, line in _lines(stream, max_line_bytes):
        where = f"{origin}#{number}"
        try:
            if isinstance(line, Unreadable):
                raise line
            if not line.strip():
                continue
            try:
                row = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as error:
                raise Unreadable(
                    f"line {number} is not valid JSON ({error.msg}, column {error.colno}); fix or delete that line"
                ) from None
            if not isinstance(row, dict):
                raise Unreadable(f"line {number} is not a JSON object; give one object per line")
            yield document_from_row(row, where, columns)
        except Unreadable as problem:
            yield Reject(where, problem.reason)


def read_csv(
    stream: BinaryIO,
    origin: str,
    columns: Mapping[str, str] | None = None,
    delimiter: str = ",",
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[Document | Reject]:
    """One Document per CSV row after the header; raises Unreadable when there is no text column."""
    columns = columns or {}
    rejects: list[Reject] = []

    def decoded() -> Iterator[str]:
        for number, line in _lines(stream, max_line_bytes):
            if isinstance(line, Unreadable):
                rejects.append(Reject(f"{origin}#{number}", line.reason))
                continue
            yield line

    reader = csv.DictReader(decoded(), delimiter=delimiter)
    try:
        header = reader.fieldnames
    except csv.Error as error:
        raise Unreadable(f"is not readable CSV ({error}); check the quoting") from None
    if not header:
        raise Unreadable("has no header row; the first line must name the columns")
    text_column = columns.get("text", "text")
    if text_column not in header:
        raise Unreadable(
            f"has no {text_column!r} column (columns: {', '.join(header)}); "
            "name the article column text or map it with --columns text=NAME"
        )
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield Reject(f"{origin}#{reader.line_num}", f"line {reader.line_num} is not readable CSV ({error}); fix that row")
            continue
        yield from _drain(rejects)
        where = f"{origin}#{reader.line_num}"
        try:
            yield document_from_row(row, where, columns)
        except Unreadable as problem:
            yield Reject(where, problem.reason)
    yield from _drain(rejects)


def _drain(rejects: list[Reject]) -> Iterator[Reject]:
    while rejects:
        yield rejects.pop(0)


def _lines(stream: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, str | Unreadable]]:
    """(line number, decoded line) pairs; an over-long or undecodable line comes as Unreadable."""
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield number, Unreadable(f"line {number} is longer than {max_line_bytes:,} bytes; split the record")
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield number, decode(raw)
            except Unreadable as problem:
                yield number, Unreadable(f"line {number} {problem.reason}")


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1_000_000)
        if not chunk or chunk.endswith(b"\n"):
            return


def _string(value: Any) -> str:
    return "" if value is None else str(value).strip()
