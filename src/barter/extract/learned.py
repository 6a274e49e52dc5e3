"""The learned layer: the rules propose, a trained linear model decides.

The rules (frames.py) are precise on the constructions they know and blind
elsewhere.  Here they become a candidate generator:

1. ``propose(sent, rule_candidates)``: the rules' candidates plus RECALL
   candidates, every ordered pair of distinct states in the sentence (named,
   or a pronoun coref.py resolves: a government's "we", "it", "the country")
   crossed with every category the sentence's items name (and
   diplomatic_support / aid / arms for vote, back, aid words);
2. ``features(candidate, rule_keys, user_data)``: generalisable facts about a
   candidate (lemmas, dependency labels, prepositions, paths), never its words
   in sequence;
3. ``LearnedLayer.decide``: a logistic model over those features (weights in
   models/claim-model.json, written by ``barter train``) keeps the candidates
   above its threshold (one for the rules' candidates, one for recall
   candidates), the best one per (giver, receiver, category) per sentence.
   Rule candidates of a frame training saw too rarely to judge (a UN vote)
   are kept as the rules read them.

Inference is dictionary look-ups in pure Python: no pickle, no scikit-learn
at run time.  A model file that is missing, truncated, altered or of another
format raises ``ModelUnavailable`` (one line naming the file and how to
rebuild it); the extractor then warns once and reads with the rules alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from barter.extract import coref
from barter.extract.actors import ACTORS_KEY, ORGANISATION_LABEL
from barter.extract.frames import Candidate, load_cues
from barter.extract.items import ITEMS_KEY

log = logging.getLogger(__name__)

MODEL_FORMAT = "barter-claim-model"
MODEL_VERSION = 1
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "claim-model.json"
EXTRACTOR_NAME = "rules+model"
PROPOSED_FRAME = "proposed"

ROLE_PREPS = {"to", "from", "for", "with", "by", "against", "in", "into", "of", "between", "on", "over", "toward",
              "towards", "despite", "amid", "after", "via", "through"}
NEGATIVE_WORDS = {"sanction", "attack", "strike", "condemn", "meet", "meeting", "talk", "ban", "tariff", "summit",
                  "visit", "invade", "invasion", "war", "kill", "shoot", "fire", "launch", "accuse", "threaten",
                  "criticise", "criticize", "seize", "block", "embargo", "restrict", "warn"}
REPORTING_WORDS = {"say", "tell", "report", "claim", "accuse", "allege", "according", "believe", "suspect",
                   "deny", "state", "announce", "confirm", "add", "note", "warn", "suggest", "reportedly",
                   "allegedly", "show"}
MODAL_WORDS = {"could", "would", "might", "may", "will", "shall", "should", "can", "plan", "intend", "agree",
               "promise", "pledge", "consider", "discuss", "seek", "want", "offer", "propose", "possible"}
NEGATION_WORDS = {"not", "no", "never", "n't", "without", "deny", "reject", "refuse"}
SUPPORT_WORDS = {"vote", "veto", "recognise", "recognize", "back", "support", "defend", "shield", "protect",
                 "endorse", "abstain"}
AID_WORDS = {"aid", "assistance", "support", "help", "relief", "package"}
# first-person and anaphoric words whose state coref.py resolves
REFERRING_KIND = "coref"
MAX_PATH = 4


class ModelUnavailable(RuntimeError):
    """The model file cannot be used; the message is one line naming it and how to rebuild it."""


# --- proposing ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    code: str
    start: int  # token range in the doc
    end: int
    kind: str  # the gazetteer kind ("state", "demonym", ...) or "coref"

    @property
    def root_index(self) -> int:
        return self.end - 1

    @property
    def in_text(self) -> bool:
        return self.start >= 0


CONTEXT_KINDS = ("context:speaker", "context:previous", "context:document")


def context_mentions(sent: Span, named: set[str]) -> list[Mention]:
    """States the sentence leaves implicit: the government speaking, the sentence before, the article's main two.

    "Aid to Ukraine will not come until January" in a White House text: the giver is the speaker.
    """
    data = sent.doc.user_data
    found: dict[str, str] = {}
    speaker = data.get("speaker_state")
    if speaker:
        found.setdefault(speaker, CONTEXT_KINDS[0])
    for code in data.get("previous_states", ()) or ():
        found.setdefault(code, CONTEXT_KINDS[1])
    counts = data.get("state_counts", {}) or {}
    for code, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]:
        found.setdefault(code, CONTEXT_KINDS[2])
    return [Mention(code, -1, -1, kind) for code, kind in sorted(found.items()) if code not in named]


def mentions_of(sent: Span) -> list[Mention]:
    """Every state the sentence names or refers to, in order."""
    found = [Mention(span.label_, span.start, span.end, span.kb_id_ or "state")
             for span in sent.doc.spans.get(ACTORS_KEY, [])
             if span.start >= sent.start and span.end <= sent.end and span.label_ != ORGANISATION_LABEL]
    try:
        resolved = coref.resolve(sent)
    except Exception:  # noqa: BLE001 - coref is an aid to recall, never a reason to stop reading
        resolved = {}
    for index, codes in sorted(resolved.items()):
        for code in codes:
            found.append(Mention(code, index, index + 1, REFERRING_KIND))
    return sorted(found, key=lambda m: (m.start, m.code))


def _items_of(sent: Span) -> list[Span]:
    return [span for span in sent.doc.spans.get(ITEMS_KEY, [])
            if span.start >= sent.start and span.end <= sent.end]


def proposed_categories(sent: Span) -> dict[str, Span | None]:
    """Category -> the item naming it (None for an act word), for the recall candidates."""
    categories: dict[str, Span | None] = {}
    for item in _items_of(sent):
        categories.setdefault(item.label_, item)
    lemmas = _words(sent).lemmas
    if lemmas & SUPPORT_WORDS:
        categories.setdefault("diplomatic_support", None)
    if lemmas & AID_WORDS:
        categories.setdefault("aid", None)
        categories.setdefault("arms", None)
    return categories


@dataclass(frozen=True)
class SentenceWords:
    """What every candidate of a sentence asks of its words: read once per sentence, not per candidate."""

    lemmas: frozenset[str]
    lowers: frozenset[str]
    cue_tokens: tuple[Token, ...]


def _words(sent: Span) -> SentenceWords:
    key = ("barter_sentence_words", sent.start, sent.end)
    found = sent.doc.user_data.get(key)
    if found is None:
        tokens = list(sent)
        found = SentenceWords(
            lemmas=frozenset(t.lemma_.lower() for t in tokens),
            lowers=frozenset(t.lower_ for t in tokens),
            cue_tokens=tuple(t for t in tokens if t.lemma_.lower() in _cue_lemmas()
                             and t.pos_ in ("VERB", "NOUN", "AUX", "ADJ")),
        )
        sent.doc.user_data[key] = found
    return found


@lru_cache(maxsize=1)
def _cue_lemmas() -> frozenset[str]:
    return load_cues().all_lemmas() | frozenset(SUPPORT_WORDS) | frozenset(AID_WORDS)


def _choose_cue(sent: Span, giver: Mention, receiver: Mention, item: Span | None) -> Token:
    """The cue word nearest the item and both states; else the word joining the states; else the root."""
    present = [m for m in (giver, receiver) if m.in_text]
    anchors = [m.root_index for m in present] + ([item.end - 1] if item is not None else [])
    cues = [t for t in _words(sent).cue_tokens if not any(m.start <= t.i < m.end for m in present)]
    if cues:
        return min(cues, key=lambda t: (sum(abs(t.i - a) for a in anchors), t.i))
    doc = sent.doc
    if len(present) == 2:
        joining = _lowest_common_ancestor(doc[giver.root_index], doc[receiver.root_index])
        if joining is not None:
            return joining
    if present:
        return doc[present[0].root_index].head
    return sent.root


def _lowest_common_ancestor(a: Token, b: Token) -> Token | None:
    above_a = [a] + list(a.ancestors)
    above_b = {t.i for t in [b] + list(b.ancestors)}
    for token in above_a:
        if token.i in above_b:
            return token
    return None


def propose(sent: Span, rule_candidates: Iterable[Candidate]) -> list[Candidate]:
    """The rule candidates, then one recall candidate per (giver, receiver, category) the rules did not give."""
    rules = list(rule_candidates)
    if sent.doc.user_data.get("worth_parsing") is False:
        # a sentence the gate would not parse (read only with the gate off): proposing here would make
        # the claims depend on the gate, which must only decide how much is parsed
        return rules
    taken = {(c.giver, c.receiver, c.category) for c in rules}
    mentions = mentions_of(sent)
    named = {m.code for m in mentions}
    if not named:
        return rules
    mentions += context_mentions(sent, named)
    categories = proposed_categories(sent)
    proposed: list[Candidate] = []
    codes = sorted({m.code for m in mentions})
    for giver in codes:
        for receiver in codes:
            if giver == receiver or (giver not in named and receiver not in named):
                continue
            for category, item in sorted(categories.items()):
                if (giver, receiver, category) in taken:
                    continue
                g, r = _nearest_pair(mentions, giver, receiver, item)
                cue = _choose_cue(sent, g, r, item)
                proposed.append(Candidate(giver=giver, receiver=receiver, category=category, item=item,
                                          predicate=cue, evidence=(sent.start, sent.end), sentence=sent,
                                          frame=PROPOSED_FRAME, confidence=0.0))
                taken.add((giver, receiver, category))
    return rules + proposed


def _nearest_pair(mentions: list[Mention], giver: str, receiver: str, item: Span | None) -> tuple[Mention, Mention]:
    anchor = item.start if item is not None else None
    givers = [m for m in mentions if m.code == giver]
    receivers = [m for m in mentions if m.code == receiver]

    def distance(pair: tuple[Mention, Mention]) -> tuple[int, int]:
        present = [m for m in pair if m.in_text]
        spread = abs(present[0].start - present[-1].start)
        if anchor is not None:
            spread += sum(abs(m.start - anchor) for m in present)
        return spread, pair[0].start

    return min(((g, r) for g in givers for r in receivers), key=distance)


# --- features ----------------------------------------------------------------------------

def _mention_for(candidate: Candidate, code: str, mentions: list[Mention], exclude: Mention | None) -> Mention | None:
    """The mention of ``code`` nearest the cue (another one than ``exclude``)."""
    options = [m for m in mentions if m.code == code and m != exclude]
    if not options:
        return None
    cue = candidate.predicate.i
    return min(options, key=lambda m: (not m.in_text, abs(m.root_index - cue), m.start))


def _head_of(doc, mention: Mention) -> Token:
    """The syntactic head of a mention: the token whose head lies outside it."""
    tokens = [doc[i] for i in range(mention.start, mention.end)]
    for token in tokens:
        if not mention.start <= token.head.i < mention.end or token.head.i == token.i:
            return token
    return tokens[-1]


def _role(head: Token) -> tuple[str, str]:
    """(dependency, governing preposition) of a mention: ("pobj", "to"), ("nsubj", "")."""
    dep = head.dep_
    prep = ""
    if dep == "pobj" and head.head.dep_ in ("prep", "agent", "dative"):
        prep = head.head.lemma_.lower()
        if prep not in ROLE_PREPS:
            prep = "other"
    elif dep in ("compound", "amod", "poss", "nmod") and head.head.dep_ == "pobj" and head.head.head.dep_ in ("prep", "agent"):
        prep = head.head.head.lemma_.lower()
        prep = prep if prep in ROLE_PREPS else "other"
        dep = f"{dep}>pobj"
    return dep, prep


def _path(a: Token, b: Token) -> str:
    """The dependency path from a to b: "up^deps|top lemma|downvdeps"; "long" past MAX_PATH arcs."""
    top = _lowest_common_ancestor(a, b)
    if top is None:
        return "none"
    up, down = [], []
    token = a
    while token.i != top.i:
        up.append(token.dep_)
        token = token.head
    token = b
    while token.i != top.i:
        down.append(token.dep_)
        token = token.head
    if len(up) + len(down) > MAX_PATH:
        return "long"
    return "^".join(up) + "|" + top.lemma_.lower() + "|" + "v".join(reversed(down))


def features(candidate: Candidate, rule_keys: Mapping[tuple[str, str, str], str] | set, user_data: Mapping,
             mentions: list[Mention] | None = None) -> dict[str, float]:
    """Named feature values of one candidate (binary ones as ``name=value``: 1.0).

    ``mentions``: the sentence's ``mentions_of``, when the caller reads many candidates of one sentence.
    """
    sent = candidate.sentence
    doc = sent.doc
    cue = candidate.predicate
    key = (candidate.giver, candidate.receiver, candidate.category)
    f: dict[str, float] = {}

    def on(name: str, value: object = None) -> None:
        f[name if value is None else f"{name}={value}"] = 1.0

    from_rule = candidate.frame != PROPOSED_FRAME
    on("rule", from_rule)
    if from_rule:
        on("frame", candidate.frame)
    elif key in rule_keys:
        on("rule_key")
    reversed_key = (candidate.receiver, candidate.giver, candidate.category)
    if reversed_key in rule_keys:
        on("rule_reversed")
    if any(k[:2] == key[:2] for k in rule_keys):
        on("rule_pair_other_category")
    on("category", candidate.category)

    mentions = list(mentions) if mentions is not None else mentions_of(sent)
    named = {m.code for m in mentions}
    mentions += context_mentions(sent, named)
    giver = _mention_for(candidate, candidate.giver, mentions, None)
    receiver = _mention_for(candidate, candidate.receiver, mentions, giver)
    cue_lemma = cue.lemma_.lower()
    on("cue", cue_lemma)
    on("cue_pos", cue.pos_)
    on("cue_dep", cue.dep_)
    on("cue_category", f"{cue_lemma}|{candidate.category}")
    roles = []
    for name, mention in (("giver", giver), ("receiver", receiver)):
        if mention is None:
            on(f"{name}_missing")
            roles.append("missing")
            continue
        if not mention.in_text:
            on(f"{name}_kind", mention.kind)
            roles.append(mention.kind)
            continue
        head = _head_of(doc, mention)
        dep, prep = _role(head)
        on(f"{name}_dep", dep)
        on(f"{name}_prep", prep or "none")
        on(f"{name}_kind", mention.kind)
        roles.append(f"{dep}:{prep}")
        on(f"{name}_path", _path(head, cue))
        on(f"{name}_headlemma", head.head.lemma_.lower())
        distance = abs(mention.root_index - cue.i)
        on(f"{name}_distance", "0-2" if distance <= 2 else "3-5" if distance <= 5 else "6-10" if distance <= 10 else "11+")
        if mention.kind == REFERRING_KIND:
            on(f"{name}_word", doc[mention.start].lower_)
    on("roles", "|".join(roles))
    on("roles_category", "|".join(roles) + "|" + candidate.category)
    if giver is not None and receiver is not None and giver.in_text and receiver.in_text:
        on("order", "giver_first" if giver.start < receiver.start else "receiver_first")
        on("pair_path", _path(_head_of(doc, giver), _head_of(doc, receiver)))
    if candidate.item is not None:
        item = candidate.item
        term = item.kb_id_ or item.text.lower()
        on("item", term.lower())
        on("item_dep", item.root.dep_)
        on("item_path", _path(item.root, cue))
        modifiers = [t for t in item.root.children if t.dep_ in ("amod", "compound", "poss", "nmod")]
        for mention, name in ((giver, "giver"), (receiver, "receiver")):
            if mention is not None and mention.in_text and any(mention.start <= t.i < mention.end for t in modifiers):
                on(f"item_modified_by_{name}")
    else:
        on("item_none")
    lemmas, lowers = _words(sent).lemmas, _words(sent).lowers
    for word in sorted(lemmas & NEGATIVE_WORDS):
        on("negative", word)
    if lemmas & REPORTING_WORDS or lowers & REPORTING_WORDS:
        on("reporting")
    for word in sorted((lemmas | lowers) & MODAL_WORDS):
        on("modal", word)
    if lemmas & NEGATION_WORDS or lowers & NEGATION_WORDS:
        on("negation")
    if lemmas & SUPPORT_WORDS:
        on("support_word")
    if not sent[-1].is_punct:
        on("headline_like")
    speaker = user_data.get("speaker_state")
    if speaker:
        on("speaker_is", "giver" if speaker == candidate.giver else "receiver" if speaker == candidate.receiver else "other")
    states = len(named)
    on("states_in_sentence", str(min(states, 4)))
    return f


# --- the model ---------------------------------------------------------------------------

def canonical_json(payload: Mapping) -> str:
    """The one serialisation checksums and files use: sorted keys, no spaces wasted."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checksum_of(payload: Mapping) -> str:
    body = {k: v for k, v in payload.items() if k != "checksum"}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _unavailable(path: Path, why: str) -> ModelUnavailable:
    return ModelUnavailable(f"{path}: {why}; rebuild it with `barter train`")


