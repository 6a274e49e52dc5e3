"""The items lexicon (data/items.yaml) and the component that marks items."""

from __future__ import annotations

import pytest

from barter.extract.items import LexiconError, _parse_lexicon, load_lexicon, plural_forms
from barter.extract.pipeline import load_pipeline
from barter.records import CATEGORIES


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def items(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span.label_) for span in doc.spans["items"]]


def test_the_packaged_lexicon_names_only_the_contract_categories():
    lexicon = load_lexicon()
    assert set(lexicon.category_of.values()) <= set(CATEGORIES)
    assert {"arms", "workers", "crude_oil", "money"} <= set(lexicon.category_of.values())


def test_plurals_are_made_from_the_last_word():
    assert plural_forms("artillery shell") == {"artillery shell", "artillery shells"}
    assert "supplies" in plural_forms("supply")
    assert "gases" in plural_forms("gas")


@pytest.mark.parametrize("raw, problem", [
    ({"categories": {}}, "version"),
    ({"version": 1, "categories": {"arms": {"terms": ["gun"]}}}, "source"),
    ({"version": 1, "categories": {"weapons": {"source": "x", "terms": ["gun"]}}}, "unknown category"),
])
def test_a_malformed_lexicon_is_refused_with_the_reason(raw, problem):
    with pytest.raises(LexiconError, match=problem):
        _parse_lexicon(raw)


def test_the_longest_term_decides_the_category(nlp):
    assert ("food aid", "food") in items(nlp, "Russia sent food aid to Syria.")
    assert ("artillery shells", "arms") in items(nlp, "They bought artillery shells.")
    assert ("refined petroleum", "refined_petroleum") in items(nlp, "It shipped refined petroleum.")


def test_a_word_used_as_a_verb_is_not_an_item(nlp):
    assert items(nlp, "Cheap loans fuel the boom.") == [("loans", "money")]
    assert ("fuel", "refined_petroleum") in items(nlp, "They sold fuel to the army.")


def test_amounts_of_money_are_items(nlp):
    found = items(nlp, "Tokyo will invest $550 billion and billions of dollars more.")
    assert ("$550 billion", "money") in found and ("billions of dollars", "money") in found
