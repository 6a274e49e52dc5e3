"""Assess ledger entries against the UN measures: which they touch, why, how sure, and against which cap.

A flag is not a finding of violation.  It says the reported transfer falls
under a measure, how well the reporting stands (contested by a denial, only
planned, or corroborated by several independent outlets), and for capped
goods what the reported figures add up to in each year.  Reports of one
shipment overlap, so that sum is a range: at least the largest single report
(they may all describe it), at most every distinct figure added together
(none may).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from barter.measures import why_touching
from barter.records import Cap, Flag, LedgerEntry, Measure, QuantityReport
from barter.resolve import unit_key

CAP_CAVEAT = (
    "News reports overlap: the low figure assumes every report describes the same deliveries "
    "(the largest single report), the high that none do (every distinct figure added up). "
    "Calendar years stand in for the cap's twelve-month periods, and plans are not counted."
)


def certainty(entry: LedgerEntry) -> str:
    """How sure the ledger is of an entry: its standing, or 'corroborated' when several outlets back it."""
    if entry.standing in ("asserted", "reported") and entry.outlets >= 2:
        return "corroborated"
    return entry.standing


def yearly_against_cap(reports: Iterable[QuantityReport], cap: Cap) -> tuple[tuple[int, float, float], ...]:
    """Per year, (year, low, high) of the delivered quantities reported in the cap's unit.

    low is the largest single report of that year; high adds each distinct
    figure once (the same figure twice in a year is taken as one report).
    Planned and speculative figures are not deliveries and are left out.
    """
    per_year: dict[int, list[QuantityReport]] = {}
    for report in reports:
        if report.status not in ("asserted", "reported") or unit_key(report.unit) != unit_key(cap.unit):
            continue
        if not report.when or not report.when[:4].isdigit():
            continue
        per_year.setdefault(int(report.when[:4]), []).append(report)
    yearly = []
    for year in sorted(per_year):
        figures = per_year[year]
        distinct = {(r.low, r.high) for r in figures}
        low = max(r.low for r in figures)
        high = sum(h for _l, h in distinct)
        yearly.append((year, low, high))
    return tuple(yearly)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def cap_note(yearly: tuple[tuple[int, float, float], ...], cap: Cap, reports: Iterable[QuantityReport]) -> str:
    """The cap arithmetic in words, with its caveat."""
    limit = f"cap {_number(cap.amount)} {cap.unit} a {cap.period}"
    reports = tuple(reports)
    other_units = sorted({r.unit for r in reports if unit_key(r.unit) != unit_key(cap.unit)})
    parts = []
    for year, low, high in yearly:
        span = _number(low) if low == high else f"{_number(low)}-{_number(high)}"
        if low > cap.amount:
            verdict = "over the cap even at the low end"
        elif high > cap.amount:
            verdict = "over the cap at the high end"
        else:
            verdict = "within the cap"
        parts.append(f"{year}: {span} {cap.unit} reported, {verdict}")
    if not parts:
        parts.append(f"no delivered quantity reported in {cap.unit}")
    if other_units:
        parts.append(f"figures in {', '.join(other_units)} not counted")
    return f"{'; '.join(parts)} ({limit}). {CAP_CAVEAT}"


def flags_for(entry: LedgerEntry, measures: Iterable[Measure]) -> tuple[Flag, ...]:
    flags = []
    for measure in measures:
        reason = why_touching(measure, entry.giver, entry.receiver, entry.category, entry.items)
        if reason is None:
            continue
        yearly: tuple[tuple[int, float, float], ...] = ()
        note = ""
        if measure.cap is not None:
            yearly = yearly_against_cap(entry.reports, measure.cap)
            note = cap_note(yearly, measure.cap, entry.reports)
        flags.append(Flag(measure.id, reason, certainty(entry), yearly, note))
    return tuple(flags)


def assess(entries: Iterable[LedgerEntry], measures: Iterable[Measure]) -> list[LedgerEntry]:
    """The entries, each with a Flag for every measure it touches (replacing any flags it had)."""
    measures = tuple(measures)
    return [dataclasses.replace(entry, flags=flags_for(entry, measures)) for entry in entries]
