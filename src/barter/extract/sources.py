"""According to whom: the states a claim is attributed to.

A claim's source is whoever the text says it from (../shared/eval/GUIDE.md,
"sources"): the subject of a verb of saying or knowing that governs the
predicate ("U.S. officials said ...", "Seoul's spy agency believes ..."), the
object of "according to", or the speaker of a headline's trailing ", X says".
A denial's source is the denier.  Each speaker is resolved to the state it
speaks for, from the actor spans the pipeline marked (``doc.spans["actors"]``,
label = state code) inside the speaker's phrase, else from the gazetteer.

Only states are sources: a news outlet, a think tank, an international
organisation (label "ORG"), a reporter or an unresolved "he" is left out, and
a claim in the article's own voice has no source at all: ``()``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from barter.extract.status import (
    DENIAL_LEMMAS,
    NON_STATE_SPEAKERS,
    SIDE_LINKS,
    SPEECH_LEMMAS,
    US_CONGRESS_CHAMBERS,
    US_CONGRESS_OFFICES,
    governing_chain,
    speech_aside,
)
from barter.records import Source

__all__ = ["attribute", "speaker_source"]

ACTORS_KEY = "actors"
# Labels of actor spans that are not states.
_NOT_STATES = frozenset({"ORG", ""})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def _actor_spans(doc: Any) -> list[Span]:
    return list(doc.spans[ACTORS_KEY]) if ACTORS_KEY in doc.spans else []


def _depth_from(head: Token, token: Token) -> int:
    """How many arcs up from ``token`` to ``head`` (large when ``head`` does not govern it)."""
    depth = 0
    while token.i != head.i:
        if token.head.i == token.i:
            return 99
        token = token.head
        depth += 1
    return depth


def _phrase_tokens(head: Token) -> list[Token]:
    """The speaker's phrase: the head's subtree without relative clauses, co-speakers or trailing punctuation."""
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "conj", "cc"):
            dropped.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in dropped]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
        tokens.pop(0)
    return tokens


@lru_cache(maxsize=1)
def _gazetteer() -> Any | None:
    """The gazetteer if it can be loaded; a speaker without an actor span is then looked up in it."""
    try:
        import importlib  # noqa: PLC0415 - the gazetteer is optional here

        return importlib.import_module("barter.gazetteer").load()
    except Exception:  # noqa: BLE001 - a missing or broken gazetteer only costs the fallback
        return None


def _code_from_gazetteer(tokens: list[Token], gazetteer: Any | None) -> str | None:
    """The state a phrase names by the gazetteer's lookup, for a speaker the actor spans missed."""
    lookup = gazetteer if gazetteer is not None else _gazetteer()
    if lookup is None or not tokens:
        return None
    words = [t for t in tokens if not t.is_punct]
    for size in range(min(4, len(words)), 0, -1):
        for index in range(len(words) - size + 1):
            window = words[index : index + size]
            if not any(t.pos_ in ("PROPN", "ADJ") or t.text[:1].isupper() for t in window):
                continue
            surface = window[0].doc[window[0].i : window[-1].i + 1].text
            try:
                form = lookup.lookup(surface)
            except Exception:  # noqa: BLE001
                return None
            code = getattr(form, "code", None) if form is not None else None
            if code and code not in _NOT_STATES and not getattr(form, "ambiguous", False):
                return code
    return None


def speaker_source(head: Token, gazetteer: Any | None = None) -> Source | None:
    """The state the phrase headed by ``head`` speaks for, or None when it is not a state.

    ``gazetteer`` (``.lookup(surface)``) resolves a phrase without an actor span;
    by default ``barter.gazetteer.load()`` when it is installed.
    """
    tokens = _phrase_tokens(head)
    if not tokens or head.pos_ == "PRON":
        return None
    doc = head.doc
    name = doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,;:\"'“”‘’")
    if head.lower_ in NON_STATE_SPEAKERS or _lemma(head) in NON_STATE_SPEAKERS:
        return None
    indices = {t.i for t in tokens}
    candidates = []
    for span in _actor_spans(doc):
        inside = [t for t in span if t.i in indices]
        if not inside:
            continue
        depth = min(_depth_from(head, t) for t in inside)
        # a title's state outranks a name: "South Korea's minister, Kim ..." is not North Korea's Kim
        candidates.append((span.kb_id_ == "person", depth, span.start, span))
    if candidates:
        span = min(candidates, key=lambda c: c[:3])[3]
        if span.label_ in _NOT_STATES:
            return None
        return Source(name=name, code=span.label_)
    code = _code_from_gazetteer(tokens, gazetteer) or _us_congress(tokens)
    return Source(name=name, code=code) if code else None


