"""Who the actors are: states, the people who speak for them, and organisations, read from data/actors.yaml.

Every surface form (a name, a demonym, a capital standing for its
government, a leader's name, an agency) becomes one ``ActorForm`` naming the
state it stands for.  ``Gazetteer.forms()`` feeds a matcher;
``Gazetteer.lookup()`` resolves one span.

How surface forms compare (``match_key``):

* curly and straight apostrophes are one, hyphens and dashes are spaces,
  accents are dropped ("Kim Jong-un" = "Kim Jong Un", "Erdoğan" = "Erdogan"),
  "&" is "and" ("Trinidad & Tobago"),
  dotted acronyms lose their dots ("U.S." = "US", "D.P.R.K." = "DPRK");
* a form of several words compares case-insensitively ("the kremlin");
* a one-word form compares case-sensitively, also matching its all-capitals
  headline spelling: "US" and "U.S." match, "us" does not; "Turkey" and
  "TURKEY" match, "turkey" does not;
* a leading "the" is optional when the form itself has none ("the United
  States" finds "United States"; "the Kremlin" is a form of its own).

Every match key belongs to one entity, except that people of the same state
may share one ("Trump" for both terms, "Lee" for two ministers); lookup then
prefers whoever was in office on the given date.  A key claimed by two
states, or by a state and a person, is a fault in the data (ValueError).
Bare "Korea" maps nowhere on purpose, as does "Congolese"; forms listed under
an entry's ``ambiguous`` (``ambiguous_alias`` for people) come out with
``ambiguous=True``: the extractor should want more evidence ("Georgia",
"Washington", "Jordan", and "Kim", kept for Kim Jong Un though many Kims
act for both Koreas).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built; same safe subset
KINDS = ("state", "demonym", "metonym", "person", "organisation")
ORGANISATION_KINDS = ("international", "state_organ", "state_firm", "state_media", "armed_group")
STATELESS_KINDS = ("international", "armed_group")  # an armed group may act for no state (Hamas, the Houthis)
TOP_KEYS = {"version", "sources", "states", "people", "organisations"}
STATE_KEYS = {"code": True, "name": True, "aliases": False, "demonyms": True, "metonyms": True,
              "ambiguous": False, "source": True}
PERSON_KEYS = {"name": True, "aliases": False, "state": True, "role": True, "from": True, "to": True,
               "ambiguous_alias": False, "source": True}
ORGANISATION_KEYS = {"code": True, "name": True, "aliases": False, "state": True, "kind": True,
                     "ambiguous": False, "source": True}


@dataclass(frozen=True)
class State:
    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    metonyms: tuple[str, ...]
    ambiguous: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    state: str | None
    role: str
    start: date | None
    end: date | None
    source: str
    ambiguous: tuple[str, ...] = ()

    def in_office(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    aliases: tuple[str, ...]
    state: str | None
    kind: str
    source: str
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorForm:
    """One surface form to match in text."""

    text: str  # as to be matched, e.g. "the Kremlin"
    code: str | None  # the state it stands for (None for international organisations)
    kind: str  # "state" | "demonym" | "metonym" | "person" | "organisation"
    entity: str  # canonical name: "Russia", "Vladimir Putin", "UN Security Council"
    ambiguous: bool


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212]")
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}(?![A-Za-z])")


_LONE_AMPERSAND = re.compile(r"(?<!\S)&(?!\S)")


def _fold(surface: str) -> str:
    """The surface with apostrophes, dashes, accents, dotted acronyms and spacing made uniform."""
    text = surface.translate(_APOSTROPHES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _DASHES.sub(" ", text)
    # Lookarounds, not str.replace: "& &" must fold both, or folding twice would differ.
    return _LONE_AMPERSAND.sub("and", " ".join(text.split()))


def match_key(surface: str) -> str:
    """The key two spellings of one form share (see the module docstring)."""
    return _key_of(_fold(surface))


def _key_of(folded: str) -> str:
    return folded.casefold() if " " in folded else folded


def _keys(form: str) -> tuple[str, ...]:
    """The keys a form is indexed under: a one-word form also under its headline capitals."""
    key = match_key(form)
    if " " in key:
        return (key,)
    return tuple(dict.fromkeys((key, key.upper())))


class Gazetteer:
    """States by code, people and organisations, and an index from match keys to the forms they stand for."""

    def __init__(self, states: dict[str, State], people: tuple[Person, ...],
                 organisations: tuple[Organisation, ...], where: str = "actors.yaml"):
        self.states = states
        self.people = people
        self.organisations = organisations
        with_people = _build_forms(states, people, organisations)
        self._forms = tuple(form for form, _ in with_people)
        self._index = _build_index(with_people, where)

    def forms(self) -> tuple[ActorForm, ...]:
        """Every surface form, each literal spelling once per entity ("U.S." and "US" both), for a matcher."""
        return self._forms

    def lookup(self, surface: str, on: date | None = None) -> ActorForm | None:
        """The form ``surface`` stands for, or None; among people sharing it, whoever held office ``on``."""
        candidates = self._candidates(surface)
        if not candidates:
            return None
        people = {id(person): person for _, person in candidates if person is not None}
        if len(people) > 1:
            chosen = _pick_by_term(list(people.values()), on)
            candidates = [(form, person) for form, person in candidates if person is chosen]
        literal = [form for form, _ in candidates if form.text == surface]
        return literal[0] if literal else candidates[0][0]

    def state_name(self, code: str) -> str:
        """The state's name ("RUS" -> "Russia"); KeyError for an unknown code."""
        return self.states[code].name

    def _candidates(self, surface: str) -> list[tuple[ActorForm, Person | None]]:
        folded = _fold(surface)
        for attempt in (folded, folded[4:] if folded.casefold().startswith("the ") else None):
            if attempt:
                found = self._index.get(_key_of(attempt))
                if found:
                    return found
        return []


