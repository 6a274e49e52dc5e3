"""HTML pages: the article's main text, title, date and site, by trafilatura.

Also turns the HTML fragments of feed entries into plain text.
"""

from __future__ import annotations

import re


from barter.ingest.dates import parse_date
from barter.ingest.errors import Unreadable
from barter.ingest.fetch import host_of
from barter.records import Document, document_id

# Below this many words the "article" trafilatura found is a menu or a
# cookie notice, not a story.
MIN_ARTICLE_WORDS = 25

NO_ARTICLE = "has no article text in it (a menu, an index or an empty page); give the article's own page"

_BLOCK_TAGS = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section|article|pre|hr)\b[^>]*>",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_RUNS = re.compile(r"\n\s*\n+")


def parse_html(html: str, origin: str, url: str | None = None) -> Document:
    """The article in one HTML page; raises Unreadable when the page holds none."""
    import trafilatura
    from trafilatura.settings import Document as TrafilaturaDocument

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not isinstance(extracted, TrafilaturaDocument) or len((extracted.text or "").split()) < MIN_ARTICLE_WORDS:
        raise Unreadable(NO_ARTICLE)
    text = (extracted.text or "").strip()
    page_url = url or extracted.url or None
    return Document(
        id=document_id(text),
        text=text,
        title=(extracted.title or "").strip(),
        published=parse_date(extracted.date) or _date_by_htmldate(html, page_url),
        source=(extracted.sitename or "").strip() or host_of(page_url) or (extracted.hostname or ""),
        url=page_url,
        origin=origin,
    )


def _date_by_htmldate(html: str, url: str | None):
    """htmldate on its own, in its careful mode: trafilatura's date search may have missed one."""
    from htmldate import find_date

    try:
        return parse_date(find_date(html, url=url, extensive_search=False, original_date=True))
    except (ValueError, TypeError):
        return None


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's summary or content), paragraphs kept apart."""
    import lxml.html

    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    marked = _BLOCK_TAGS.sub("\n\n", fragment)
    try:
        text = lxml.html.fragment_fromstring(marked, create_parent="div").text_content()
    except (ValueError, lxml.etree.ParserError):
        return fragment.strip()
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
