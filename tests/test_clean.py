"""The clean stage marks boilerplate without touching the text, maps clean offsets back, and links copies.

Every sample text here is written for these tests (no article text is copied).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from barter.clean import (
    CleanText,
    NearDuplicates,
    clean,
    clean_text,
    find_boilerplate,
    kept_segments,
    minhash_signature,
)
from barter.records import Document, Span

TITLE = "Pyongyang and Moscow widen their rail freight deal"

BODY = (
    "Freight trains between the two neighbours will run twice a week from next month, officials in both "
    "capitals said on Tuesday.\n\n"
    "South Korean intelligence believes North Korea has sent several million artillery rounds to Russia "
    "since the autumn, in exchange for grain and fuel.\n\n"
    "Two years ago Russia sent a delegation to Pyongyang to reopen the line, a trip few noticed at the time.\n\n"
    "\u201cWe will not stop,\u201d the minister said.\n\n"
    "Analysts expect the trade to grow.\n"
)

# The shape of a feed of unrelated headlines, each under a relative-time stamp.
STACKED_TRAILER = (
    "\nMORE NEWS\n\n"
    "8 minutes ago\n\nLocal bakery wins regional prize for rye loaf\n\n"
    "8 minutes ago\n\nTennis star withdraws from summer tournament with wrist injury\n\n"
    "21 minutes ago\n\nFive gadgets that make your kitchen smarter\n\n"
    "1 hour ago\n\nCity council approves new cycle lanes downtown\n\n"
    "2 hrs ago\n\nPop singer announces farewell tour dates"
)


def cleaned(text: str, title: str = "") -> Document:
    return clean(Document(id="doc:test", text=text, title=title))


def removed_text(document: Document) -> list[tuple[str, str]]:
    return [(span.reason, document.text[span.start : span.end]) for span in document.removed]


def kept_text(document: Document) -> str:
    return clean_text(document).text


# --------------------------------------------------------------------------
# Boilerplate found

def test_stacked_headline_trailer_is_removed_from_its_header_to_the_end():
    document = cleaned(TITLE + "\n\n" + BODY + STACKED_TRAILER, TITLE)
    trailer = [span for span in document.removed if span.reason == "headline-trailer"]
    assert len(trailer) == 1
    assert document.text[trailer[0].start :].startswith("MORE NEWS")
    assert trailer[0].end == len(document.text)
    assert kept_text(document).rstrip().endswith("Analysts expect the trade to grow.")


def test_trailer_with_headline_before_each_stamp_takes_the_first_headline_too():
    trailer = (
        "\nGardeners warn of early frost this weekend\n3 minutes ago\n"
        "Markets close higher after rate decision\n12 minutes ago\n"
        "Film festival unveils its opening night picks\n1 hour ago\n"
        "Railway strike called off after late talks\nyesterday\n"
    )
    document = cleaned(BODY + trailer)
    assert "Gardeners" not in kept_text(document)
    assert kept_text(document).rstrip().endswith("Analysts expect the trade to grow.")


def test_trailer_run_together_on_one_line_is_removed():
    glued = (
        "Analysts expect the trade to grow.OTHER NEWS4 minutes agoLocal bakery wins regional prize"
        "4 minutes agoTennis star withdraws from tournament9 minutes agoFive gadgets for your kitchen"
        "2 hours agoCity council approves cycle lanes"
    )
    document = cleaned(BODY.replace("Analysts expect the trade to grow.\n", glued))
    kept = kept_text(document)
    assert kept.endswith("Analysts expect the trade to grow.")
    assert [span.reason for span in document.removed] == ["headline-trailer"]


def test_trailer_run_together_with_spaces_and_stamps_before_headlines_is_removed():
    spaced = (" More news 3 hrs ago Harbour festival returns after two-year break 3 hrs ago Chess prodigy, 9, "
              "beats grandmaster 5 hrs ago Storm closes mountain pass")
    document = cleaned(BODY.rstrip() + spaced)
    assert kept_text(document).rstrip().endswith("Analysts expect the trade to grow.")
    stamped_first = "\n\n".join(f"{n} hours ago | Headline number {n} about something else" for n in (1, 2, 3, 4))
    document = cleaned(BODY + "\n" + stamped_first)
    assert kept_text(document).rstrip().endswith("Analysts expect the trade to grow.")


def test_two_stamped_lines_are_not_enough_for_a_trailer():
    text = BODY + "\nFerry service resumes\n5 minutes ago\nBridge repairs finished\n6 minutes ago\n"
    assert cleaned(text).removed == ()


def test_caption_with_photograph_credit_under_the_title_is_removed():
    caption = "Officials inspect a freight wagon at the border station in May. Photograph: Ann Example/Agency"
    document = cleaned(f"{TITLE}\n\n{caption}\n\n{BODY}", TITLE)
    assert removed_text(document) == [("caption", caption)]


def test_credit_lines_alone_are_removed():
    for credit in ("Photo: Ann Example/Agency", "(Reuters)", "Getty Images", "Image source, Getty Images",
                   "Jane Doe/AFP via Getty Images"):
        document = cleaned(f"{BODY}\n{credit}\n\nThe talks resume next week.\n")
        assert removed_text(document) == [("credit", credit)], credit


def test_line_repeating_the_title_is_removed_but_the_first_title_line_is_kept():
    document = cleaned(f"{TITLE}\n\n{TITLE.upper()}\n\n{BODY}", TITLE)
    assert removed_text(document) == [("repeated-title", TITLE.upper())]
    assert kept_text(document).startswith(TITLE)


def test_without_a_title_a_repeat_of_the_first_line_is_removed():
    document = cleaned(f"{TITLE}\n{TITLE.lower()}\n{BODY}")
    assert removed_text(document) == [("repeated-title", TITLE.lower())]


def test_feed_entry_whose_text_is_its_title_keeps_everything():
    assert cleaned(TITLE, TITLE).removed == ()


def test_share_subscribe_cookie_and_related_lines_are_removed():
    lines = {
        "Share this article": "share",
        "Share on Facebook": "share",
        "Facebook Twitter Email": "share",
        "Subscribe to our morning briefing": "subscribe",
        "Sign up for the Asia newsletter": "subscribe",
        "We use cookies to improve your experience on this site.": "cookie",
        "Read more: Rail link reopens after three years": "related",
        "Related:": "related",
        "Advertisement": "advert",
    }
    paragraphs = BODY.split("\n\n")
    text = paragraphs[0] + "\n\n" + "\n\n".join(lines) + "\n\n" + "\n\n".join(paragraphs[1:])
    document = cleaned(text)
    assert removed_text(document) == [(reason, line) for line, reason in lines.items()]


# --------------------------------------------------------------------------
# Real text kept

def test_an_article_with_no_boilerplate_loses_nothing():
    assert cleaned(TITLE + "\n\n" + BODY, TITLE).removed == ()


def test_real_paragraphs_mentioning_ago_yesterday_and_photos_are_kept():
    text = (
        "Two years ago Russia sent engineers to the launch site.\n"
        "Three days ago the envoy arrived.\n"
        "Officials met yesterday\n"
        "A week ago the first train left.\n"
        "The ministry released a photo of the shipment, which it said was taken 2 hours ago.\n"
        "Related talks are expected in Vladivostok.\n"
        "Share prices in Seoul fell.\n"
        "Subscribers to the state newspaper read of the deal first.\n"
    )
    assert cleaned(text).removed == ()


def test_a_headline_about_cookies_is_not_a_cookie_notice():
    text = "Browser makers will block tracking cookies by default next year\n\nThe change affects advertisers.\n"
    assert cleaned(text).removed == ()


def test_agency_names_and_credit_words_inside_wrapped_prose_are_kept():
    text = (
        "The council honoured members of the Academy of Motion\n"
        "Picture, Arts and Sciences and veterans of the\n"
        "EPA\n"
        "Credit, grants and loans will follow for small firms.\n"
    )
    assert cleaned(text).removed == ()


def test_short_quotes_and_headings_are_kept():
    text = "What does Moscow get?\n\n\u201cShells, and lots of them,\u201d he said.\n\nWhy now?\n\nTime is short.\n"
    assert cleaned(text).removed == ()


def test_wrapped_transcript_lines_are_not_read_as_boilerplate():
    text = (
        "The sanctions we announced today will cut the revenue that the regime\n"
        "uses to build missiles, and we urge every partner to\n"
        "subscribe to the same measures and to share information on\n"
        "ship-to-ship transfers.\n"
    )
    assert cleaned(text).removed == ()


def test_cleaning_keeps_the_text_and_returns_a_new_document():
    original = Document(id="doc:x", text=BODY + STACKED_TRAILER, title=TITLE)
    document = clean(original)
    assert document.text == original.text and original.removed == () and document.removed


def test_kept_segments_are_the_gaps_between_removed_spans():
    document = Document(id="d", text="abcdefghij", removed=(Span(2, 4, "x"), Span(3, 6, "y"), Span(9, 10, "z")))
    assert kept_segments(document) == [(0, 2), (6, 9)]


# --------------------------------------------------------------------------
# Offsets: clean text maps back to raw text

@st.composite
def documents_with_removed_spans(draw):
    text = draw(st.text(alphabet="ab \n.\u00e9\u2019", max_size=60))
    bounds = st.integers(min_value=0, max_value=len(text))
    spans = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        start, end = sorted((draw(bounds), draw(bounds)))
        spans.append(Span(start, end, "test"))
    return Document(id="doc:p", text=text, removed=tuple(spans))


def raw_without_removed(document: Document, start: int, end: int) -> str:
    return "".join(document.text[max(a, start) : min(b, end)] for a, b in kept_segments(document) if a < end and b > start)


@settings(max_examples=150, deadline=None)
@given(documents_with_removed_spans())
def test_every_clean_character_is_the_raw_character_it_maps_to(document):
    clean_version = clean_text(document)
    for i in range(len(clean_version.text)):
        assert clean_version.text[i] == document.text[clean_version.to_raw(i)]


@settings(max_examples=150, deadline=None)
@given(documents_with_removed_spans(), st.data())
def test_a_clean_substring_maps_to_a_raw_span_that_reads_the_same_once_removed_spans_are_cut(document, data):
    clean_version = clean_text(document)
    bounds = st.integers(min_value=0, max_value=len(clean_version.text))
    start, end = sorted((data.draw(bounds), data.draw(bounds)))
    raw_start, raw_end = clean_version.to_raw_span(start, end)
    assert 0 <= raw_start <= raw_end <= len(document.text)
    assert raw_without_removed(document, raw_start, raw_end) == clean_version.text[start:end]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(list("ab .\n") + ["Share this article", "5 minutes ago", "Photo: A/B", TITLE]), max_size=40))
def test_found_spans_lie_in_order_inside_the_text(pieces):
    text = "".join(pieces)
    spans = find_boilerplate(text, TITLE)
    assert all(0 <= s.start < s.end <= len(text) and s.reason for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_evidence_found_in_clean_text_points_at_the_same_words_in_the_raw_text():
    document = cleaned(f"{TITLE}\n\nShare this article\n\n{BODY}{STACKED_TRAILER}", TITLE)
    clean_version = clean_text(document)
    match = re.search(r"North Korea has sent several million artillery rounds", clean_version.text)
    start, end = clean_version.to_raw_span(match.start(), match.end())
    assert document.text[start:end] == match.group()


def test_offsets_outside_the_clean_text_are_refused():
    clean_version = CleanText("abc", ((0, 5, 3),), 8)
    assert clean_version.to_raw(3) == 8 and clean_version.to_raw_end(0) == 5
    try:
        clean_version.to_raw(4)
    except IndexError:
        return
    raise AssertionError("offset 4 of a 3-character text was accepted")


# --------------------------------------------------------------------------
# Near-duplicates

WIRE_STORY = (
    "North Korea has shipped more than a thousand containers of munitions to Russia since August, according "
    "to a government in the region, which cited satellite images of a port on the east coast. The containers "
    "were loaded onto Russian-flagged vessels and carried to a naval facility before moving west by rail. "
    "Officials in Moscow and Pyongyang have denied that any arms changed hands, and both capitals called the "
    "accusation a smear. Analysts said the shipments would let Russia keep up its rate of artillery fire "
    "through the winter, while North Korea was believed to be seeking food, fuel and help with satellites "
    "in return. The United Nations has banned all arms trade with North Korea since 2006. Diplomats at the "
    "Security Council said a panel that once tracked such shipments had been disbanded after a veto, leaving "
    "member states to publish their own findings. Shipping data showed at least four cargo ships switching "
    "off their transponders near the port during the same weeks, a practice often used to hide a vessel's "
    "route. A spokesperson for the regional government said more images would be released once allies had "
    "reviewed them, and called on both states to stop what it described as a flagrant breach of the ban."
)


def test_a_syndicated_copy_with_a_few_words_changed_is_linked_to_the_first_copy():
    index = NearDuplicates()
    index.add("doc:first", minhash_signature(WIRE_STORY))
    index.add("doc:other", minhash_signature(BODY))
    copy = WIRE_STORY.replace("shipped", "sent").replace("a smear", "slander").replace("flagrant", "clear")
    assert index.first_copy(minhash_signature(copy)) == "doc:first"


def test_the_earliest_added_copy_is_the_one_returned():
    index = NearDuplicates()
    index.add("doc:first", minhash_signature(WIRE_STORY))
    index.add("doc:second", minhash_signature(WIRE_STORY + " Reporting by a wire service."))
    assert index.first_copy(minhash_signature(WIRE_STORY)) == "doc:first"


def test_a_different_article_is_not_linked():
    index = NearDuplicates()
    index.add("doc:first", minhash_signature(WIRE_STORY))
    assert index.first_copy(minhash_signature(BODY)) is None


def test_signature_round_trips_through_bytes():
    signature = minhash_signature(WIRE_STORY)
    assert isinstance(signature, bytes) and len(signature) == 128 * 4
    assert bytes(bytearray(signature)) == signature == minhash_signature(WIRE_STORY)
    index = NearDuplicates()
    index.add("doc:stored", bytes(bytearray(signature)))
    assert index.first_copy(signature) == "doc:stored"


def test_signatures_ignore_case_and_spacing():
    assert minhash_signature(WIRE_STORY) == minhash_signature("  " + WIRE_STORY.upper().replace(" ", "\n  "))


def test_a_signature_of_the_wrong_size_is_refused():
    index = NearDuplicates(num_perm=64)
    try:
        index.add("doc:x", minhash_signature(WIRE_STORY, num_perm=128))
    except ValueError as error:
        assert "64" in str(error)
        return
    raise AssertionError("a 128-value signature entered a 64-value index")


# --- the anchored line rules, read only where their length limit admits the line ------------

_FRAGMENTS = ["Share", "share this article", " on Facebook", "Subscribe", " now", "Sign up for our newsletter",
              "Advertisement", "Read more", ": ", "Related", "Photo: ", "(Reuters)", "AP Photo/Jane Roe",
              "Getty Images", "Reuters", " via ", "Story continues below", "the talks", " went on", "x" * 30,
              "Cookie settings", "Follow us on Twitter", "[AFP]", "/", " ", ".", "-" * 40]


def _first_anchored_rule(stripped: str) -> str | None:
    """The rules' own reading: the first in order whose limit admits the line and whose pattern matches."""
    from barter.clean import _ANCHORED, _flagged

    for i, rule in enumerate(_ANCHORED):
        if len(stripped) <= rule.longest and re.match(_flagged(rule, rule.pattern[1:]), stripped):
            return f"rule{i}"
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=14))
def test_a_line_is_matched_by_the_first_anchored_rule_whose_limit_admits_it(parts):
    from barter.clean import _anchored_match

    stripped = "".join(parts).strip()
    if not stripped:
        return
    match = _anchored_match(stripped)
    assert (match.lastgroup if match else None) == _first_anchored_rule(stripped)
