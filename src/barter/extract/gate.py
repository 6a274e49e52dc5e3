"""A fast scan that picks the sentences worth parsing, before spaCy sees any text.

One Aho-Corasick automaton (built once) holds every gazetteer form, every item
term and the stem of every transfer cue.  A document is cut into units
(sentences, found by punctuation within paragraphs of kept text); a unit is
worth parsing when it names an item or a transfer noun, holds a cue stem, and
names two parties, at least one of them a state by name (the other may be a
word coref can resolve to one).  That is a superset of what the frames read
(an item, a cue, two states, a sentence naming a state: coref.names_a_state),
so the gate costs no recall: ``ExtractConfig(gate=False)`` parses every unit
and must give the same claims.

The scan's state mentions are also the document-wide context coref reads
(which states the article names, which it named last) whether or not the
gate filters, so turning the gate off changes only how much is parsed.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from barter.extract.actors import is_acronym
from barter.extract.coref import COUNTRY_NOUNS, PAIR_NOUNS, PERSON_PRONOUNS, POSSESSIVE_PRONOUNS, REGIONS, SUBJECT_PRONOUNS
from barter.extract.coref import FIRST_PERSON as FIRST_PERSON_PRONOUNS
from barter.extract.items import AMOUNT_TRIGGERS, ItemLexicon

# Verb forms a stem would miss: the gate must accept every inflection of a cue lemma.
IRREGULAR_FORMS: dict[str, tuple[str, ...]] = {
    "send": ("sent",), "sell": ("sold",), "give": ("gave", "given"), "lend": ("lent",),
    "seek": ("sought",), "buy": ("bought",), "get": ("got", "gotten"), "take": ("took", "taken"),
    "deal": ("dealt",), "fly": ("flew", "flown"), "hide": ("hid", "hidden"), "pay": ("paid",),
    "win": ("won",), "bring": ("brought",), "make": ("made",), "hold": ("held",), "lay": ("laid",),
    "rush": ("rushed",), "shield": ("shielded",), "stand": ("stood",), "spend": ("spent",),
}

# Words coref may resolve to a state (coref.py), each a possible party: "they", "their" and
# "them" are not among them, since coref leaves them alone (officials, firms, people far more
# often than a state), so a sentence whose second party is "they" cannot hold a claim.
COREF_WORDS = tuple(sorted(SUBJECT_PRONOUNS | POSSESSIVE_PRONOUNS | PERSON_PRONOUNS)) + tuple(
    f"the {noun}" for noun in sorted(COUNTRY_NOUNS))
# "the North", "the South": coref words that name a state by themselves (coref.names_a_state)
REGION_WORDS = tuple(f"the {region}" for region in sorted(REGIONS))
REGION = "REGION"
# first person: a state only in a government's own text (coref's speaker_state)
FIRST_PERSON_WORDS = tuple(sorted(FIRST_PERSON_PRONOUNS))
FIRST_PERSON = "SPEAKER"
# words coref reads as two states at once
PAIR_WORDS = tuple(f"{lead} {noun}" for lead in ("the two", "both") for noun in PAIR_NOUNS)
PAIR = "PAIR"
# "in return for", "in exchange for": a sentence naming one party may still hold an exchange
EXCHANGE_WORDS = ("in return", "in exchange", "as payment", "in payment")

# the gap after a sentence's end (its closing quotes stay with it) before a capital
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
# a blank line, or a line break before a list item ("-   **Apple** announced ...", "2. ...")
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n|\n(?=[ \t]*(?:[-*\u2022\u25aa\u25e6]|\d{1,3}[.)])[ \t]))")
_LINE_BREAK = re.compile(r"(\n)")
# a longer stretch without a sentence end is a table or a run-on list: read it line by line
MAX_UNIT_CHARS = 3000


def cue_stems(lemmas: Iterable[str]) -> set[str]:
    """Prefixes that cover every inflection of each lemma: the lemma itself ("ship" covers
    "shipped", "use" covers "used"), the "-ing" of a lemma in -e ("using"), the "-i" of a lemma
    in consonant + y ("supplied", "deliveries"), and the irregular forms."""
    stems: set[str] = set()
    for lemma in lemmas:
        lemma = lemma.lower()
        stems.add(lemma)
        if lemma.endswith("e") and len(lemma) > 2:
            stems.add(lemma[:-1] + "ing")
        if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
            stems.add(lemma[:-1] + "i")
        stems.update(IRREGULAR_FORMS.get(lemma, ()))
    return stems


class _FoldTable(dict):
    """A ``str.translate`` table filled on first sight of each character: one character in, one out."""

    def __missing__(self, codepoint: int) -> str:
        c = chr(codepoint)
        if c in "\u2019\u2018\u02bc`\u00b4":
            folded = "'"
        elif c in "-\u2010\u2011\u2012\u2013\u2014\u2212" or c.isspace():
            folded = " "  # "United\nStates" on a wrapped line is "united states"
        else:
            base = unicodedata.normalize("NFKD", c)[:1] or c
            lower = base.lower()
            folded = lower if len(lower) == 1 else c
        self[codepoint] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def length_preserving_fold(text: str) -> str:
    """Lower case, plain quotes, dashes as spaces, accents dropped: same length, so offsets still point into ``text``."""
    return text.translate(_FOLD_TABLE)


class Hit(NamedTuple):  # a tuple, not a dataclass: a long text has tens of thousands, built in a tight loop
    start: int
    end: int
    kind: str  # "actor", "item", "cue", "topic" (item and cue), "act" (diplomatic), "exchange", "coref"
    code: str | None = None  # a state code for an actor
    ambiguous: bool = False  # an actor form that names its state only with support


@dataclass(frozen=True)
class Unit:
    """A sentence-sized range of the document text, and what the scan found in it."""

    start: int
    end: int
    hits: tuple[Hit, ...] = ()
    worth_parsing: bool = False

    def states(self) -> list[str]:
        """The states the unit names for sure (an ambiguous form is left out)."""
        return [h.code for h in self.hits if h.kind == "actor" and h.code and not h.ambiguous]

    def possible_states(self) -> set[str]:
        return {h.code for h in self.hits if h.kind == "actor" and h.code}


@dataclass
class Scan:
    """All units of one document and the document-wide state mentions."""

    units: list[Unit]
    state_counts: Counter = field(default_factory=Counter)


# Items, actors and coref words are whole words; cue and act stems run on ("ship" in "shipped").
STEM_KINDS = ("cue", "act", "topic", "report", "denial")


class Gate:
    """Built once from the gazetteer, the items lexicon and the cues (see module docstring)."""

    def __init__(self, forms: Iterable, lexicon: ItemLexicon, cue_lemmas: Iterable[str],
                 topic_words: Iterable[str] = (), acts: Iterable[str] = (),
                 report_nouns: Iterable[str] = (), denials: Iterable[str] = ()) -> None:
        """``topic_words``: lemmas that stand for the item themselves ("exports", "trade");
        ``acts``: diplomatic acts ("vote", "veto"), item and cue at once, whose second party
        may be named elsewhere in the article; ``report_nouns`` and ``denials``: a state that
        calls "reports of arms deliveries" untrue denies a transfer named in an earlier
        sentence (extract/denials.py), so one party is enough there too."""
        self._last_fold: tuple[str, str] | None = None
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str | None, str | None]]] = {}

        def add(key: str, kind: str, code: str | None = None, exact: str | None = None,
                ambiguous: bool = False) -> None:
            entries.setdefault(key, []).append((kind, code, exact, ambiguous))

        for form in forms:
            text = form.text.strip()
            if not text or not form.code:
                continue
            if is_acronym(text):
                bare = text.replace(".", "")
                for variant in {bare, ".".join(bare) + "."}:
                    add(length_preserving_fold(variant), "actor", form.code, bare, form.ambiguous)
            else:
                add(length_preserving_fold(text), "actor", form.code, text if " " not in text else None,
                    form.ambiguous)
        for term in lexicon.terms():
            add(length_preserving_fold(term), "item")
        for trigger in AMOUNT_TRIGGERS:
            add(length_preserving_fold(trigger), "item")
        for stem in cue_stems(cue_lemmas):
            add(stem, "cue")
        for stem in cue_stems(topic_words):  # transfer nouns are both the item and the cue
            add(stem, "topic")
        for stem in cue_stems(acts):
            add(stem, "act")
        for phrase in EXCHANGE_WORDS:
            add(phrase, "exchange")
        for stem in cue_stems(report_nouns):
            add(stem, "report")
        for stem in cue_stems(denials):
            add(stem, "denial")
        for word in COREF_WORDS:
            add(word, "coref")
        for word in REGION_WORDS:
            add(word, "coref", REGION)
        for word in PAIR_WORDS:
            add(word, "coref", PAIR)
        for word in FIRST_PERSON_WORDS:
            add(word, "coref", FIRST_PERSON)
        for key, value in entries.items():
            self.automaton.add_word(key, (key, tuple(value)))
        self.automaton.make_automaton()
        # the first, cheaper pass: only state names, to drop an article that cannot name two states
        self.states_automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            codes = tuple((code, exact) for kind, code, exact, _ in value if kind == "actor")
            if codes:
                self.states_automaton.add_word(key, (key, codes))
        self.states_automaton.make_automaton()

    def _folded(self, text: str) -> str:
        """``length_preserving_fold(text)``, kept for the last text: the first look and the scan fold the same one."""
        last = self._last_fold
        if last is not None and last[0] is text:
            return last[1]
        folded = length_preserving_fold(text)
        self._last_fold = (text, folded)
        return folded

    def may_name_two_parties(self, text: str, speaker: str | None = None) -> bool:
        """The first, cheapest look: could the text name two states (the writing government counts)?
        It stops at the second state found, most often in the opening lines."""
        found = {speaker} if speaker else set()
        for code in self._states_named(text):
            found.add(code)
            if len(found) >= 2:
                return True
        return False

    def _states_named(self, text: str) -> Iterator[str]:
        """Every state the text may name, as found (ambiguous forms included)."""
        lowered = self._folded(text)
        for end_index, (key, codes) in self.states_automaton.iter(lowered):
            start, end = end_index - len(key) + 1, end_index + 1
            if (start > 0 and lowered[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            for code, exact in codes:
                if exact is None or _same_case(text[start:end], exact):
                    yield code

    def scan_text(self, text: str) -> list[Hit]:
        lowered = self._folded(text)
        hits: list[Hit] = []
        for end_index, (key, entries) in self.automaton.iter(lowered):
            start, end = end_index - len(key) + 1, end_index + 1
            if key[0].isalnum() and start > 0 and lowered[start - 1].isalnum():
                continue
            if key[-1].isalnum() and end < len(text) and lowered[end].isalnum():
                entries = tuple(e for e in entries if e[0] in STEM_KINDS)  # "car" in "career" is no item
            for kind, code, exact, ambiguous in entries:
                if kind in ("actor", "coref"):
                    if end < len(text) and text[end].isalpha():
                        continue  # "Iran" inside "Iranian" is the demonym's match, not this one
                    if exact is not None and not _same_case(text[start:end], exact):
                        continue
                hits.append(Hit(start, end, kind, code, ambiguous))
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits

    def scan(self, text: str, segments: Iterable[tuple[int, int]], speaker: str | None = None,
             filtering: bool = True) -> Scan:
        """Units of the kept text; none is worth parsing when the article cannot name two states
        (those it names, possibly, and the government that wrote it, ``speaker``).  When
        ``filtering``, such an article is not even cut into units: most of a feed stops here."""
        if filtering and not self.may_name_two_parties(text, speaker):
            return Scan(units=[])
        spans = [span for seg_start, seg_end in segments for span in sentence_units(text, seg_start, seg_end)]
        hits = self.scan_text(text)  # one pass over the whole text; hits are then dealt to their units
        units: list[Unit] = []
        counts: Counter = Counter()
        position = 0
        for start, end in spans:
            while position < len(hits) and hits[position].start < start:
                position += 1
            mine = []
            look = position
            while look < len(hits) and hits[look].start < end:
                if hits[look].end <= end:
                    mine.append(hits[look])
                look += 1
            unit = Unit(start, end, tuple(mine), worth_parsing=self.worth_parsing(mine, speaker))
            units.append(unit)
            counts.update(unit.states())
        possible = {code for unit in units for code in unit.possible_states()} | ({speaker} if speaker else set())
        if len(possible) < 2:
            units = [dataclasses.replace(unit, worth_parsing=False) for unit in units]
        return Scan(units=units, state_counts=counts)

    @staticmethod
    def worth_parsing(hits, speaker: str | None = None) -> bool:
        """Could the frames read a claim here?  They need a transfer (an item and a cue, or a
        diplomatic act) and two parties, at least one of them named (coref.names_a_state); one
        named party is enough for an act or an exchange, whose other party the article may
        name elsewhere."""
        kinds = {h.kind for h in hits}
        transfer = ("item" in kinds and "cue" in kinds) or "act" in kinds or "topic" in kinds
        denied_report = {"item", "report", "denial"} <= kinds
        if not transfer and not denied_report:
            return False
        if not any(h.kind == "actor" or h.code in (PAIR, REGION) for h in hits):
            return False
        parties = {h.code or f"@{h.start}" for h in hits if h.kind == "actor"}
        parties |= {f"@{h.start}" for h in hits if h.kind == "coref" and (speaker or h.code != FIRST_PERSON)}
        if len(parties) >= 2 or any(h.kind == "coref" and h.code == PAIR for h in hits):
            return True
        return len(parties) == 1 and ("act" in kinds or "exchange" in kinds or denied_report)


def _same_case(written: str, form: str) -> bool:
    """An acronym as spelled ("US", "U.S."), a one-word name capitalised as the form is or in capitals."""
    if written.replace(".", "") == form:
        return True
    return written[:1] == form[:1] or written.isupper()


def sentence_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]``: paragraphs split at blank lines and list items, then at sentence ends."""
    units = []
    for paragraph_start, paragraph_end in _split(text, start, end, _PARAGRAPH_BREAK):
        for unit_start, unit_end in _split(text, paragraph_start, paragraph_end, _SENTENCE_END):
            if unit_end - unit_start > MAX_UNIT_CHARS:
                units.extend(_split(text, unit_start, unit_end, _LINE_BREAK))
            else:
                units.append((unit_start, unit_end))
    return units


# "U.S. officials", "Mr. Kim", "Gen. Smith": a period that ends no sentence.
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|St|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|No|Vol|vs|Prof|Adm|Capt|Maj|Corp|Inc|Ltd|Co)\.)$")


def _split(text: str, start: int, end: int, pattern: re.Pattern) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    for match in pattern.finditer(text, start, end):
        gap_start, gap_end = match.span(1)
        if pattern is _SENTENCE_END and _ABBREVIATION.search(text, max(start, gap_start - 12), gap_start):
            continue
        pieces.append((cursor, gap_start))
        cursor = gap_end
    pieces.append((cursor, end))
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out
