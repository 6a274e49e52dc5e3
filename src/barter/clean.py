"""The clean stage: mark what in a document is not the article, and link syndicated copies.

Nothing is deleted.  ``find_boilerplate`` returns spans of the raw text with a
reason each ("headline-trailer", "caption", "credit", "repeated-title",
"share", "subscribe", "cookie", "related", "advert"); ``clean`` stores them on
the Document.  The extractor reads only ``kept_segments`` (or ``clean_text``,
whose offsets map back to the raw text), so every piece of evidence still
points into ``document.text`` exactly where it stood.

Every rule is written to miss rather than to over-reach: a wrongly removed
sentence loses real claims, a wrongly kept "Share on Facebook" costs nothing.
So each line rule needs the line to stand alone (not a wrapped piece of a
paragraph) and to be short, and the headline trailer needs at least three
relative-time stamps close together at the end of the text.

Near-duplicates: ``minhash_signature`` turns a text into MinHash bytes (5-word
shingles of normalised words) that the store can keep; ``NearDuplicates`` is an
in-memory LSH index that answers "which earlier document is this a copy of".
"""

from __future__ import annotations

import functools

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from barter.records import Document, Span

# --------------------------------------------------------------------------
# Lines

class _Line:
    """One line of the raw text: ``text[start:end]``, without its newline."""

    __slots__ = ("start", "end", "content", "stripped")

    def __init__(self, start: int, content: str) -> None:
        self.start = start
        self.end = start + len(content)
        self.content = content
        self.stripped = content.strip()

    @property
    def blank(self) -> bool:
        return not self.stripped


def _lines(text: str) -> list[_Line]:
    lines = []
    start = 0
    for content in text.split("\n"):
        lines.append(_Line(start, content))
        start += len(content) + 1
    return lines


def _trimmed(line: _Line) -> Span:
    """The line's span without surrounding whitespace (so the newlines stay in the clean text)."""
    leading = len(line.content) - len(line.content.lstrip())
    trailing = len(line.content) - len(line.content.rstrip())
    return Span(line.start + leading, line.end - trailing)


_SENTENCE_END = re.compile(r"""[.!?:;"”’')\]]\s*$""")


def _stands_alone(lines: list[_Line], index: int) -> bool:
    """False for a piece of a hard-wrapped paragraph (markdown transcripts wrap at ~72 columns).

    Boilerplate lines start with a capital (or a bracket, a digit); a wrapped
    piece of prose usually starts in lower case, or is followed by one that does.
    """
    stripped = lines[index].stripped
    if stripped[:1].islower():
        return False
    if index + 1 < len(lines):
        following = lines[index + 1].stripped
        if following[:1].islower():
            return False
    return True


# --------------------------------------------------------------------------
# Whole-line rules: a line that is nothing but a credit, a share button, a newsletter plea...

_NETWORKS = r"facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram|messenger|flipboard|bluesky|threads"
_SHARE_WORDS = frozenset(
    "share shares sharing tweet email e-mail print copy link copied facebook twitter x linkedin whatsapp reddit "
    "pinterest telegram messenger flipboard bluesky threads this article story post page on via the to and or "
    "comments comment save".split()
)
_SHARE_SIGNALS = frozenset("share tweet email e-mail print copy facebook twitter linkedin whatsapp reddit pinterest "
                           "telegram messenger flipboard bluesky".split())

_AGENCIES = r"Getty Images|AFP|AP|AP Photo|Reuters|EPA|EPA-EFE|Shutterstock|Alamy|Bloomberg|Xinhua|TASS|Sputnik|" \
            r"Yonhap|KCNA|KCNA via KNS|Anadolu|SOPA Images|LightRocket|NurPhoto|Pool|Handout|File"
_CREDIT_LEAD = r"(?:Photograph|Photo|Photos|Image|Images|Picture|Pic|Illustration|Graphic|Credit|Photo credit|" \
               r"Image credit|Image source|Media source|Source image)"
_CREDIT_PAIR = r"(?:Photo credit|Image credit|Image source|Media source|Source image)"
_PLAIN_CREDITS = r"Getty Images|AFP|Reuters|AP Photo|EPA-EFE|Shutterstock|Alamy|SOPA Images|NurPhoto|LightRocket|" \
                 r"AFP via Getty Images|KCNA via KNS"

