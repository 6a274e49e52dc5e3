"""Query parameters shared by the API and the pages, checked once and turned into Filters and a Page."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import HTTPException, Query

from barter.serve.queries import DEFAULT_LIMIT, MAX_LIMIT, Filters, Page, parse_pair

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CODE = re.compile(r"^[A-Za-z]{2,3}$")
MAX_PARAM = 200


def _date_bound(name: str, value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise HTTPException(400, f"{name}={value[:40]!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    padded = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
    try:
        date.fromisoformat(padded)
    except ValueError:
        raise HTTPException(400, f"{name}={value!r} is not a real date: use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def _code(name: str, value: str | None) -> str | None:
    if not value:
        return None
    if not _CODE.match(value.strip()):
        raise HTTPException(400, f"{name}={value[:40]!r} is not a state code: use ISO 3166 alpha-3, such as RUS or PRK")
    return value.strip().upper()


def _text(value: str | None) -> str | None:
    return value.strip()[:MAX_PARAM] if value and value.strip() else None


def filters(
    pair: Annotated[str | None, Query(description="Two states, both directions: RUS-PRK", max_length=20)] = None,
    giver: Annotated[str | None, Query(description="The giving state's code", max_length=3)] = None,
    receiver: Annotated[str | None, Query(description="The receiving state's code", max_length=3)] = None,
    category: Annotated[str | None, Query(description="A category, such as arms or refined_petroleum", max_length=40)] = None,
    status: Annotated[str | None, Query(description="A claim's status, or an entry's standing", max_length=20)] = None,
    since: Annotated[str | None, Query(description="From this date on: YYYY, YYYY-MM or YYYY-MM-DD", max_length=10)] = None,
    until: Annotated[str | None, Query(description="Up to this date: YYYY, YYYY-MM or YYYY-MM-DD", max_length=10)] = None,
    outlet: Annotated[str | None, Query(description="A document's source, as listed by /api/outlets", max_length=MAX_PARAM)] = None,
    measure: Annotated[str | None, Query(description="A UN measure id among an entry's flags", max_length=80)] = None,
) -> Filters:
    """The filters a listing takes; 400 naming the parameter when one is malformed."""
    parsed_pair = parse_pair(pair)
    if pair and not parsed_pair:
        raise HTTPException(400, f"pair={pair!r} is not a pair of states: use two codes, such as RUS-PRK")
    return Filters(
        pair=parsed_pair,
        giver=_code("giver", giver),
        receiver=_code("receiver", receiver),
        category=_text(category),
        status=_text(status),
        since=_date_bound("since", since),
        until=_date_bound("until", until),
        outlet=_text(outlet),
        measure=_text(measure),
    )


def page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many to return")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="How many to skip")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)
