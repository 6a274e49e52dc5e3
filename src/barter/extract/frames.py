"""Transfer candidates read off one parsed sentence by dependency paths.

A candidate needs three things linked in the parse, never mere co-occurrence:
an ITEM (doc.spans["items"]) or a diplomatic act, a CUE that makes it a
transfer (a verb or noun of data/cues.yaml), and the two STATES the cue's
frame assigns as giver and receiver (doc.spans["actors"], or a word coref
resolves).  How each frame reads its roles is in data/cues.yaml; the
conventions the annotation guide settles (arms deals between Russia and its
suppliers go to Russia; weapons of one state used by another were given) are
data there too.

The result is a list of ``Candidate``: who, to whom, what category, which
item and cue tokens, and the token range of the evidence.  Turning it into a
``Claim`` (status, sources, quantity, when) is the package's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

# libyaml's loader when installed: the same safe subset, ten times faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from spacy.tokens import Span, Token

from barter.extract import coref
from barter.extract.actors import ACTORS_KEY, ORGANISATION_LABEL, is_acronym
from barter.extract.items import ITEMS_KEY, load_lexicon

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

NOUN_POS = {"NOUN", "PROPN", "PRON", "NUM"}
VERB_POS = {"VERB", "AUX"}
# deps that keep a noun phrase together when looking for the states it names
NP_DEPS = {"compound", "amod", "poss", "nmod", "conj", "appos", "npadvmod", "nummod", "det"}
RECEIVER_PREPS = {"to", "into", "for", "toward", "towards"}
GIVER_PREPS = {"from"}
PARTY_PREPS = {"with", "between", "among"}
# verbs that bring two sides together for talks ("visit Putin to discuss"), and that take one to the other
MEETING_VERBS = {"visit", "meet", "host", "receive", "welcome", "invite", "call"}
TRAVEL_VERBS = {"travel", "fly", "go", "head", "arrive", "come", "journey"}
# passive verbs whose subject is the subject of the clause they report: "X is believed to have sent"
RAISING_VERBS = {"believe", "report", "say", "think", "expect", "understand", "know", "suspect", "allege",
                 "claim", "rumour", "rumor", "estimate", "see", "assume", "set", "due", "likely"}
# the deps an item may climb through towards its cue: it is an argument, not an aside
CLIMB_DEPS = {"dobj", "pobj", "prep", "conj", "appos", "compound", "nsubjpass", "attr", "oprd", "dative", "pcomp",
              "nmod", "xcomp", "acl", "relcl", "agent", "cc", "quantmod", "nummod", "poss"}
# prepositions that attach a participant of the transfer; "despite", "during", "amid" attach circumstances
ROLE_PREPS = {"of", "to", "into", "for", "from", "with", "by", "in", "as", "worth", "including", "like", "such",
              "on", "toward", "towards", "via", "through", "between"}
# aid nouns a state's name may stand before as the one aided ("Ukraine aid")
BENEFICIARY_NOUNS = {"aid", "assistance", "funding", "relief"}
AGENT_NOUNS = {"donor", "supplier", "exporter", "buyer", "importer", "customer", "provider", "seller", "purchaser", "source",
               "investor"}
# investing names the money it moves: "X will invest in Y", "X is the top investor in Y" (no amount needed)
INVESTING_WORDS = {"invest", "investor"}
# "a US-drafted resolution": the drafter of a measure is not its target
DRAFTING_WORDS = {"drafted", "draft", "sponsored", "led", "proposed", "tabled", "authored", "written", "backed", "introduced"}
# prepositions whose state is a circumstance, not a party: "bought oil despite US pressure"
CIRCUMSTANCE_PREPS = {"despite", "amid", "against", "on", "over", "after", "before", "during", "since", "like", "unlike"}
# what dual-use goods are for when the text makes them military technology: "chips used to build missiles"
BUILDING_VERBS = {"build", "make", "produce", "manufacture", "assemble", "develop", "guide", "power"}
# verbs by which a carrier holds the item it moves: "containers that hold shells were sent"
CARRYING_VERBS = {"hold", "carry", "contain", "load", "pack", "fill", "haul", "transport", "stuff"}
# generic transfer nouns that name goods when no item is attached: "Turkish exports"
GOODS_NOUNS = {"export", "import", "shipment", "delivery", "trade"}
# verbs whose subject gives the transfer they name: "the US approved a $500 million arms sale"
# nouns after "for" that name what a transfer serves: "arms for the war in Ukraine"
# receiving verbs whose "to X" names the source: "turn to North Korea for shells"
SOURCE_TO_VERBS = {"turn", "look", "appeal", "reach"}
PARTY_PHRASE_PREPS = {"to", "into", "from", "by", "toward", "towards"}
PURPOSE_NOUNS = {"war", "conflict", "invasion", "offensive", "counteroffensive", "front", "frontline", "use",
                 "campaign", "fight", "battle", "battlefield", "operation", "effort", "defence", "defense",
                 "military", "army", "needs", "reconstruction", "region", "territory", "border"}
ENACTING_VERBS = {"announce", "approve", "sign", "pass", "unveil", "authorize", "authorise", "allocate", "earmark",
                  "finalize", "finalise", "prepare", "propose", "plan", "clear", "greenlight", "green-light"}
# purpose clauses that name who the sent people serve: "troops to fight for Russia"
SERVING_VERBS = {"fight", "serve", "work", "help"}
DITRANSITIVE = {"give", "send", "sell", "offer", "hand", "lend", "pay", "promise", "ship", "supply", "provide", "grant"}
IN_RECEIVERS = {"invest", "deploy", "station", "flood"}
NEEDING_VERBS = {"need", "want", "seek", "require", "lack", "use", "import", "buy", "order"}


class CueError(ValueError):
    """data/cues.yaml does not have the shape this module reads."""


@dataclass(frozen=True)
class Cues:
    give: frozenset[str]
    give_to_object: frozenset[str]
    receive: frozenset[str]
    use: frozenset[str]
    move: frozenset[str]
    nominal_give: frozenset[str]
    nominal_receive: frozenset[str]
    deal: frozenset[str]
    deal_verbs: frozenset[str]
    exchange_phrases: tuple[str, ...]
    veto: frozenset[str]
    vote: frozenset[str]
    vote_against: frozenset[str]
    vote_with: frozenset[str]
    oppose: frozenset[str]
    recognise: frozenset[str]
    back: frozenset[str]
    resolution_nouns: frozenset[str]
    setting_words: frozenset[str]
    theatre_receivers: dict[str, dict[str, frozenset[str]]]
    arms_receivers: dict[str, frozenset[str]]
    hostile_pairs: frozenset[tuple[str, str]]
    blockers: frozenset[str]
    own_voice: dict[str, str]

    def verb_lemmas(self) -> frozenset[str]:
        return self.give | self.give_to_object | self.receive | self.use | self.move | self.deal_verbs

    def noun_lemmas(self) -> frozenset[str]:
        return self.nominal_give | self.nominal_receive | self.deal

    def all_lemmas(self) -> frozenset[str]:
        return (self.verb_lemmas() | self.noun_lemmas() | self.diplomatic_lemmas())

    def diplomatic_lemmas(self) -> frozenset[str]:
        return self.veto | self.vote | self.oppose | self.recognise | self.back


def _words(entry: object, key: str) -> frozenset[str]:
    if not isinstance(entry, dict) or not isinstance(entry.get(key), list):
        raise CueError(f"cues.yaml: expected a list under {key!r}")
    return frozenset(str(w).lower() for w in entry[key])


def _parse_cues(raw: object) -> Cues:
    if not isinstance(raw, dict) or not isinstance(raw.get("version"), int):
        raise CueError("cues.yaml: needs a top-level integer 'version'")
    frames = raw.get("frames") or {}
    for name in ("give", "give_to_object", "receive", "use", "move", "nominal_give", "nominal_receive", "deal"):
        if not isinstance(frames.get(name), dict) or not frames[name].get("source"):
            raise CueError(f"cues.yaml: frame {name!r} needs 'source' and 'lemmas'")
    for section in ("exchange_markers", "diplomatic", "theatres", "deal_conventions", "hostile_pairs", "blockers", "own_voice"):
        if not isinstance(raw.get(section), dict) or not raw[section].get("source"):
            raise CueError(f"cues.yaml: section {section!r} needs a 'source'")
    diplomatic = raw["diplomatic"]
    theatres = {place: {receiver: frozenset(givers) for receiver, givers in sides.items()}
                for place, sides in raw["theatres"].items() if place != "source"}
    arms = {receiver: frozenset(givers) for receiver, givers in raw["deal_conventions"]["arms_receivers"].items()}
    return Cues(
        give=_words(frames["give"], "lemmas"),
        give_to_object=_words(frames["give_to_object"], "lemmas"),
        receive=_words(frames["receive"], "lemmas"),
        use=_words(frames["use"], "lemmas"),
        move=_words(frames["move"], "lemmas"),
        nominal_give=_words(frames["nominal_give"], "lemmas"),
        nominal_receive=_words(frames["nominal_receive"], "lemmas"),
        deal=_words(frames["deal"], "lemmas"),
        deal_verbs=_words(frames["deal"], "verbs"),
        exchange_phrases=tuple(raw["exchange_markers"]["phrases"]),
        veto=_words(diplomatic, "veto"),
        vote=_words(diplomatic, "vote"),
        vote_against=_words(diplomatic, "vote_against_preps"),
        vote_with=_words(diplomatic, "vote_with_preps"),
        oppose=_words(diplomatic, "oppose"),
        recognise=_words(diplomatic, "recognise"),
        back=_words(diplomatic, "back"),
        resolution_nouns=_words(diplomatic, "resolution_nouns"),
        setting_words=_words(diplomatic, "setting_words"),
        theatre_receivers=theatres,
        arms_receivers=arms,
        hostile_pairs=frozenset(tuple(p) for p in raw["hostile_pairs"]["pairs"]),
        blockers=_words(raw["blockers"], "lemmas"),
        own_voice={str(k).lower(): str(v) for k, v in (raw["own_voice"].get("sources") or {}).items()},
    )


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The packaged cues, read and validated once per process."""
    return _parse_cues(yaml.load((DATA_DIR / "cues.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER))


@dataclass(frozen=True)
class Candidate:
    giver: str
    receiver: str
    category: str
    item: Span | None  # the item as written (None for a diplomatic act)
    predicate: Token  # the cue
    evidence: tuple[int, int]  # token range in the doc
    sentence: Span
    frame: str
    confidence: float = 1.0
    carrier: Token | None = None  # what holds the item on its way: "10,000 containers (that hold shells)"


class SentenceReader:
    """Reads the candidates of one sentence; one instance per sentence."""

    def __init__(self, sent: Span, cues: Cues | None = None) -> None:
        self.sent = sent
        self.doc = sent.doc
        self.cues = cues or load_cues()
        self.lexicon = load_lexicon()
        self.state_at: dict[int, tuple[str, ...]] = {}
        self.kind_at: dict[int, str] = {}
        self.mention_at: dict[int, tuple[int, int]] = {}
        for span in self.doc.spans.get(ACTORS_KEY, []):
            if span.start >= sent.start and span.end <= sent.end and span.label_ != ORGANISATION_LABEL:
                for i in range(span.start, span.end):
                    self.state_at[i] = (span.label_,)
                    self.mention_at[i] = (span.start, span.end)
                    self.kind_at[i] = span.kb_id_
        self.named = set(self.state_at)  # tokens of names, as against words coref resolved
        for i, codes in coref.resolve(sent).items():
            self.state_at.setdefault(i, codes)
            self.mention_at.setdefault(i, (i, i + 1))
        self.items = [s for s in self.doc.spans.get(ITEMS_KEY, []) if s.start >= sent.start and s.end <= sent.end]
        self.item_at = {i: s for s in self.items for i in range(s.start, s.end)}
        self.skipped: set[int] = set()
        self.carrier_of: dict[int, Token] = {}  # item start -> the carrier noun its cue moves

    # --- states named by a phrase -------------------------------------------------

    def states_of(self, token: Token | None, depth: int = 0) -> list[str]:
        """The states a noun phrase names: its head, its modifiers, its conjuncts, 'of X'."""
        if token is None or depth > 6:
            return []
        found: list[str] = []
        if token.i in self.state_at:
            found.extend(self.state_at[token.i])
        for child in token.children:
            if child.dep_ in NP_DEPS or (child.dep_ == "prep" and child.lower_ == "of"):
                if child.dep_ == "prep":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found.extend(self.states_of(pobj, depth + 1))
                else:
                    found.extend(self.states_of(child, depth + 1))
        return list(dict.fromkeys(found))

    def principal_states(self, token: Token | None) -> list[str]:
        """The states a phrase is about: the head (and its conjuncts), else its owner, else its modifiers.

        "Russia's Ukraine war effort" is Russia's, not Ukraine's."""
        if token is None:
            return []
        if token.i in self.state_at:
            return self.states_of(token)
        for deps in (("poss",), ("amod", "compound", "nmod", "npadvmod")):
            found = [c for child in token.children if child.dep_ in deps for c in self.states_of(child)]
            if found:
                return list(dict.fromkeys(found))
        return self.states_of(token)

    def owner_of(self, token: Token) -> list[str]:
        """States that modify a noun: "Russia's exports", "Turkish exports", "U.S. aid", "North Korean missiles"."""
        found: list[str] = []
        owner_deps = ("poss", "amod", "compound", "nmod", "npadvmod")
        if token.pos_ in NOUN_POS:
            owner_deps += ("nsubj",)  # a mis-parsed owner: "China and India's appetite" read as a subject
        beneficiaries = set(self.compound_beneficiaries(token))
        for child in token.children:
            if child.dep_ in owner_deps and child.i not in beneficiaries:
                found.extend(self.states_of(child))
        item = self.item_at.get(token.i)
        if item is not None:  # a state inside a multi-word item span ("Russian oil" matched as one)
            for i in range(item.start, item.end):
                if i in self.state_at:
                    found.extend(self.state_at[i])
        # a compound item under a cue noun: "North Korean arms shipments"
        return list(dict.fromkeys(found))

    def compound_beneficiaries(self, token: Token) -> dict[int, tuple[str, ...]]:
        """ "Ukraine aid", "a $14 billion Israel aid bill": a state's name (not its demonym, not an
        acronym: "U.S. aid", "UK aid" are the givers') written before an aid noun is the one aided."""
        if token.lemma_.lower() not in BENEFICIARY_NOUNS:
            return {}
        found: dict[int, tuple[str, ...]] = {}
        for child in token.children:
            named_state = child.i in self.mention_at and self.kind_at.get(child.i) == "state"
            if child.dep_ not in ("compound", "nmod") or not named_state:
                continue
            start, end = self.mention_at[child.i]
            if not is_acronym(self.doc[start:end].text):
                found[child.i] = tuple(self.states_of(child))  # with its conjuncts: "Israel and Ukraine aid"
        return found

    def aided_states(self, token: Token) -> list[str]:
        return list(dict.fromkeys(code for codes in self.compound_beneficiaries(token).values() for code in codes))

    def prep_states(self, token: Token, preps: set[str]) -> list[str]:
        found: list[str] = []
        for child in token.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        found.extend(self.states_of(pobj))
            elif child.dep_ == "dative" and preps is RECEIVER_PREPS:
                found.extend(self.states_of(child))
        return list(dict.fromkeys(found))

    # --- clause structure ---------------------------------------------------------

    def is_passive(self, verb: Token) -> bool:
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return True
        return verb.dep_ == "acl" and verb.tag_ == "VBN"

    def subject(self, verb: Token, depth: int = 0) -> Token | None:
        """The subject of a verb, inherited through "agreed to send", "is believed to have secured", relative clauses."""
        if depth > 5:
            return None
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj", "expl"):
                if child.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                    return verb.head
                return child
        if self.is_passive(verb):
            if verb.lemma_.lower() in RAISING_VERBS:  # "Kim is believed to have secured": Kim secured
                return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            return None
        head = verb.head
        if head == verb:
            return None
        if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "amod") and head.pos_ in VERB_POS | {"ADJ"}:
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return child
            return self.subject(head, depth + 1)
        if verb.dep_ == "amod" and head.pos_ in NOUN_POS and head.head.pos_ in VERB_POS:
            return self.subject(head.head, depth + 1)  # a mis-parsed "had secured supplies"
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in VERB_POS:
            governor = head.head  # "accused Washington of supplying": Washington supplies
            obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            return obj if obj is not None else self.subject(governor, depth + 1)
        if verb.dep_ == "relcl" and head.dep_ in ("attr", "oprd") and head.head.pos_ in VERB_POS:
            return self.subject(head.head, depth + 1)  # "X was one of five states to vote against"
        if verb.dep_ == "relcl":
            return head
        if verb.dep_ in ("acl", "xcomp") and head.pos_ in NOUN_POS and head.dep_ in ("attr", "oprd", "appos"):
            return self.subject(head.head, depth + 1)
        if verb.dep_ in ("acl", "xcomp") and head.pos_ in ("ADJ",):
            return self.subject(head.head, depth + 1) if head.head != head else None
        return None

    def agent(self, verb: Token) -> list[str]:
        return self.prep_states(verb, {"by"})

    def blocked(self, token: Token) -> bool:
        """The transfer is governed by a ban, sanction, seizure: "a ban on exports to X"."""
        current = token
        for _ in range(4):
            if current.lemma_.lower() in self.cues.blockers:
                return True
            if current.head == current:
                return False
            current = current.head
        return current.lemma_.lower() in self.cues.blockers

    # --- which cue governs an item ------------------------------------------------

    def cue_kind(self, token: Token) -> str | None:
        lemma = token.lemma_.lower()
        lower = token.lower_
        if token.pos_ in VERB_POS or token.tag_.startswith("VB"):
            if lemma in self.cues.give_to_object:
                return "give_to_object"
            if lemma in self.cues.give:
                return "give"
            if lemma in self.cues.receive:
                return "receive"
            if lemma in self.cues.use:
                return "use"
            if lemma in self.cues.move:
                return "move"
            if lemma in self.cues.deal_verbs:
                return "deal"
            return None
        if token.pos_ in NOUN_POS:
            for name in ("nominal_give", "nominal_receive", "deal"):
                words = getattr(self.cues, name)
                if lemma in words or lower in words:
                    return name
        return None

    def governing_cue(self, item: Span) -> tuple[Token, str] | None:
        """The nearest cue above an item (or the item itself when it is a cue noun: "aid", "exports")."""
        token = item.root
        kind = self.cue_kind(token)
        if kind in ("give", "give_to_object") and token.pos_ in VERB_POS and item.kb_id_ == "investment":
            return token, kind  # "X will invest in Y": the verb is the item's own cue
        if kind and kind.startswith(("nominal", "deal")) and token.pos_ in NOUN_POS:
            # a verbal cue right above a nominal one tells more: "sent aid to X", "bought imports"
            above = token.head
            above_kind = self.cue_kind(above) if above != token else None
            if above_kind and token.dep_ in ("dobj", "nsubjpass") and above_kind in ("give", "receive", "give_to_object"):
                return above, above_kind
            if token.dep_ == "dobj" and above_kind == "deal" and above.pos_ in VERB_POS:
                return above, above_kind  # "to discuss arms sales": the talks, not a sale between named parties
            if token.dep_ == "nsubj" and above_kind in ("give_to_object", "give"):
                return above, above_kind  # "Turkish exports fuelled Russia's war"
            if token.dep_ == "compound" and above.lemma_.lower() in AGENT_NOUNS:
                return above, self.cue_kind(above) or kind  # "its aid donor"
            if token.dep_ == "pobj" and above.dep_ == "agent" and self.cue_kind(above.head) in ("give_to_object", "give"):
                return above.head, self.cue_kind(above.head)  # "fuelled by Turkish exports"
            verbal = self.verbal_cue_above(token)
            if verbal is not None:  # "provided $40 billion in security assistance to Ukraine"
                return verbal
            return token, kind
        for child in token.children:  # "drones launched by Russia", "shells sent to Russia"
            if child.dep_ == "acl" and self.cue_kind(child) in ("give", "give_to_object", "use"):
                return child, self.cue_kind(child)
        previous = token
        current = token
        carried = False  # the climb passed a carrying verb: a relative clause names the carrier
        for _ in range(7):
            if current.head == current:
                break
            if current.dep_ in ("nsubj", "csubj"):
                head_kind = self.cue_kind(current.head)
                if head_kind in ("give_to_object", "give", "move"):
                    return current.head, head_kind
                helper = self.helping_verb(current.head)
                if helper is not None:  # "US forces in Iraq continue to advise and assist X"
                    return helper, self.cue_kind(helper)
                break
            if current.dep_ not in CLIMB_DEPS and not (current.dep_ == "amod" and current.pos_ == "NOUN"):
                break
            if current.dep_ == "prep" and current.lower_ not in ROLE_PREPS:
                break
            previous, current = current, current.head
            kind = self.cue_kind(current)
            if kind:
                talks = current.head
                if kind.startswith("nominal") and previous.dep_ == "compound" and current.dep_ == "dobj" \
                        and talks.pos_ in VERB_POS and self.cue_kind(talks) == "deal":
                    return talks, "deal"  # "discuss arms sales": the talks are the frame
                return current, kind
            carried = carried or (current.pos_ in VERB_POS and current.lemma_.lower() in CARRYING_VERBS)
            if current.pos_ in NOUN_POS:
                for child in current.children:
                    if child != previous and child.dep_ in ("acl", "relcl"):
                        child_kind = self.cue_kind(child)
                        if child_kind in ("give", "give_to_object"):
                            return child, child_kind
            if current.pos_ in VERB_POS and current.dep_ in ("ROOT", "ccomp", "advcl", "parataxis", "relcl"):
                if current.dep_ == "relcl" and carried:
                    self.carrier_of[item.start] = current.head
                    continue  # "containers ... that hold shells": climb on to the carrier and its transfer
                break
        return None

    def verbal_cue_above(self, token: Token) -> tuple[Token, str] | None:
        """A giving or receiving verb a few argument steps above a transfer noun."""
        current = token
        for _ in range(4):
            if current.dep_ not in ("dobj", "pobj", "prep", "nsubjpass", "conj", "appos") or current.head == current:
                return None
            current = current.head
            kind = self.cue_kind(current)
            if kind in ("give", "give_to_object", "receive"):
                return current, kind
            if current.pos_ in VERB_POS:
                return None
        return None

    def helping_verb(self, verb: Token) -> Token | None:
        """ "continue to advise, assist and train": the helping verb a subject's clause carries on to."""
        for child in verb.children:
            if child.dep_ == "xcomp" and self.cue_kind(child) in ("give_to_object", "move"):
                return child
        return None

    # --- candidates -------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        exchange_items = self.exchange_items()
        for item in self.specific_items():
            if item.start in exchange_items:
                continue
            cue = self.governing_cue(item)
            if cue is None:
                continue
            token, kind = cue
            if self.blocked(token):
                continue
            weapons_goods = item.label_ == "goods" and self.builds_weapons(item)
            for giver, receiver in self.roles(item, token, kind):
                found.append(self.candidate(giver, receiver, item.label_, item, token, kind))
                if weapons_goods:  # GUIDE: dual-use goods for weapons are also military technology
                    found.append(self.candidate(giver, receiver, "military_technology", item, token, kind))
        found.extend(self.exchanges(found, exchange_items))
        found.extend(self.dash_exchanges())
        found.extend(self.diplomatic())
        return [c for c in found if self.acceptable(c)]

    def builds_weapons(self, item: Span) -> bool:
        """ "machine tools that Russian factories use to build missiles": goods for a weapons programme."""
        heads = [item.root] + list(item.root.conjuncts)
        for head in heads:
            for token in head.subtree:
                if token.lemma_.lower() in BUILDING_VERBS and token.pos_ == "VERB":
                    if any(t.i in self.item_at and self.item_at[t.i].label_ == "arms" for t in token.subtree):
                        return True
        return False

    def acceptable(self, candidate: Candidate) -> bool:
        if candidate.giver == candidate.receiver:
            return False
        if candidate.category == "military_personnel" and (candidate.giver, candidate.receiver) in self.cues.hostile_pairs:
            return False
        return True

    def candidate(self, giver: str, receiver: str, category: str, item: Span | None, predicate: Token,
                  frame: str, confidence: float = 1.0) -> Candidate:
        carrier = self.carrier_of.get(item.start) if item is not None else None
        start, end = self.evidence_range(item, predicate, giver, receiver)
        if carrier is not None:
            start = max(self.sent.start, min(start, carrier.left_edge.i))
        return Candidate(giver=giver, receiver=receiver, category=category, item=item, predicate=predicate,
                         evidence=(start, end), sentence=self.sent, frame=frame, confidence=confidence,
                         carrier=carrier)

    def evidence_range(self, item: Span | None, predicate: Token, giver: str, receiver: str) -> tuple[int, int]:
        """The shortest token range covering the cue, the item and the two states as named in the sentence."""
        points = [predicate.i, predicate.i + 1]
        if item is not None:
            points += [item.start, item.end]
        for code in (giver, receiver):
            near = [i for i, codes in self.state_at.items() if code in codes and i in self.named]
            near = near or [i for i, codes in self.state_at.items() if code in codes]
            if near:
                closest = min(near, key=lambda i: abs(i - predicate.i))
                a, b = self.mention_at[closest]
                points += [a, b]
        start, end = min(points), max(points)
        return max(start, self.sent.start), min(end, self.sent.end)

    def specific_items(self) -> list[Span]:
        """Items, where a container ("supplies of food") gives way to what it contains.

        A transfer noun with no item under it ("Turkish exports") stands for goods."""
        keep = []
        for item in self.items:
            if item.kb_id_ == "amount" and self.is_a_price(item):
                self.skipped.add(item.start)
        for token in self.sent:
            if (token.pos_ == "NOUN" and token.lemma_.lower() in GOODS_NOUNS and token.i not in self.item_at
                    and not any(c.i in self.item_at for c in token.subtree if c != token)):
                keep.append(Span(self.doc, token.i, token.i + 1, label="goods", kb_id=token.lemma_.lower()))
            if (token.lemma_.lower() in INVESTING_WORDS and token.pos_ in ("VERB", "NOUN") and token.i not in self.item_at
                    and not any(c.i in self.item_at for c in token.children)):
                keep.append(Span(self.doc, token.i, token.i + 1, label="money", kb_id="investment"))
        for item in self.items:
            if item.start in self.skipped:
                continue
            root = item.root
            if item.start > 0 and self.doc[item.start - 1].lower_ in ("not", "no") or any(
                    c.dep_ == "neg" for c in root.children) or (item.start > 1 and self.doc[item.start - 2].lower_ == "not"
                                                           and self.doc[item.start - 1].lower_ in ("the", "a", "any")):
                continue  # "the parts, not the weapons": what was not sent
            if root.dep_ == "pobj" and root.head.lower_ in PARTY_PHRASE_PREPS and root.head.head.lemma_.lower() not in ("return", "exchange"):
                continue  # "weapons to Wagner mercenaries": the mercenaries receive, they are not sent
            if item.kb_id_ in self.lexicon.containers or item.root.lower_ in self.lexicon.containers:
                inner = [self.item_at[c.i] for prep in item.root.children if prep.dep_ == "prep" and prep.lower_ == "of"
                         for c in prep.children if c.dep_ == "pobj" and c.i in self.item_at]
                if inner:
                    continue
            keep.append(item)
        return keep

    def is_a_price(self, amount: Span) -> bool:
        """ "$40 billion in security assistance", "a $500 million arms sale": the value of another item."""
        root = amount.root
        for prep in root.children:
            if prep.lower_ in ("in", "of", "worth") and prep.dep_ in ("prep", "amod", "advmod"):
                if any(t.i in self.item_at and t.i not in range(amount.start, amount.end) for t in prep.subtree):
                    return True
        head = root.head
        if root.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod", "npadvmod") and head.pos_ in NOUN_POS:
            return head.i in self.item_at or self.cue_kind(head) is not None or head.lemma_.lower() in GOODS_NOUNS
        return False

    def roles(self, item: Span, cue: Token, kind: str) -> list[tuple[str, str]]:
        item_owner = [c for c in self.owner_of(item.root)]
        between = self.path_tokens(item.root, cue)
        if kind in ("give", "give_to_object"):
            return self.give_roles(item, cue, kind, item_owner, between)
        if kind == "receive":
            return self.receive_roles(item, cue, item_owner, between)
        if kind == "use":
            return self.use_roles(item, cue, item_owner)
        if kind == "move":
            givers = self.prep_states(cue, GIVER_PREPS) or item_owner
            receivers = self.prep_states(cue, {"in", "to", "into"})
            return [(g, r) for g in givers for r in receivers if g != r]
        if kind == "nominal_give":
            return self.nominal_roles(item, cue, item_owner, between, giving=True)
        if kind == "nominal_receive":
            return self.nominal_roles(item, cue, item_owner, between, giving=False)
        if kind == "deal":
            return self.deal_roles(item, cue)
        return []

    def path_tokens(self, token: Token, cue: Token) -> list[Token]:
        """The tokens from an item up to its cue (both included)."""
        path = [token]
        current = token
        while current != cue and current.head != current and len(path) < 10:
            current = current.head
            path.append(current)
        if cue not in path:
            path.append(cue)
        return path

    def receivers_along(self, tokens: list[Token], preps: set[str] = RECEIVER_PREPS) -> list[str]:
        """States under "to"/"into"/"for" on the way from the item to its cue; "for the Ukraine war",
        "for use in Ukraine" name a purpose, not a receiver."""
        found: list[str] = []
        for token in tokens:
            for child in token.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                    for pobj in child.children:
                        if pobj.dep_ in ("pobj", "pcomp") and not self.is_purpose(pobj):
                            found.extend(self.states_of(pobj))
                elif child.dep_ == "dative" and child.lower_ not in ("to", "for"):
                    found.extend(self.states_of(child))
        return list(dict.fromkeys(found))

    def is_purpose(self, noun: Token) -> bool:
        """ "for the war in Ukraine", "for Ukraine's war effort": what the transfer is for, not to whom."""
        return noun.i not in self.state_at and noun.lemma_.lower() in PURPOSE_NOUNS

    def givers_along(self, tokens: list[Token]) -> list[str]:
        found: list[str] = []
        for token in tokens:
            found.extend(self.prep_states(token, GIVER_PREPS))
        return list(dict.fromkeys(found))

    def purpose_receivers(self, verb: Token) -> list[str]:
        """ "share know-how to assist North Korea's space programme": the one helped receives."""
        found: list[str] = []
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and child.lemma_.lower() in SERVING_VERBS:
                found.extend(self.prep_states(child, {"for", "alongside", "with"}))
            if child.dep_ in ("xcomp", "advcl") and child.lemma_.lower() in ("assist", "help", "support", "aid", "boost", "bolster"):
                for obj in child.children:
                    if obj.dep_ == "dobj":
                        found.extend(self.principal_states(obj))
                    elif obj.dep_ in ("ccomp", "xcomp"):  # "to help Russian crews operate the drones"
                        found.extend(s for c in obj.children if c.dep_ == "nsubj" for s in self.principal_states(c))
        return found

    def give_roles(self, item, cue, kind, item_owner, between) -> list[tuple[str, str]]:
        passive = self.is_passive(cue)
        givers: list[str] = []
        if passive:
            givers = self.agent(cue)
        else:
            subject = self.subject(cue)
            if subject is not None and subject.i not in self.item_at and subject.lemma_.lower() not in GOODS_NOUNS:
                givers = self.principal_states(subject) or self.prep_states(subject, GIVER_PREPS)
            elif subject is not None:
                givers = self.owner_of(subject)  # "Turkish exports fuelled...", "US forces ... assist"
        givers = givers or self.givers_along(between) or [c for c in item_owner]
        lemma = cue.lemma_.lower()
        objects = self.object_receivers(cue, passive)
        # "offer Russia shells for Ukraine": with the receiver as object, "for" names a purpose
        receivers = self.receivers_along(between, RECEIVER_PREPS - {"for"} if objects else RECEIVER_PREPS)
        if lemma in IN_RECEIVERS and not receivers:  # "invest $5bn in X"
            receivers = self.prep_states(cue, {"in"})
        if kind == "give_to_object" or not receivers:
            receivers += objects
        if not receivers and lemma == "share":
            receivers = self.prep_states(cue, {"with"})
        if not receivers:
            receivers = self.purpose_receivers(cue)
        if not receivers:
            receivers = self.needing_receivers(item)
        receivers = list(dict.fromkeys(receivers))
        if not receivers and lemma in DITRANSITIVE:
            receivers = self.misparsed_dative(item)
        return [(g, r) for g in dict.fromkeys(givers) for r in receivers if g != r]

    def object_receivers(self, cue: Token, passive: bool) -> list[str]:
        """The state a give-to-object verb acts on: "arm Russia with shells", "effort fuelled by exports"."""
        found: list[str] = []
        verbs = [cue] + [c for c in cue.children if c.dep_ == "conj" and c.pos_ in VERB_POS]
        for verb in verbs:
            for child in verb.children:
                if child.i in self.item_at:
                    continue
                if (child.dep_ in ("dobj", "dative") and not passive) or (child.dep_ == "nsubjpass" and passive):
                    found += self.principal_states(child) or self.prep_states(child, {"in"})
        if passive and cue.dep_ == "acl" and cue.head.i not in self.item_at:
            found += self.principal_states(cue.head)
        return found

    def misparsed_dative(self, item: Span) -> list[str]:
        """ "giving North Korea satellite technology" parsed with the state as a compound of the item:
        a state's name (not a demonym) glued before the item of a giving verb is its receiver."""
        found = []
        for child in item.root.children:
            if child.dep_ == "compound" and child.i < item.start and self.kind_at.get(child.i) in ("state", "metonym"):
                found += self.state_at[child.i]
        return found

    def needing_receivers(self, item: Span) -> list[str]:
        """ "machinery and other items that Russia needs": the one who needs the goods receives them."""
        chain = [item.root] + [t for t in item.root.conjuncts]
        found: list[str] = []
        for token in chain:
            for child in token.children:
                if child.dep_ == "relcl" and child.lemma_.lower() in NEEDING_VERBS:
                    subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                    found += self.principal_states(subject)
        return found

    def receive_roles(self, item, cue, item_owner, between) -> list[tuple[str, str]]:
        passive = self.is_passive(cue)
        destinations = self.prep_states(cue, {"into", "to"})
        receivers: list[str] = []
        if passive:
            receivers = self.agent(cue)
        else:
            subject = self.subject(cue)
            receivers = self.principal_states(subject) if subject is not None else []
        if destinations and cue.lemma_.lower() in ("get",):  # "get supplies into Ukraine": a delivery
            return [(g, r) for g in receivers for r in destinations if g != r]
        givers = self.givers_along(between) or [c for c in item_owner if c not in receivers]
        if not givers and cue.lemma_.lower() in SOURCE_TO_VERBS:  # "Russia is turning to North Korea for shells"
            givers = self.prep_states(cue, {"to"})
        if not givers:
            givers = self.prep_states(cue, {"with"})
        below_cue = [token for token in between if token != cue]
        beneficiaries = [c for c in self.receivers_along(below_cue) + self.aided_states(item.root) if c not in receivers]
        if not givers and beneficiaries and receivers:
            return [(g, r) for g in receivers for r in beneficiaries]  # "he wants to secure more aid to Ukraine"
        if not givers and receivers:
            givers = self.other_party(receivers, cue)
        return [(g, r) for g in givers for r in receivers if g != r]

    def use_roles(self, item, cue, item_owner) -> list[tuple[str, str]]:
        if not item_owner:
            return []
        passive = self.is_passive(cue)
        if passive:
            users = self.agent(cue)
        elif cue.dep_ == "acl" and cue.head.pos_ in NOUN_POS:
            users = self.principal_states(cue.head)  # "Russian strikes using Iranian drones": the strikes' owner
        else:
            subject = self.subject(cue)
            users = self.states_of(subject) if subject is not None else []
        if not users:
            places = self.prep_states(cue, {"in", "against", "on", "over"})
            for place in places:
                for receiver, givers in self.cues.theatre_receivers.get(place, {}).items():
                    users += [receiver] if any(g in givers for g in item_owner) else []
        return [(g, u) for g in item_owner for u in dict.fromkeys(users) if g != u]

    def nominal_roles(self, item, cue, item_owner, between, giving: bool) -> list[tuple[str, str]]:
        owners = self.owner_of(cue) if cue.i != item.root.i else item_owner
        if cue.i != item.root.i:
            owners = owners or []
        # "an aid package for Ukraine": the phrase the cue qualifies carries its "for"; and "puts arms
        # shipments to Russia at ...": the parser hangs the noun's "to" on the verb above it
        phrase = cue
        while phrase.dep_ == "compound" and phrase.head != phrase and phrase.head.pos_ in NOUN_POS:
            phrase = phrase.head
        attached = [phrase] if phrase != cue else []
        if phrase.dep_ == "dobj" and phrase.head.pos_ in VERB_POS:
            attached.append(phrase.head)
        to_side = self.receivers_along(between + [cue] + attached)
        if not to_side and cue.lemma_.lower() in INVESTING_WORDS | {"investment"}:
            to_side = self.receivers_along([cue], {"in", "into"})  # "the top investor in the United States"
        from_side = self.givers_along(between + [cue] + attached)
        agentive = cue.lemma_.lower() in AGENT_NOUNS
        copular_subject: list[str] = []
        if agentive and cue.dep_ == "pobj" and cue.head.lower_ == "as" and cue.head.head.pos_ in VERB_POS:
            subject = self.subject(cue.head.head)  # "Russia overtook Saudi Arabia as China's top supplier"
            copular_subject = self.principal_states(subject) if subject is not None else []
        if agentive and cue.dep_ in ("attr", "appos"):
            head = cue.head
            subject = self.subject(head) if head.pos_ in VERB_POS else head
            copular_subject = self.states_of(subject) if subject is not None else []
            if head.pos_ not in VERB_POS:
                copular_subject = self.states_of(head)
        governing_subject: list[str] = []
        if cue.dep_ in ("dobj",) and cue.head.pos_ in VERB_POS:
            subject = self.subject(cue.head)
            if subject is not None:
                governing_subject = self.states_of(subject)
        if giving:
            if agentive:
                givers, receivers = copular_subject, owners or to_side or self.needing_receivers(item)
            else:
                givers = owners or from_side or governing_subject or self.enacting_subject(cue)
                receivers = to_side or self.aided_states(cue) or self.receiving_subject(cue)
        else:
            if agentive:
                receivers, givers = copular_subject, from_side or item_owner
            else:
                receivers = owners or governing_subject
                givers = from_side or [c for c in item_owner if c not in receivers]
                if not givers:
                    givers = self.other_party(receivers, cue)
        if giving and not givers and not receivers and item.label_ == "arms":
            # "any transfer of artillery would be easy, given the rail link between the two countries"
            named = list(dict.fromkeys(code for codes in self.state_at.values() for code in codes))
            if len(named) == 2:
                return self.by_convention("arms", named)
        return [(g, r) for g in dict.fromkeys(givers) for r in dict.fromkeys(receivers) if g != r]

    def enacting_subject(self, noun: Token) -> list[str]:
        """ "Biden signs an aid package for Ukraine", "I am announcing $800 million in assistance for
        Ukraine": whoever announces, approves or signs a transfer gives it."""
        current = noun
        for _ in range(4):
            if current.dep_ not in ("dobj", "pobj", "prep", "compound", "conj", "appos") or current.head == current:
                return []
            current = current.head
            if current.pos_ in VERB_POS:
                if current.lemma_.lower() in ENACTING_VERBS:
                    subject = self.subject(current)
                    return self.principal_states(subject) if subject is not None else []
                return []
        return []

    def receiving_subject(self, noun: Token) -> list[str]:
        """ "X secured supplies of food from Y": the subject of a receiving verb over the noun receives."""
        verbs = [c for c in noun.children if c.dep_ == "amod" and c.pos_ == "VERB"]
        if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ in VERB_POS:
            verbs.append(noun.head)
        for verb in verbs:
            if verb.lemma_.lower() in self.cues.receive:
                subject = self.subject(verb)
                if subject is not None:
                    return self.principal_states(subject)
        return []

    def other_party(self, known: list[str], cue: Token | None = None) -> list[str]:
        """A demand with no named supplier ("X's appetite for oil kept Y afloat"): the one other state
        the cue's clause names as a participant (subject, object, or under from/with/to/by)."""
        clause = self.clause_of(cue) if cue is not None else None
        others = []
        for i, codes in self.state_at.items():
            token = self.doc[i]
            if self._under_circumstance(token) or not self._participant(token):
                continue
            if clause is not None and i not in clause:
                continue
            for code in codes:
                if code not in known:
                    others.append(code)
        others = list(dict.fromkeys(others))
        return others if len(others) == 1 else []

    def clause_of(self, cue: Token) -> set[int]:
        """Token indices of the clause around a cue: the subtree of its nearest verb (the verb over a noun)."""
        head = cue
        while head.pos_ not in VERB_POS and head.head != head:
            head = head.head
        return {t.i for t in head.subtree}

    def _participant(self, token: Token) -> bool:
        """Subject, object, possessor, or under a participant preposition; not "in Ukraine"."""
        current = token
        while current.dep_ in ("compound", "conj", "appos", "amod", "poss", "case") and current.head != current:
            if current.dep_ == "poss":
                return True
            current = current.head
        if current.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "ROOT"):
            return True
        return current.dep_ == "pobj" and current.head.lower_ in ("from", "with", "to", "by", "between")

    def _under_circumstance(self, token: Token) -> bool:
        for ancestor in token.ancestors:
            if ancestor.dep_ == "prep" and ancestor.lower_ in CIRCUMSTANCE_PREPS:
                return True
            if ancestor.pos_ in VERB_POS:
                return False
        return False

    def deal_roles(self, item, cue) -> list[tuple[str, str]]:
        parties = self.deal_parties(cue)
        if len(parties) != 2:
            return []
        return self.by_convention(item.label_, parties)

    def deal_parties(self, cue: Token) -> list[str]:
        if cue.pos_ in VERB_POS:
            return self.talking_parties(cue)
        parties = list(self.owner_of(cue))
        parties += self.prep_states(cue, PARTY_PREPS)
        head = cue.head
        if head != cue and head.pos_ in VERB_POS:
            parties += self.prep_states(head, PARTY_PREPS)
            subject = self.subject(head)
            if subject is not None:
                parties += self.states_of(subject)
        return list(dict.fromkeys(parties))

    def talking_parties(self, verb: Token) -> list[str]:
        """Who holds the talks a verb names: its subject and "with X"; for "visit X to discuss",
        "meet with X to negotiate", "travel to X to discuss", the one visited or met as well."""
        parties = self.states_of(self.subject(verb)) + self.prep_states(verb, PARTY_PREPS)
        for talked_of in (child for child in verb.children if child.dep_ == "dobj"):
            parties += self.prep_states(talked_of, PARTY_PREPS)  # "discuss arms sales with Pyongyang"
        head = verb.head
        purpose = verb.dep_ in ("advcl", "xcomp", "conj")
        if verb.dep_ == "acl" and head.lower_ == "order" and head.head.lower_ == "in":
            head, purpose = head.head.head, True  # "visit X in order to discuss": as "visit X to discuss"
        if purpose and head != verb and head.pos_ in VERB_POS:
            lemma = head.lemma_.lower()
            if lemma in MEETING_VERBS | TRAVEL_VERBS:
                parties += self.states_of(self.subject(head))
            if lemma in MEETING_VERBS:
                parties += [code for child in head.children if child.dep_ == "dobj" for code in self.states_of(child)]
                parties += self.prep_states(head, PARTY_PREPS)
            elif lemma in TRAVEL_VERBS:
                parties += self.prep_states(head, {"to", "in"})
        return list(dict.fromkeys(parties))

    def by_convention(self, category: str, parties: list[str]) -> list[tuple[str, str]]:
        """Direction the annotation guide settles for an arms deal between Russia and a supplier."""
        if category != "arms":
            return []
        for receiver, givers in self.cues.arms_receivers.items():
            if receiver in parties:
                others = [p for p in parties if p != receiver]
                if len(others) == 1 and others[0] in givers:
                    return [(others[0], receiver)]
        return []

    # --- exchanges: "X in return for Y", "arms-for-food" ----------------------------------

    def exchange_items(self) -> dict[int, Token]:
        """Start index of each item under an exchange marker -> the marker's 'for' token."""
        found: dict[int, Token] = {}
        for token in self.sent:
            if token.lower_ != "for" or token.i < 2:
                continue
            noun = self.doc[token.i - 1]
            before = self.doc[token.i - 2]
            if noun.lower_ in ("return", "exchange", "payment") and before.lower_ in ("in", "as"):
                for item in self.items:
                    if item.start > token.i and (item.root.head == token or token in item.root.ancestors
                                                 or self._in_conj_chain(item.root, token)):
                        found[item.start] = token
        return found

    def _in_conj_chain(self, token: Token, marker: Token) -> bool:
        current = token
        for _ in range(6):
            if current.head == marker:
                return True
            if current.dep_ != "conj" or current.head == current:
                return False
            current = current.head
        return False

    def exchanges(self, found: list[Candidate], exchange_items: dict[int, Token]) -> list[Candidate]:
        """The item paid in return goes the other way from the main transfer."""
        out: list[Candidate] = []
        if not exchange_items:
            return out
        main = [(c.giver, c.receiver) for c in found]
        for item in self.items:
            marker = exchange_items.get(item.start)
            if marker is None:
                continue
            pairs = list(dict.fromkeys((r, g) for g, r in main))
            if not pairs:
                parties = self.sentence_parties()
                pairs = self.by_convention(item.label_, parties) if len(parties) == 2 else []
                if pairs:  # the goods given for the arms go the other way
                    out.extend(self._counter_items(marker, pairs[0]))
            for giver, receiver in pairs:
                out.append(self.candidate(giver, receiver, item.label_, item, marker, "exchange"))
        return out

    def _counter_items(self, marker: Token, arms_pair: tuple[str, str]) -> list[Candidate]:
        giver, receiver = arms_pair
        out = []
        for item in self.specific_items():
            if item.end <= marker.i - 2 and item.label_ != "arms":
                out.append(self.candidate(receiver, giver, item.label_, item, marker, "exchange"))
        return out

    def sentence_parties(self) -> list[str]:
        """The states this sentence names, topped up from the article when it names one."""
        named = list(dict.fromkeys(code for codes in self.state_at.values() for code in codes))
        if len(named) == 1:
            counts = self.doc.user_data.get("state_counts", {}) or {}
            others = [code for code, _ in sorted(counts.items(), key=lambda kv: -kv[1]) if code != named[0]]
            if others:
                named.append(others[0])
        return named

    def dash_exchanges(self) -> list[Candidate]:
        """ "an arms-for-food deal with X": the seeker gets the first item and pays with the second."""
        out: list[Candidate] = []
        tokens = list(self.sent)
        for k, token in enumerate(tokens):
            if token.lower_ != "for" or k == 0 or k + 1 >= len(tokens):
                continue
            left = tokens[k - 1] if tokens[k - 1].text != "-" else (tokens[k - 2] if k >= 2 else None)
            right = tokens[k + 1] if tokens[k + 1].text != "-" else (tokens[k + 2] if k + 2 < len(tokens) else None)
            if left is None or right is None:
                continue
            if not (self.doc[token.i - 1].text == "-" or self.doc[min(token.i + 1, len(self.doc) - 1)].text == "-"):
                continue
            first, second = self.item_at.get(left.i), self.item_at.get(right.i)
            if first is None or second is None:
                continue
            deal = next((t for t in tokens[k:] if t.lemma_.lower() in self.cues.deal), None)
            parties = self.deal_parties(deal) if deal is not None else self.sentence_parties()
            if deal is not None and len(parties) < 2:
                parties = self.sentence_parties()
            if len(parties) != 2:
                continue
            pairs = self.by_convention(first.label_, parties)
            if not pairs and deal is not None and deal.head.pos_ in VERB_POS and deal.head.lemma_.lower() in self.cues.receive:
                seeker = self.states_of(self.subject(deal.head))
                if len(seeker) == 1:
                    other = [p for p in parties if p != seeker[0]]
                    pairs = [(other[0], seeker[0])] if other else []
            predicate = deal if deal is not None else token
            for giver, receiver in pairs:
                out.append(self.candidate(giver, receiver, first.label_, first, predicate, "exchange"))
                out.append(self.candidate(receiver, giver, second.label_, second, predicate, "exchange"))
        return out

    # --- diplomatic support ------------------------------------------------------------

    def diplomatic(self) -> list[Candidate]:
        out: list[Candidate] = []
        for token in self.sent:
            lemma = token.lemma_.lower()
            if lemma in self.cues.vote and token.pos_ in VERB_POS | {"NOUN"}:
                out.extend(self.vote(token))
            elif lemma in self.cues.veto and token.pos_ in VERB_POS | {"NOUN"}:
                out.extend(self.veto(token))
            elif lemma in self.cues.recognise and token.pos_ in VERB_POS:
                out.extend(self.recognise(token))
            elif lemma in self.cues.oppose and token.pos_ in VERB_POS and token.dep_ not in ("pcomp",):
                out.extend(self.oppose(token))
            elif lemma in self.cues.back and token.pos_ in VERB_POS and self.un_setting():
                out.extend(self.back(token))
        return out

    def un_setting(self) -> bool:
        text = self.sent.text.lower()
        return any(f" {w} " in f" {text} " or f" {w}" in f" {text}" for w in self.cues.setting_words if len(w) > 3) or \
            any(t.text in ("UN", "U.N.") for t in self.sent)

    def voters(self, verb: Token) -> list[str]:
        if verb.pos_ == "NOUN":
            return self.owner_of(verb)
        subject = self.subject(verb)
        voters = self.states_of(subject) if subject is not None else []
        for child in verb.children:  # "along with China, it voted"
            withs = [child] + [c for c in child.children if c.dep_ == "prep"]
            for prep in withs:
                if prep.dep_ == "prep" and prep.lower_ == "with" and prep.i > 0 and self.doc[prep.i - 1].lower_ in ("along", "together"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            voters += self.states_of(pobj)
        return list(dict.fromkeys(voters))

    def target_of(self, token: Token, exclude: list[str]) -> list[str]:
        """The state a resolution or measure is about.

        Named in its phrase ("a resolution demanding that Russia withdraw"), else the state the
        article last named as a target ("sanctions against the North", "condemns Israeli
        settlements"), else the article's main state other than the voters."""
        named = [c for t in token.subtree if not self._is_drafter(t)
                 for c in self.state_at.get(t.i, ()) if c not in exclude]
        if named:
            return list(dict.fromkeys(named))[:1]
        targets = self.doc.user_data.get("context_targets", ()) or ()
        if targets:
            return [targets[-1]]
        counts = self.doc.user_data.get("state_counts", {}) or {}
        ranked = [code for code, n in sorted(counts.items(), key=lambda kv: -kv[1]) if code not in exclude and n >= 2]
        return ranked[:1]

    def _is_drafter(self, token: Token) -> bool:
        """ "a US-drafted text", "a resolution sponsored by France": the author, not the target."""
        following = self.doc[token.i + 2] if token.i + 2 < len(self.doc) else None
        if following is not None and self.doc[token.i + 1].text == "-" and following.lower_ in DRAFTING_WORDS:
            return True
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "by" and head.head.lower_ in DRAFTING_WORDS:
            return True
        if head.lower_ in DRAFTING_WORDS and token.dep_ in ("npadvmod", "compound", "nmod"):
            return True
        # "a US resolution", "France's draft": the state owning a measure is its sponsor
        return token.dep_ in ("compound", "poss", "amod") and head.lemma_.lower() in self.cues.resolution_nouns

    def vote(self, verb: Token) -> list[Candidate]:
        voters = self.voters(verb)
        against = [c for c in verb.children if c.lower_ in self.cues.vote_against]
        if against:  # "voted against, alongside Russia itself, Belarus and Syria": fellow voters
            around = list(verb.children) + (list(verb.head.children) if verb.dep_ in ("relcl", "acl", "xcomp") else [])
            for child in around:
                if child.dep_ == "prep" and child.lower_ in self.cues.vote_with:
                    voters += [c for p in child.children if p.dep_ == "pobj" for c in self.states_of(p)]
            voters = list(dict.fromkeys(voters))
        if not voters:
            return []
        out = []
        if against and not any(c.dep_ == "pobj" for a in against for c in a.children):
            # "to vote against" with no object: the measure is named elsewhere in the sentence or article
            for receiver in self.target_of(verb.head if verb.head != verb else verb, voters):
                out += [self.candidate(v, receiver, "diplomatic_support", None, verb, "vote") for v in voters]
        for child in verb.children:
            if child.dep_ != "prep":
                continue
            word = child.lower_
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if word in self.cues.vote_against:
                for obj in objects:
                    if obj.lemma_.lower() in self.cues.resolution_nouns or any(t.lemma_.lower() in self.cues.resolution_nouns for t in obj.subtree):
                        for receiver in self.target_of(obj, voters):
                            out += [self.candidate(v, receiver, "diplomatic_support", None, verb, "vote") for v in voters]
            elif word in self.cues.vote_with and not against and not (child.i > 0 and self.doc[child.i - 1].lower_ in ("along", "together")):
                for obj in objects:
                    for receiver in self.states_of(obj):
                        out += [self.candidate(v, receiver, "diplomatic_support", None, verb, "vote") for v in voters]
        return out

    def veto(self, token: Token) -> list[Candidate]:
        """ "Russia vetoed the resolution": support for the state the resolution targets.  Blocking
        needs a measure as its object ("blocked a statement"); vetoing anything but an item does."""
        givers = self.voters(token)
        objects = [c for c in token.children if c.dep_ in ("dobj", "pobj")] + \
                  [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        if token.lemma_.lower() != "veto":
            objects = [o for o in objects if o.lemma_.lower() in self.cues.resolution_nouns]
        objects = [o for o in objects if o.i not in self.item_at and self.cue_kind(o) is None]
        if not objects and token.pos_ == "NOUN" and token.lemma_.lower() == "veto":
            objects = [self.sent.root]  # "Russian veto ends UN watch on North Korea sanctions"
        if not givers or not objects:
            return []
        out = []
        for receiver in self.target_of(objects[0], givers):
            out += [self.candidate(g, receiver, "diplomatic_support", None, token, "veto") for g in givers]
        return out

    def oppose(self, token: Token) -> list[Candidate]:
        givers = self.voters(token)
        objects = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in self.cues.resolution_nouns]
        if not givers or not objects:
            return []
        out = []
        for receiver in self.target_of(objects[0], givers):
            out += [self.candidate(g, receiver, "diplomatic_support", None, token, "oppose") for g in givers]
        return out

    def recognise(self, token: Token) -> list[Candidate]:
        givers = self.voters(token)
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if not givers or not objects:
            return []
        named = [c for obj in objects for c in self.principal_states(obj) if c not in givers]
        for child in token.children:  # "recognise Jerusalem as the capital of Israel"
            if child.dep_ == "prep" and child.lower_ == "as":
                named += [c for pobj in child.children if pobj.dep_ == "pobj" for c in self.states_of(pobj) if c not in givers]
        out = []
        for receiver in list(dict.fromkeys(named))[:1]:
            out += [self.candidate(g, receiver, "diplomatic_support", None, token, "recognise") for g in givers]
        return out

    def back(self, token: Token) -> list[Candidate]:
        givers = self.voters(token)
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if not givers or not objects:
            return []
        receivers = [c for c in self.states_of(objects[0]) if c not in givers]
        return [self.candidate(g, r, "diplomatic_support", None, token, "back") for g in givers for r in receivers[:1]]


def read_sentence(sent: Span, cues: Cues | None = None) -> list[Candidate]:
    """Every transfer candidate in one parsed sentence."""
    return SentenceReader(sent, cues).candidates()