@dataclass(frozen=True)
class _LineRule:
    """A line is ``reason`` when it is at most ``longest`` characters and matches ``pattern``.

    Patterns that start with "^" are tried together in one anchored regex (cheap on prose);
    the others search the whole line, and only lines holding one of ``hints`` (casefolded).
    """

    reason: str
    pattern: str
    longest: int
    ignore_case: bool = True
    hints: tuple[str, ...] = ()


_LINE_RULES: tuple[_LineRule, ...] = (
    # A credit alone: "Photograph: Jane Doe/Agency", "(Reuters)", "Getty Images", "AFP via Getty Images".
    # (A comma is a credit's mark only after two-word leads: "Picture, Arts and..." is wrapped prose.)
    _LineRule("credit", rf"^\(?(?:{_CREDIT_LEAD}\s*(?::|by)|{_CREDIT_PAIR}\s*,)\s*[^.!?]{{1,150}}\)?$", 200),
    # An agency alone: in brackets, with a "/" or "via", or a name that is nothing but a credit
    # ("EPA" alone may be the US agency, "File" a word in a list).
    _LineRule("credit", rf"^[(\[]\s*(?:[\w.' -]{{1,60}}/)?(?:{_AGENCIES})(?:\s*(?:/|via)\s*[\w.' -]{{1,60}})*\s*[)\]]$", 120,
              ignore_case=False),
    _LineRule("credit", rf"^(?:[\w.' -]{{1,60}}/)(?:{_AGENCIES})(?:\s*(?:/|via)\s*[\w.' -]{{1,60}})*$", 120, ignore_case=False),
    _LineRule("credit", rf"^(?:{_AGENCIES})(?:\s*(?:/|via)\s*[\w.' -]{{1,60}})+$", 120, ignore_case=False),
    _LineRule("credit", rf"^(?:{_PLAIN_CREDITS})$", 40, ignore_case=False),
    # A caption: a short description that ends with its credit.
    _LineRule("caption", r"^(?:Image caption|Media caption|Caption)\s*[,:]", 400),
    _LineRule("caption", r"\b(?:Photograph|Photo|Image|Picture|Illustration|Photo credit)\s*:\s*[^.!?]{1,120}$", 400,
              ignore_case=False, hints=("photo", "image", "picture", "illustration")),
    _LineRule("caption", r"\((?:Photo|Image|Picture)s?\b[^()]{0,120}\)$", 400, hints=("(photo", "(image", "(picture")),
    _LineRule("caption", rf"(?:[|–—-]|\.)\s*(?:[\w.' -]{{1,60}}/)(?:{_AGENCIES})(?:/[\w.' -]{{1,60}})*$", 400,
              ignore_case=False, hints=("/",)),
    # Sharing, subscribing, cookies, adverts, "related" headers.
    _LineRule("share", rf"^share\b(?: (?:this|the))?(?: (?:article|story|post|page|video))?(?: (?:on|via) (?:{_NETWORKS}))?\W*$", 60),
    _LineRule("share", rf"^(?:share|post|send) (?:on|via|to|by) (?:{_NETWORKS})\b", 80),
    _LineRule("share", r"^(?:copy link|link copied|copied to clipboard|print this (?:article|page)|email this (?:article|story))\W*$", 60),
    _LineRule("subscribe", r"^(?:subscribe|sign up|signup|register)\b.{0,150}\b(?:newsletters?|briefing|digest|alerts?|inbox|"
                           r"e-?mail|updates|free|today|now|here|subscription|access|our|us)\b", 200),
    _LineRule("subscribe", r"^(?:subscribe|sign up)(?: (?:now|today|here|for free))?\W*$", 40),
    _LineRule("subscribe", r"^(?:already a subscriber|become a (?:member|subscriber)|support (?:our|independent) journalism|"
                           r"get (?:our|the) [\w -]{0,40}newsletter|join our [\w -]{0,40}(?:newsletter|mailing list)|"
                           r"download (?:the|our) [\w -]{0,30}app|follow us on|follow .{1,40} on (?:" + _NETWORKS + r")\b|"
                           r"listen to (?:this|the) (?:article|story)|continue reading (?:with|for)|"
                           r"this (?:article|story|content) is (?:for|available to) (?:subscribers|members)|"
                           r"to continue reading|log in to|sign in to)", 200),
    # A cookie notice speaks to the reader about this site; a headline about cookies does not.
    _LineRule("cookie", r"\b(?:we|this (?:site|website|page)|our (?:site|website|partners)) (?:use|uses|are using) cookies\b|"
                        r"\b(?:use|usage|placement) of cookies\b.{0,80}\b(?:agree|consent|accept)|"
                        r"\b(?:agree|consent|accept)\b.{0,80}\b(?:use|usage|placement) of cookies\b|"
                        r"^(?:accept|reject|allow|decline|manage)(?: all)?(?: cookies| cookie settings)\W*$|"
                        r"^(?:our )?cookie (?:settings|preferences|policy|notice)\W*$", 400, hints=("cookie",)),
    _LineRule("advert", r"^(?:advertisement|advertising|advert|ad|sponsored(?: content)?|promoted(?: content)?|paid content|"
                        r"(?:the )?(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
                        r"continue reading (?:below|the main story)|scroll (?:down )?to continue(?: with content)?|"
                        r"skip (?:this )?advert(?:isement)?)\W*$", 60),
    _LineRule("related", r"^(?:read more|related|see also|more on this (?:story|topic)|recommended|most read|most popular|"
                         r"trending(?: now)?|you may also like|you might also like|more from [\w '-]{1,40}|more stories|"
                         r"top stories|latest news|other news|more news|further reading|related (?:articles|stories|content|coverage)|"
                         r"what to read next|editor'?s picks|don'?t miss)\s*(?:[:|»›>-]\s*.{0,160})?$", 200),
)