@dataclass(frozen=True)
class LearnedLayer:
    weights: Mapping[str, float]
    bias: float
    threshold: float
    path: Path
    name: str = EXTRACTOR_NAME
    rule_threshold: float | None = None  # for the rules' own candidates; None: ``threshold``
    # the rule frames seen often enough in training for the model to overrule; None: all of them.
    # A rule candidate of another frame (a UN vote, when training held none) is kept as the rules read it.
    decided_frames: frozenset[str] | None = None

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> LearnedLayer:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _unavailable(path, "model file is missing") from None
        except (OSError, UnicodeDecodeError) as error:
            raise _unavailable(path, f"model file cannot be read ({type(error).__name__})") from None
        try:
            payload = json.loads(text)
        except json.JSONDecodeError:
            raise _unavailable(path, "model file is truncated or not JSON") from None
        if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
            raise _unavailable(path, f"not a {MODEL_FORMAT} file")
        if payload.get("version") != MODEL_VERSION:
            raise _unavailable(path, f"model version {payload.get('version')!r}, this barter reads version {MODEL_VERSION}")
        if payload.get("checksum") != checksum_of(payload):
            raise _unavailable(path, "checksum mismatch (the file was altered or cut)")
        try:
            weights = {str(k): float(v) for k, v in payload["features"].items()}
            rule_threshold = payload.get("rule_threshold")
            decided = payload.get("decided_frames")
            return cls(weights, float(payload["bias"]), float(payload["threshold"]), path,
                       rule_threshold=None if rule_threshold is None else float(rule_threshold),
                       decided_frames=None if decided is None else frozenset(str(f) for f in decided))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _unavailable(path, "model file lacks features, bias or threshold") from None

    def probability(self, values: Mapping[str, float]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        if score >= 0:
            return 1.0 / (1.0 + math.exp(-score))
        odds = math.exp(score)
        return odds / (1.0 + odds)

    def decide(self, candidates: list[Candidate], user_data: Mapping) -> list[tuple[Candidate, float]]:
        """The candidates kept with their confidence: the best per (giver, receiver, category).

        Confidence is the model's probability, or the rules' own confidence for a
        rule frame the model was not trained to overrule.
        """
        rule_keys = {(c.giver, c.receiver, c.category): c.frame for c in candidates if c.frame != PROPOSED_FRAME}
        best: dict[tuple, tuple[tuple[bool, float], Candidate, float]] = {}
        mentions: dict[tuple[int, int], list[Mention]] = {}
        for candidate in candidates:
            sent = candidate.sentence
            if (sent.start, sent.end) not in mentions:
                mentions[sent.start, sent.end] = mentions_of(sent)
            p = self.probability(features(candidate, rule_keys, user_data, mentions[sent.start, sent.end]))
            from_rule = candidate.frame != PROPOSED_FRAME
            if from_rule and self.decided_frames is not None and candidate.frame not in self.decided_frames:
                rank, confidence = (True, p), candidate.confidence
            elif p >= (self.rule_threshold if from_rule and self.rule_threshold is not None else self.threshold):
                rank, confidence = (False, p), p
            else:
                continue
            key = (candidate.sentence.start, candidate.giver, candidate.receiver, candidate.category)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, candidate, confidence)
        return [(candidate, confidence) for _, candidate, confidence in best.values()]

    def read(self, sent: Span, rule_candidates: list[Candidate]) -> list[Candidate]:
        """The sentence's claims as the model decides them, confidence = its probability."""
        try:
            decided = self.decide(propose(sent, rule_candidates), sent.doc.user_data)
        except Exception as error:  # noqa: BLE001 - one odd parse must not stop a batch; the rules' reading stays
            log.warning("%s: learned layer failed on a sentence (%s); kept the rules' candidates",
                        sent.doc.user_data.get("doc_id", "?"), error)
            return list(rule_candidates)
        return [replace(candidate, confidence=round(p, 4)) for candidate, p in decided]


_loaded: dict[str, LearnedLayer | None] = {}
_model_file: dict[str, Path] = {"path": MODEL_PATH}


def use_model_file(path: Path | str | None) -> None:
    """Read the model from ``path`` from now on (None: the shipped one)."""
    _model_file["path"] = Path(path) if path is not None else MODEL_PATH
    _loaded.clear()


def layer_for(path: Path | str | None = None) -> LearnedLayer | None:
    """The model layer, or None (warned once per file) when its model cannot be used."""
    key = str(path if path is not None else _model_file["path"])
    if key not in _loaded:
        try:
            _loaded[key] = LearnedLayer.load(key)
        except ModelUnavailable as error:
            log.warning("%s; extracting with the rules alone", error)
            _loaded[key] = None
    return _loaded[key]


def forget_loaded() -> None:
    """Load model files afresh (after ``barter train`` wrote one, or in tests)."""
    _loaded.clear()
