"""The UN measures on a sanctioned state, read from data/measures.yaml, and which of them a transfer touches.

A measure covers a transfer when the transfer runs its way (``into`` the
target: the target receives; ``out_of``: the target gives; ``both``: either)
and either its category is one the measure covers whole, or one of its item
words names what was given ("coal" puts an ``energy`` transfer out of the
DPRK under the coal ban; "space" puts ``military_technology`` under the WMD
measure).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from barter.records import CATEGORIES, Cap, Citation, Measure

DIRECTIONS = ("into", "out_of", "both")
MEASURE_KEYS = {
    "id", "title", "direction", "categories", "items", "citations", "summary",
    "cap", "deadline", "exemptions", "source", "target",
}


def load(path: Path | str | None = None) -> tuple[Measure, ...]:
    """The measures in ``path`` (default: the packaged measures.yaml), validated; cached per path."""
    return _load_cached(str(path) if path is not None else None)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str | None) -> tuple[Measure, ...]:
    if path is None:
        text = resources.files("barter").joinpath("data/measures.yaml").read_text(encoding="utf-8")
        where = "measures.yaml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = path
    return parse(yaml.safe_load(text), where)


def parse(document: Any, where: str = "measures.yaml") -> tuple[Measure, ...]:
    """Measures from the YAML's parsed form; ValueError naming the file and the entry at the first fault."""
    if not isinstance(document, dict) or "version" not in document:
        raise ValueError(f"{where}: expected a mapping with a top-level 'version:' key")
    entries = document.get("measures")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{where}: 'measures:' must be a non-empty list")
    default_target = document.get("target", "")
    measures = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"{where}: measure {name!r}" if name else f"{where}: measure #{position}"
        measure = _measure(entry, default_target, label)
        if measure.id in seen:
            raise ValueError(f"{label}: the id is used twice")
        seen.add(measure.id)
        measures.append(measure)
    return tuple(measures)


def _measure(entry: Any, default_target: str, label: str) -> Measure:
    if not isinstance(entry, dict):
        raise ValueError(f"{label}: expected a mapping")
    unknown = set(entry) - MEASURE_KEYS
    if unknown:
        raise ValueError(f"{label}: unknown key(s) {sorted(unknown)}")
    for key in ("id", "title", "summary", "direction"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ValueError(f"{label}: '{key}' is missing or empty")
    if entry["direction"] not in DIRECTIONS:
        raise ValueError(f"{label}: direction {entry['direction']!r} is not one of {', '.join(DIRECTIONS)}")
    categories = tuple(entry.get("categories") or ())
    for category in categories:
        if category not in CATEGORIES:
            raise ValueError(f"{label}: unknown category {category!r}")
    items = tuple(str(word).strip() for word in entry.get("items") or ())
    if not categories and not items:
        raise ValueError(f"{label}: give 'categories' or 'items', or nothing can fall under it")
    target = entry.get("target", default_target)
    if not target:
        raise ValueError(f"{label}: no 'target' state (set it on the measure or at the top level)")
    return Measure(
        id=entry["id"],
        title=entry["title"].strip(),
        target=target,
        direction=entry["direction"],
        categories=categories,
        citations=_citations(entry.get("citations"), label),
        summary=" ".join(entry["summary"].split()),
        items=items,
        cap=_cap(entry.get("cap"), label),
        deadline=_date(entry.get("deadline"), label, "deadline"),
        exemptions=tuple(str(text) for text in entry.get("exemptions") or ()),
        source=str(entry.get("source") or ""),
    )


def _citations(raw: Any, label: str) -> tuple[Citation, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{label}: no citation; every measure cites a resolution and paragraph")
    citations = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("resolution") or not item.get("paragraph"):
            raise ValueError(f"{label}: a citation needs 'resolution' and 'paragraph' (got {item!r})")
        confirmed = item.get("confirmed", True)
        if not isinstance(confirmed, bool):
            raise ValueError(f"{label}: 'confirmed' must be true or false (got {confirmed!r})")
        citations.append(Citation(str(item["resolution"]), str(item["paragraph"]), confirmed))
    return tuple(citations)


def _cap(raw: Any, label: str) -> Cap | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValueError(f"{label}: 'cap' must be a mapping of amount, unit, period")
    amount = raw.get("amount")
    if not isinstance(amount, (int, float)) or amount <= 0:
        raise ValueError(f"{label}: cap amount must be a positive number (got {amount!r})")
    if not raw.get("unit") or raw.get("period") != "year":
        raise ValueError(f"{label}: a cap needs a 'unit' and period 'year'")
    return Cap(float(amount), str(raw["unit"]), "year", _date(raw.get("since"), label, "cap since"))


def _date(raw: Any, label: str, what: str) -> date | None:
    if raw is None or isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"{label}: {what} {raw!r} is not an ISO date") from None


def runs_its_way(measure: Measure, giver: str, receiver: str) -> bool:
    """Whether a transfer from giver to receiver goes the way the measure restricts."""
    if measure.direction == "into":
        return receiver == measure.target
    if measure.direction == "out_of":
        return giver == measure.target
    return measure.target in (giver, receiver)


@functools.lru_cache(maxsize=1024)
def _word_pattern(word: str) -> re.Pattern[str]:
    # Whole words, any spacing or hyphen between the parts, an optional plural.
    parts = [re.escape(part) for part in re.split(r"[\s-]+", word.casefold()) if part]
    return re.compile(r"\b" + r"[\s-]*".join(parts) + r"(?:s|es)?\b")


def item_words_named(measure: Measure, items: Iterable[str]) -> tuple[str, ...]:
    """The measure's item words that occur in any of the items."""
    texts = [item.casefold() for item in items if item]
    found = [word for word in measure.items if any(_word_pattern(word).search(text) for text in texts)]
    # "ballistic" says nothing "ballistic missile" does not: keep the longest words only.
    return tuple(w for w in found if not any(w != other and w.casefold() in other.casefold() for other in found))


def why_touching(measure: Measure, giver: str, receiver: str, category: str, items: Iterable[str]) -> str | None:
    """Why the transfer falls under the measure, in a phrase; None when it does not."""
    if not runs_its_way(measure, giver, receiver):
        return None
    items = tuple(items)
    words = item_words_named(measure, items)
    if category not in measure.categories and not words:
        return None
    way = {"into": f"into {measure.target}", "out_of": f"out of {measure.target}"}.get(
        measure.direction, f"to or from {measure.target}"
    )
    what = category if category in measure.categories else f"{category} naming {', '.join(words)}"
    shown = f" ({'; '.join(items)})" if items else ""
    return f"{giver} to {receiver}, {way}: {what}{shown}"


def measures_touching(
    giver: str, receiver: str, category: str, items: Iterable[str] = (), measures: Iterable[Measure] | None = None
) -> list[Measure]:
    """The measures a transfer of ``category`` (described by ``items``) from giver to receiver falls under."""
    items = tuple(items)
    pool = load() if measures is None else measures
    return [m for m in pool if why_touching(m, giver, receiver, category, items) is not None]