def _flagged(rule: _LineRule, pattern: str) -> str:
    return f"(?{'i' if rule.ignore_case else '-i'}:{pattern})"


_ANCHORED = [rule for rule in _LINE_RULES if rule.pattern.startswith("^")]


def _anchored_rules_within(length: int) -> re.Pattern:
    """One alternative per rule whose length limit admits a line of ``length``, in the rules' order,
    named by the rule's place: a line is matched only against the rules that may take it."""
    return re.compile("|".join(
        f"(?P<rule{i}>{_flagged(rule, rule.pattern[1:])})"
        for i, rule in enumerate(_ANCHORED) if rule.longest >= length
    ))


# by the longest line each set of rules takes: a line of n characters is read by the first set whose limit >= n
_ANCHORED_BY_LIMIT = [(limit, _anchored_rules_within(limit)) for limit in sorted({r.longest for r in _ANCHORED})]
_SEARCHED = [
    (rule, re.compile("|".join(map(re.escape, rule.hints)), re.I), re.compile(rule.pattern, re.I if rule.ignore_case else 0))
    for rule in _LINE_RULES if not rule.pattern.startswith("^")
]
_LONGEST_RULED_LINE = max(rule.longest for rule in _LINE_RULES)


def _line_reason(line: str) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > _LONGEST_RULED_LINE:
        return None
    anchored = _anchored_match(stripped)
    if anchored and anchored.lastgroup:
        return _ANCHORED[int(anchored.lastgroup.removeprefix("rule"))].reason
    for rule, hints, pattern in _SEARCHED:
        if len(stripped) <= rule.longest and hints.search(stripped) and pattern.search(stripped):
            return rule.reason
    return _share_row_reason(stripped)


def _anchored_match(stripped: str) -> re.Match | None:
    for limit, rules in _ANCHORED_BY_LIMIT:
        if len(stripped) <= limit:
            return rules.match(stripped)
    return None


def _share_row_reason(stripped: str) -> str | None:
    """A row of sharing buttons: "Facebook Twitter Email", "Share | Tweet | Print"."""
    if len(stripped) > 80 or stripped[-1] in '.!?"”' or stripped.split(None, 1)[0].casefold() not in _SHARE_WORDS:
        return None
    words = re.findall(r"[\w-]+", stripped.casefold())
    if all(word in _SHARE_WORDS for word in words) and any(word in _SHARE_SIGNALS for word in words):
        return "share"
    return None


def _line_spans(lines: list[_Line]) -> Iterator[Span]:
    for index, line in enumerate(lines):
        reason = _line_reason(line.content)
        if reason and _stands_alone(lines, index):
            yield dataclasses.replace(_trimmed(line), reason=reason)


# --------------------------------------------------------------------------
# Repeated title

