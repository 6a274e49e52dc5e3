"""The compiled attribute ruler gives exactly what spaCy's attribute_ruler gives, token by token."""

from __future__ import annotations

import pytest
import spacy

from barter.extract.attributes import CompiledAttributeRuler, Uncompilable, use_compiled_ruler
from barter.extract.pipeline import DEFAULT_PIPELINE, EXCLUDED_COMPONENTS

# our own sentences, chosen for the ruler's exceptions: "gonna", "ain't", "let's", "there is", "y'all", "got"
SENTENCES = [
    "Russia shipped diesel to North Korea in March, and there is more to come.",
    "They're gonna send shells by rail, ain't they? Let's see what Moscow got in return.",
    "Y'all know the U.S. approved a $500 million arms sale to Taiwan on Tuesday.",
    "Pyongyang has dispatched   thousands of workers to Russian building sites.\n\nNo one denies it.",
    "C'mon: the ministry gets its fuel from Iran, gotta admit, and it gets it cheap.",
    "",
]


@pytest.fixture(scope="module")
def pipelines():
    keeps_ruler = spacy.load(DEFAULT_PIPELINE, exclude=list(EXCLUDED_COMPONENTS))
    compiled = spacy.load(DEFAULT_PIPELINE, exclude=list(EXCLUDED_COMPONENTS))
    assert use_compiled_ruler(compiled)
    return keeps_ruler, compiled


def annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_compiled_ruler_annotates_like_spacys_attribute_ruler(pipelines, sentence):
    keeps_ruler, compiled = pipelines
    assert annotations(compiled(sentence)) == annotations(keeps_ruler(sentence))


def test_the_ruler_stays_in_the_pipeline_disabled(pipelines):
    _, compiled = pipelines
    assert "attribute_ruler" in compiled.disabled and "barter_attributes" in compiled.pipe_names


def test_a_pattern_it_cannot_read_makes_it_refuse(pipelines):
    _, compiled = pipelines
    with pytest.raises(Uncompilable):
        CompiledAttributeRuler([{"patterns": [[{"TEXT": {"FUZZY": "gonna"}, "OP": "?"}]]}], [{}], [0],
                               compiled.vocab.strings)


def test_compiling_twice_changes_nothing(pipelines):
    _, compiled = pipelines
    assert use_compiled_ruler(compiled) is False
