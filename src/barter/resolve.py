"""Resolve per-article claims into ledger entries: one transfer, however many outlets report it.

Claims make one entry when they share giver, receiver and category, name
compatible items, and fall in the same year.  Years are the time bucket
because the UN caps run per year and because a news date ("in 2023", or only
the day an article appeared) is rarely finer than that.  Items are
compatible unless each names a different kind of thing ("shells" and
"ballistic missiles" are two shipments; "weapons" fits either).  A claim that
says nothing about kind or time - the typical denial of "reports of an arms
deal" - attaches to every entry it could be about, and marks each contested.

Numbers are never added up here: the entry's quantity is the range across
reports, because ten outlets repeating "10,000 containers" describe 10,000
containers.  The per-report figures travel on in ``LedgerEntry.reports`` for
the cap arithmetic in ``assess``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from barter.records import Claim, DocumentInfo, LedgerEntry, Quantity, QuantityReport, Source

# Kinds of thing within a category.  Two items naming different kinds are two
# transfers; an item naming none ("weapons", "supplies") is compatible with any.
ITEM_KINDS: dict[str, tuple[str, ...]] = {
    "ammunition": ("shell", "ammunition", "munition", "round", "cartridge", "bullet"),
    "missiles": ("missile", "ballistic", "icbm", "kn-23", "kn-24", "hwasong"),
    "artillery systems": ("artillery piece", "artillery system", "howitzer", "rocket launcher", "launcher", "mlrs"),
    "air defence": ("air defence", "air defense", "anti-aircraft", "pantsir", "interceptor"),
    "drones": ("drone", "uav", "unmanned aerial vehicle", "shahed"),
    "armour": ("tank", "armoured vehicle", "armored vehicle", "infantry fighting vehicle"),
    "aircraft": ("jet", "aircraft", "warplane", "fighter", "helicopter"),
    "small arms": ("rifle", "small arms", "pistol", "machine gun"),
    "space": ("space", "satellite", "launch vehicle", "rocket engine"),
    "nuclear": ("nuclear", "uranium", "plutonium", "reactor"),
    "submarines": ("submarine",),
    "coal": ("coal", "anthracite"),
    "electricity": ("electricity", "power line", "power grid"),
    "gas": ("gas", "lng", "lpg"),
    "grain": ("grain", "wheat", "flour", "rice", "maize", "corn", "barley"),
    "fertiliser": ("fertiliser", "fertilizer"),
    "seafood": ("seafood", "fish", "crab", "squid", "shellfish"),
    "animals": ("horse", "cattle", "livestock", "animal", "goat"),
    "vehicles": ("vehicle", "car", "truck", "lorry", "bus", "locomotive"),
    "machinery": ("machinery", "machine", "machine tool"),
    "luxury": ("luxury", "yacht", "jewellery", "jewelry", "limousine"),
    "vessels": ("vessel", "ship", "tanker", "boat"),
    "textiles": ("textile", "fabric", "garment", "apparel", "clothing"),
    "metals": ("iron", "steel", "metal", "copper", "aluminium", "aluminum"),
}

UNIT_ALIASES = {"bbl": "barrel", "barrel": "barrel", "tonne": "tonne", "ton": "tonne", "t": "tonne", "mt": "tonne"}

# How much a status says the transfer happened; the entry stands on its best.
STATUS_STRENGTH = {"asserted": 4, "reported": 3, "planned": 2, "speculative": 1}


def unit_key(unit: str) -> str:
    """A unit's comparable form: case, plural and common abbreviations folded ("Barrels", "bbl" -> "barrel")."""
    word = unit.strip().casefold()
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    return UNIT_ALIASES.get(word, word)


def _kind_pattern(word: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in re.split(r"[\s-]+", word) if part]
    return re.compile(r"\b" + r"[\s-]*".join(parts) + r"(?:s|es)?\b")