def _pick_by_term(people: list[Person], on: date | None) -> Person:
    """Whoever was in office on ``on``, else the nearest term; undated: the current or latest term."""
    if on is not None:
        serving = [person for person in people if person.in_office(on)]
        return min(serving or people, key=lambda person: _distance(person, on))
    return max(people, key=lambda p: (p.end is None, p.end or date.min, p.start or date.min))


def _distance(person: Person, on: date) -> int:
    if person.start and on < person.start:
        return (person.start - on).days
    if person.end and on > person.end:
        return (on - person.end).days
    return 0


def _build_forms(states: dict[str, State], people: tuple[Person, ...],
                 organisations: tuple[Organisation, ...]) -> list[tuple[ActorForm, Person | None]]:
    """Every form with the person it names (None for states and organisations), each spelling once per entity."""
    forms: list[tuple[ActorForm, Person | None]] = []

    def add(entity_forms, code: str | None, entity: str, ambiguous: tuple[str, ...], person: Person | None = None):
        doubtful = {match_key(a) for a in ambiguous}
        seen: set[str] = set()
        for text, kind in entity_forms:
            if text not in seen:  # spellings that fold together stay apart: a literal matcher needs each
                seen.add(text)
                forms.append((ActorForm(text, code, kind, entity, match_key(text) in doubtful), person))

    for state in states.values():
        add([(state.name, "state")] + [(a, "state") for a in state.aliases]
            + [(d, "demonym") for d in state.demonyms] + [(m, "metonym") for m in state.metonyms],
            state.code, state.name, state.ambiguous)
    for organisation in organisations:
        add([(t, "organisation") for t in (organisation.name, *organisation.aliases)],
            organisation.state, organisation.name, organisation.ambiguous)
    for person in people:
        add([(t, "person") for t in (person.name, *person.aliases)], person.state, person.name,
            person.ambiguous, person)
    return forms


