"""The remembering lemmatizer gives exactly the lemmas spaCy's rule lemmatizer gives."""

from __future__ import annotations

import pytest
import spacy

from barter.extract.attributes import use_compiled_ruler
from barter.extract.lemmas import use_remembered_lemmatizer
from barter.extract.pipeline import DEFAULT_PIPELINE, EXCLUDED_COMPONENTS

# our own sentences: inflected and base forms, the same word in two parts of speech, the ruler's exceptions
SENTENCES = [
    "Russia shipped diesel to North Korea; the shipments were shipped again in March.",
    "They're gonna send shells by rail, ain't they? Let's see what Moscow got in return.",
    "The supplies supplied by Iran included drones, and the drone deliveries are still being delivered.",
    "Better weapons, the best ones, were bought; buying more is what the buyers bought into.",
    "Workers worked; the work works.  A saw saw a sawed saw.\n\nNo one denies it.",
    "",
]


@pytest.fixture(scope="module")
def pipelines():
    spacys = spacy.load(DEFAULT_PIPELINE, exclude=list(EXCLUDED_COMPONENTS))
    remembering = spacy.load(DEFAULT_PIPELINE, exclude=list(EXCLUDED_COMPONENTS))
    use_compiled_ruler(spacys)
    use_compiled_ruler(remembering)
    assert use_remembered_lemmatizer(remembering)
    return spacys, remembering


def lemmas(doc):
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_remembered_lemmas_are_spacys_lemmas(pipelines, sentence):
    spacys, remembering = pipelines
    assert lemmas(remembering(sentence)) == lemmas(spacys(sentence))


def test_a_second_reading_gives_the_same_lemmas_from_memory(pipelines):
    spacys, remembering = pipelines
    text = " ".join(SENTENCES)
    first = lemmas(remembering(text))
    assert remembering.get_pipe("barter_lemmas").remembered
    assert lemmas(remembering(text)) == first == lemmas(spacys(text))


def test_the_lemmatizer_stays_in_the_pipeline_disabled(pipelines):
    _, remembering = pipelines
    assert "lemmatizer" in remembering.disabled and "barter_lemmas" in remembering.pipe_names
    assert remembering.pipe_names.index("barter_lemmas") > remembering.pipe_names.index("barter_attributes")