_KIND_WORDS = sorted(
    ((word, kind, _kind_pattern(word)) for kind, words in ITEM_KINDS.items() for word in words),
    key=lambda entry: -len(entry[0]),
)


def item_kinds(item: str) -> frozenset[str]:
    """The kinds an item names; longer words first, so "rocket launcher" is not also a rocket."""
    text = item.casefold()
    kinds = set()
    for _word, kind, pattern in _KIND_WORDS:
        match = pattern.search(text)
        if match:
            kinds.add(kind)
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return frozenset(kinds)


@dataclass(frozen=True)
class _Placed:
    """A claim with what resolving needs to know of it: its date, year, kinds and outlet."""

    claim: Claim
    date: str | None
    year: int | None
    kinds: frozenset[str]
    outlet: str  # the independent outlet: a syndicated copy counts as its original
    voice: str  # who asserts it when the claim names no source: the outlet, or "the article"


def _place(claim: Claim, documents: Mapping[str, DocumentInfo]) -> _Placed:
    info = documents.get(claim.doc_id)
    when = claim.when or (info.published.isoformat() if info and info.published else None)
    year = int(when[:4]) if when and re.match(r"\d{4}", when) else None
    original_id = (info.duplicate_of if info and info.duplicate_of else claim.doc_id)
    original = documents.get(original_id) or info
    name = original.source if original and original.source else ""
    # Without an outlet name, each original document stands for an outlet of its own.
    return _Placed(claim, when, year, item_kinds(claim.item), name or f"document {original_id}", name or "the article")


class _Group:
    """Claims becoming one entry."""

    def __init__(self, bucket: str) -> None:
        self.bucket = bucket
        self.kinds: set[str] = set()
        self.members: list[_Placed] = []

    def add(self, placed: _Placed) -> None:
        self.members.append(placed)
        self.kinds |= placed.kinds


def _group_key(placed: _Placed) -> tuple[str, str, str]:
    return (placed.claim.giver, placed.claim.receiver, placed.claim.category)


def _cluster_by_kind(claims: list[_Placed], bucket: str) -> list[_Group]:
    """Claims that name a kind, grouped so that any two sharing a kind (even through a third) are one."""
    groups: list[_Group] = []
    for placed in claims:
        touching = [g for g in groups if g.kinds & placed.kinds]
        if not touching:
            group = _Group(bucket)
            groups.append(group)
        else:
            group = touching[0]
            for other in touching[1:]:  # this claim bridges them: merge
                for member in other.members:
                    group.add(member)
                groups.remove(other)
        group.add(placed)
    return groups


def _groups_for_pair(claims: list[_Placed]) -> list[_Group]:
    """The entries of one giver, receiver and category."""
    dated = [p for p in claims if p.year is not None]
    undated = [p for p in claims if p.year is None]
    groups: list[_Group] = []
    for year in sorted({p.year for p in dated if p.year is not None}):
        in_year = [p for p in dated if p.year == year]
        year_groups = _cluster_by_kind([p for p in in_year if p.kinds], str(year))
        generic = [p for p in in_year if not p.kinds]
        if generic and not year_groups:
            year_groups = [_Group(str(year))]
        for placed in generic:
            for group in year_groups:
                group.add(placed)
        groups.extend(year_groups)
    leftover = []
    for placed in undated:
        # Without a date a claim overlaps every year: it joins every entry it is compatible with.
        compatible = [g for g in groups if not placed.kinds or not g.kinds or g.kinds & placed.kinds]
        if compatible:
            for group in compatible:
                group.add(placed)
        else:
            leftover.append(placed)
    if leftover:
        undated_groups = _cluster_by_kind([p for p in leftover if p.kinds], "undated")
        generic = [p for p in leftover if not p.kinds]
        if generic and not undated_groups:
            undated_groups = [_Group("undated")]
        for placed in generic:
            for group in undated_groups:
                group.add(placed)
        groups.extend(undated_groups)
    return groups


