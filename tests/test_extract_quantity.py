"""Figures in text: ranges, canonical units, and the figure that counts a transferred item."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barter.extract.quantity import QuantityMention, find_quantities, quantity_for
from barter.records import Quantity


def only(text: str) -> QuantityMention:
    mentions = find_quantities(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Seoul counted at least 12,000 freight containers at the port.", 12_000, 12_000, "containers"),
        ("a plan to hire 15,000 to 40,000 labourers from the North", 15_000, 40_000, "workers"),
        ("some 8,000 workers crossed the border", 8_000, 8_000, "workers"),
        ("more than 11,000 troops were sent", 11_000, 11_000, "troops"),
        ("3,000–5,000 soldiers", 3_000, 5_000, "troops"),
        ("1.2 million barrels of crude", 1_200_000, 1_200_000, "barrels"),
        ("500,000 barrels of refined products", 500_000, 500_000, "barrels"),
        ("hundreds of thousands of rounds of ammunition", 100_000, 999_999, "rounds"),
        ("dozens of drones", 24, 99, "drones"),
        ("a dozen tanks", 12, 12, "tanks"),
        ("two submarines", 2, 2, "submarines"),
        ("up to 9 million rounds", 9_000_000, 9_000_000, "rounds"),
        ("between 2 and 3 million tonnes of coal", 2_000_000, 3_000_000, "tonnes"),
        ("1-2 million shells", 1_000_000, 2_000_000, "shells"),
        ("40 racing horses", 40, 40, "horses"),
        ("12 attack aircraft", 12, 12, "aircraft"),
        ("10 billion cubic metres of gas", 1e10, 1e10, "cubic metres"),
        ("2 million people", 2e6, 2e6, "people"),
        ("Poland pledged 14 German-made Leopard 2 tanks", 14, 14, "tanks"),
        ("Poland To Send 60 More Tanks To Ukraine", 60, 60, "tanks"),
    ],
)
def test_a_counted_figure_reads_as_a_range_in_a_canonical_unit(text, low, high, unit):
    mention = only(text)
    assert (mention.low, mention.high, mention.unit) == (low, high, unit)


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("a $6 billion loan", 6e9, 6e9, "USD"),
        ("a $6bn loan", 6e9, 6e9, "USD"),
        ("tens of millions of dollars in lathes", 1e7, 1e8 - 1, "USD"),
        ("trade of up to $250 million per year", 2.5e8, 2.5e8, "USD/year"),
        ("500,000 barrels a year", 5e5, 5e5, "barrels/year"),
        ("200 million euros in credit", 2e8, 2e8, "EUR"),
    ],
)
def test_money_keeps_its_currency_and_a_rate_keeps_its_period(text, low, high, unit):
    mention = only(text)
    assert (mention.low, mention.high, mention.unit) == (low, high, unit)


def test_a_time_ago_after_a_figure_is_not_a_rate():
    assert only("Russia sent 500 tanks a year ago.").unit == "tanks"


def test_a_price_and_its_bracketed_conversion_are_two_mentions_in_their_own_currencies():
    mentions = find_quantities("an advance of €470 million ($512 million) for the radars")
    assert [(m.low, m.unit) for m in mentions] == [(4.7e8, "EUR"), (5.12e8, "USD")]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("at least 5 tanks", "min"), ("more than 5 tanks", "min"), ("up to 5 tanks", "max"),
     ("about 5 tanks", "approx"), ("5 tanks", "")],
)
def test_a_bound_is_kept_as_written_and_recorded_as_a_qualifier(text, qualifier):
    mention = only(text)
    assert (mention.low, mention.high, mention.qualifier) == (5, 5, qualifier)


@pytest.mark.parametrize(
    "text",
    ["In 2022 the trains ran again.", "on 12 March", "after Covid-19 closed the border", "152mm guns", "the Su-35 jets",
     "one of the most isolated states", "the 2022 elections", "4G phones", "three months of talks",
     "the 110m hurdles", "post 1653859006287421441 links", "Berlin sends Leopard 2 tanks",
     "London sent Challenger 2 tanks"],
)
def test_years_dates_durations_calibres_ids_and_model_numbers_are_not_quantities(text):
    assert [m for m in find_quantities(text) if m.unit != "percent"] == []


def test_a_mentions_offsets_cover_its_qualifier_figure_and_unit():
    text = "Seoul said at least 9,000 freight containers left."
    mention = only(text)
    assert text[mention.start:mention.end] == "at least 9,000 freight containers"


def item_quantity(text: str, item: str) -> Quantity | None:
    start = text.index(item)
    return quantity_for(text, start, start + len(item))


def test_the_figure_before_an_item_counts_it():
    text = "Moscow hired 15,000 to 40,000 North Korean labourers last year."
    assert item_quantity(text, "labourers") == Quantity(15_000, 40_000, "workers")


def test_a_figure_linked_by_of_counts_the_item():
    text = "Russia shipped 500,000 barrels of refined petroleum to the North."
    assert item_quantity(text, "refined petroleum") == Quantity(500_000, 500_000, "barrels")
    text = "the release of $4 billion of frozen Iranian funds"
    assert item_quantity(text, "funds") == Quantity(4e9, 4e9, "USD")


def test_an_item_that_contains_its_figure_is_counted_by_it():
    text = "Seoul found 9,000 freight containers bound for Russia."
    assert item_quantity(text, "9,000 freight containers") == Quantity(9_000, 9_000, "containers")


def test_a_figure_in_another_clause_does_not_count_the_item():
    text = "Russia sent 2 tanks to Syria and Iran sent drones to Russia."
    assert item_quantity(text, "drones") is None
    assert item_quantity("Russia sent fuel to the North.", "fuel") is None


def test_a_percentage_never_counts_an_item():
    assert item_quantity("China accounts for 90% of the North's trade", "trade") is None


def test_a_price_counts_the_money_item_in_its_written_currency_not_the_goods_bought():
    text = "Berlin paid €470 million ($512 million) for radars."
    assert item_quantity(text, "€470 million") == Quantity(4.7e8, 4.7e8, "EUR")
    assert item_quantity(text, "radars") is None


@given(st.text())
def test_find_quantities_never_crashes_and_low_never_exceeds_high(text):
    for mention in find_quantities(text):
        assert mention.low <= mention.high
        assert 0 <= mention.start < mention.end <= len(text)


@given(st.text(alphabet="0123456789$€,.- abcdefghijklmnopqrstuvwxyz%–", max_size=60))
def test_numeric_noise_never_crashes(text):
    for mention in find_quantities(text):
        assert mention.low <= mention.high


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["tanks", "workers", "barrels", "shells"]))
def test_an_integer_with_thousands_separators_round_trips(number, unit):
    mention = only(f"They sent {number:,} {unit} north.")
    assert mention.low == mention.high == number


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_a_range_reads_both_ends_in_order(low, extra):
    mention = only(f"{low:,} to {low + extra:,} troops")
    assert (mention.low, mention.high) == (low, low + extra)


@given(st.text(alphabet="0123456789$€,. -abcdefghijklmnopqrstuvwxyz", max_size=80), st.integers(-5, 90), st.integers(-5, 90))
def test_quantity_for_never_raises_on_any_offsets(text, start, end):
    quantity = quantity_for(text, start, end)
    assert quantity is None or quantity.low <= quantity.high
