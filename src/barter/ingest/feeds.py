"""RSS and Atom feeds, by feedparser: one Document per entry.

An entry with full content is an article; an entry that carries only a
summary is stored as what it is (kind "summary"), so no one mistakes two
lines of teaser for the story.  A feed entry's text is its headline, a blank
line, then its body: the shape of the feed corpora, and the headline often
carries the news.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from barter.ingest.dates import parse_date
from barter.ingest.errors import Unreadable
from barter.ingest.fetch import host_of
from barter.ingest.html import fragment_text
from barter.records import Document, DocumentKind, Reject, document_id


def read_feed(data: bytes, origin: str, url: str | None = None) -> Iterator[Document | Reject]:
    """The entries of one feed; raises Unreadable when ``data`` is not a feed or has no entries."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise Unreadable(f"is not a readable RSS or Atom feed ({problem}); check that it is one")
        raise Unreadable("is a feed with no entries; nothing to ingest")
    feed = parsed.feed
    outlet = (feed.get("title") or "").strip() or host_of(feed.get("link")) or host_of(url)
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#{number}"
        try:
            yield entry_document(entry, outlet, where)
        except Unreadable as problem:
            yield Reject(where, problem.reason)


def entry_document(entry: Any, outlet: str, origin: str) -> Document:
    """One feed entry as a Document: an article when it has content, a summary when that is all it has."""
    title = fragment_text(entry.get("title") or "")
    content = max((fragment_text(part.get("value") or "") for part in entry.get("content") or []), key=len, default="")
    summary = fragment_text(entry.get("summary") or "")
    kind: DocumentKind
    if content:
        body, kind = content, "article"
    elif summary:
        body, kind = summary, "summary"
    else:
        raise Unreadable("entry has neither content nor a summary; nothing to read in it")
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    link = entry.get("link") or None
    return Document(
        id=document_id(text),
        text=text,
        title=title,
        published=parse_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        source=outlet or host_of(link),
        url=link,
        kind=kind,
        origin=origin,
    )
