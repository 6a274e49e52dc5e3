"""spaCy's rule lemmatizer, remembered: the same lemmas without working each out again.

en_core_web_sm's ``lemmatizer`` derives a lemma from the word, its part of
speech and its morphology.  It caches inflected words, but not base forms (a
singular noun, an infinitive), which are most words: for each of those it
builds the morphology as a dict again, and on White House texts that was
about a tenth of the parse.  A lemma is a pure function of (word, part of
speech, morphology), so this component keys every lemma by the three, asks
the lemmatizer only for a key it has not seen, and writes a document's lemmas
in one array.  The lemmatizer stays in the pipeline, disabled, and answers
the misses; ``tests/test_extract_lemmas.py`` holds the two to the same output.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

LEMMATIZER = "lemmatizer"
NAME = "barter_lemmas"
MAX_REMEMBERED = 500_000  # keys; a year of news has far fewer distinct (word, tag, morphology) triples


class RememberedLemmatizer:
    """Sets each token's lemma as ``lemmatizer`` would, asking it once per (word, pos, morphology)."""

    def __init__(self, lemmatizer, strings) -> None:
        self.lemmatizer = lemmatizer
        self.strings = strings
        self.remembered: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        overwrite = self.lemmatizer.overwrite
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue  # set before (the attribute ruler's exceptions): the lemmatizer leaves it too
            key = (orth, pos, morph)
            found = self.remembered.get(key)
            if found is None:
                found = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(self.remembered) < MAX_REMEMBERED:
                    self.remembered[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory(NAME)
def make_remembered_lemmatizer(nlp: Language, name: str) -> RememberedLemmatizer:
    return RememberedLemmatizer(nlp.get_pipe(LEMMATIZER), nlp.vocab.strings)


def use_remembered_lemmatizer(nlp: Language) -> bool:
    """Lemmatize through the remembering component; False (the lemmatizer kept) when there is none to wrap."""
    if LEMMATIZER not in nlp.pipe_names or NAME in nlp.component_names:
        return False
    if getattr(nlp.get_pipe(LEMMATIZER), "mode", None) != "rule":
        return False  # a lookup lemmatizer is cheap already
    nlp.add_pipe(NAME, after=LEMMATIZER)
    nlp.disable_pipe(LEMMATIZER)
    return True
