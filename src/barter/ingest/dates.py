"""Publication dates from whatever an input wrote: a date, or unknown (None).

A date is kept only when the input gives a day: "2023" or "March 2023" would
need an invented day, and an invented date is worse than an unknown one.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime

from dateutil import parser as dateutil_parser

# Two defaults that differ in every field: a string that leaves a field out
# parses differently under each, which is how a missing day is noticed.
_DEFAULT_A = datetime(2001, 1, 1)
_DEFAULT_B = datetime(2002, 2, 2)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
EARLIEST_YEAR = 1800
LATEST_YEAR = 2200


def parse_date(value: object) -> date | None:
    """A calendar date from a string, date, datetime or time.struct_time; None when unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, time.struct_time):
        return _plausible(date(value.tm_year, value.tm_mon, value.tm_mday))
    text = str(value).strip()
    if not text:
        return None
    if _ISO_DAY.match(text):  # the common case, without dateutil's cost
        try:
            return _plausible(date.fromisoformat(text[:10]))
        except ValueError:
            return None
    try:
        first = dateutil_parser.parse(text, default=_DEFAULT_A)
        second = dateutil_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None  # the text lacks a year, month or day
    return _plausible(first.date())


def _plausible(day: date) -> date | None:
    return day if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None
