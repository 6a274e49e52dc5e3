"""The timeline's layout: one column a month from first to last, bars stacked by category, class names never from data."""

from __future__ import annotations

from barter.serve.timeline import HEIGHT, MARGIN_BOTTOM, MAX_MONTHS, chart


def test_months_without_entries_still_get_a_column_and_bars_stack():
    counts = [
        {"month": "2023-11", "category": "arms", "entries": 2},
        {"month": "2023-11", "category": "food", "entries": 1},
        {"month": "2024-02", "category": "arms", "entries": 4},
    ]
    drawn = chart(counts)
    assert [t.label for t in drawn.x_ticks] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    arms, food = drawn.bars[0], drawn.bars[1]
    assert arms.x == food.x
    assert abs((arms.y - food.height) - food.y) < 0.2  # food sits on top of arms
    tallest = drawn.bars[2]
    assert abs(tallest.y + tallest.height - (HEIGHT - MARGIN_BOTTOM)) < 0.2


def test_an_unknown_category_is_drawn_with_a_fixed_class_not_its_own_name():
    drawn = chart([{"month": "2024-01", "category": '"><script>', "entries": 1}])
    assert drawn.bars[0].css == "cat-other"


def test_malformed_months_are_left_out_and_no_data_draws_nothing():
    assert chart([{"month": "2024-13", "category": "arms", "entries": 1}]).empty
    assert chart([], without_month=3).without_month == 3


def test_a_long_history_keeps_the_latest_months_and_says_how_many_it_left_off():
    counts = [{"month": f"{y}-01", "category": "arms", "entries": 1} for y in range(2000, 2025)]
    drawn = chart(counts)
    assert drawn.months_left_off == (2024 - 2000) * 12 + 1 - MAX_MONTHS
    assert drawn.x_ticks[-1].label == "2024"


def test_ticks_name_each_quarter_over_two_years_and_the_first_month_only_when_no_label_is_near():
    counts = [{"month": "2023-08", "category": "arms", "entries": 1}, {"month": "2024-11", "category": "food", "entries": 1}]
    assert [t.label for t in chart(counts).x_ticks] == ["2023-10", "2024-01", "2024-04", "2024-07", "2024-10"]
    years = [{"month": "2019-03", "category": "arms", "entries": 1}, {"month": "2023-11", "category": "food", "entries": 1}]
    assert [t.label for t in chart(years).x_ticks] == ["2019-03", "2020", "2021", "2022", "2023"]