def _build_index(forms: list[tuple[ActorForm, Person | None]], where: str):
    """Match key -> [(form, person or None)]; ValueError when a key is claimed by two entities that may not share it."""
    index: dict[str, list[tuple[ActorForm, Person | None]]] = {}
    for form, person in forms:
        for key in _keys(form.text):
            entries = index.setdefault(key, [])
            for other, other_person in entries:
                if not _same_entity(form, person, other, other_person):  # "Tass" in capitals is "TASS" again
                    _check_sharing(form, person, other, other_person, where)
            entries.append((form, person))
    return index


def _same_entity(form: ActorForm, person: Person | None, other: ActorForm, other_person: Person | None) -> bool:
    """Whether two forms under one key are spellings of one entity (which may of course share a key)."""
    return person is other_person and (form.entity, form.code, form.kind == "person") == (
        other.entity, other.code, other.kind == "person")


def _check_sharing(form: ActorForm, person: Person | None, other: ActorForm, other_person: Person | None,
                   where: str) -> None:
    if person is not None and other_person is not None and person.state == other_person.state:
        return  # same-state people share surnames and terms; resolved by date
    raise ValueError(
        f"{where}: surface form {form.text!r} of {form.kind} {form.entity!r} is already claimed by "
        f"{other.kind} {other.entity!r} ({other.code or 'no state'}); keep each form on one entity"
    )


def load(path: Path | str | None = None) -> Gazetteer:
    """The gazetteer in ``path`` (default: the packaged data/actors.yaml), validated; cached per path."""
    return _load_cached(str(path) if path is not None else None)


@functools.cache
def _load_cached(path: str | None) -> Gazetteer:
    if path is None:
        text = resources.files("barter").joinpath("data/actors.yaml").read_text(encoding="utf-8")
        where = "actors.yaml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = path
    try:
        document = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise ValueError(f"{where}: not valid YAML ({problem}); fix the syntax") from error
    return parse(document, where)


def parse(document: Any, where: str = "actors.yaml") -> Gazetteer:
    """A Gazetteer from the YAML's parsed form; ValueError naming the file and the entry at the first fault."""
    if not isinstance(document, dict) or "version" not in document:
        raise ValueError(f"{where}: expected a mapping with a top-level 'version:' key")
    unknown = set(document) - TOP_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown top-level keys {sorted(unknown)}; allowed: {sorted(TOP_KEYS)}")
    states = _parse_states(_section(document, "states", where), where)
    people = tuple(_parse_person(entry, n, states, where)
                   for n, entry in enumerate(_section(document, "people", where), start=1))
    organisations = _parse_organisations(_section(document, "organisations", where), states, where)
    return Gazetteer(states, people, organisations, where)


def _section(document: dict, name: str, where: str) -> list:
    entries = document.get(name)
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{where}: '{name}:' must be a non-empty list")
    return entries


