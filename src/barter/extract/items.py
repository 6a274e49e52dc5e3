"""The items lexicon (data/items.yaml) and the spaCy component that marks items.

``barter_items`` fills ``doc.spans["items"]``: one span per item term, longest
match first, ``span.label_`` = the claim category, ``span.kb_id_`` = the
lexicon term.  A term spelled like a verb ("to fuel", "to aid") is an item
only where the tagger reads it as a noun.  Money written as an amount
("$550 billion", "€560 million") is an item too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

# libyaml's loader when installed: the same safe subset, ten times faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from barter.records import CATEGORIES

ITEMS_KEY = "items"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class LexiconError(ValueError):
    """data/items.yaml does not have the shape this module reads."""


@dataclass(frozen=True)
class ItemLexicon:
    version: int
    category_of: dict[str, str]  # lower-case term -> category
    containers: frozenset[str]
    noun_only: frozenset[str]

    def terms(self) -> list[str]:
        return sorted(self.category_of)


def plural_forms(term: str) -> set[str]:
    """The term and the plural of its last word ("artillery shell" -> "... shells")."""
    head, _, last = term.rpartition(" ")
    prefix = head + " " if head else ""
    forms = {term}
    if last.endswith(("s", "x", "ch", "sh")):
        forms.add(prefix + last + "es")
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.add(prefix + last[:-1] + "ies")
    else:
        forms.add(prefix + last + "s")
    return forms


def _parse_lexicon(raw: object) -> ItemLexicon:
    if not isinstance(raw, dict) or not isinstance(raw.get("version"), int):
        raise LexiconError("items.yaml: needs a top-level integer 'version'")
    categories = raw.get("categories")
    if not isinstance(categories, dict):
        raise LexiconError("items.yaml: needs a 'categories' mapping")
    category_of: dict[str, str] = {}
    for category, entry in categories.items():
        if category not in CATEGORIES:
            raise LexiconError(f"items.yaml: unknown category {category!r}")
        if not isinstance(entry, dict) or not entry.get("source") or not isinstance(entry.get("terms"), list):
            raise LexiconError(f"items.yaml: category {category!r} needs 'source' and a 'terms' list")
        for term in entry["terms"]:
            term = str(term).strip().lower()
            for form in plural_forms(term):
                # the first category listed keeps a form listed twice; the explicit term beats a made-up plural
                if form == term or form not in category_of:
                    category_of[form] = category
    containers = raw.get("containers") or {}
    if not containers.get("source"):
        raise LexiconError("items.yaml: 'containers' needs a 'source'")
    return ItemLexicon(
        version=raw["version"],
        category_of=category_of,
        containers=frozenset(str(t).lower() for t in containers.get("terms", [])),
        noun_only=frozenset(str(t).lower() for t in raw.get("noun_only", [])),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> ItemLexicon:
    """The packaged items lexicon, read and validated once per process."""
    text = (DATA_DIR / "items.yaml").read_text(encoding="utf-8")
    return _parse_lexicon(yaml.load(text, Loader=_YAML_LOADER))


# Money written as an amount: "$550 billion", "€560 million", "billions of dollars".
CURRENCY_SYMBOLS = ["$", "€", "£", "US$", "¥"]
CURRENCY_WORDS = ["dollars", "euros", "pounds", "yuan", "roubles", "rubles"]
_AMOUNT_PATTERNS = [
    [{"ORTH": {"IN": CURRENCY_SYMBOLS}}, {"LIKE_NUM": True},
     {"LOWER": {"IN": ["million", "billion", "trillion", "bn", "mn"]}, "OP": "?"}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["million", "billion", "trillion"]}}, {"LOWER": {"IN": CURRENCY_WORDS}}],
    [{"LOWER": {"IN": ["tens", "hundreds"]}, "OP": "?"}, {"LOWER": "of", "OP": "?"},
     {"LOWER": {"IN": ["millions", "billions", "trillions"]}}, {"LOWER": "of"}, {"LOWER": {"IN": CURRENCY_WORDS}}],
]
# What the gate must see to pass a sentence holding an amount (every pattern contains one).
AMOUNT_TRIGGERS = tuple(CURRENCY_SYMBOLS + CURRENCY_WORDS)


class ItemMatcher:
    """Marks every item term of the lexicon in a Doc (see module docstring)."""

    def __init__(self, nlp: Language, lexicon: ItemLexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns = list(nlp.tokenizer.pipe(self.lexicon.terms()))
        for pattern in patterns:
            self.matcher.add(pattern.text.lower(), [pattern])
        self.amounts = Matcher(nlp.vocab)
        self.amounts.add("money_amount", _AMOUNT_PATTERNS)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            term = doc.vocab.strings[match_id]
            span = Span(doc, start, end, label=self.lexicon.category_of[term], kb_id=term)
            if self._is_verb_reading(span):
                continue
            spans.append(span)
        for _, start, end in self.amounts(doc):
            spans.append(Span(doc, start, end, label="money", kb_id="amount"))
        doc.spans[ITEMS_KEY] = filter_spans(spans)
        return doc

    def _is_verb_reading(self, span: Span) -> bool:
        root = span[-1]
        if span.kb_id_ not in self.lexicon.noun_only and root.lower_ not in self.lexicon.noun_only:
            return False
        # an untagged doc (no tagger in the pipeline) keeps the noun reading
        return root.pos_ in ("VERB", "AUX") or root.tag_.startswith("VB")


@Language.factory("barter_items", requires=["token.tag"], assigns=["doc.spans"])
def make_item_matcher(nlp: Language, name: str) -> ItemMatcher:
    return ItemMatcher(nlp)
