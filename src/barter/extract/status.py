"""How sure: whether a transfer is asserted, reported, denied, planned or speculative.

The status of a claim is read from the words that govern its predicate (the
transfer verb or noun): the predicate itself and every head above it up to the
sentence root, with the modifiers hanging off each (auxiliaries, negation,
adverbs, adjectives, subordinating marks).  The GUIDE's rule is applied
(../shared/eval/GUIDE.md, "status"), in this order:

1. a refusal ("refuses to send", "will not sell", "ruled out supplying") is no
   claim at all: status None;
2. a denial anywhere above the predicate ("denied", "dismissed", "described
   ... as absurd") makes it denied;
3. otherwise the modal cue NEAREST the predicate decides between speculative
   (could, may, seeks, warned, asks for, unlikely, if ...) and planned (will,
   agreed, plans to, is expected to, a headline's "X to get ...").  Two cues
   are weak and only decide when no stronger one stands above them:
   "would" (speculative, but planned under a deal or a speaker - reported
   speech backshifts "will") and a deal or talks (planned, but "seeks a deal"
   is speculative).  An attribution above a modal keeps the modal's status:
   "Moscow seeks shells, U.S. says" is speculative;
4. otherwise a hedge or an attribution (reportedly, believed to, according
   to, X said, a headline's trailing ", X says") makes it reported;
5. otherwise the text asserts it.

Who said so is ``barter.extract.sources``; both read the same chain of heads.
The word lists are data (data/status.yaml); this module holds how they combine.
A headline should be parsed in sentence case (the extract stage does): the
tagger misreads Title Case ("Unlikely" as a proper noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Span, Token

__all__ = [
    "StatusReading", "classify_status", "governing_chain", "speech_aside", "load_lexicon", "LexiconError", "SIDE_LINKS",
    "SPEECH_LEMMAS", "DENIAL_LEMMAS", "REPORT_NOUNS", "OFFICIAL_ROLES", "OWN_VOICE_STATEMENTS", "NON_STATE_SPEAKERS", "US_CONGRESS_CHAMBERS", "US_CONGRESS_OFFICES",
]


@dataclass(frozen=True)
class StatusReading:
    """A claim's status and the words that decided it; status None = not a claim (a refusal)."""

    status: str | None
    cue: str


# --- the lexicon: data/status.yaml ------------------------------------------------

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "status.yaml"
LEXICON_LISTS = (
    "speculative_modals", "planned_modals", "speculative", "needs_complement", "planned", "needs_infinitive",
    "deal", "hedge", "speech", "backshift", "denial", "verdict", "falsity", "refusal", "refused_requests",
    "halt", "belief", "non_state_speakers", "us_congress_chambers", "us_congress_offices", "report_nouns",
    "official_roles", "own_voice_statements",
)


class LexiconError(ValueError):
    """data/status.yaml does not have the shape this module reads."""


