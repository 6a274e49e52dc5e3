"""How much: the figures a text gives, and the one that measures a transferred item.

Pure text, no spaCy, so it is cheap to run on every sentence and easy to test
with arbitrary strings.  A figure is read into a range ``low..high`` and a
canonical unit:

- a plain figure is ``low == high``: "some 8,000 workers" -> 8000..8000;
- a range keeps both ends: "15,000 to 40,000", "3,000–5,000", "between 2 and 3 million";
- a vague order of magnitude spans it: "hundreds of thousands of rounds" ->
  100,000..999,999, "tens of millions of dollars" -> 10,000,000..99,999,999,
  "dozens of" -> 24..99, "a dozen" -> 12..12;
- a bound ("at least", "more than", "up to", "nearly", "about") keeps the
  figure as written, ``low == high == figure``, and is recorded in
  ``QuantityMention.qualifier`` ("min", "max", "approx").  The ledger ranges
  figures across sources; inventing a zero for "up to" or an infinity for
  "more than" would only widen that range with numbers nobody reported;
- money is in its currency's code ("USD", "EUR", "GBP"), never converted:
  "€470 million ($512 million)" is EUR 4.7e8 (the bracketed conversion is a
  separate mention; a money item written as "€470 million" overlaps only the
  first, so that is the one ``quantity_for`` returns);
- a rate keeps its period in the unit: "$250 million per year" -> unit
  "USD/year", "500,000 barrels a year" -> "barrels/year", so a yearly cap can
  be compared without guessing;
- a percentage has unit "percent"; ``quantity_for`` never returns one, since
  a share is not an amount transferred.

Only figures followed by a unit (a currency or a noun) are mentions: a bare
number ("in 2022", "on 12 March", "Covid-19", "152mm", "4G") is not, nor is a
year before a noun ("2022 elections"), a duration ("three months") or an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from barter.records import Quantity

__all__ = ["QuantityMention", "find_quantities", "quantity_for"]


@dataclass(frozen=True)
class QuantityMention:
    """A figure in a text: ``text[start:end]`` covers the qualifier, the figure and its unit."""

    start: int
    end: int
    low: float
    high: float
    unit: str
    qualifier: str = ""  # "", "min" (at least, more than), "max" (up to), "approx" (about, some)


# --- vocabulary --------------------------------------------------------------

_SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}

_SCALES = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12,
}

# "hundreds of", "tens of thousands of": the order of magnitude a vague plural names.
_VAGUE_PLURALS = {"dozens": (24, 99), "tens": (10, 99), "hundreds": (100, 999), "thousands": (1000, 9999),
                  "millions": (1e6, 1e7 - 1), "billions": (1e9, 1e10 - 1)}

_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₽": "RUB"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD",
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "gbp": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "won": "KRW", "yen": "JPY", "rupee": "INR", "rupees": "INR",
}

# Nouns folded to one canonical unit; anything else is kept as written (lower case).
_CANONICAL_UNITS = {
    "worker": "workers", "workers": "workers", "labourer": "workers", "labourers": "workers",
    "laborer": "workers", "laborers": "workers", "labour": "workers", "labor": "workers",
    "troop": "troops", "troops": "troops", "soldier": "troops", "soldiers": "troops",
    "personnel": "troops", "servicemen": "troops",
    "officer": "officers", "officers": "officers",
    "container": "containers", "containers": "containers",
    "barrel": "barrels", "barrels": "barrels", "bbl": "barrels",
    "shell": "shells", "shells": "shells",
    "round": "rounds", "rounds": "rounds", "cartridges": "rounds", "bullets": "rounds",
    "missile": "missiles", "missiles": "missiles",
    "rocket": "rockets", "rockets": "rockets",
    "drone": "drones", "drones": "drones", "uavs": "drones",
    "tank": "tanks", "tanks": "tanks",
    "tonne": "tonnes", "tonnes": "tonnes", "ton": "tonnes", "tons": "tonnes", "t": "tonnes",
    "wagon": "wagons", "wagons": "wagons", "railcars": "wagons",
    "ship": "ships", "ships": "ships", "vessel": "ships", "vessels": "ships", "tankers": "ships",
    "bcm": "bcm", "mwh": "MWh", "kwh": "kWh", "gwh": "GWh", "mw": "MW", "gw": "GW",
    "horse": "horses", "horses": "horses",
}
# Counted nouns whose plural has no -s.
_INVARIANT_PLURALS = frozenset({"aircraft", "people", "children", "men", "women", "personnel", "staff", "crew",
                                "police", "sheep", "cattle", "livestock", "fish", "deer", "swine"})

# A figure counting these is a duration or a tally, never an amount transferred.
_DURATIONS = frozenset({"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
                        "month", "months", "year", "years", "decade", "decades", "century", "centuries", "times",
                        "percent", "points", "o'clock", "am", "pm"})

_PERIODS = {"year": "year", "annum": "year", "annually": "year", "yearly": "year",
            "month": "month", "monthly": "month", "day": "day", "daily": "day", "week": "week"}

_QUALIFIERS = [
    (r"at\s+least|more\s+than|over|in\s+excess\s+of|upwards\s+of|no\s+fewer\s+than|no\s+less\s+than", "min"),
    (r"up\s+to|as\s+many\s+as|as\s+much\s+as|at\s+most|fewer\s+than|less\s+than|no\s+more\s+than|under", "max"),
    (r"about|around|some|roughly|approximately|nearly|almost|an\s+estimated|estimated|close\s+to", "approx"),
]

# Words that end the search for a unit noun after a figure.
_STOP_WORDS = frozenset(
    "a an the of to from in on at by for with and or but that which who were was is are be been being "
    "has have had as per each every than this these those its their his her it they he she we you "
    "will would could may might should can into over under between during after before since".split()
)

_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

# --- the figure ----------------------------------------------------------------

_DIGITS = r"\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBER = "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True))
_SCALE = r"(?:thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b"
_NUMBER = rf"(?:{_DIGITS}|(?:{_WORD_NUMBER})\b)"
_CURRENCY_PREFIX = r"(?:US\$|\$|€|£|¥|₩|₽)"
_RANGE_JOIN = r"\s*(?:-|–|—|to)\s*"

_FIGURE = re.compile(
    rf"""
    (?P<qualifier>\b(?:{'|'.join(q for q, _ in _QUALIFIERS)})\s+)?
    (?:
        (?P<vague>a\s+dozen(?=\s)
          | (?:dozens|tens|hundreds|thousands|millions|billions)
            (?:\s+of\s+(?P<vague_scale>thousands|millions|billions))?(?=\s+of\s))
        (?:\s+of)?\s+
      | (?P<between>\bbetween\s+)?
        (?:(?P<currency>{_CURRENCY_PREFIX})\s?)?
        (?P<low>{_NUMBER})(?:\s*(?P<low_scale>{_SCALE}))?
        (?:(?(between)\s+and\s+|{_RANGE_JOIN})(?:{_CURRENCY_PREFIX}\s?)?
           (?P<high>{_NUMBER})(?:\s*(?P<high_scale>{_SCALE}))?)?
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*|\d+|\S")


def _number_value(text: str) -> float:
    word = text.lower()
    if word in _SMALL_NUMBERS:
        return float(_SMALL_NUMBERS[word])
    return float(re.sub(r"[,\u202f\u00a0]", "", text))


def _scale_value(scale: str | None) -> float:
    return _SCALES[scale.lower()] if scale else 1.0


def _qualifier_kind(text: str | None) -> str:
    if not text:
        return ""
    for pattern, kind in _QUALIFIERS:
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return kind
    return ""


def _figure_range(match: re.Match[str]) -> tuple[float, float] | None:
    """The range a figure names, or None when it is not a figure after all."""
    if match.group("vague"):
        words = match.group("vague").lower().split()
        if words[:2] == ["a", "dozen"]:
            low, high = 12.0, 12.0
        else:
            low, high = _VAGUE_PLURALS[words[0]]
        if match.group("vague_scale"):
            scale = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[match.group("vague_scale").lower()]
            low, high = low * scale, (high + 1) * scale - 1
        return float(low), float(high)
    low = _number_value(match.group("low"))
    high_text = match.group("high")
    high_scale = match.group("high_scale")
    # "1-2 million": the scale written once covers both ends.
    low_scale = match.group("low_scale") or (high_scale if high_text else None)
    low *= _scale_value(low_scale)
    if high_text is None:
        return low, low
    high = _number_value(high_text) * _scale_value(high_scale or low_scale)
    return (low, high) if low <= high else None


# --- the unit --------------------------------------------------------------


def _period_after(text: str, pos: int) -> tuple[str, int]:
    """A rate's period right after ``pos`` ("per year", "a year", "annually") and where it ends."""
    match = re.match(r"\s*(?:per|a|an|each|every)\s+(year|annum|month|day|week)\b(?!\s+(?:ago|earlier|later|before|after))"
                     r"|\s*(annually|yearly|monthly|daily)\b", text[pos:], re.IGNORECASE)
    if not match:
        return "", pos
    return _PERIODS[(match.group(1) or match.group(2)).lower()], pos + match.end()


def _noun_unit_after(text: str, pos: int) -> tuple[str, int] | None:
    """The counted noun after a figure: a known unit within four words, else the first plural."""
    words: list[tuple[str, int]] = []
    previous_end = pos
    for word in _WORD.finditer(text, pos, min(len(text), pos + 80)):
        token = word.group().lower().strip("’'")
        if token.isdigit() and _follows_a_name(text, word.start()):
            continue  # "14 Leopard 2 tanks": the 2 is part of the name
        if not word.group()[0].isalpha() or token in _STOP_WORDS or len(words) == 4:
            break
        if "\n" in text[previous_end : word.start()]:  # a unit never sits on the next line
            break
        previous_end = word.end()
        if token in _DURATIONS:  # "three months", "40 years": how long, not how much
            return None
        if len(words) == 0 and (token in _MONTHS or token in _SCALES or token == "mm" or token == "percent"):
            return None
        if token in ("metres", "meters") and words and words[-1][0] == "cubic":
            return "cubic metres", word.end()
        words.append((token, word.end()))
        if token in _CANONICAL_UNITS:
            return _CANONICAL_UNITS[token], word.end()
    for token, end in words:
        if token in _INVARIANT_PLURALS or (len(token) > 3 and token.endswith("s") and not token.endswith("ss")):
            return token, end
    return None


def _unit_after(match: re.Match[str], text: str) -> tuple[str, int] | None:
    """The unit a figure counts and where the mention ends, or None for a bare number."""
    end = match.end()
    if match.group("vague"):
        # "tens of millions of dollars", "hundreds of thousands of rounds"
        rest = re.match(r"\s*(?:US\s+)?(\w+)", text[end:])
        if rest and rest.group(1).lower() in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[rest.group(1).lower()], end + rest.end()
        return _noun_unit_after(text, end)
    currency = match.group("currency")
    if currency:
        return _CURRENCY_SYMBOLS[currency.lower()], end
    percent = re.match(r"\s*(?:%|percent\b|per\s+cent\b)", text[end:], re.IGNORECASE)
    if percent:
        return "percent", end + percent.end()
    code = re.match(r"\s*(?:US\s+)?([A-Za-z]+)\b", text[end:])
    if code and code.group(1).lower() in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[code.group(1).lower()], end + code.end()
    if code and code.group(1) in ("USD", "EUR", "GBP"):
        return code.group(1), end + code.end()
    return _noun_unit_after(text, end)


def _inside_a_word(text: str, start: int) -> bool:
    """Digits glued to letters ("Covid-19", "Su-35", "F16") are names, not figures."""
    if start == 0:
        return False
    before = text[start - 1]
    if before.isalnum() or before in "_.":
        return True
    return before in "-–" and start >= 2 and text[start - 2].isalpha()


def _follows_a_name(text: str, start: int) -> bool:
    """'Leopard 2 tanks', 'Challenger 2 tanks': a number right after a capitalised word, before
    a lower-case one, is a model's name (in title case - 'Send 60 More Tanks' - it is not)."""
    before = re.search(r"(?<![.!?:;]\s)\b([A-Z][A-Za-z\-]+)\s$", text[max(0, start - 30):start])
    after = re.match(r"\d+\s+([a-z])", text[start:start + 30])
    if before is None or after is None:
        return False
    return before.group(1).lower() not in _NOT_NAMES


# Capitalised words a count may follow: "About 5 tanks", "In 2 weeks", "Some 30 workers".
_NOT_NAMES = frozenset({"about", "around", "some", "over", "under", "nearly", "almost", "only", "just", "all",
                        "another", "the", "and", "with", "sent", "send", "sends", "gets", "get", "to", "more"})


def _not_a_count(match: re.Match[str], text: str) -> bool:
    """A year ("2022 awards"), an id (a run of 14+ digits) or a name ("4G", "152mm", "Leopard 2") is not a figure."""
    if match.group("vague"):
        return False
    if not match.group("currency") and not match.group("qualifier") and _follows_a_name(text, match.start("low")):
        return True
    last = match.group("high") or match.group("low")
    scale = match.group("high_scale") if match.group("high") else match.group("low_scale")
    figure_end = match.end("high_scale" if match.group("high_scale") else "high") if match.group("high") else (
        match.end("low_scale") if match.group("low_scale") else match.end("low"))
    if not scale and figure_end < len(text) and text[figure_end].isalpha():
        return True
    if scale and len(scale) == 1 and not match.group("currency"):  # "110m hurdles": metres, not millions
        return True
    if len(re.sub(r"\D", "", match.group("low"))) > 13:
        return True
    low = match.group("low")
    return (not match.group("currency") and re.fullmatch(r"1[89]\d\d|20\d\d", low) is not None
            and not match.group("high") and last == low)


def find_quantities(text: str) -> list[QuantityMention]:
    """Every figure with a unit in ``text``, in order of appearance."""
    mentions: list[QuantityMention] = []
    position = 0
    while True:
        match = _FIGURE.search(text, position)
        if match is None:
            return mentions
        position = max(match.end(), match.start() + 1)
        figure_start = match.start("vague") if match.group("vague") else match.start("low")
        if match.group("currency"):
            figure_start = match.start("currency")
        if _inside_a_word(text, figure_start) or _not_a_count(match, text):
            continue
        bounds = _figure_range(match)
        unit_end = _unit_after(match, text)
        if bounds is None or unit_end is None:
            continue
        unit, end = unit_end
        period, end = _period_after(text, end) if unit != "percent" else ("", end)
        if period:
            unit = f"{unit}/{period}"
        mentions.append(QuantityMention(match.start(), end, bounds[0], bounds[1], unit,
                                        _qualifier_kind(match.group("qualifier"))))
        position = end


# Between a figure and the item it counts: a few modifiers ("North Korean",
# "artillery"), or an "of" ("$6 billion of Iranian money", "barrels of diesel").
_LINK_BEFORE_ITEM = re.compile(
    r"""\s*(?:(?:worth\s+)?of\s+)?(?:[\w’'\-]+\s+){0,4}?\s*$""" , re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]|\b(?:and|but|while|which|that|who)\b")


def quantity_for(text: str, item_start: int, item_end: int) -> Quantity | None:
    """The figure that counts the item at ``text[item_start:item_end]``, if the text gives one.

    The figure must overlap the item ("9,000 freight containers" as the item)
    or come right before it in the same clause, joined by at most a few
    modifiers or an "of" ("500,000 barrels of diesel").
    """
    best: QuantityMention | None = None
    for mention in find_quantities(text):
        if mention.unit == "percent" or mention.start >= item_end:
            continue
        overlaps = mention.end > item_start
        gap = text[mention.end:item_start]
        joined = overlaps or (len(gap) <= 60 and not _CLAUSE_BREAK.search(gap) and _LINK_BEFORE_ITEM.fullmatch(gap))
        if joined and (best is None or mention.start > best.start):
            best = mention
    if best is None:
        return None
    return Quantity(low=best.low, high=best.high, unit=best.unit)
