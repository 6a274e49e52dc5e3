"""WARC archives (a Common Crawl news slice): the article in each HTML response.

warcio reads plain and record-gzipped WARC alike.  Requests, metadata and
non-HTML responses are passed over; a failed or empty HTML response is a
reject naming the record's URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from barter.ingest.decode import decode
from barter.ingest.errors import Unreadable
from barter.ingest.fetch import media_type_and_charset
from barter.ingest.html import parse_html
from barter.records import Document, Reject

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, origin: str, max_record_bytes: int | None = None) -> Iterator[Document | Reject]:
    """One Document per HTML response; raises Unreadable when the archive breaks off."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = 0
    try:
        for record in ArchiveIterator(stream):
            records += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if record.http_headers.get_statuscode() != "200":
                continue
            media_type, charset = media_type_and_charset(record.http_headers.get_header("Content-Type") or "")
            if media_type not in HTML_TYPES:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{url or records}"
            try:
                yield _response_document(record, where, url, charset, max_record_bytes)
            except Unreadable as problem:
                yield Reject(where, problem.reason)
    except ArchiveLoadFailed as error:
        if records == 0:
            raise Unreadable(f"is not a WARC archive ({_first_line(error)}); check the file") from None
        raise Unreadable(
            f"the WARC breaks off after record {records} ({_first_line(error)}); the records before it were read, "
            "re-download the file for the rest"
        ) from None


def _response_document(record, where: str, url: str | None, charset: str | None, max_record_bytes: int | None) -> Document:
    payload = record.content_stream().read(max_record_bytes + 1 if max_record_bytes else -1)
    if max_record_bytes and len(payload) > max_record_bytes:
        raise Unreadable(f"the page is over the size limit of {max_record_bytes:,} bytes; raise --max-bytes")
    if not payload.strip():
        raise Unreadable("the response is empty; nothing to read")
    return parse_html(decode(payload, declared=charset), where, url=url)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
