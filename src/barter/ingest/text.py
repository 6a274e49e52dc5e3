"""Plain-text articles: the first non-empty line is the title; a header may follow.

    Ships leave the northern port
    date: 2024-03-05
    source: Harbour Times
    url: https://harbour.example/ships

    Three cargo ships left...

The header block (``key: value`` lines right under the title, keys below) is
taken out of the stored text; with no header the text is stored exactly as
read, so a file and the same article sent as JSONL get the same id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from barter.ingest.dates import parse_date
from barter.ingest.errors import Unreadable
from barter.ingest.fetch import host_of
from barter.records import Document, document_id

HEADER_KEYS: dict[str, str] = {
    "date": "published",
    "published": "published",
    "source": "source",
    "outlet": "source",
    "url": "url",
}
_HEADER_LINE = re.compile(r"^[ \t]*(" + "|".join(HEADER_KEYS) + r")[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)

EMPTY = "has no text (only blank lines); check that it was written completely"


@dataclass(frozen=True)
class TextParts:
    """A plain-text article split into its title, header fields and the text to store."""

    title: str
    header: dict[str, str] = field(default_factory=dict)
    text: str = ""


def split_header(text: str) -> TextParts:
    """The title line, the header fields under it, and the text with the header lines taken out."""
    lines = text.splitlines(keepends=True)
    title_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_at is None:
        return TextParts(title="", text=text)
    header: dict[str, str] = {}
    end = title_at + 1
    while end < len(lines):
        match = _HEADER_LINE.match(lines[end])
        if not match:
            break
        header.setdefault(HEADER_KEYS[match.group(1).lower()], match.group(2))
        end += 1
    body = "".join(lines[: title_at + 1] + lines[end:])
    return TextParts(title=lines[title_at].strip(), header=header, text=body)


def parse_text(text: str, origin: str) -> Document:
    """One plain-text article as a Document; raises Unreadable when there is no text."""
    if not text.strip():
        raise Unreadable(EMPTY)
    parts = split_header(text)
    url = parts.header.get("url") or None
    return Document(
        id=document_id(parts.text),
        text=parts.text,
        title=parts.title,
        published=parse_date(parts.header.get("published")),
        source=parts.header.get("source") or host_of(url),
        url=url,
        origin=origin,
    )

