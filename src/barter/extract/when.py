"""When: the time expressions of a text, and the one that dates a transfer.

Pure text, no spaCy.  A time is an ISO prefix and how precise it is:
"2023-09-12" (day), "2023-09" (month), "2023" (year), "1990s" (decade).
Relative expressions are resolved against the document's publication date
and are dropped when it is unknown.  Decisions:

- "by the end of 2019", "before 2024", "until 2025" are deadlines: they are
  read as their year ("2019"), and ``when_for`` takes a deadline only when the
  sentence has no other time and no comma or dash parts it from the transfer
  ("must deliver by 2025" is dated 2025; "hire workers, ignoring a rule
  to send them home by the end of 2019" is not dated 2019);
- "last week" is the month of (published - 7 days): a week is not a day;
- "on Tuesday" is the latest Tuesday on or before the publication date (feed
  items are often published the day they report); "yesterday" is the day before;
- "12 March" / "March 12" without a year takes the publication year, or the
  year before when that would fall after publication; "in March" likewise;
- "in the 1990s" is a decade, value "1990s" (it sorts with the years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = ["TimeMention", "find_times", "when_for"]

Precision = Literal["day", "month", "year", "decade"]


@dataclass(frozen=True)
class TimeMention:
    """A time expression: ``text[start:end]`` dated as ``value`` (an ISO prefix)."""

    start: int
    end: int
    value: str
    precision: Precision
    deadline: bool = False  # "by the end of 2019": a limit, not an event's date


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3,
}

# Full month names always; the short ones only with a dot or a day/year beside them.
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_COUNT = r"(?:\d{1,2}|a\s+few|" + "|".join(k for k in _COUNTS if k != "a few") + r")"
_DEADLINE = r"(?:by|before|until|till|no\s+later\s+than)\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?"

_PATTERNS: list[tuple[str, str]] = [
    ("day_month_year", rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})\s*,?\s+(?P<year>{_YEAR})\b"),
    ("month_day_year", rf"\b(?P<month>{_MONTH})\s+(?P<day>{_DAY}),?\s+(?P<year>{_YEAR})\b"),
    ("iso_date", rf"\b(?P<year>{_YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b"),
    ("month_year", rf"\b(?P<month>{_MONTH})\s*,?\s+(?:of\s+)?(?P<year>{_YEAR})\b"),
    ("day_month", rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})(?![\w-])"),
    ("month_day", rf"\b(?P<month>{_MONTH})\s+(?P<day>{_DAY})\b(?![,.]?\d)(?!\s*(?:%|percent|million|billion))"),
    ("decade", r"\b(?:the\s+)?(?P<decade>1[89]\d0|20\d0)(?:'?s)\b"),
    ("ago", rf"\b(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
    ("relative", r"\b(?:(?P<early>earlier|later|late|early)\s+)?(?P<which>last|this|next|past)\s+(?P<unit>week|month|year|spring|summer|autumn|fall|winter)\b"),
    ("yesterday", r"\b(?P<word>yesterday|today)\b"),
    ("weekday", r"\b(?:on\s+|last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("in_month", r"\b(?:in|since|during|from|early|late|mid-?)\s+(?P<month>january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\s+\d)"),
    ("year", rf"(?<![\d,.$€£\-/])\b(?P<year>{_YEAR})\b(?!\d|,\d|%|\.\d|\s*(?:%|percent|tonnes|barrels|troops|workers|people))"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _PATTERNS]
_DEADLINE_BEFORE = re.compile(_DEADLINE + r"$", re.IGNORECASE)


def _month_number(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(name: str, match: re.Match[str], published: date | None) -> tuple[str, Precision] | None:
    """The value and precision of one matched expression, or None when it cannot be dated."""
    groups = match.groupdict()
    if name in ("day_month_year", "month_day_year", "iso_date"):
        month = int(groups["month"]) if name == "iso_date" else _month_number(groups["month"])
        found = _valid_day(int(groups["year"]), month, int(re.sub(r"\D", "", groups["day"])))
        return (found.isoformat(), "day") if found else None
    if name == "month_year":
        return f"{int(groups['year']):04d}-{_month_number(groups['month']):02d}", "month"
    if name == "year":
        return groups["year"], "year"
    if name == "decade":
        return f"{groups['decade']}s", "decade"
    if published is None:
        return None
    if name in ("day_month", "month_day"):
        month, day = _month_number(groups["month"]), int(re.sub(r"\D", "", groups["day"]))
        found = _valid_day(published.year, month, day)
        if found and found > published:
            found = _valid_day(published.year - 1, month, day)
        return (found.isoformat(), "day") if found else None
    if name == "in_month":
        month = _month_number(groups["month"])
        year = published.year if month <= published.month else published.year - 1
        return f"{year:04d}-{month:02d}", "month"
    if name == "ago":
        count_word = re.sub(r"\s+", " ", groups["count"].lower())
        count = int(count_word) if count_word.isdigit() else _COUNTS[count_word]
        unit = groups["unit"].lower()
        if unit == "year":
            return f"{published.year - count:04d}", "year"
        if unit == "month":
            year, month = _shift_months(published, -count)
            return f"{year:04d}-{month:02d}", "month"
        earlier = published - timedelta(days=count * (7 if unit == "week" else 1))
        return (earlier.isoformat(), "day") if unit == "day" else (earlier.isoformat()[:7], "month")
    if name == "relative":
        return _relative(groups["which"].lower(), groups["unit"].lower(), published)
    if name == "yesterday":
        return (published - timedelta(days=1 if groups["word"].lower() == "yesterday" else 0)).isoformat(), "day"
    if name == "weekday":
        days_back = (published.weekday() - _WEEKDAYS[groups["weekday"].lower()]) % 7
        return (published - timedelta(days=days_back)).isoformat(), "day"
    return None


def _relative(which: str, unit: str, published: date) -> tuple[str, Precision]:
    """'last month', 'this year', 'next week', 'last summer' against the publication date."""
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit == "year":
        return f"{published.year + step:04d}", "year"
    if unit == "month":
        year, month = _shift_months(published, step)
        return f"{year:04d}-{month:02d}", "month"
    if unit == "week":
        return (published + timedelta(days=7 * step)).isoformat()[:7], "month"
    # A season is dated by its year: "last summer" is the most recent one before this year's.
    return f"{published.year + min(step, 0) if which != 'this' else published.year:04d}", "year"


def _lowercase_month(match: re.Match[str]) -> bool:
    """'it may 5 times', 'troops march on': a month's name is written with a capital."""
    month = match.groupdict().get("month") or ""
    return bool(month) and not month.isdigit() and month[0].islower()


