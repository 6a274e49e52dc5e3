"""Cutting article text into segments for display: nothing lost, every mark exactly at its offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from barter.serve.highlight import Marked, paragraph_around, segments

TEXT = "Alpha sent beta.\nGamma denied it. Subscribe now."


def test_a_quote_is_one_segment_with_its_claim_and_the_rest_is_plain():
    start = TEXT.index("Gamma denied")
    pieces = segments(TEXT, quotes=[Marked(start, start + len("Gamma denied"), "claim:1")])
    assert [(p.text, p.claims) for p in pieces] == [
        ("Alpha sent beta.\n", ()),
        ("Gamma denied", ("claim:1",)),
        (" it. Subscribe now.", ()),
    ]


def test_removed_spans_carry_their_reason_and_overlapping_quotes_split_at_every_boundary():
    removed = Marked(TEXT.index("Subscribe"), len(TEXT), "newsletter")
    quotes = [Marked(0, 10, "a"), Marked(6, 16, "b")]
    pieces = segments(TEXT, removed=[removed], quotes=quotes)
    assert [(p.text, p.claims) for p in pieces[:3]] == [("Alpha ", ("a",)), ("sent", ("a", "b")), (" beta.", ("b",))]
    assert pieces[-1].text == "Subscribe now." and pieces[-1].removed == "newsletter"


def test_spans_outside_the_text_or_empty_are_ignored():
    pieces = segments(TEXT, quotes=[Marked(5, 5, "empty"), Marked(500, 600, "outside"), Marked(-4, 2, "clipped")])
    assert [(p.text, p.claims) for p in pieces] == [("Al", ("clipped",)), (TEXT[2:], ())]


def test_a_window_returns_only_its_part_of_the_text():
    pieces = segments(TEXT, quotes=[Marked(0, 5, "a")], window=(3, 12))
    assert "".join(p.text for p in pieces) == TEXT[3:12]
    assert pieces[0].text == "ha" and pieces[0].start == 3


def test_paragraph_around_stops_at_line_breaks():
    start = TEXT.index("denied")
    assert TEXT[slice(*paragraph_around(TEXT, start, start + 6))] == "Gamma denied it. Subscribe now."


spans = st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60), st.sampled_from("abc")), max_size=6)


@given(text=st.text(max_size=50), quotes=spans, removed=spans)
def test_segments_join_back_to_the_text_and_each_quote_is_covered_exactly(text, quotes, removed):
    marks = [Marked(s, e, label) for s, e, label in quotes]
    pieces = segments(text, removed=[Marked(s, e, "boilerplate") for s, e, _ in removed], quotes=marks)
    assert "".join(p.text for p in pieces) == text
    for mark in marks:
        start, end = max(0, mark.start), min(len(text), mark.end)
        covered = "".join(p.text for p in pieces if mark.label in p.claims and start <= p.start and p.end <= end)
        if start < end and not any(m.label == mark.label and m is not mark for m in marks):
            assert covered == text[start:end]