def _checked_entry(entry: Any, allowed: dict[str, bool], label: str) -> dict:
    if not isinstance(entry, dict):
        raise ValueError(f"{label}: expected a mapping, got {type(entry).__name__}")
    unknown = set(entry) - set(allowed)
    if unknown:
        raise ValueError(f"{label}: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    missing = [key for key, required in allowed.items() if required and key not in entry]
    if missing:
        raise ValueError(f"{label}: missing {missing}")
    return entry


def _text(entry: dict, key: str, label: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{label}: '{key}' must be a non-empty string, got {value!r}")
    return value


def _texts(entry: dict, key: str, label: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{label}: '{key}' must be a list of non-empty strings, got {value!r}")
    return tuple(value)


def _ambiguous(entry: dict, key: str, own_forms: tuple[str, ...], label: str) -> tuple[str, ...]:
    listed = _texts(entry, key, label)
    own = {match_key(f) for f in own_forms}
    stray = [form for form in listed if match_key(form) not in own]
    if stray:
        raise ValueError(f"{label}: '{key}' lists {stray}, which are not forms of this entry")
    return listed


def _parse_states(entries: list, where: str) -> dict[str, State]:
    states: dict[str, State] = {}
    for position, entry in enumerate(entries, start=1):
        name = entry.get("code") if isinstance(entry, dict) else None
        label = f"{where}: state {name!r}" if name else f"{where}: state #{position}"
        entry = _checked_entry(entry, STATE_KEYS, label)
        code = _text(entry, "code", label)
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(f"{label}: 'code' must be three capital letters (ISO 3166-1 alpha-3)")
        if code in states:
            raise ValueError(f"{label}: duplicate code {code!r}")
        names = (_text(entry, "name", label), *_texts(entry, "aliases", label))
        demonyms, metonyms = _texts(entry, "demonyms", label), _texts(entry, "metonyms", label)
        states[code] = State(
            code=code, name=names[0], aliases=names[1:], demonyms=demonyms, metonyms=metonyms,
            ambiguous=_ambiguous(entry, "ambiguous", names + demonyms + metonyms, label),
            source=_text(entry, "source", label),
        )
    return states


def _parse_person(entry: Any, position: int, states: dict[str, State], where: str) -> Person:
    name = entry.get("name") if isinstance(entry, dict) else None
    label = f"{where}: person {name!r}" if name else f"{where}: person #{position}"
    entry = _checked_entry(entry, PERSON_KEYS, label)
    state = _state_code(entry, states, label)
    start, end = _date(entry, "from", label), _date(entry, "to", label)
    if start and end and end < start:
        raise ValueError(f"{label}: 'to' ({end}) is before 'from' ({start})")
    names = (_text(entry, "name", label), *_texts(entry, "aliases", label))
    return Person(
        name=names[0], aliases=names[1:], state=state, role=_text(entry, "role", label),
        start=start, end=end, source=_text(entry, "source", label),
        ambiguous=_ambiguous(entry, "ambiguous_alias", names, label),
    )


def _parse_organisations(entries: list, states: dict[str, State], where: str) -> tuple[Organisation, ...]:
    organisations: list[Organisation] = []
    codes: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        name = entry.get("code") if isinstance(entry, dict) else None
        label = f"{where}: organisation {name!r}" if name else f"{where}: organisation #{position}"
        entry = _checked_entry(entry, ORGANISATION_KEYS, label)
        code = _text(entry, "code", label)
        if code in codes or code in states:
            raise ValueError(f"{label}: duplicate code {code!r}")
        codes.add(code)
        kind = _text(entry, "kind", label)
        if kind not in ORGANISATION_KINDS:
            raise ValueError(f"{label}: 'kind' must be one of {ORGANISATION_KINDS}, got {kind!r}")
        state = _state_code(entry, states, label)
        if kind == "international" and state is not None:
            raise ValueError(f"{label}: an international organisation has state null, got {state!r}")
        if kind not in STATELESS_KINDS and state is None:
            raise ValueError(f"{label}: a {kind} names the state it belongs to ('state: null' given)")
        names = (_text(entry, "name", label), *_texts(entry, "aliases", label))
        organisations.append(Organisation(
            code=code, name=names[0], aliases=names[1:], state=state, kind=kind,
            source=_text(entry, "source", label),
            ambiguous=_ambiguous(entry, "ambiguous", names, label),
        ))
    return tuple(organisations)


def _state_code(entry: dict, states: dict[str, State], label: str) -> str | None:
    state = entry.get("state")
    if state is not None and state not in states:
        raise ValueError(f"{label}: 'state' {state!r} is not a state in the gazetteer")
    return state


def _date(entry: dict, key: str, label: str) -> date | None:
    value = entry.get(key)
    if value is None or isinstance(value, date):
        return value
    raise ValueError(f"{label}: '{key}' must be a date (YYYY-MM-DD) or null, got {value!r}")
