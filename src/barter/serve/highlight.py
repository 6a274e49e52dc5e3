"""Article text cut into plain-text segments, each knowing what covers it.

A page never receives article text as HTML.  The text is split at every
offset that matters (evidence starts and ends, boilerplate starts and ends)
and the template wraps each piece in <mark> or a greyed <span> while
autoescaping the piece itself.  So a quote is highlighted exactly at its
recorded offsets, and markup inside an article stays inert text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same boilerplate span and the same quotes."""

    text: str
    start: int
    removed: str | None = None  # why the cleaner set it aside, when it did
    claims: tuple[str, ...] = ()  # ids of the claims whose evidence covers it

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Marked:
    """An offset range to show: a claim's evidence, or a removed span."""

    start: int
    end: int
    label: str  # a claim id, or the reason text was removed


def segments(
    text: str,
    removed: Iterable[Marked] = (),
    quotes: Iterable[Marked] = (),
    window: tuple[int, int] | None = None,
) -> list[Segment]:
    """Split ``text`` (or ``text[window]``) into segments at every span boundary.

    Spans outside the text or the window are clipped; empty spans are ignored.
    Joining the segments' text gives back exactly the text (or window) split.
    """
    lo, hi = window if window else (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    removed = [_clip(s, lo, hi) for s in removed]
    quotes = [_clip(s, lo, hi) for s in quotes]
    removed = [s for s in removed if s and s.start < s.end]
    quotes = [s for s in quotes if s and s.start < s.end]
    cuts = sorted({lo, hi, *(s.start for s in removed + quotes), *(s.end for s in removed + quotes)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        why = next((s.label or "boilerplate" for s in removed if s.start <= start and end <= s.end), None)
        covering = tuple(s.label for s in quotes if s.start <= start and end <= s.end)
        pieces.append(Segment(text=text[start:end], start=start, removed=why, claims=covering))
    return pieces


def _clip(span: Marked, lo: int, hi: int) -> Marked | None:
    start, end = max(span.start, lo), min(span.end, hi)
    return Marked(start, end, span.label) if start < end else None


def paragraph_around(text: str, start: int, end: int, reach: int = 600) -> tuple[int, int]:
    """The paragraph holding ``text[start:end]``, cut to at most ``reach`` characters each side."""
    left = text.rfind("\n", max(0, start - reach), start)
    left = left + 1 if left >= 0 else max(0, start - reach)
    right = text.find("\n", end, end + reach)
    right = right if right >= 0 else min(len(text), end + reach)
    return left, right