def _named_official(head: Token) -> Source | None:
    """A person named only by name ("General Rajmund Andrzejczak said") speaks for the one state whose
    officials the document names elsewhere ("says Polish general"): ``doc.user_data["officials_state"]``."""
    code = head.doc.user_data.get("officials_state")
    if not code or head.pos_ != "PROPN":
        return None
    tokens = _phrase_tokens(head)
    if not _is_personal_name(tokens):
        return None
    name = head.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,;:\"'“”‘’")
    return Source(name=name, code=code)


def _is_personal_name(tokens: list[Token]) -> bool:
    """'Rajmund T. Andrzejczak', 'General Rajmund Andrzejczak': two or more capitalised names, no article,
    no outlet or agency word ('Bloomberg News', 'the Guardian' are no person)."""
    words = [t for t in tokens if not t.is_punct]
    if len(words) < 2 or any(t.pos_ not in ("PROPN",) or not t.text[:1].isupper() for t in words):
        return False
    return not any(t.lower_ in NON_STATE_SPEAKERS or _lemma(t) in NON_STATE_SPEAKERS for t in words)


def _us_congress(tokens: list[Token]) -> str | None:
    """'a House Republican', 'Senate Intelligence Committee chairman': a member of the US Congress."""
    chamber = any(t.lower_ in US_CONGRESS_CHAMBERS and t.text[:1].isupper() for t in tokens)
    office = any(t.lower_ in US_CONGRESS_OFFICES for t in tokens)
    white_house = any(t.lower_ == "white" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "house" for t in tokens)
    return "USA" if chamber and office and not white_house else None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _speakers_on_chain(chain: list[Token]) -> list[Token]:
    """Subjects (or 'by' agents) of the verbs of saying and denying above the predicate."""
    speakers: list[Token] = []
    for lower, token in zip([None, *chain], chain):
        aside = speech_aside(token)
        if aside is not None:
            speakers.extend(c for c in aside.children if c.dep_ in ("nsubj", "csubj"))
        if lower is None or (_lemma(token) not in SPEECH_LEMMAS and _lemma(token) not in DENIAL_LEMMAS):
            continue
        if lower.dep_ in ("conj", "appos", "cc") or (lower.dep_ in SIDE_LINKS and _lemma(token) in DENIAL_LEMMAS):
            continue  # a clause beside the verb, not under it
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) or _accused_headline(token)
        speakers.extend(_cited(token))
        for child in token.children:
            if child.dep_ in ("nsubj", "csubj") and child not in chain and not passive:
                speakers.append(child)
            if child.dep_ == "agent":
                speakers.extend(g for g in child.children if g.dep_ == "pobj")
    return speakers


def _cited(token: Token) -> list[Token]:
    """'Reuters reported, citing U.S. officials': whoever an outlet cites speaks too."""
    return [obj for child in token.children if _lemma(child) in ("cite", "quote") and child.dep_ in ("advcl", "xcomp", "conj")
            for obj in child.children if obj.dep_ == "dobj"]


def _accused_headline(token: Token) -> bool:
    """'Moscow accused of sourcing parts': a headline's passive without 'is' - Moscow is accused, not accusing."""
    # "The US accused Moscow of ..." names the accused as object; without one, the subject is the accused
    return _lemma(token) in ("accuse", "charge", "suspect") and not any(c.dep_ in ("dobj", "aux") for c in token.children)


def _according_to(sentence: Span) -> list[Token]:
    """The objects of 'according to' anywhere in the sentence."""
    speakers: list[Token] = []
    for token in sentence:
        if token.lower_ != "according":
            continue
        for to in token.children:
            if to.lower_ == "to":
                speakers.extend(o for o in to.children if o.dep_ == "pobj")
        if not speakers and token.i + 2 < sentence.end and token.nbor(1).lower_ == "to":
            speakers.append(token.nbor(2))
    return speakers


def _trailing_speaker(sentence: Span, predicate: Token) -> list[Token]:
    """A headline's ', X says' whose verb the parse did not put above the predicate."""
    root = sentence.root
    if root.i <= predicate.i or _lemma(root) not in SPEECH_LEMMAS:
        return []
    return [c for c in root.children if c.dep_ in _SUBJECT_DEPS]


def attribute(sentence: Span, predicate: Token, gazetteer: Any | None = None) -> tuple[Source, ...]:
    """The states the transfer at ``predicate`` is attributed to, nearest speaker first; () for the article's own voice."""
    chain = governing_chain(sentence, predicate)
    speakers = _speakers_on_chain(chain) + _according_to(sentence)
    if not speakers:
        speakers = _trailing_speaker(sentence, predicate)
    sources: list[Source] = []
    for speaker in [c for s in speakers for c in (s, *s.conjuncts)]:  # "the US and South Korea said"
        source = speaker_source(speaker, gazetteer) or _named_official(speaker)
        if source is not None and source.code not in {s.code for s in sources}:
            sources.append(source)
    return tuple(sources)