def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _repeated_title_spans(lines: list[_Line], title: str) -> Iterator[Span]:
    """Every line that repeats the title, after the first (which is the article's own headline).

    Without a title, the first line stands in for it, but only in the opening
    lines: a sentence said twice further down is the writer's choice.
    """
    wanted = _fold(title)
    seen = False
    content_lines = [line for line in lines if not line.blank]
    if not wanted:
        if not content_lines:
            return
        wanted = _fold(content_lines[0].content)
        content_lines = content_lines[:5]
    if len(wanted) < 12:  # "Ukraine" repeated is no evidence of a repeated title
        return
    for line in content_lines:
        if not len(wanted) // 2 <= len(line.stripped) <= len(wanted) * 2 or _fold(line.content) != wanted:
            continue
        if seen:
            yield dataclasses.replace(_trimmed(line), reason="repeated-title")
        seen = True


# --------------------------------------------------------------------------
# Headline trailer: "OTHER NEWS / 13 minutes ago / Some headline / 13 minutes ago / ..."

_STAMP_UNITS = r"(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|hr|h|days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|y)"
_STAMP_WORD_UNITS = r"(?:second|minute|hour|day|week|month|year)"
# "13 minutes ago", "2h ago", "an hour ago": digits may be glued to the headline before them.
_STAMP_AGO = (
    rf"(?:(?:updated|posted|published)\s)?"
    rf"(?:(?<!\d)\d{{1,3}}\s?{_STAMP_UNITS}|(?<![^\W\d_])(?:an?|one)\s{_STAMP_WORD_UNITS})\s+ago"
)
_STAMP_WORDS = r"(?:yesterday|just now|moments? ago)"
# A stamp as a trailer prints it: a line of its own, or the end of a short line (glued words
# like "yesterday" only when nothing parts them from the headline: "...a headlineYesterday").
_STAMP_LINE = re.compile(rf"^\s*(?:{_STAMP_AGO}|{_STAMP_WORDS})\s*$", re.I)
_STAMP_AT_END = re.compile(rf"(?:{_STAMP_AGO}|(?<=[a-z.!?'\"”’)]){_STAMP_WORDS})\s*$", re.I)
# Inside one run-together line: a stamp right after a headline's last character (or a space).
_STAMP_ANYWHERE = re.compile(rf"(?i:{_STAMP_AGO})|(?<=[a-z.!?'\"”’)])(?:Yesterday|Just now)")
# Or before the headline, parted from it by a mark: "5 hours ago | Some headline".
_STAMP_AT_START = re.compile(rf"^\s*{_STAMP_AGO}\s*[|·•–—:-]\s*\S", re.I)
_TRAILER_HEADERS = re.compile(
    r"^(?:other news|more news|latest news|top stories|more stories|trending(?: now)?|most read|most popular|"
    r"related(?: news| stories| articles)?|recommended(?: for you)?|more from [\w '-]{1,40}|you may also like|"
    r"you might also like|latest|what'?s new|popular now|read next|up next|in other news|around the web)\W*$",
    re.I,
)
_MIN_STAMPS = 3
_LONGEST_HEADLINE = 300
_STAMP_SHARE = 0.3  # headline/stamp alternation gives 0.5; a few unstamped lines are allowed
_MOST_UNSTAMPED_IN_A_ROW = 3


def _has_stamp(content: str) -> bool:
    return bool(_STAMP_LINE.match(content) or _STAMP_AT_END.search(content) or _STAMP_AT_START.match(content))


def _headline_like(piece: str) -> bool:
    """Short, and at most one sentence: a headline rather than prose."""
    return len(piece) <= _LONGEST_HEADLINE and len(re.findall(r"[.!?][\"”’]?\s+[A-Z]", piece)) <= 1


def _headline_trailer_span(text: str, lines: list[_Line]) -> Span | None:
    span = _stacked_trailer(text, lines)
    if span is None:
        span = _glued_trailer(text, lines)
    return span


