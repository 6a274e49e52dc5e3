"""Bytes to text: which encoding, or why the bytes are not text at all.

The order is the one that is right most often and wrong least harmfully: a
byte-order mark is certain; a charset the document declares is usually
right; UTF-8 almost never decodes by accident; cp1252 is what most
mislabelled Western text is; latin-1 decodes anything, so it is the last
resort and only taken when the result reads like text.
"""

from __future__ import annotations

import codecs
import re

from barter.ingest.errors import Unreadable

# Longest marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACK_ENCODINGS: tuple[str, ...] = ("utf-8", "cp1252")
SNIFF_BYTES = 8192
# Control characters other than layout ones (tab, newlines, form feed...).
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 11, 12, 13, 8, 27}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.05
_DECLARED_CHARSET = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,200}?encoding\s*=\s*["'])([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)

BINARY = "looks binary (NUL or control bytes), not text; give text, HTML, JSONL, CSV, a feed or a WARC file"
NOT_TEXT = (
    "is not text in any encoding tried (byte-order mark, declared charset, utf-8, cp1252, latin-1); "
    "re-save it as UTF-8"
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first few kilobytes (text without a byte-order mark)."""
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > MAX_CONTROL_SHARE


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or an XML declaration names near the start, if Python knows it."""
    match = _DECLARED_CHARSET.search(data[:SNIFF_BYTES])
    if not match:
        return None
    return _known_codec(match.group(1).decode("ascii"))


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def byte_order_mark_encoding(data: bytes) -> str | None:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding
    return None


def detect_encoding(data: bytes, declared: str | None = None, complete: bool = True) -> str:
    """The encoding to read ``data`` with; raises Unreadable when it is not text.

    ``complete=False`` says ``data`` is the head of a longer stream, so a
    character cut at its very end is not an error.
    """
    marked = byte_order_mark_encoding(data)
    if marked:
        if not _decodes(data, marked, complete):
            raise Unreadable(NOT_TEXT)
        return marked
    if looks_binary(data):
        raise Unreadable(BINARY)
    candidates = [_known_codec(declared), declared_charset(data), *FALLBACK_ENCODINGS]
    for encoding in candidates:
        if encoding and _decodes(data, encoding, complete):
            return encoding
    if reads_like_text(data.decode("latin-1")):
        return "latin-1"
    raise Unreadable(NOT_TEXT)


def decode(data: bytes, declared: str | None = None) -> str:
    """The text in ``data`` (a byte-order mark is dropped); raises Unreadable with the reason."""
    return data.decode(detect_encoding(data, declared))


def reads_like_text(text: str) -> bool:
    """Few control characters: what a latin-1 reading of real text looks like."""
    if not text:
        return True
    return len(_CONTROL_CHARS.findall(text)) / len(text) <= MAX_CONTROL_SHARE


def _decodes(data: bytes, encoding: str, complete: bool) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError as error:
        # The head of a stream may end inside a multi-byte character.
        return not complete and error.reason == "unexpected end of data" and error.start >= len(data) - 4
    except LookupError:
        return False
