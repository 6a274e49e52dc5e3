"""assess: flags on ledger entries, how sure they are, and the cap arithmetic."""

from __future__ import annotations

from barter.assess import CAP_CAVEAT, assess, yearly_against_cap
from barter.measures import load
from barter.records import Cap, Flag, LedgerEntry, QuantityReport
from barter.resolve import resolve
from ledger_samples import document_infos, sample_claims

CAP = Cap(500_000, "barrels", "year")


def report(claim_id, amount, when, unit="barrels", status="reported", high=None):
    return QuantityReport(claim_id, amount, amount if high is None else high, unit, when, status)


def entry(category="refined_petroleum", giver="RUS", receiver="PRK", standing="reported", outlets=1, items=(), reports=()):
    return LedgerEntry("entry:x", giver, receiver, category, items, ("c1",), outlets, ("someone",), (), standing,
                       reports=tuple(reports))


def test_a_year_runs_from_the_largest_single_report_to_every_distinct_report_added():
    yearly = yearly_against_cap([report("a", 300_000, "2024-03"), report("b", 400_000, "2024-08-01")], CAP)
    assert yearly == ((2024, 400_000, 700_000),)


def test_the_same_figure_twice_in_a_year_is_counted_once_in_the_high_sum():
    yearly = yearly_against_cap([report("a", 300_000, "2024-03"), report("b", 300_000, "2024-04")], CAP)
    assert yearly == ((2024, 300_000, 300_000),)


def test_each_year_is_summed_on_its_own():
    yearly = yearly_against_cap([report("a", 100_000, "2023"), report("b", 200_000, "2024-01-02"),
                                 report("c", 50_000, "2024-05")], CAP)
    assert yearly == ((2023, 100_000, 100_000), (2024, 200_000, 250_000))


def test_plans_other_units_and_undated_figures_are_left_out():
    yearly = yearly_against_cap([report("a", 900_000, "2024", status="planned"),
                                 report("b", 70_000, "2024", unit="tonnes"),
                                 report("c", 80_000, None),
                                 report("d", 120_000, "2024", unit="bbl")], CAP)
    assert yearly == ((2024, 120_000, 120_000),)


def test_a_range_report_counts_its_high_end_in_the_sum_and_its_low_end_as_the_floor():
    yearly = yearly_against_cap([report("a", 200_000, "2024", high=400_000)], CAP)
    assert yearly == ((2024, 200_000, 400_000),)


def test_the_petroleum_flag_carries_the_cap_arithmetic_and_its_caveat():
    e = entry(items=("diesel",), reports=[report("a", 600_000, "2024-02"), report("b", 300_000, "2024-03"),
                                         report("c", 5, "2024", unit="tankers")])
    (flagged,) = assess([e], load())
    (flag,) = flagged.flags
    assert flag.measure_id == "refined-petroleum"
    assert flag.yearly == ((2024, 600_000, 900_000),)
    assert "600,000-900,000 barrels reported, over the cap even at the low end" in flag.cap_note
    assert "cap 500,000 barrels a year" in flag.cap_note
    assert "tankers not counted" in flag.cap_note
    assert CAP_CAVEAT in flag.cap_note


def test_a_figure_under_the_cap_says_so():
    (flagged,) = assess([entry(reports=[report("a", 15_279, "2024-01")])], load())
    assert "within the cap" in flagged.flags[0].cap_note


def test_a_capped_entry_without_figures_says_none_were_reported():
    (flagged,) = assess([entry()], load())
    assert flagged.flags[0].yearly == ()
    assert "no delivered quantity reported in barrels" in flagged.flags[0].cap_note


def test_certainty_is_corroborated_when_several_outlets_report_it():
    (alone,) = assess([entry(outlets=1)], load())
    (several,) = assess([entry(outlets=3)], load())
    assert alone.flags[0].certainty == "reported"
    assert several.flags[0].certainty == "corroborated"


def test_a_contested_or_planned_entry_keeps_its_standing_as_certainty():
    (contested,) = assess([entry("arms", "PRK", "RUS", standing="contested", outlets=4, items=("shells",))], load())
    (planned,) = assess([entry("workers", "PRK", "RUS", standing="planned")], load())
    assert {f.certainty for f in contested.flags} == {"contested"}
    assert planned.flags[0].certainty == "planned"


def test_the_flag_says_why_direction_and_item():
    (flagged,) = assess([entry("arms", "PRK", "RUS", items=("ballistic missiles",))], load())
    reasons = {f.measure_id: f.reason for f in flagged.flags}
    assert reasons["arms-out-of"] == "PRK to RUS, out of PRK: arms (ballistic missiles)"
    assert reasons["wmd"] == "PRK to RUS, to or from PRK: arms naming ballistic missile (ballistic missiles)"


def test_assess_replaces_old_flags_and_leaves_untouched_entries_bare():
    stale = entry("food", items=("wheat",))
    stale = LedgerEntry(**{**stale.__dict__, "flags": (Flag("old", "", "reported"),)})
    (fresh,) = assess([stale], load())
    assert fresh.flags == ()


def test_the_samples_flag_what_the_russia_dprk_ledger_should():
    entries = assess(resolve(sample_claims(), document_infos()), load())
    flags = {(e.giver, e.category): {f.measure_id for f in e.flags} for e in entries}
    assert "refined-petroleum" in flags[("RUS", "refined_petroleum")]
    assert "sci-tech" in flags[("RUS", "military_technology")]
    assert "arms-out-of" in flags[("PRK", "arms")]
    assert "workers" in flags[("PRK", "workers")]
    assert flags[("RUS", "food")] == set() and flags[("RUS", "energy")] == set()
    assert flags[("PRK", "diplomatic_support")] == set()
    petroleum = next(e for e in entries if e.category == "refined_petroleum")
    # The wire story and its copy report 600,000; the research group 300,000 more.
    assert petroleum.flags[0].yearly == ((2024, 600_000, 900_000),)
