"""Time expressions, resolved against the publication date, and the one that dates a transfer."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barter.extract.when import TimeMention, find_times, when_for

PUBLISHED = date(2024, 6, 17)  # a Monday


def only(text: str, published: date | None = PUBLISHED) -> TimeMention:
    mentions = find_times(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Last month the trains resumed.", "2024-05", "month"),
        ("The railway reopened in 2022.", "2022", "year"),
        ("They met nine months ago.", "2023-09", "month"),
        ("They met 2 years ago.", "2022", "year"),
        ("The ship docked in September 2023.", "2023-09", "month"),
        ("The ship docked on 12 March.", "2024-03-12", "day"),
        ("The ship docked on March 12.", "2024-03-12", "day"),
        ("The ship docked on 12 March 2023.", "2023-03-12", "day"),
        ("The ship docked on March 12, 2023.", "2023-03-12", "day"),
        ("The deal was signed last year.", "2023", "year"),
        ("The deal was signed this year.", "2024", "year"),
        ("The deal was signed last week.", "2024-06", "month"),
        ("The deal was signed yesterday.", "2024-06-16", "day"),
        ("The deal was signed on Tuesday.", "2024-06-11", "day"),
        ("The deal was signed earlier this month.", "2024-06", "month"),
        ("Aid flowed in the 1990s.", "1990s", "decade"),
        ("Deliveries began in July.", "2023-07", "month"),
        ("Deliveries began in May.", "2024-05", "month"),
    ],
)
def test_a_time_expression_is_dated_against_the_publication_date(text, value, precision):
    mention = only(text)
    assert (mention.value, mention.precision) == (value, precision)


def test_a_day_without_a_year_that_would_follow_publication_falls_in_the_year_before():
    assert only("The ship docked on 20 June.").value == "2023-06-20"


def test_a_weekday_on_the_publication_day_is_that_day():
    assert only("The deal was signed on Monday.").value == "2024-06-17"


def test_a_deadline_is_read_as_its_year_and_marked():
    mention = only("The rule sent the labourers home by the end of 2019.")
    assert (mention.value, mention.precision, mention.deadline) == ("2019", "year", True)


def test_relative_times_are_dropped_without_a_publication_date_but_absolute_ones_stay():
    assert find_times("Last month the trains resumed.", None) == []
    assert only("The railway reopened in 2022.", None).value == "2022"


@pytest.mark.parametrize(
    "text",
    ["It may 5 times exceed the cap.", "Covid-19 closed the border.", "They sent 2,022 troops.",
     "a $2020 payment", "20% of exports", "They may well send more.", "2021 tonnes of coal",
     "the troops march 20 miles"],
)
def test_numbers_and_words_that_are_not_times_are_not_dated(text):
    assert find_times(text, PUBLISHED) == []


def test_the_nearest_time_in_the_sentence_dates_the_transfer():
    text = "In 2021 talks stalled; in 2023 Moscow shipped fuel to Pyongyang."
    assert when_for(text, text.index("shipped"), PUBLISHED) == ("2023", "text")


def test_a_deadline_dates_the_transfer_only_when_nothing_else_does():
    text = "In 2022 Moscow agreed to hire workers despite a rule to send them home by the end of 2019."
    assert when_for(text, text.index("hire"), PUBLISHED) == ("2022", "text")
    text = "Moscow must send the workers home by the end of 2019."
    assert when_for(text, text.index("send"), PUBLISHED) == ("2019", "text")


def test_a_deadline_in_another_clause_does_not_date_the_transfer():
    text = "Moscow plans to hire workers, ignoring a rule that sent them home by the end of 2019."
    assert when_for(text, text.index("hire"), PUBLISHED) == ("2024-06-17", "published")


def test_a_time_in_another_sentence_does_not_date_the_transfer():
    text = "The border reopened in 2022. Moscow shipped fuel to Pyongyang."
    assert when_for(text, text.index("shipped"), PUBLISHED) == ("2024-06-17", "published")


def test_without_a_time_or_a_publication_date_the_transfer_is_undated():
    assert when_for("Moscow shipped fuel.", 7, None) == (None, None)


ISO_PREFIX = re.compile(r"^\d{4}(s|-\d{2}(-\d{2})?)?$")


@given(st.text(), st.integers(min_value=-10, max_value=400), st.one_of(st.none(), st.dates()))
def test_when_for_never_raises_and_returns_an_iso_prefix(text, anchor, published):
    value, basis = when_for(text, anchor, published)
    assert (value is None) == (basis is None)
    if value is not None:
        assert ISO_PREFIX.match(value)
        assert basis in ("text", "published")


@given(st.text(alphabet="0123456789 ,.-/abcdefghijklmnopqrstuvwxyzJMAFSOND", max_size=80), st.dates())
def test_date_like_noise_never_crashes(text, published):
    for mention in find_times(text, published):
        assert ISO_PREFIX.match(mention.value)
