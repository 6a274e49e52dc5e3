"""The timeline chart, laid out on the server and drawn as SVG by a template.

Why not Vega-Lite: vega compiles its expressions with ``new Function``, which
a Content-Security-Policy without 'unsafe-eval' forbids, and the three
bundles weigh about a megabyte.  A stacked bar chart of counts by month needs
only rectangles, so it is computed here as numbers and drawn by
templates/_timeline.html, where every label is autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from barter.records import CATEGORIES

WIDTH = 1200
HEIGHT = 240
MARGIN_LEFT = 36
MARGIN_BOTTOM = 28
MARGIN_TOP = 10
MARGIN_RIGHT = 30  # room for the last month's label
MAX_BAR_WIDTH = 36.0
MAX_MONTHS = 120  # ten years of bars; older months are left off, and said so


@dataclass(frozen=True)
class Bar:
    month: str
    category: str
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def css(self) -> str:
        """A class name from a fixed list, never from data."""
        return "cat-" + self.category if self.category in CATEGORIES else "cat-other"


@dataclass(frozen=True)
class Tick:
    label: str
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    categories: tuple[str, ...]  # those present, for the legend
    plot_left: float = MARGIN_LEFT
    plot_right: float = WIDTH - MARGIN_RIGHT
    plot_bottom: float = HEIGHT - MARGIN_BOTTOM
    months_left_off: int = 0
    without_month: int = 0

    @property
    def empty(self) -> bool:
        return not self.bars


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _valid_month(text: str) -> bool:
    return len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit() and 1 <= int(text[5:]) <= 12


def chart(counts: list[dict], without_month: int = 0) -> Chart:
    """Stacked bars: one column per month from the first to the last, one colour per category."""
    counts = [c for c in counts if _valid_month(str(c["month"])) and c["entries"] > 0]
    if not counts:
        return Chart(WIDTH, HEIGHT, (), (), (), (), without_month=without_month)
    months = _months(min(c["month"] for c in counts), max(c["month"] for c in counts))
    left_off = max(0, len(months) - MAX_MONTHS)
    months = months[left_off:]
    index = {m: i for i, m in enumerate(months)}
    order = {c: i for i, c in enumerate(CATEGORIES)}
    counts = sorted((c for c in counts if c["month"] in index), key=lambda c: (c["month"], order.get(c["category"], 99)))
    totals: dict[str, int] = {}
    for c in counts:
        totals[c["month"]] = totals.get(c["month"], 0) + c["entries"]
    top = _nice_top(max(totals.values()))
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / len(months)
    bar_w = max(1.0, min(slot * 0.8, MAX_BAR_WIDTH))
    stacked: dict[str, int] = {}
    bars = []
    for c in counts:
        below = stacked.get(c["month"], 0)
        stacked[c["month"]] = below + c["entries"]
        height = plot_h * c["entries"] / top
        y = HEIGHT - MARGIN_BOTTOM - plot_h * stacked[c["month"]] / top
        x = MARGIN_LEFT + index[c["month"]] * slot + (slot - bar_w) / 2
        bars.append(Bar(c["month"], c["category"], c["entries"], round(x, 1), round(y, 1), round(bar_w, 1), round(height, 1)))
    x_ticks = _x_ticks(months, slot)
    step = max(1, top // 4)
    y_ticks = tuple(
        Tick(label=str(v), x=MARGIN_LEFT - 6, y=round(HEIGHT - MARGIN_BOTTOM - plot_h * v / top, 1))
        for v in range(0, top + 1, step)
    )
    present = tuple(c for c in CATEGORIES if any(b.category == c for b in bars))
    others = tuple(sorted({b.category for b in bars} - set(CATEGORIES)))
    return Chart(WIDTH, HEIGHT, tuple(bars), x_ticks, y_ticks, present + others, months_left_off=left_off, without_month=without_month)


def _x_ticks(months: list[str], slot: float) -> tuple[Tick, ...]:
    """Labelled months; the first month is labelled too unless a label already sits close after it."""
    labelled = [(i, _tick_label(m, len(months))) for i, m in enumerate(months)]
    labelled = [(i, label) for i, label in labelled if label]
    if not labelled or labelled[0][0] >= 3:
        labelled.insert(0, (0, months[0]))
    return tuple(
        Tick(label=label, x=round(MARGIN_LEFT + i * slot + slot / 2, 1), y=HEIGHT - 10) for i, label in labelled
    )


def _tick_label(month: str, months: int) -> str:
    """Every month up to a year of bars, each quarter up to three years, else each January (as a year)."""
    if months <= 12:
        return month
    if months <= 36:
        return month if month[5:] in ("01", "04", "07", "10") else ""
    return month[:4] if month.endswith("-01") else ""


def _nice_top(value: int) -> int:
    """The smallest round number at or above ``value`` for the y axis."""
    for top in (1, 2, 4, 5, 8, 10, 12, 16, 20, 25, 40, 50, 80, 100):
        if value <= top:
            return top
    magnitude = 10 ** (len(str(value)) - 1)
    return -(-value // magnitude) * magnitude
