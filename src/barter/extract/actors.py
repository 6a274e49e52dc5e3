"""The spaCy component that marks states (and the names that stand for them).

``barter_actors`` fills ``doc.spans["actors"]`` with one span per gazetteer
match: ``span.label_`` = the state code ("ORG" for an international
organisation with no state), ``span.kb_id_`` = the form kind ("state",
"demonym", "metonym", "person", "organisation").

Matching follows the gazetteer's own comparison (``lookup``): variants it
folds match, its case rules hold ("US" but never "us"); the longest match
wins; a form the gazetteer marks ambiguous ("Georgia", "Jordan") is kept only when the text
also names the same state unambiguously (``doc.user_data["supported_codes"]``
holds the codes named anywhere in the document, so support may come from
another passage).  A person's state may depend on the date
(``doc.user_data["published"]``): the gazetteer's ``lookup(surface, on=date)``
decides.
"""

from __future__ import annotations

from datetime import date

import functools
import re
import unicodedata
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

ACTORS_KEY = "actors"
ORGANISATION_LABEL = "ORG"
STATE_KINDS = frozenset({"state", "demonym", "metonym", "person", "organisation"})


class GazetteerLike(Protocol):
    def forms(self) -> tuple[Any, ...]: ...
    def lookup(self, surface: str, on: Any = None) -> Any: ...


def is_acronym(text: str) -> bool:
    """"US", "UK", "DPRK", "U.S.": matched by exact spelling, since "us" is a pronoun."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def load_default_gazetteer() -> GazetteerLike:
    from barter import gazetteer

    return gazetteer.load()


class ActorMatcher:
    """Marks gazetteer forms in a Doc (see module docstring).

    Candidates are token windows starting with a word some form starts with;
    each is resolved by ``gazetteer.lookup``, so spelling variants the
    gazetteer folds ("Kim Jong-un" = "Kim Jong Un", "U.S." = "US") and its
    case rules ("US" but not "us") are honoured exactly; the longest window
    that resolves wins.
    """

    def __init__(self, nlp: Language, gazetteer: GazetteerLike | None = None) -> None:
        self.tokenizer = nlp.tokenizer
        self.gazetteer: GazetteerLike | None = None
        if gazetteer is not None:
            self.use(gazetteer)

    def use(self, gazetteer: GazetteerLike) -> None:
        """Match the forms of this gazetteer from now on."""
        self.gazetteer = gazetteer
        self.first_words: set[str] = set()
        self.form_words: set[str] = set()  # a window holding any other word resolves to no form
        self.longest = 1
        for form in gazetteer.forms():
            words = fold_for_matching(form.text).split()
            if not words:
                continue
            self.first_words.add(words[0])
            self.form_words.update(words)
            self.form_words.update(word.rstrip("'s") for word in words)
            # a window long enough for the form tokenised with a hyphen or a possessive in each gap
            self.longest = max(self.longest, 2 * len(words) + 1)

    def _ensure_gazetteer(self) -> None:
        if self.gazetteer is None:
            self.use(load_default_gazetteer())

    def __call__(self, doc: Doc) -> Doc:
        self._ensure_gazetteer()
        published = doc.user_data.get("published")
        if isinstance(published, str):  # ISO text, as it crosses to worker processes
            published = date.fromisoformat(published)
        resolved = self._matches(doc, published)
        unambiguous_codes = set(doc.user_data.get("supported_codes", ()))
        unambiguous_codes.update(form.code for _, _, form in resolved if form.code and not form.ambiguous)
        spans = []
        for start, end, form in resolved:
            if form.ambiguous and form.code not in unambiguous_codes:
                continue
            spans.append(Span(doc, start, end, label=form.code or ORGANISATION_LABEL, kb_id=form.kind))
        doc.spans[ACTORS_KEY] = spans
        return doc

    def _matches(self, doc: Doc, published: Any) -> list[tuple[int, int, Any]]:
        found = []
        text = doc.text
        tokens = [(t.idx, t.idx + len(t.text), t.is_space or (t.is_punct and t.text != "."), t.text) for t in doc]
        i = 0
        n = len(tokens)
        while i < n:
            start, _, skip, word = tokens[i]
            if skip or fold_for_matching(word) not in self.first_words:
                i += 1
                continue
            match = None
            for j in range(self._window_end(tokens, i, n), i, -1):
                _, end, skip_last, _ = tokens[j - 1]
                if skip_last:
                    continue
                surface = text[start:end]
                form = self._lookup(surface, published)
                if form is not None:
                    match = (i, j, form)
                    break
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match[1]
        return found

    def _window_end(self, tokens: list, i: int, n: int) -> int:
        """How far a window from token i may reach: while every word could belong to some form."""
        end = i + 1
        limit = min(n, i + self.longest)
        while end < limit:
            folded = fold_for_matching(tokens[end][3])
            if folded and not all(word in self.form_words or word in _GAP_WORDS for word in folded.split()):
                break
            end += 1
        return end

    def _lookup(self, surface: str, published: Any) -> Any:
        try:
            return self.gazetteer.lookup(surface, on=published)
        except TypeError:  # a gazetteer whose lookup takes no date
            return self.gazetteer.lookup(surface)


_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212]")
# what a tokenised form may hold between its words: "North Korea's", "Kim Jong - un"
_GAP_WORDS = frozenset({"'s", "s", "'", "&", "and", "of", "the"})


@functools.lru_cache(maxsize=65536)
def fold_for_matching(text: str) -> str:
    """Lower case, dashes as spaces, accents and curly quotes plain: the first-word test of a candidate."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DASHES.sub(" ", text).replace(".", "").casefold().strip()


@Language.factory("barter_actors", assigns=["doc.spans"])
def make_actor_matcher(nlp: Language, name: str) -> ActorMatcher:
    # The gazetteer is read on first use (or given with ``.use()``), so that
    # building the pipeline never fails on data the caller means to replace.
    return ActorMatcher(nlp)