def entry_id(giver: str, receiver: str, category: str, bucket: str, kinds: Iterable[str] = ()) -> str:
    """Stable: the same transfer in the same year keeps its id however many claims join it."""
    key = "|".join([giver, receiver, category, bucket, ",".join(sorted(kinds))])
    return "entry:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _who(source: Source) -> str:
    if source.code and source.name and source.name != source.code:
        return f"{source.name} ({source.code})"
    return source.name or source.code or ""


def _voices(placed: Iterable[_Placed]) -> tuple[str, ...]:
    """Who says so: the named sources, or the outlet itself when the article asserts it unattributed."""
    voices: dict[str, None] = {}
    for p in placed:
        named = [_who(s) for s in p.claim.sources if _who(s)]
        for voice in named or [p.voice]:
            voices.setdefault(voice, None)
    return tuple(voices)


def standing_of(statuses: Iterable[str]) -> str:
    """An entry's standing from its claims' statuses: a denial against any other claim makes it contested."""
    statuses = set(statuses)
    others = statuses - {"denied"}
    if "denied" in statuses:
        return "contested" if others else "denied"
    return max(others, key=STATUS_STRENGTH.__getitem__)


def _quantity(reports: list[QuantityReport]) -> Quantity | None:
    """The range across reports in the unit most of them use; firm reports (asserted, reported) first."""
    if not reports:
        return None
    firm = [r for r in reports if r.status in ("asserted", "reported")] or reports
    unit = Counter(unit_key(r.unit) for r in firm).most_common(1)[0][0]
    same = [r for r in firm if unit_key(r.unit) == unit]
    return Quantity(min(r.low for r in same), max(r.high for r in same), same[0].unit)


def _entry(key: tuple[str, str, str], group: _Group) -> LedgerEntry:
    members = sorted(group.members, key=lambda p: (p.date or "", p.claim.id))
    asserting = [p for p in members if p.claim.status != "denied"]
    denying = [p for p in members if p.claim.status == "denied"]
    items: dict[str, str] = {}
    for p in members:
        if p.claim.item.strip():
            items.setdefault(p.claim.item.strip().casefold(), p.claim.item.strip())
    reports = [
        QuantityReport(p.claim.id, p.claim.quantity.low, p.claim.quantity.high, p.claim.quantity.unit, p.date, p.claim.status)
        for p in asserting
        if p.claim.quantity is not None
    ]
    dates = [p.date for p in members if p.date]
    return LedgerEntry(
        id=entry_id(*key, group.bucket, group.kinds),
        giver=key[0],
        receiver=key[1],
        category=key[2],
        items=tuple(items.values()),
        claim_ids=tuple(dict.fromkeys(p.claim.id for p in members)),
        outlets=len({p.outlet for p in members}),
        asserted_by=_voices(asserting),
        denied_by=_voices(denying),
        standing=standing_of(p.claim.status for p in members),
        quantity=_quantity(reports),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        reports=tuple(reports),
    )


def resolve(claims: Iterable[Claim], documents: Mapping[str, DocumentInfo]) -> list[LedgerEntry]:
    """Ledger entries from claims, ordered by giver, receiver, category and date."""
    by_key: dict[tuple[str, str, str], list[_Placed]] = {}
    seen: set[str] = set()
    # Sorted first so that which of two copies of a claim is kept never depends on input order.
    for claim in sorted(claims, key=lambda c: (c.id, repr(c))):
        if claim.id in seen:  # the same claim twice (re-extraction): once is enough
            continue
        seen.add(claim.id)
        placed = _place(claim, documents)
        by_key.setdefault(_group_key(placed), []).append(placed)
    entries: list[LedgerEntry] = []
    for key in sorted(by_key):
        in_order = sorted(by_key[key], key=lambda p: (p.date or "", p.claim.id))
        entries.extend(_entry(key, group) for group in _groups_for_pair(in_order))
    return sorted(entries, key=lambda e: (e.giver, e.receiver, e.category, e.first_date or "", e.id))
