"""The gate: a cheap scan that must never cost a claim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barter.extract import ExtractConfig, _gate, extract_documents
from barter.extract.frames import load_cues
from barter.extract.gate import cue_stems, length_preserving_fold, sentence_units
from barter.records import Document

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "barter" / "samples" / "docs.jsonl"


def claim_keys(documents, gate: bool) -> set:
    found = set()
    for document, claims in extract_documents(documents, ExtractConfig(gate=gate, model=False)):
        for c in claims:
            found.add((document.id, c.giver, c.receiver, c.category, c.status, c.evidence.start, c.evidence.end))
    return found


INFLECTIONS = ["sent", "sends", "sending", "sold", "selling", "bought", "buys", "supplied", "supplies",
               "supplying", "shipped", "shipping", "delivered", "gave", "given", "lent", "sought", "got",
               "obtained", "acquired", "vetoed", "vetoes", "voted", "voting", "recognised", "recognized",
               "exported", "imports", "paid", "hired", "employing", "donated", "pledged", "deployed",
               "using", "firing", "giving", "hiring", "securing", "deliveries", "purchases", "sales"]


@pytest.mark.parametrize("word", INFLECTIONS)
def test_every_inflection_of_a_cue_reaches_the_parser(word):
    hits = _gate().scan_text(f"they {word} it")
    assert any(h.kind in ("cue", "act", "topic") for h in hits)


def test_every_cue_lemma_has_a_stem_its_inflections_start_with():
    for lemma in load_cues().all_lemmas():
        assert any(lemma.startswith(stem) for stem in cue_stems([lemma]))


def test_a_transfer_sentence_passes_and_small_talk_does_not():
    text = "The weather in Moscow was mild. Russia sent fuel to North Korea. The match ended in a draw."
    scan = _gate().scan(text, [(0, len(text))])
    assert [text[u.start:u.end] for u in scan.units if u.worth_parsing] == ["Russia sent fuel to North Korea."]


def test_a_unit_naming_no_state_is_not_parsed_even_with_a_transfer_and_pronouns():
    text = "Russia spoke first. We will send it more fuel. The North sent it shells."
    scan = _gate().scan(text, [(0, len(text))], speaker="USA")
    assert [text[u.start:u.end] for u in scan.units if u.worth_parsing] == ["The North sent it shells."]


def test_they_is_no_second_party_since_coref_never_reads_it_as_a_state():
    text = "Officials in Moscow said they had sent fuel. Officials in Moscow said it had sent fuel. Seoul was silent."
    scan = _gate().scan(text, [(0, len(text))])
    assert [text[u.start:u.end] for u in scan.units if u.worth_parsing] == [
        "Officials in Moscow said it had sent fuel."]


def test_the_gate_gives_the_same_claims_as_parsing_everything_on_our_sentences():
    texts = [
        "Russia shipped diesel to North Korea. The talks ended without a deal.",
        "Russia has long shielded North Korea. Along with China, it voted against new measures on the North.",
        "Germany To Buy Tanks From Poland\n\nThe deal was signed in Warsaw on Monday.",
        "The United States has paid billions of dollars into Ukraine's budget.",
        "Turkish exports fuelled Russia's war effort, the survey found.",
        "Kim Jong Un may be looking for food aid in return for weapons. He travelled to Russia by train.",
        "Russia named its envoy. It has shipped fuel to Pyongyang since; it ships more to them now.",
    ]
    documents = [Document(id=f"t{n}", text=text) for n, text in enumerate(texts)]
    with_gate = claim_keys(documents, gate=True)
    assert with_gate == claim_keys(documents, gate=False)
    assert len({key[0] for key in with_gate}) == len(texts)  # every text does hold a claim


def test_the_gate_gives_the_same_claims_as_parsing_everything_on_the_samples():
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = [Document(id=r["id"], text=r["text"], title=r.get("title") or "", source=r.get("source") or "")
                 for r in rows]
    with_gate = claim_keys(documents, gate=True)
    assert with_gate and with_gate == claim_keys(documents, gate=False)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_folding_keeps_every_offset(text):
    assert len(length_preserving_fold(text)) == len(text)


@settings(max_examples=200)
@given(st.text(alphabet="ab .!?\n\"A", max_size=120))
def test_units_cover_every_visible_character_once_in_order(text):
    units = sentence_units(text, 0, len(text))
    covered = [i for start, end in units for i in range(start, end)]
    assert covered == sorted(set(covered))
    assert all(text[start:end] == text[start:end].strip() and end > start for start, end in units)
    visible = [i for i, c in enumerate(text) if not c.isspace()]
    assert set(visible) <= set(covered)


def test_a_dotted_abbreviation_does_not_end_a_sentence():
    text = "The U.S. Treasury said so. Then it left."
    assert [text[a:b] for a, b in sentence_units(text, 0, len(text))] == ["The U.S. Treasury said so.", "Then it left."]
