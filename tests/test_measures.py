"""measures: the UN measures on the DPRK as validated data, and which a transfer touches."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from barter.measures import load, measures_touching, parse

REQUIRED = {
    "arms-into": "1718", "arms-out-of": "1874", "wmd": "1718", "luxury": "1718", "workers": "2397",
    "refined-petroleum": "2397", "crude-oil": "2397", "coal-iron": "2371", "lead-seafood": "2371",
    "textiles": "2375", "imports-2397": "2397", "exports-2397": "2397", "sci-tech": "2321", "teaching": "2270",
}

# One transfer each measure must catch: (measure, giver, receiver, category, items).
CASES = [
    ("arms-into", "RUS", "PRK", "arms", ("air defence systems",)),
    ("arms-out-of", "PRK", "RUS", "arms", ("artillery shells",)),
    ("arms-services", "PRK", "RUS", "military_personnel", ("troops",)),
    ("wmd", "PRK", "RUS", "arms", ("ballistic missiles",)),
    ("luxury", "RUS", "PRK", "goods", ("luxury cars",)),
    ("workers", "PRK", "RUS", "workers", ("labourers",)),
    ("refined-petroleum", "RUS", "PRK", "refined_petroleum", ("diesel",)),
    ("crude-oil", "CHN", "PRK", "crude_oil", ()),
    ("condensates", "RUS", "PRK", "energy", ("natural gas liquids",)),
    ("aviation-fuel", "RUS", "PRK", "refined_petroleum", ("jet fuel",)),
    ("coal-iron", "PRK", "CHN", "energy", ("coal",)),
    ("minerals", "PRK", "CHN", "goods", ("rare earth minerals",)),
    ("lead-seafood", "PRK", "CHN", "food", ("seafood",)),
    ("textiles", "PRK", "CHN", "goods", ("textiles",)),
    ("exports-2397", "PRK", "RUS", "food", ("apples",)),
    ("imports-2397", "RUS", "PRK", "goods", ("trucks",)),
    ("vessels-into", "RUS", "PRK", "goods", ("oil tanker",)),
    ("sci-tech", "RUS", "PRK", "military_technology", ("space know-how",)),
    ("teaching", "RUS", "PRK", "goods", ("aerospace engineering training",)),
    ("joint-ventures", "RUS", "PRK", "money", ("joint venture",)),
]


def by_id():
    return {m.id: m for m in load()}


def test_the_packaged_measures_load_with_every_required_measure_and_its_resolution():
    measures = by_id()
    for measure_id, resolution in REQUIRED.items():
        assert measure_id in measures
        assert resolution in {c.resolution for c in measures[measure_id].citations}, measure_id
    assert all(m.citations and m.summary and m.target == "PRK" for m in measures.values())


def test_load_is_cached():
    assert load() is load()


def test_the_petroleum_caps_are_2397s():
    measures = by_id()
    refined, crude = measures["refined-petroleum"], measures["crude-oil"]
    assert (refined.cap.amount, refined.cap.unit, refined.cap.period) == (500_000, "barrels", "year")
    assert (crude.cap.amount, crude.cap.unit) == (4_000_000, "barrels")
    assert ("2397", "5") in {(c.resolution, c.paragraph) for c in refined.citations}
    assert ("2397", "4") in {(c.resolution, c.paragraph) for c in crude.citations}


def test_workers_must_be_home_24_months_after_22_december_2017():
    workers = by_id()["workers"]
    assert workers.deadline == date(2019, 12, 22)
    assert ("2397", "8") in {(c.resolution, c.paragraph) for c in workers.citations}
    assert workers.exemptions


def test_unchecked_paragraphs_stay_marked_unconfirmed():
    textiles = by_id()["textiles"]
    assert [c.confirmed for c in textiles.citations] == [False]
    assert all(c.confirmed for c in by_id()["refined-petroleum"].citations if c.resolution == "2397")


@pytest.mark.parametrize("measure_id, giver, receiver, category, items", CASES, ids=[c[0] for c in CASES])
def test_each_measure_catches_its_transfer(measure_id, giver, receiver, category, items):
    assert measure_id in {m.id for m in measures_touching(giver, receiver, category, items)}


def test_every_measure_in_the_file_has_a_case():
    assert {c[0] for c in CASES} == set(by_id())


@pytest.mark.parametrize("giver, receiver, category, items", [
    ("RUS", "PRK", "food", ("wheat",)),  # food aid into the DPRK is not banned
    ("RUS", "PRK", "energy", ("electricity",)),
    ("RUS", "PRK", "diplomatic_support", ("veto",)),
    ("RUS", "UKR", "arms", ("missiles",)),  # no DPRK, no DPRK measure
    ("RUS", "PRK", "workers", ("labourers",)),  # workers are restricted leaving the DPRK, not entering it
    ("PRK", "RUS", "refined_petroleum", ("diesel",)),  # the cap is on supplies to the DPRK
])
def test_transfers_outside_every_measure_get_none(giver, receiver, category, items):
    assert measures_touching(giver, receiver, category, items) == []


def test_item_words_refine_a_wide_category():
    assert [m.id for m in measures_touching("PRK", "CHN", "energy", ("coal",))] == ["coal-iron"]
    assert measures_touching("PRK", "CHN", "energy", ("electricity",)) == []
    assert "lead-seafood" in {m.id for m in measures_touching("PRK", "CHN", "food", ("crabs",))}
    assert "lead-seafood" not in {m.id for m in measures_touching("PRK", "CHN", "food", ("rice",))}
    space = {m.id for m in measures_touching("RUS", "PRK", "military_technology", ("satellite technology",))}
    assert {"sci-tech", "wmd"} <= space


def test_item_words_match_whole_words_only():
    # "ship" is a vessel; "shipping" containers are not.
    assert "vessels-into" not in {m.id for m in measures_touching("RUS", "PRK", "goods", ("shipping containers",))}


def valid_entry(**changes):
    entry = {"id": "m1", "title": "A measure", "direction": "into", "categories": ["arms"],
             "citations": [{"resolution": "1718", "paragraph": "8(a)(i)"}], "summary": "Ours."}
    entry.update(changes)
    return entry


def write(tmp_path, *entries):
    path = tmp_path / "measures.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "target": "PRK", "measures": list(entries)}))
    return path


def test_a_valid_file_loads(tmp_path):
    (measure,) = load(write(tmp_path, valid_entry()))
    assert (measure.id, measure.target, measure.categories) == ("m1", "PRK", ("arms",))


@pytest.mark.parametrize("change, message", [
    ({"categories": ["weapons"]}, "unknown category 'weapons'"),
    ({"direction": "sideways"}, "direction 'sideways'"),
    ({"citations": []}, "no citation"),
    ({"citations": [{"resolution": "1718"}]}, "needs 'resolution' and 'paragraph'"),
    ({"summary": ""}, "'summary' is missing"),
    ({"cap": {"amount": -1, "unit": "barrels", "period": "year"}}, "positive number"),
    ({"deadline": "soon"}, "not an ISO date"),
    ({"colour": "red"}, "unknown key"),
])
def test_a_bad_entry_is_refused_naming_it(tmp_path, change, message):
    with pytest.raises(ValueError, match="measure 'm1'") as error:
        load(write(tmp_path, valid_entry(**change)))
    assert message in str(error.value)


def test_a_file_without_version_is_refused():
    with pytest.raises(ValueError, match="version"):
        parse({"measures": [valid_entry()]})


def test_an_id_used_twice_is_refused(tmp_path):
    with pytest.raises(ValueError, match="used twice"):
        load(write(tmp_path, valid_entry(), valid_entry()))