def _stacked_trailer(text: str, lines: list[_Line]) -> Span | None:
    """A trailer of short lines, most of them a stamp or ending in one, running to the end of the text."""
    content = [line for line in lines if not line.blank]
    first = len(content)  # index into content of the earliest line of the block
    unstamped_run = 0
    stamps = 0
    block_start = None
    for index in range(len(content) - 1, -1, -1):
        line = content[index]
        if len(line.stripped) > _LONGEST_HEADLINE:
            break
        if _has_stamp(line.content):
            stamps += 1
            unstamped_run = 0
            first = index
            block_start = index
        else:
            unstamped_run += 1
            if unstamped_run > _MOST_UNSTAMPED_IN_A_ROW:
                break
    if block_start is None or stamps < _MIN_STAMPS:
        return None
    block = content[block_start:]
    if stamps / len(block) < _STAMP_SHARE:
        return None
    # The first stamp opens the block; the line above it belongs to it when it is
    # a header ("OTHER NEWS") or the first headline (a short line with no full stop).
    for _ in range(2):
        if first == 0:
            break
        above = content[first - 1].stripped
        if _TRAILER_HEADERS.match(above) or (
            len(above) <= 200 and not _SENTENCE_END.search(above) and not _TRAILER_HEADERS.match(content[first].stripped)
            and first == block_start
        ):
            first -= 1
        else:
            break
    return Span(content[first].start + (len(content[first].content) - len(content[first].content.lstrip())),
                len(text.rstrip()), "headline-trailer")


def _glued_trailer(text: str, lines: list[_Line]) -> Span | None:
    """A trailer run together on one line: "...OTHER NEWS13 minutes agoSome headline13 minutes agoAnother..."."""
    last = next((line for line in reversed(lines) if not line.blank), None)
    if last is None:
        return None
    content = last.content.rstrip()
    stamps = list(_STAMP_ANYWHERE.finditer(content))
    if len(stamps) < _MIN_STAMPS or not _headline_like(content[stamps[-1].end() :]):
        return None
    # Walk back from the end while what lies between two stamps reads like one headline.
    first = len(stamps) - 1
    while first > 0 and _headline_like(content[stamps[first - 1].end() : stamps[first].start()]):
        first -= 1
    if len(stamps) - first < _MIN_STAMPS:
        return None
    start = stamps[first].start()
    # Before the first stamp: a header ("OTHER NEWS") or the first headline, when they
    # follow a sentence's end (or open the line) and read like a headline.
    opening = re.search(r"(?:^|(?<=[.!?\"”’]))\s*([‘“'\"]?[A-Z0-9][^.!?\n]{0,200})$", content[:start])
    if opening and (_TRAILER_HEADERS.match(opening.group(1).strip()) or len(opening.group(1)) <= 200):
        start = opening.start(1)
    return Span(last.start + start, len(text.rstrip()), "headline-trailer")


# --------------------------------------------------------------------------
# Putting the rules together

def find_boilerplate(text: str, title: str = "") -> tuple[Span, ...]:
    """Spans of ``text`` that are not the article, in order, none overlapping, each with its reason."""
    lines = _lines(text)
    spans: list[Span] = []
    trailer = _headline_trailer_span(text, lines)
    if trailer is not None:
        spans.append(trailer)
    spans.extend(_repeated_title_spans(lines, title))
    spans.extend(_line_spans(lines))
    return _without_overlaps(spans)


def _without_overlaps(spans: list[Span]) -> tuple[Span, ...]:
    """Sorted spans; a span inside an earlier-starting one is dropped (the trailer swallows its lines)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= span.end:
            continue
        if kept and span.start < kept[-1].end:
            if span.end > kept[-1].end:
                kept[-1] = dataclasses.replace(kept[-1], end=span.end)
            continue
        kept.append(span)
    return tuple(kept)


def clean(document: Document) -> Document:
    """The document with its boilerplate marked in ``removed`` (its text untouched)."""
    return dataclasses.replace(document, removed=find_boilerplate(document.text, document.title))


# --------------------------------------------------------------------------
# Clean text and its map back to the raw text

def kept_segments(document: Document) -> list[tuple[int, int]]:
    """The raw ranges outside every removed span, in order: what the extractor may read."""
    segments = []
    position = 0
    for span in sorted(document.removed, key=lambda s: (s.start, s.end)):
        if span.start > position:
            segments.append((position, span.start))
        position = max(position, span.end)
    if position < len(document.text):
        segments.append((position, len(document.text)))
    return segments


@dataclass(frozen=True)
class CleanText:
    """The article text with the removed spans cut out, and the way back to raw offsets.

    ``segments`` holds (clean start, raw start, length) for each kept piece.
    """

    text: str
    segments: tuple[tuple[int, int, int], ...] = ()
    raw_length: int = 0

    def to_raw(self, offset: int) -> int:
        """The raw offset of the character at clean ``offset`` (``len(text)`` maps like an end offset)."""
        if offset == len(self.text):
            return self.to_raw_end(offset)
        if not 0 <= offset < len(self.text):
            raise IndexError(f"clean offset {offset} outside 0..{len(self.text)}")
        index = bisect.bisect_right([segment[0] for segment in self.segments], offset) - 1
        clean_start, raw_start, _ = self.segments[index]
        return raw_start + offset - clean_start

    def to_raw_end(self, offset: int) -> int:
        """The raw offset just after the character before clean ``offset``: for the end of a span."""
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"clean offset {offset} outside 0..{len(self.text)}")
        if offset == 0:
            return self.segments[0][1] if self.segments else 0
        return self.to_raw(offset - 1) + 1

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span whose text, with removed spans cut, is ``text[start:end]``."""
        if start > end:
            raise ValueError(f"span start {start} after end {end}")
        if start == end:
            position = self.to_raw_end(end)
            return position, position
        return self.to_raw(start), self.to_raw_end(end)


