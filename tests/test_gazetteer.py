"""The actors gazetteer: the packaged data validates, key forms resolve, bad files are refused by name."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barter import gazetteer
from barter.gazetteer import ActorForm, load, match_key

UN_MEMBERS_AND_OBSERVERS = 193 + 2


@pytest.fixture(scope="module")
def actors():
    return load()


def _write(tmp_path, body: str):
    path = tmp_path / "actors.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


MINIMAL = """\
    version: 1
    states:
      - {code: RUS, name: Russia, demonyms: [Russian], metonyms: [Moscow], source: test}
      - {code: PRK, name: North Korea, demonyms: [North Korean], metonyms: [Pyongyang], source: test}
    people:
      - {name: Vladimir Putin, aliases: [Putin], state: RUS, role: President, from: 2012-05-07, to: null, source: test}
    organisations:
      - {code: UN, name: United Nations, aliases: [UN], state: null, kind: international, source: test}
"""


# --- the packaged data ---------------------------------------------------------------------------

def test_packaged_data_loads_and_is_cached(actors):
    assert load() is actors


def test_every_un_member_and_observer_plus_taiwan_kosovo_and_the_soviet_union_is_a_state(actors):
    assert len(actors.states) == UN_MEMBERS_AND_OBSERVERS + 3
    for code in ("TWN", "XKX", "SUN", "VAT", "PSE", "RUS", "PRK", "KOR", "USA", "SSD", "TLS"):
        assert code in actors.states


def test_every_state_cites_a_source(actors):
    assert all(state.source.strip() for state in actors.states.values())


def test_every_person_and_organisation_cites_a_source(actors):
    assert all(p.source.strip() for p in actors.people)
    assert all(o.source.strip() for o in actors.organisations)


def test_the_people_cover_the_states_sanctions_news_turns_on(actors):
    covered = {person.state for person in actors.people}
    assert {"RUS", "PRK", "KOR", "USA", "CHN", "UKR", "JPN", "IRN", "BLR", "SYR", "GBR", "DEU", "FRA",
            "ISR", "TUR", "IND", "POL", None} <= covered
    assert len(actors.people) >= 150


def test_state_name_gives_the_common_name(actors):
    assert actors.state_name("RUS") == "Russia"
    assert actors.state_name("PRK") == "North Korea"
    with pytest.raises(KeyError):
        actors.state_name("XXX")


# --- key forms -----------------------------------------------------------------------------------

@pytest.mark.parametrize("surface, code, kind", [
    ("the Kremlin", "RUS", "metonym"),
    ("Kremlin", "RUS", "metonym"),
    ("Shin Won-sik", "KOR", "person"),
    ("John Kirby", "USA", "person"),
    ("Kim Jong-un", "PRK", "person"),
    ("Kim Jong Un", "PRK", "person"),
    ("Pyongyang", "PRK", "metonym"),
    ("North Korean", "PRK", "demonym"),
    ("North Koreans", "PRK", "demonym"),
    ("DPRK", "PRK", "state"),
    ("Democratic People's Republic of Korea", "PRK", "state"),
    ("South Korea", "KOR", "state"),
    ("KCNA", "PRK", "organisation"),
    ("Korean Central News Agency", "PRK", "organisation"),
    ("UN Security Council", None, "organisation"),
    ("Russian Federation", "RUS", "state"),
    ("Czechia", "CZE", "state"),
    ("Türkiye", "TUR", "state"),
    ("Zelenskyy", "UKR", "person"),
    ("Wagner Group", "RUS", "organisation"),
    ("IRGC", "IRN", "organisation"),
    ("the White House", "USA", "metonym"),
    ("the Pentagon", "USA", "organisation"),
])
def test_key_forms_resolve_to_their_state_and_kind(actors, surface, code, kind):
    form = actors.lookup(surface)
    assert form is not None, surface
    assert (form.code, form.kind) == (code, kind)


@pytest.mark.parametrize("code, surfaces", [
    ("RUS", ["Russian Federation", "Russians", "Moscow", "Putin", "Lavrov", "Shoigu", "Peskov", "Dmitry Peskov",
             "Maria Zakharova", "Belousov", "Alexander Matsegora", "Rosneft", "Gazprom", "Rosatom", "Roscosmos",
             "TASS", "RIA Novosti"]),
    ("PRK", ["North Korea", "Democratic People's Republic of Korea", "N. Korean", "Kim Jong Un", "Kim Yo Jong",
             "Choe Son Hui", "Workers' Party of Korea"]),
    ("KOR", ["ROK", "Republic of Korea", "Seoul", "Yoon", "Yoon Suk Yeol", "Lee Jae-myung", "NIS",
             "National Intelligence Service", "Joint Chiefs of Staff"]),
    ("USA", ["America", "Americans", "Washington", "the White House", "Biden", "Trump", "Kirby", "Blinken",
             "Austin", "Sullivan", "Jake Sullivan", "Karine Jean-Pierre", "Matthew Miller", "Marco Rubio",
             "Pete Hegseth", "Karoline Leavitt", "State Department", "Treasury", "National Security Council"]),
    ("CHN", ["Chinese", "Beijing", "Xi", "Xi Jinping", "Wang Yi", "Mao Ning", "PLA"]),
    ("UKR", ["Ukrainian", "Kyiv", "Kiev", "Zelensky", "GUR", "HUR", "SBU"]),
    ("JPN", ["Tokyo", "Kishida", "Ishiba", "Takaichi"]),
    ("IRN", ["Islamic Republic of Iran", "Iranian", "Tehran", "Raisi", "Pezeshkian", "Khamenei", "IRGC"]),
    ("BLR", ["Minsk", "Lukashenko"]),
    ("SYR", ["Syria", "Damascus", "Assad"]),
    ("GBR", ["UK", "Britain", "Great Britain", "London", "Downing Street", "Whitehall", "Sunak", "Starmer"]),
    ("DEU", ["Berlin", "Scholz", "Merz"]),
    ("FRA", ["Paris", "the Elysee", "Macron"]),
    ("ISR", ["Israeli", "Israelis", "Jerusalem", "Netanyahu"]),
    ("TUR", ["Turkish", "Ankara", "Erdogan", "Erdoğan"]),
    ("IND", ["New Delhi", "Modi"]),
    ("TWN", ["Taipei"]),
    ("PSE", ["Palestinian"]),
    ("CZE", ["Czech Republic", "Czechia"]),
    ("CIV", ["Ivory Coast", "Côte d'Ivoire"]),
])
def test_the_forms_news_uses_resolve_to_their_state(actors, code, surfaces):
    wrong = {s: (actors.lookup(s).code if actors.lookup(s) else None) for s in surfaces}
    assert {s: c for s, c in wrong.items() if c != code} == {}


@pytest.mark.parametrize("surface", ["UN", "UN Security Council", "UN General Assembly", "IAEA", "NATO", "EU",
                                     "European Commission", "G7", "G20", "ASEAN", "OPEC", "WTO", "IMF",
                                     "World Bank", "1718 Committee", "UN Panel of Experts", "MSMT", "Guterres"])
def test_international_bodies_and_officials_stand_for_no_state(actors, surface):
    form = actors.lookup(surface)
    assert form is not None and form.code is None


def test_us_and_dotted_us_map_to_the_united_states_but_the_pronoun_does_not(actors):
    assert actors.lookup("US").code == "USA"
    assert actors.lookup("U.S.").code == "USA"
    assert actors.lookup("USA").code == "USA"
    assert actors.lookup("us") is None
    assert actors.lookup("Us") is None


def test_one_word_names_match_in_headline_capitals_but_not_in_lower_case(actors):
    assert actors.lookup("TURKEY").code == "TUR"
    assert actors.lookup("turkey") is None
    assert actors.lookup("china") is None


def test_several_word_forms_match_case_insensitively(actors):
    assert actors.lookup("the KREMLIN").code == "RUS"
    assert actors.lookup("north korean").code == "PRK"


def test_apostrophes_hyphens_and_accents_fold(actors):
    assert actors.lookup("Democratic People\u2019s Republic of Korea").code == "PRK"
    assert actors.lookup("Cote d\u2019Ivoire").code == "CIV"
    assert actors.lookup("Erdoğan").code == actors.lookup("Erdogan").code == "TUR"
    assert match_key("Kim Jong-un") == match_key("Kim Jong Un")
    assert match_key("U.S.") == match_key("US")
    assert actors.lookup("Bosnia & Herzegovina").code == "BIH"


def test_a_leading_the_is_optional(actors):
    assert actors.lookup("the United States").code == "USA"
    assert actors.lookup("the Netherlands").code == "NLD"


def test_bare_korea_and_contextual_references_map_nowhere(actors):
    for surface in ("Korea", "the North", "the South", "the president", "Congolese"):
        assert actors.lookup(surface) is None, surface


def test_forms_that_name_other_things_are_marked_ambiguous(actors):
    for surface in ("Georgia", "Washington", "Jordan", "Chad", "Niger", "Guinea", "Congo", "Kim", "Brussels"):
        form = actors.lookup(surface)
        assert form is not None and form.ambiguous, surface
    assert not actors.lookup("Pyongyang").ambiguous


def test_niger_and_nigeria_demonyms_stay_apart(actors):
    assert actors.lookup("Nigerien").code == "NER"
    assert actors.lookup("Nigerian").code == "NGA"


# --- people by term ------------------------------------------------------------------------------

def test_people_sharing_a_surname_resolve_by_date(actors):
    assert actors.lookup("Lee", on=date(2023, 1, 1)).entity == "Lee Jong-sup"
    assert actors.lookup("Lee", on=date(2025, 8, 1)).entity == "Lee Jae-myung"


def test_undated_lookup_prefers_whoever_is_in_office_now(actors):
    assert actors.lookup("Lee").entity == "Lee Jae-myung"


def test_a_person_with_two_roles_resolves_to_the_role_held_on_the_date(actors):
    def role_on(day):
        form = actors.lookup("Shoigu", on=day)
        return next(p.role for p in actors.people
                    if p.name == form.entity and p.in_office(day))
    assert "Defence" in role_on(date(2023, 9, 13))
    assert "Security Council" in role_on(date(2025, 1, 1))


def test_people_carry_their_terms(actors):
    yoon = next(p for p in actors.people if p.name == "Yoon Suk Yeol")
    assert (yoon.state, yoon.start, yoon.end) == ("KOR", date(2022, 5, 10), date(2025, 4, 4))


def test_un_secretaries_general_act_for_no_state(actors):
    assert actors.lookup("Guterres").code is None
    assert actors.lookup("Guterres").kind == "person"


# --- the form list -------------------------------------------------------------------------------

def test_forms_list_every_literal_spelling_a_matcher_needs(actors):
    texts = {form.text for form in actors.forms()}
    assert {"U.S.", "US", "Kim Jong-un", "Kim Jong Un", "the Kremlin", "Kremlin"} <= texts
    assert all(isinstance(form, ActorForm) for form in actors.forms())


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_lookup_of_any_forms_text_returns_a_form_with_the_same_code(actors, data):
    form = data.draw(st.sampled_from(actors.forms()))
    found = actors.lookup(form.text)
    assert found is not None and found.code == form.code


@settings(max_examples=200, deadline=None)
@given(st.data(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_lookup_on_any_date_keeps_the_forms_code(actors, data, on):
    form = data.draw(st.sampled_from(actors.forms()))
    found = actors.lookup(form.text, on=on)
    assert found is not None and found.code == form.code


@settings(max_examples=200, deadline=None)
@given(st.data(), st.sampled_from(["\u2019", "-", " ", "upper", "the "]))
def test_lookup_is_stable_under_spelling_variation(actors, data, variation):
    form = data.draw(st.sampled_from(actors.forms()))
    if variation == "upper":
        surface = form.text.upper()
    elif variation == "the ":
        surface = "the " + form.text
    else:
        surface = form.text.replace("'", variation) if variation == "\u2019" else form.text.replace(" ", variation)
    found = actors.lookup(surface)
    if found is not None:
        assert found.code == form.code


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcKJU. -'\u2019\u2013&é")), max_size=30))
def test_match_key_is_idempotent_and_blind_to_dash_and_apostrophe_style(surface):
    key = match_key(surface)
    assert match_key(key) == key
    assert match_key(surface.replace("-", " ")) == key
    assert match_key(surface.replace("'", "\u2019")) == key


# --- validation ----------------------------------------------------------------------------------

def test_a_minimal_file_loads(tmp_path):
    actors = load(_write(tmp_path, MINIMAL))
    assert actors.lookup("Putin").code == "RUS"
    assert actors.lookup("UN").code is None


@pytest.mark.parametrize("change, message", [
    (("source: test}\n      - {code: PRK", "source: test, capital: Moscow}\n      - {code: PRK"), "state 'RUS': unknown keys"),
    (("{code: PRK, name: North Korea, demonyms: [North Korean], ", "{code: PRK, name: North Korea, "), "state 'PRK': missing ['demonyms']"),
    (("code: PRK", "code: RUS"), "duplicate code 'RUS'"),
    (("state: RUS, role", "state: XYZ, role"), "person 'Vladimir Putin': 'state' 'XYZ' is not a state"),
    (("metonyms: [Pyongyang]", "metonyms: [Pyongyang, Moscow]"), "'Moscow'"),
    (("from: 2012-05-07", "from: soon"), "person 'Vladimir Putin': 'from' must be a date"),
    (("kind: international", "kind: club"), "organisation 'UN': 'kind' must be one of"),
    (("version: 1", "revision: 1"), "top-level 'version:'"),
])
def test_malformed_files_are_refused_naming_the_entry(tmp_path, change, message):
    old, new = change
    assert old in MINIMAL
    with pytest.raises(ValueError) as refused:
        load(_write(tmp_path, MINIMAL.replace(old, new)))
    assert message in str(refused.value)


def test_a_surface_form_claimed_by_two_states_is_refused_naming_both(tmp_path):
    bad = MINIMAL.replace("demonyms: [North Korean]", "demonyms: [North Korean, Russian]")
    with pytest.raises(ValueError) as refused:
        load(_write(tmp_path, bad))
    assert "'Russian'" in str(refused.value)
    assert "Russia" in str(refused.value) and "North Korea" in str(refused.value)


def test_an_ambiguous_form_must_be_a_form_of_its_entry(tmp_path):
    bad = MINIMAL.replace("metonyms: [Moscow], source", "metonyms: [Moscow], ambiguous: [Kremlin], source")
    with pytest.raises(ValueError, match="state 'RUS': 'ambiguous' lists"):
        load(_write(tmp_path, bad))


def test_broken_yaml_is_refused_naming_the_file(tmp_path):
    path = _write(tmp_path, "version: 1\nstates: [ {code: RUS\n")
    with pytest.raises(ValueError, match="not valid YAML"):
        load(path)


def test_people_of_two_states_may_not_share_a_form(tmp_path):
    impostor = ("      - {name: Kim Jong Un, aliases: [Putin], state: PRK, role: Leader,"
                " from: 2011-12-17, to: null, source: test}\n")
    bad = MINIMAL.replace("    organisations:", impostor + "    organisations:")
    with pytest.raises(ValueError, match="'Putin'"):
        load(_write(tmp_path, bad))


def test_the_module_is_importable_without_shared_material():
    assert gazetteer.KINDS == ("state", "demonym", "metonym", "person", "organisation")