def load_lexicon(path: Path = LEXICON_PATH) -> dict[str, frozenset[str]]:
    """The word lists of ``path``, validated: every list named, each with a source and lower-case words."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"{path}: cannot be read ({error}); restore it from the repository") from error
    if not isinstance(data, dict) or not isinstance(data.get("version"), int) or not isinstance(data.get("lists"), dict):
        raise LexiconError(f"{path}: needs a top-level integer 'version' and a 'lists' mapping")
    lists: dict[str, frozenset[str]] = {}
    for name in LEXICON_LISTS:
        entry = data["lists"].get(name)
        if not isinstance(entry, dict) or not str(entry.get("source") or "").strip():
            raise LexiconError(f"{path}: list {name!r} is missing or has no 'source'; add it with the source it follows")
        words = entry.get("words")
        if not isinstance(words, list):
            raise LexiconError(f"{path}: list {name!r} needs 'words', a list of lower-case strings")
        for word in words:
            if not isinstance(word, str) or not word or word != word.lower():
                raise LexiconError(f"{path}: list {name!r} has {word!r}, not a lower-case string; quote it or fix its case")
        lists[name] = frozenset(words)
    return lists


_LEXICON = load_lexicon()
SPECULATIVE_MODALS = _LEXICON["speculative_modals"]
PLANNED_MODALS = _LEXICON["planned_modals"]
SPECULATIVE_LEMMAS = _LEXICON["speculative"]
_NEEDS_COMPLEMENT = _LEXICON["needs_complement"]
PLANNED_LEMMAS = _LEXICON["planned"]
_NEEDS_INFINITIVE = _LEXICON["needs_infinitive"]
DEAL_LEMMAS = _LEXICON["deal"]  # weak planned cues: they decide only when nothing stronger governs them
HEDGE_LEMMAS = _LEXICON["hedge"]
SPEECH_LEMMAS = _LEXICON["speech"]  # their subject is the source (barter.extract.sources)
_REPORTING_FOR_BACKSHIFT = _LEXICON["backshift"]
DENIAL_LEMMAS = _LEXICON["denial"]
_VERDICT_VERBS = _LEXICON["verdict"]
FALSITY_LEMMAS = _LEXICON["falsity"]
OFFICIAL_ROLES = _LEXICON["official_roles"]  # "Polish general": who a named speaker works for
REPORT_NOUNS = _LEXICON["report_nouns"]
OWN_VOICE_STATEMENTS = _LEXICON["own_voice_statements"]  # "the Secretary said" in the government's own text  # what others say: "reports of an arms deal" (extract/denials.py)
REFUSAL_LEMMAS = _LEXICON["refusal"]
_REQUEST_NOUNS = _LEXICON["refused_requests"]
HALT_LEMMAS = _LEXICON["halt"]
_BELIEF_LEMMAS = _LEXICON["belief"]
NON_STATE_SPEAKERS = _LEXICON["non_state_speakers"]
US_CONGRESS_CHAMBERS = _LEXICON["us_congress_chambers"]
US_CONGRESS_OFFICES = _LEXICON["us_congress_offices"]

# Grammar, not vocabulary: which dependents carry which reading.
_JUDGED_DEPS = frozenset({"dobj", "nsubj", "nsubjpass"})
_VERDICT_DEPS = frozenset({"oprd", "acomp", "attr", "prep", "xcomp", "ccomp", "advcl", "dobj"})
_WARNING_MODALS = frozenset({"must", "should", "ought", "may", "might"})
_CONDITION_MARKS = frozenset({"if", "unless", "provided", "whether"})
_CONDITION_PREPS = frozenset({"without", "unless"})

# How a clause hangs beside (not under) a verb: a denial or a speaker there does not govern it.
SIDE_LINKS = frozenset({"conj", "parataxis", "appos", "cc", "dep"})
_SIDE_LINKS = SIDE_LINKS

# Dependencies of a chain word whose children describe the chain word itself.
_MODIFIER_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "acomp", "amod", "mark", "oprd", "attr", "npadvmod", "prt"})

_TRAILING_SPEAKER = re.compile(
    r",\s*[^,]{1,80}?\s+(says|said|say|claims|claimed|reports|reported|warns|warned|tells\s+\w+|told\s+\w+)\W*$",
    re.IGNORECASE,
)


def governing_chain(sentence: Span, predicate: Token) -> list[Token]:
    """The predicate and its heads up to the sentence root, nearest first.

    The chain stops where the parse is not to be trusted: at a head that is
    punctuation ("; Germany sending ..." hung on the semicolon) or across a
    line break (a headline parsed together with the text under it).
    """
    chain = [predicate]
    token = predicate
    while token.head.i != token.i and sentence.start <= token.head.i < sentence.end:
        head = token.head
        if head in chain or head.is_punct or head.is_space or _line_break_between(token, head):
            break
        chain.append(head)
        token = head
    return chain


def _line_break_between(first: Token, second: Token) -> bool:
    low, high = sorted((first.i, second.i))
    return any("\n" in t.text or "\n" in t.whitespace_ for t in first.doc[low:high])


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _has_infinitive(token: Token) -> bool:
    return any(child.dep_ == "xcomp" or (child.dep_ == "aux" and child.tag_ == "TO") for child in token.children) or (
        token.dep_ == "acomp" and any(c.dep_ == "xcomp" for c in token.head.children)
    )


def _word_class(word: Token, level: int, is_chain: bool) -> str | None:
    """What one word says about status: 'speculative', 'planned', 'would', 'deal', 'hedge', or None."""
    lemma, lower = _lemma(word), word.lower_
    if word.dep_ in ("aux", "auxpass") or word.tag_ == "MD":
        if lower in ("would", "'d"):
            return "would"
        if lemma in SPECULATIVE_MODALS or lower in SPECULATIVE_MODALS:
            return "speculative"
        if lemma in PLANNED_MODALS or lower in PLANNED_MODALS:
            return "planned"
        return None
    if lemma == "call" and any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon") for c in word.children):
        return "speculative"  # "Kyiv called for more jets", "called on Berlin to send": a request
    if lemma in SPECULATIVE_LEMMAS or lower in SPECULATIVE_LEMMAS:
        if lemma in _NEEDS_COMPLEMENT and not (is_chain or word.dep_ in ("xcomp", "prep", "prt")):
            return None
        return "speculative"
    if lemma in _NEEDS_INFINITIVE and not _has_infinitive(word):
        return None
    if lemma in PLANNED_LEMMAS or lower in PLANNED_LEMMAS:
        if lemma == "expect" and level == 0 and word.pos_ == "VERB" and not is_chain:
            return None
        return "planned"
    if lemma in DEAL_LEMMAS or lower in DEAL_LEMMAS:
        return "deal"
    if lemma in HEDGE_LEMMAS or lower in HEDGE_LEMMAS:
        return "hedge"
    return None


def _is_negated(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in ("never", "no longer")):
            return child
    return None


def _is_conditional(token: Token) -> Token | None:
    """An "if"/"unless" clause this word sits in or carries, or a "without (agreement)"."""
    for child in token.children:
        if child.dep_ == "mark" and child.lower_ in _CONDITION_MARKS and token.dep_ in ("advcl", "ccomp", "csubj"):
            return child
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in child.children):
            return next(m for m in child.children if m.dep_ == "mark")
        if child.dep_ == "prep" and child.lower_ in _CONDITION_PREPS:
            return child
    return None


def _is_refusal(chain: list[Token]) -> Token | None:
    """'refuses to send', 'ruled out supplying', 'rejected a request to supply'."""
    for lower, upper in zip(chain, chain[1:]):
        lemma = _lemma(upper)
        if lemma in REFUSAL_LEMMAS and lower.dep_ in ("xcomp", "pcomp", "prep", "pobj", "dobj"):
            return upper
        # "halted deliveries", "stopped sending" - but "has not stopped sending" goes on
        if (lower == chain[0] and lemma in HALT_LEMMAS and upper.pos_ == "VERB"
                and lower.dep_ in ("xcomp", "pcomp", "dobj", "nsubjpass") and _is_negated(upper) is None):
            return upper
        if lemma == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in upper.children):
            return upper
        if lemma in DENIAL_LEMMAS and _lemma(lower) in _REQUEST_NOUNS and lower.dep_ == "dobj":
            return upper
    return None


def _is_denial(chain: list[Token]) -> Token | None:
    """A denial above the predicate: a verb of denial, or a verdict of falsity ('called it absurd')."""
    for lower, token in zip(chain, chain[1:]):
        lemma = _lemma(token)
        if lower.dep_ in _SIDE_LINKS:  # "Kyiv rejects the ceasefire; Berlin sends tanks": not denied
            continue
        if lemma in DENIAL_LEMMAS or _is_push_back(token):
            return token
        # the verdict must judge what holds the predicate: "called [the claims] absurd", "[reports] are false"
        if lemma in _VERDICT_VERBS and lower.dep_ in _JUDGED_DEPS:
            for child in token.children:
                if child in chain or child.dep_ not in _VERDICT_DEPS:
                    continue
                if child.dep_ == "prep" and child.lower_ != "as":
                    continue
                for word in child.subtree:
                    if _is_falsity(word):
                        return word
            verdict = _as_verdict_after(lower) if lower.dep_ == "dobj" else None
            if verdict is not None:
                return verdict
    return None


def _is_push_back(token: Token) -> bool:
    """'pushed back on accusations that ...': a denial in two words."""
    return _lemma(token) == "push" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in token.children)


def _is_falsity(word: Token) -> bool:
    return _lemma(word) in FALSITY_LEMMAS or word.lower_ in FALSITY_LEMMAS


def _as_verdict_after(judged: Token) -> Token | None:
    """'described [reports of a deal] as "absurd"' where the parse hung the 'as' elsewhere."""
    doc = judged.doc
    position = judged.right_edge.i + 1
    words = [t for t in doc[position : position + 5] if not t.is_punct and not t.is_quote]
    if not words or words[0].lower_ != "as":
        return None
    verdict = [w for w in words[1:] if w.lower_ not in ("a", "an", "being", "completely", "totally", "utterly")]
    return verdict[0] if verdict and _is_falsity(verdict[0]) else None


def _headline_infinitive(token: Token) -> Token | None:
    """'Germany to get air defence from Israel': a headline's bare to-infinitive announces a plan.

    Only nouns may stand above the infinitive: "the first country to recognise"
    inside "Pyongyang became the first country to recognise" is no plan.
    """
    marker = next((c for c in token.children if c.dep_ == "aux" and c.tag_ == "TO"), None)
    if marker is None or token.pos_ not in ("VERB", "AUX"):
        return None
    if any(head.pos_ not in ("NOUN", "PROPN") for head in token.ancestors):
        return None
    before = token.doc[marker.i - 1] if marker.i > 0 else None
    if before is not None and (_lemma(before) in SPECULATIVE_LEMMAS or _lemma(before) in PLANNED_LEMMAS):
        return None  # "Germany hesitant to send" (often mis-tagged a noun): the adjective decides
    return marker


def _chain_words(chain: list[Token]) -> list[list[Token]]:
    """For each level of the chain, the words that qualify it: itself first, then its modifiers."""
    levels = []
    for level, token in enumerate(chain):
        words = [token]
        for child in token.children:
            if child.dep_ in _MODIFIER_DEPS and child not in chain:
                words.append(child)
        levels.append(words)
    return levels


def _negation_reading(chain: list[Token]) -> StatusReading | None:
    """The status a negated predicate takes, or None when the predicate is not negated."""
    clause = [chain[0]]
    for lower, upper in zip(chain, chain[1:]):
        if lower.dep_ not in ("xcomp", "pobj", "pcomp", "prep", "dobj", "nsubj", "nsubjpass", "compound", "amod"):
            break
        if _lemma(upper) in SPEECH_LEMMAS:
            break
        clause.append(upper)
    negation = next((_is_negated(t) for t in clause if _is_negated(t) is not None and _lemma(t) not in HALT_LEMMAS), None)
    if negation is None:
        return None
    condition = next((c for c in map(_is_conditional, clause) if c is not None), None)
    if condition is not None:
        return StatusReading("speculative", f"{negation.text} ... {condition.text}")
    # "must not supply", "should not send": a warning about a transfer (GUIDE: speculative)
    for token in clause:
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in _WARNING_MODALS:
                return StatusReading("speculative", f"{child.text} {negation.text}")
    above = chain[len(clause):]
    for token in above:
        doubt = _is_negated(token)
        if doubt is not None and _lemma(token) in _BELIEF_LEMMAS:
            return StatusReading("speculative", f"{doubt.text} {token.text}")
        if _lemma(token) in SPEECH_LEMMAS or _lemma(token) in DENIAL_LEMMAS:
            return StatusReading("denied", f"{token.text} ... {negation.text}")
    return StatusReading(None, negation.text)


def speech_aside(token: Token) -> Token | None:
    """'..., the minister said, while ...': a verb of saying the parse hung beside the clause."""
    return next((c for c in token.children if c.dep_ == "parataxis" and _lemma(c) in SPEECH_LEMMAS), None)


def _negated_belief(chain: list[Token]) -> StatusReading | None:
    """'he did not think X would sell': whatever a negated belief governs is a guess."""
    for token in chain[1:]:
        negation = _is_negated(token)
        if negation is not None and _lemma(token) in _BELIEF_LEMMAS:
            return StatusReading("speculative", f"{negation.text} {token.text}")
    return None


def _modal_reading(chain: list[Token], levels: list[list[Token]]) -> StatusReading | None:
    """The nearest speculative or planned cue; 'would' and deals decide only when nothing stronger governs."""
    weak: list[tuple[str, Token]] = []
    for level, words in enumerate(levels):
        token = chain[level]
        headline = _headline_infinitive(token)
        if headline is not None:
            return StatusReading("planned", f"{headline.text} {token.text}")
        condition = _is_conditional(token)
        if condition is not None and condition.lower_ not in _CONDITION_PREPS:
            return StatusReading("speculative", condition.text)
        found: dict[str, Token] = {}
        for word in words:
            kind = _word_class(word, level, word == token)
            if kind is not None and kind not in found:
                found[kind] = word
        if "speculative" in found:
            return StatusReading("speculative", found["speculative"].text)
        if "planned" in found:
            return StatusReading("planned", found["planned"].text)
        for kind in ("would", "deal"):
            if kind in found:
                weak.append((kind, found[kind]))
        if weak and weak[0][0] == "would" and _lemma(token) in _REPORTING_FOR_BACKSHIFT and level > 0:
            return StatusReading("planned", f"{token.text} ... {weak[0][1].text}")
    if any(kind == "deal" for kind, _ in weak):
        word = next(w for kind, w in weak if kind == "deal")
        return StatusReading("planned", word.text)
    if weak:
        return StatusReading("speculative", weak[0][1].text)
    return None


def _attribution_reading(sentence: Span, chain: list[Token], levels: list[list[Token]]) -> StatusReading | None:
    """A hedge or a speaker above the predicate, 'according to' or a headline's ', X says'."""
    for level, words in enumerate(levels):
        for word in words:
            if _word_class(word, level, word == chain[level]) == "hedge":
                return StatusReading("reported", word.text)
        if level > 0 and _lemma(chain[level]) in SPEECH_LEMMAS and chain[level - 1].dep_ not in ("conj", "appos", "cc"):
            return StatusReading("reported", chain[level].text)
        aside = speech_aside(chain[level])
        if aside is not None:
            return StatusReading("reported", aside.text)
        if level > 0 and chain[level].dep_ == "xcomp" and _lemma(chain[level]) in ("believe", "say", "think", "understand"):
            return StatusReading("reported", chain[level].text)
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end and token.doc[token.i + 1].lower_ == "to":
            return StatusReading("reported", "according to")
    trailing = _TRAILING_SPEAKER.search(sentence.text)
    if trailing and sentence.start_char + trailing.start() > chain[0].idx:
        return StatusReading("reported", trailing.group(1))
    return None


def _is_question(sentence: Span, predicate: Token) -> bool:
    """'Will Moscow send troops?', 'Has Iran sold drones to Russia?': a question asserts nothing."""
    after = sentence.doc[predicate.i : sentence.end]
    return any(t.text == "?" for t in after) and not any(t.text in (".", "!") for t in after)


def classify_status(sentence: Span, predicate: Token) -> StatusReading:
    """The status of the transfer whose predicate is ``predicate`` in ``sentence``."""
    chain = governing_chain(sentence, predicate)
    levels = _chain_words(chain)
    refusal = _is_refusal(chain)
    if refusal is not None:
        return StatusReading(None, refusal.text)
    denial = _is_denial(chain)
    if denial is not None:
        return StatusReading("denied", denial.text)
    negated = _negation_reading(chain)
    if negated is not None:
        return negated
    doubted = _negated_belief(chain)
    if doubted is not None:
        return doubted
    modal = _modal_reading(chain, levels)
    if _is_question(sentence, predicate):
        # GUIDE: a reporter's question stating a transfer is reported; asking about a plan is a guess
        return StatusReading("reported" if modal is None else "speculative", "?")
    return modal or _attribution_reading(sentence, chain, levels) or StatusReading("asserted", "")