def clean_text(document: Document) -> CleanText:
    """The document's text without its removed spans."""
    pieces = []
    segments = []
    clean_position = 0
    for raw_start, raw_end in kept_segments(document):
        pieces.append(document.text[raw_start:raw_end])
        segments.append((clean_position, raw_start, raw_end - raw_start))
        clean_position += raw_end - raw_start
    return CleanText("".join(pieces), tuple(segments), len(document.text))


# --------------------------------------------------------------------------
# Near-duplicates

_SHINGLE_WORDS = 5
_SEED = 1  # fixed, so signatures computed in different runs compare
# datasketch 2's default scheme, named so a stored signature never meets a sketch of another
# scheme (their values carry no trace of it); its hash values are 32-bit.
_SCHEME = "affine32"
_BYTE_ORDER = "<u4"


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) <= _SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + _SHINGLE_WORDS]) for i in range(len(words) - _SHINGLE_WORDS + 1)}


@functools.cache
def _permutations(num_perm: int):
    """The hash permutations for a signature size: drawing them costs a millisecond, so draw them once."""
    return MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations


def minhash_signature(text: str, num_perm: int = 128) -> bytes:
    """The MinHash of the text's 5-word shingles, as little-endian uint32 bytes (4 x num_perm)."""
    minhash = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME, permutations=_permutations(num_perm))
    minhash.update_batch([shingle.encode("utf-8") for shingle in _shingles(text)])
    return np.asarray(minhash.hashvalues, dtype=_BYTE_ORDER).tobytes()


def _minhash(signature: bytes, num_perm: int) -> MinHash:
    if len(signature) != num_perm * 4:
        raise ValueError(f"signature holds {len(signature)} bytes, the index expects {num_perm * 4} ({num_perm} values)")
    values = np.frombuffer(signature, dtype=_BYTE_ORDER).astype(np.uint32)
    return MinHash(num_perm=num_perm, seed=_SEED, hashvalues=values, scheme=_SCHEME, permutations=_permutations(num_perm))


_LSH_SLACK = 0.75


class NearDuplicates:
    """An in-memory MinHash LSH index of signatures, remembering the order documents were added.

    Rebuild it at the start of a run from the signatures the store keeps.
    """

    # Syndicated copies are re-edited: a reworded headline and a few changed
    # words per paragraph leave about 0.6 of the 5-word shingles shared, while
    # different stories on the same subject share well under 0.3.
    def __init__(self, threshold: float = 0.6, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # LSH banding is a soft threshold: at 0.8 it misses about a third of pairs near 0.85.
        # So the bands catch pairs from well below it, and first_copy checks each estimate.
        self._lsh = MinHashLSH(threshold=threshold * _LSH_SLACK, num_perm=num_perm)
        self._order: dict[str, int] = {}
        self._minhashes: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._order

    def add(self, doc_id: str, signature: bytes) -> None:
        """Index a document; adding an id twice keeps its first place."""
        if doc_id in self._order:
            return
        minhash = _minhash(signature, self.num_perm)
        self._lsh.insert(doc_id, minhash)
        self._order[doc_id] = len(self._order)
        self._minhashes[doc_id] = minhash

    def first_copy(self, signature: bytes) -> str | None:
        """The earliest-added document whose estimated Jaccard similarity reaches the threshold."""
        minhash = _minhash(signature, self.num_perm)
        matches = [doc_id for doc_id in self._lsh.query(minhash)
                   if self._minhashes[doc_id].jaccard(minhash) >= self.threshold]
        return min(matches, key=self._order.__getitem__) if matches else None
