"""The extract stage's public API: documents in, verbatim claims out."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from barter.extract import ExtractConfig, extract_documents, extract_text
from barter.records import Document, Span

RULES = ExtractConfig(model=False)  # the frames alone; extract/learned.py has its own tests
CLAIM_SENTENCE = "Russia shipped 40,000 tonnes of diesel to North Korea in March 2023."


def test_a_claim_carries_its_item_predicate_sentence_quantity_and_date():
    [claim] = extract_text(CLAIM_SENTENCE, doc_id="d1", published=date(2023, 6, 1), config=RULES)
    assert (claim.doc_id, claim.giver, claim.receiver, claim.category) == ("d1", "RUS", "PRK", "refined_petroleum")
    assert claim.item == "diesel" and claim.predicate == "shipped"
    assert claim.sentence == CLAIM_SENTENCE
    assert claim.evidence.text in CLAIM_SENTENCE and "shipped" in claim.evidence.text
    assert claim.quantity is not None and claim.quantity.low == 40000
    assert claim.when == "2023-03"


def test_removed_boilerplate_never_yields_a_claim():
    article = "The ministers met in Minsk on Monday."
    trailer = "\n\nMORE NEWS\n\nRussia sends tanks to Syria\n\nIran ships drones to Russia"
    text = article + trailer
    cleaned = Document(id="d2", text=text, removed=(Span(len(article), len(text), "trailer"),))
    [(_, claims)] = list(extract_documents([cleaned], RULES))
    assert claims == []
    [(_, unclean)] = list(extract_documents([Document(id="d3", text=text)], RULES))
    assert unclean  # the same text read whole does hold claims: the removal is what silenced them


def test_documents_come_back_in_order_each_with_its_own_claims():
    documents = [Document(id="a", text="Nothing happened today."),
                 Document(id="b", text="Iran sold drones to Russia."),
                 Document(id="c", text="North Korea sent shells to Russia.")]
    out = list(extract_documents(documents, RULES))
    assert [d.id for d, _ in out] == ["a", "b", "c"]
    assert [[c.doc_id for c in claims] for _, claims in out] == [[], ["b"], ["c"]]


def test_the_same_claim_stated_once_is_returned_once():
    claims = extract_text("North Korea sold shells and more shells to Russia.", config=RULES)
    keys = [(c.giver, c.receiver, c.category, c.status, c.evidence.start, c.evidence.end) for c in claims]
    assert len(keys) == len(set(keys))


def test_two_workers_read_the_same_claims_as_one():
    documents = [Document(id=f"d{n}", text=f"{CLAIM_SENTENCE} Iran sold {n} drones to Russia.") for n in range(6)]

    def read(workers):
        return [(d.id, [(c.giver, c.receiver, c.category, c.evidence.start) for c in claims])
                for d, claims in extract_documents(documents, ExtractConfig(workers=workers, batch_size=2, model=False))]

    assert read(2) == read(1)


_FILLER = st.text(alphabet=st.sampled_from(list("abcdefgh XYZ.,;:'’“”-—\n\t")), max_size=80)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=_FILLER, after=_FILLER)
def test_evidence_stays_verbatim_whatever_text_surrounds_the_claim(before, after):
    text = f"{before}\n\n{CLAIM_SENTENCE}\n\n{after}"
    claims = extract_text(text, config=RULES)
    assert ("RUS", "PRK", "refined_petroleum") in {(c.giver, c.receiver, c.category) for c in claims}
    for claim in claims:
        assert text[claim.evidence.start:claim.evidence.end] == claim.evidence.text