def find_times(text: str, published: date | None) -> list[TimeMention]:
    """Every datable time expression in ``text``, in order; earlier patterns win overlaps."""
    taken: list[tuple[int, int]] = []
    mentions: list[TimeMention] = []
    for name, pattern in _COMPILED:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if _lowercase_month(match):
                continue
            resolved = _resolve(name, match, published)
            if resolved is None:
                continue
            taken.append((start, end))
            deadline = bool(_DEADLINE_BEFORE.search(text[max(0, start - 40):start]))
            mentions.append(TimeMention(start, end, resolved[0], resolved[1], deadline))
    return sorted(mentions, key=lambda m: m.start)


_SENTENCE_BREAK = re.compile(r"[.!?](?=\s)|\n\s*\n|\n(?=[A-Z])")


def _sentence_bounds(text: str, anchor: int) -> tuple[int, int]:
    start = 0
    for match in _SENTENCE_BREAK.finditer(text, 0, anchor):
        start = match.end()
    following = _SENTENCE_BREAK.search(text, anchor)
    return start, following.start() if following else len(text)


def _same_clause(text: str, anchor: int, position: int) -> bool:
    """No comma, semicolon or dash between the two offsets: a deadline there limits this transfer."""
    low, high = sorted((anchor, position))
    return not re.search(r"[,;:–—]", text[low:high])


def when_for(text: str, anchor: int, published: date | None) -> tuple[str | None, str | None]:
    """When the transfer at offset ``anchor`` happened: ``(value, "text")`` from the nearest
    time expression in its sentence (a deadline only when nothing else dates it and it is in
    the transfer's clause), else the publication date ``(iso, "published")``, else ``(None, None)``."""
    anchor = min(max(anchor, 0), len(text))
    start, end = _sentence_bounds(text, anchor)
    in_sentence = find_times(text[start:end], published)
    dated = [m for m in in_sentence if not m.deadline] or [
        m for m in in_sentence if _same_clause(text, anchor, start + m.start)]
    if dated:
        nearest = min(dated, key=lambda m: abs((start + (m.start + m.end) // 2) - anchor))
        return nearest.value, "text"
    if published is not None:
        return published.isoformat(), "published"
    return None, None
